/*
 * The matrix's rows: every route of the REST API, the target it is called on, and who is
 * expected to be allowed. `permission`: a Backstage permission guards the allowance (so
 * the deny-by-default policy takes it away from users it does not name); `exempt`: roles
 * whose allowance needs no permission (giving back one's own grant). New routes and
 * actions are one more row here.
 */
import { BUNDLE, OKTA_APP, ROLES } from '../support/catalog';
import type { Actor, Role } from './actors';
import type { Caller, FixtureKind, Target } from './fixtures';

export interface Route {
  /**
   * The route as the router declares it (`POST /requests/:id/approve`) and what the row
   * checks on it; or `action <name>` for an action of the actions registry.
   */
  name: string;
  fixture: FixtureKind;
  allow: Role[];
  permission: boolean;
  exempt?: Role[];
  /** Whether an allowed call changes the target (so the next check needs a new one). */
  mutates?: boolean;
  call(
    api: Caller,
    target: Target,
    actor: Actor,
  ): Promise<{ status: number; body: any }>;
  /** For lists: whether the answer shows the target. */
  listed?(body: any, target: Target): boolean;
}

const app = encodeURIComponent(OKTA_APP);
const seesRequest: Role[] = [
  'requester',
  'stage1',
  'stage2',
  'reviewer',
  'admin',
];
const overseers: Role[] = ['stage1', 'reviewer', 'admin'];
/** A delegate decides the stages of those they stand in for, and sees what they decide. */
const decidesStage1: Role[] = ['stage1', 'delegate'];
const seesDecided: Role[] = [...seesRequest, 'delegate'];
/** The review routes show a delegate what the person they stand in for sees. */
const seesReviews: Role[] = [...overseers, 'delegate'];
const bundlePath = `/bundles/${BUNDLE.replace('resource:', '')}`;
/** Calls an action of the actions registry, as the MCP actions backend does for a person. */
const invoke = (api: Caller, action: string, input: object) =>
  api.post(
    `/.backstage/actions/v1/actions/access-governance:${action}/invoke`,
    input,
  );
const hasOutput =
  (list: 'requests' | 'grants', key: 'requestId' | 'grantId') =>
  (body: any, t: Target) =>
    Array.isArray(body?.output?.[list]) &&
    body.output[list].some((i: any) => i.id === t[key]);
const hasItem =
  (key: 'requestId' | 'grantId' | 'reviewId' | 'breakGlassId') =>
  (body: any, t: Target) =>
    Array.isArray(body?.items) && body.items.some((i: any) => i.id === t[key]);

