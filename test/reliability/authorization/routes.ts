/*
 * The matrix's rows: every route of the REST API, the target it is called on, and who is
 * expected to be allowed. `permission`: a Backstage permission guards the allowance (so
 * the deny-by-default policy takes it away from users it does not name); `exempt`: roles
 * whose allowance needs no permission (giving back one's own grant). New routes and
 * actions are one more row here.
 */
import { OKTA_APP } from '../support/catalog';
import type { Api } from '../support/world';
import type { Role } from './actors';
import type { FixtureKind, Target } from './fixtures';

export interface Route {
  name: string;
  fixture: FixtureKind;
  allow: Role[];
  permission: boolean;
  exempt?: Role[];
  /** Whether an allowed call changes the target (so the next check needs a new one). */
  mutates?: boolean;
  call(api: Api, target: Target): Promise<{ status: number; body: any }>;
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
const hasItem =
  (key: 'requestId' | 'grantId' | 'reviewId') => (body: any, t: Target) =>
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
    allow: ['stage1'],
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
    allow: seesRequest,
    permission: false,
    call: (api, t) => api.get(`/requests/${t.requestId}`),
  },
  {
    name: 'GET /requests/:id/history',
    fixture: 'pending',
    allow: seesRequest,
    permission: false,
    call: (api, t) => api.get(`/requests/${t.requestId}/history`),
  },
  {
    name: 'POST /requests/:id/approve (stage 1)',
    mutates: true,
    fixture: 'pending',
    allow: ['stage1'],
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
    allow: ['stage1'],
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
    allow: overseers,
    permission: false,
    call: api => api.get(`/reviews?entityRef=${app}&limit=1000`),
    listed: hasItem('reviewId'),
  },
  {
    name: 'GET /reviews/:id',
    fixture: 'review',
    allow: overseers,
    permission: false,
    call: (api, t) => api.get(`/reviews/${t.reviewId}`),
  },
  {
    name: 'GET /reviews/:id?format=csv',
    fixture: 'review',
    allow: overseers,
    permission: false,
    call: (api, t) => api.get(`/reviews/${t.reviewId}?format=csv`),
  },
  {
    name: 'GET /reviews/:id/items',
    fixture: 'review',
    allow: overseers,
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
];