export const ROUTES: Route[] = [
  {
    name: 'GET /health',
    fixture: 'none',
    allow: ['anyone'],
    permission: false,
    call: api => api.get('/health'),
  },
  {
    name: 'GET /apps/:namespace/:kind/:name',
    fixture: 'none',
    allow: ['user'],
    permission: false,
    call: api => api.get('/apps/default/component/rel-okta'),
  },
  {
    name: 'POST /requests',
    mutates: true,
    fixture: 'none',
    allow: ['user'],
    permission: true,
    call: async (api, t) => {
      const res = await api.post('/requests', {
        entityRef: OKTA_APP,
        roleId: 'owner',
        justification: 'Matrix check',
      });
      if (res.status === 201) t.created = { api, requestId: res.body.id };
      return res;
    },
  },
  {
    name: 'GET /requests?requester=me',
    fixture: 'pending',
    allow: ['requester'],
    permission: false,
    call: api => api.get('/requests?requester=me&limit=1000'),
    listed: hasItem('requestId'),
  },
  {
    name: 'GET /requests?approver=me (inbox)',
    fixture: 'pending',
    allow: decidesStage1,
    permission: false,
    call: api => api.get('/requests?approver=me&limit=1000'),
    listed: hasItem('requestId'),
  },
  {
    name: 'GET /requests?entityRef=',
    fixture: 'pending',
    allow: seesRequest,
    permission: false,
    call: api => api.get(`/requests?entityRef=${app}&limit=1000`),
    listed: hasItem('requestId'),
  },
  {
    name: 'GET /requests/:id',
    fixture: 'pending',
    allow: seesDecided,
    permission: false,
    call: (api, t) => api.get(`/requests/${t.requestId}`),
  },
  {
    name: 'GET /requests/:id/history',
    fixture: 'pending',
    allow: seesDecided,
    permission: false,
    call: (api, t) => api.get(`/requests/${t.requestId}/history`),
  },
  {
    name: 'POST /requests/:id/approve (stage 1)',
    mutates: true,
    fixture: 'pending',
    allow: decidesStage1,
    permission: true,
    call: (api, t) =>
      api.post(`/requests/${t.requestId}/approve`, { comment: 'ok' }),
  },
  {
    name: 'POST /requests/:id/approve (stage 2)',
    mutates: true,
    fixture: 'stage2',
    allow: ['stage2'],
    permission: true,
    call: (api, t) => api.post(`/requests/${t.requestId}/approve`, {}),
  },
  {
    name: 'POST /requests/:id/approve (manager stage)',
    mutates: true,
    fixture: 'managed',
    allow: ['manager'],
    permission: true,
    call: (api, t) => api.post(`/requests/${t.requestId}/approve`, {}),
  },
  {
    name: 'POST /requests/:id/reject',
    mutates: true,
    fixture: 'pending',
    allow: decidesStage1,
    permission: true,
    call: (api, t) =>
      api.post(`/requests/${t.requestId}/reject`, { comment: 'no' }),
  },
  {
    name: 'POST /requests/:id/cancel',
    mutates: true,
    fixture: 'pending',
    allow: ['requester'],
    permission: false,
    call: (api, t) => api.post(`/requests/${t.requestId}/cancel`, {}),
  },
  {
    name: 'POST /requests/:id/fulfil',
    mutates: true,
    fixture: 'approvedManual',
    allow: ['stage1'],
    permission: true,
    call: (api, t) =>
      api.post(`/requests/${t.requestId}/fulfil`, { comment: 'done by hand' }),
  },
  {
    name: 'POST /requests/:id/retry',
    mutates: true,
    fixture: 'failed',
    allow: ['admin'],
    permission: true,
    call: (api, t) => api.post(`/requests/${t.requestId}/retry`, {}),
  },
  {
    name: 'GET /grants?user=me',
    fixture: 'grant',
    allow: ['requester'],
    permission: false,
    call: api => api.get('/grants?user=me&limit=1000'),
    listed: hasItem('grantId'),
  },
  {
    name: 'GET /grants?entityRef=',
    fixture: 'grant',
    allow: ['requester', ...overseers],
    permission: false,
    call: api => api.get(`/grants?entityRef=${app}&limit=1000`),
    listed: hasItem('grantId'),
  },
  {
    name: 'POST /grants/:id/revoke',
    mutates: true,
    fixture: 'grant',
    allow: ['requester', 'stage1', 'admin'],
    permission: true,
    exempt: ['requester'],
    call: (api, t) =>
      api.post(`/grants/${t.grantId}/revoke`, { reason: 'matrix' }),
  },
  {
    name: 'POST /grants/:id/confirm-removal',
    mutates: true,
    fixture: 'endedManual',
    allow: ['stage1', 'admin'],
    permission: true,
    call: (api, t) => api.post(`/grants/${t.grantId}/confirm-removal`, {}),
  },
  {
    name: 'POST /reviews',
    mutates: true,
    fixture: 'none',
    allow: ['reviewer'],
    permission: true,
    call: async (api, t) => {
      const res = await api.post('/reviews', { entityRef: OKTA_APP });
      if (res.status === 201) t.createdReview = res.body.id;
      return res;
    },
  },
  {
    name: 'GET /reviews?entityRef=',
    fixture: 'review',
    allow: seesReviews,
    permission: false,
    call: api => api.get(`/reviews?entityRef=${app}&limit=1000`),
    listed: hasItem('reviewId'),
  },
  {
    name: 'GET /reviews/:id',
    fixture: 'review',
    allow: seesReviews,
    permission: false,
    call: (api, t) => api.get(`/reviews/${t.reviewId}`),
  },
  {
    name: 'GET /reviews/:id?format=csv',
    fixture: 'review',
    allow: seesReviews,
    permission: false,
    call: (api, t) => api.get(`/reviews/${t.reviewId}?format=csv`),
  },
  {
    name: 'GET /reviews/:id/items',
    fixture: 'review',
    allow: seesReviews,
    permission: false,
    call: (api, t) => api.get(`/reviews/${t.reviewId}/items`),
  },
  {
    name: 'POST /reviews/:id/decisions',
    mutates: true,
    fixture: 'review',
    allow: ['reviewer'],
    permission: true,
    call: (api, t) =>
      api.post(`/reviews/${t.reviewId}/decisions`, {
        decisions: [{ itemId: t.itemId, decision: 'keep' }],
      }),
  },
  {
    name: 'POST /reviews/:id/decisions (filter)',
    mutates: true,
    fixture: 'review',
    allow: ['reviewer'],
    permission: true,
    call: (api, t) =>
      api.post(`/reviews/${t.reviewId}/decisions`, {
        filter: {},
        decision: 'keep',
      }),
  },
  {
    name: 'POST /reviews/:id/complete',
    mutates: true,
    fixture: 'review',
    allow: ['reviewer'],
    permission: true,
    call: (api, t) => api.post(`/reviews/${t.reviewId}/complete`, {}),
  },
  {
    name: 'GET /audit',
    fixture: 'none',
    allow: overseers,
    permission: true,
    call: api => api.get(`/audit?entityRef=${app}&limit=10`),
  },
  {
    name: 'GET /audit?format=csv',
    fixture: 'none',
    allow: overseers,
    permission: true,
    call: api => api.get(`/audit?entityRef=${app}&format=csv`),
  },
  {
    name: 'GET /jobs',
    fixture: 'none',
    allow: ['admin'],
    permission: true,
    call: api => api.get('/jobs?limit=10'),
  },
  {
    name: 'POST /jobs/:id/retry',
    mutates: true,
    fixture: 'failed',
    allow: ['admin'],
    permission: true,
    call: (api, t) => api.post(`/jobs/${t.jobId}/retry`, {}),
  },
  {
    name: 'POST /requests (break glass)',
    mutates: true,
    fixture: 'priya',
    allow: ['requester'],
    permission: true,
    call: api =>
      api.post('/requests', {
        entityRef: OKTA_APP,
        roleId: ROLES.glass,
        breakGlass: true,
        justification: 'Incident in the matrix',
      }),
  },
  {
    name: 'POST /requests (on behalf of the requester)',
    mutates: true,
    fixture: 'priya',
    // Priya naming herself asks for herself.
    allow: ['requester', 'manager', 'admin'],
    permission: true,
    call: api =>
      api.post('/requests', {
        entityRef: OKTA_APP,
        roleId: ROLES.owner,
        justification: 'Matrix check on behalf',
        requestedFor: 'user:default/priya',
      }),
  },
  {
    name: 'GET /requests/:id (asked on behalf)',
    fixture: 'onBehalf',
    // Marco asked for Priya; the role has one stage (so no stage-2 approver sees it).
    allow: ['requester', 'manager', 'stage1', 'delegate', 'reviewer', 'admin'],
    permission: false,
    call: (api, t) => api.get(`/requests/${t.requestId}`),
  },
  {
    name: 'POST /requests/:id/approve (manager stage, asked by the manager)',
    mutates: true,
    fixture: 'onBehalfManaged',
    // Marco decides Priya's manager stage, and asked himself: nobody decides it.
    allow: [],
    permission: true,
    call: (api, t) => api.post(`/requests/${t.requestId}/approve`, {}),
  },
  {
    name: 'POST /requests/:id/cancel (asked on behalf)',
    mutates: true,
    fixture: 'onBehalf',
    allow: ['requester'],
    permission: false,
    call: (api, t) => api.post(`/requests/${t.requestId}/cancel`, {}),
  },
  {
    name: 'GET /apps/:namespace/:kind/:name/beneficiaries',
    fixture: 'none',
    allow: ['manager', 'admin'],
    permission: false,
    call: api => api.get('/apps/default/component/rel-okta/beneficiaries'),
    listed: body =>
      Array.isArray(body?.items) &&
      body.items.some((p: any) => p.ref === 'user:default/priya'),
  },
  {
    name: 'POST /grants/:id/extend',
    mutates: true,
    fixture: 'timedGrant',
    allow: ['requester'],
    permission: true,
    call: (api, t) =>
      api.post(`/grants/${t.grantId}/extend`, {
        duration: 'PT1H',
        justification: 'Matrix check',
      }),
  },
  {
    name: 'GET /break-glass/reviews',
    fixture: 'breakGlass',
    allow: ['stage1', 'admin'],
    permission: false,
    call: api => api.get('/break-glass/reviews?status=open'),
    listed: hasItem('breakGlassId'),
  },
  {
    name: 'POST /break-glass/reviews/:id/confirm',
    mutates: true,
    fixture: 'breakGlass',
    allow: ['stage1', 'admin'],
    permission: true,
    call: (api, t) =>
      api.post(`/break-glass/reviews/${t.breakGlassId}/confirm`, {
        comment: 'seen',
      }),
  },
  {
    name: 'POST /break-glass/reviews/:id/flag',
    mutates: true,
    fixture: 'breakGlass',
    allow: ['stage1', 'admin'],
    permission: true,
    call: (api, t) =>
      api.post(`/break-glass/reviews/${t.breakGlassId}/flag`, {
        comment: 'not an incident',
      }),
  },
  {
    name: 'GET /delegations/me',
    fixture: 'none',
    allow: ['user'],
    permission: false,
    call: api => api.get('/delegations/me'),
  },
  {
    name: 'PUT /delegations/me',
    mutates: true,
    fixture: 'none',
    allow: ['user'],
    permission: false,
    call: async (api, t, actor) => {
      const res = await api.put('/delegations/me', {
        delegate: `user:default/${actor.user === 'noah' ? 'yuki' : 'noah'}`,
        until: new Date(Date.now() + 86_400_000).toISOString(),
      });
      if (res.status === 200) t.undo = () => api.del('/delegations/me');
      return res;
    },
  },
  {
    name: 'DELETE /delegations/me (one’s own)',
    mutates: true,
    fixture: 'delegation',
    allow: ['requester', 'delegator'],
    permission: false,
    call: api => api.del('/delegations/me'),
  },
  {
    name: 'GET /bundles/:namespace/:name',
    fixture: 'none',
    allow: ['user'],
    permission: false,
    call: api => api.get(bundlePath),
  },
  {
    name: 'POST /bundles/:namespace/:name/requests',
    mutates: true,
    fixture: 'none',
    allow: ['user'],
    permission: true,
    call: async (api, t) => {
      const res = await api.post(`${bundlePath}/requests`, {
        justification: 'Matrix check',
      });
      if (res.status === 201) t.clear = api;
      return res;
    },
  },
  {
    name: 'GET /drift',
    fixture: 'none',
    allow: ['admin'],
    permission: true,
    call: api => api.get('/drift'),
  },
  {
    name: 'GET /.backstage/actions/v1/actions',
    fixture: 'none',
    // Services see the list, and cannot call the actions (below). Backstage allows every
    // permission to a service principal without asking the policy, hence the exemption.
    allow: ['user', 'service'],
    permission: true,
    exempt: ['service'],
    call: api => api.get('/.backstage/actions/v1/actions'),
    listed: body =>
      Array.isArray(body?.actions) &&
      body.actions.some((a: any) => a.id === 'access-governance:list-roles'),
  },
  {
    name: 'action list-roles',
    fixture: 'none',
    allow: ['user'],
    permission: true,
    call: api => invoke(api, 'list-roles', { app: OKTA_APP }),
  },
  {
    name: 'action list-roles (v2 invoke)',
    fixture: 'none',
    allow: ['user'],
    permission: true,
    call: api =>
      api.post(
        '/.backstage/actions/v2/actions/access-governance:list-roles/invoke',
        { input: { app: OKTA_APP } },
      ),
  },
  {
    name: 'action request-access',
    mutates: true,
    fixture: 'none',
    allow: ['user'],
    permission: true,
    call: async (api, t) => {
      const res = await invoke(api, 'request-access', {
        app: OKTA_APP,
        role: ROLES.owner,
        justification: 'Matrix check',
        client: 'matrix',
      });
      if (res.status === 200)
        t.created = { api, requestId: res.body.output.request.id };
      return res;
    },
  },
  {
    name: 'action list-my-access',
    fixture: 'grant',
    allow: ['requester'],
    permission: true,
    call: api => invoke(api, 'list-my-access', { limit: 100 }),
    listed: hasOutput('grants', 'grantId'),
  },
  {
    name: 'action list-my-requests',
    fixture: 'pending',
    allow: ['requester'],
    permission: true,
    call: api => invoke(api, 'list-my-requests', { limit: 100 }),
    listed: hasOutput('requests', 'requestId'),
  },
  {
    name: 'action list-pending-approvals',
    fixture: 'pending',
    allow: decidesStage1,
    permission: true,
    call: api => invoke(api, 'list-pending-approvals', { limit: 100 }),
    listed: hasOutput('requests', 'requestId'),
  },
  {
    name: 'action explain-request',
    fixture: 'pending',
    allow: seesDecided,
    permission: true,
    call: (api, t) =>
      invoke(api, 'explain-request', { requestId: t.requestId }),
  },
  {
    name: 'action give-back-access',
    mutates: true,
    fixture: 'grant',
    allow: ['requester'],
    permission: true,
    call: (api, t) => invoke(api, 'give-back-access', { grantId: t.grantId }),
  },
];
