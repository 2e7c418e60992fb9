import {
  AccessApp,
  AccessGrant,
  AccessRequest,
  AccessRole,
} from '@accessgov/plugin-access-governance-common';
import {
  AccessGovernanceApi,
  CreateAccessRequest,
  ListAccessGrantsQuery,
  ListAccessRequestsQuery,
} from '../api';

export const APP_REF = 'component:default/salesforce';
export const ME = 'user:default/alice';

export function role(overrides: Partial<AccessRole> = {}): AccessRole {
  return {
    id: 'viewer',
    title: 'Viewer',
    description: 'Read-only dashboards and reports',
    groups: ['SF-Viewer'],
    manual: false,
    risk: 'low',
    approval: [],
    duration: { options: [], permanent: true },
    reclaim: true,
    ...overrides,
  };
}

export const adminRole = role({
  id: 'admin',
  title: 'System Admin',
  description: 'Full control',
  groups: ['SF-Admin'],
  risk: 'high',
  approval: [
    { type: 'owner' },
    { type: 'entity', ref: 'group:default/security' },
  ],
  duration: {
    options: ['PT1H', 'PT6H', 'PT24H'],
    default: 'PT6H',
    max: 'PT24H',
    permanent: false,
  },
});

export function app(overrides: Partial<AccessApp> = {}): AccessApp {
  return {
    entityRef: APP_REF,
    provider: 'okta',
    roles: [role(), adminRole],
    approvers: ['group:default/revops'],
    reviewers: ['group:default/revops'],
    viewer: { canApprove: false, canReview: false },
    health: { unresolvedGroups: [] },
    ...overrides,
  };
}

export function request(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id: 'req-1',
    entityRef: APP_REF,
    roleId: 'admin',
    requester: 'user:default/bob',
    justification: 'INC-1234: fix the broken workflow',
    duration: 'PT6H',
    status: 'pending',
    approvals: [],
    stages: [
      {
        type: 'owner',
        label: 'App approvers (group:default/revops)',
        approvers: ['group:default/revops'],
      },
      {
        type: 'entity',
        label: 'group:default/security',
        approvers: ['group:default/security'],
      },
    ],
    currentStage: 0,
    jiraKey: 'ACCESS-7',
    jiraUrl: 'https://jira.example.com/browse/ACCESS-7',
    grantId: null,
    failure: null,
    createdAt: new Date(Date.now() - 3 * 60_000).toISOString(),
    updatedAt: new Date(Date.now() - 3 * 60_000).toISOString(),
    ...overrides,
  };
}

export function grant(overrides: Partial<AccessGrant> = {}): AccessGrant {
  return {
    id: 'grant-1',
    entityRef: APP_REF,
    roleId: 'admin',
    user: ME,
    groups: ['SF-Admin'],
    requestId: 'req-0',
    jiraKey: 'ACCESS-5',
    jiraUrl: 'https://jira.example.com/browse/ACCESS-5',
    status: 'active',
    grantedAt: new Date(Date.now() - 60 * 60_000).toISOString(),
    expiresAt: new Date(
      Date.now() + (3 * 60 + 12) * 60_000 + 30_000,
    ).toISOString(),
    endedAt: null,
    endReason: null,
    removal: null,
    ...overrides,
  };
}

type Failure = () => Promise<Error>;

/**
 * An in-memory backend for component tests: it keeps requests and grants, applies
 * actions to them, and can be told to fail a call.
 */
export class FakeAccessGovernanceApi implements AccessGovernanceApi {
  app: AccessApp = app();
  requests: AccessRequest[] = [];
  grants: AccessGrant[] = [];
  /** The user the fake considers signed in. */
  me = ME;
  /** Calls that should fail, by method name. */
  failures: Partial<Record<keyof AccessGovernanceApi, Failure>> = {};
  calls: Array<{ method: keyof AccessGovernanceApi; args: unknown[] }> = [];

  private async record(method: keyof AccessGovernanceApi, args: unknown[]) {
    this.calls.push({ method, args });
    const failure = this.failures[method];
    if (failure) {
      throw await failure();
    }
  }

  callsOf(method: keyof AccessGovernanceApi) {
    return this.calls.filter(c => c.method === method).map(c => c.args);
  }

  async getApp(entityRef: string) {
    await this.record('getApp', [entityRef]);
    return this.app;
  }

  async createRequest(body: CreateAccessRequest) {
    await this.record('createRequest', [body]);
    const created = request({
      id: `req-${this.requests.length + 100}`,
      entityRef: body.entityRef,
      roleId: body.roleId,
      requester: this.me,
      justification: body.justification,
      duration: body.duration ?? null,
      jiraKey: null,
      jiraUrl: null,
      createdAt: new Date().toISOString(),
    });
    this.requests.push(created);
    return created;
  }

  async listRequests(query: ListAccessRequestsQuery = {}) {
    await this.record('listRequests', [query]);
    return this.requests.filter(
      r =>
        (!query.entityRef || r.entityRef === query.entityRef) &&
        (!query.status || query.status.includes(r.status)) &&
        (!query.requester ||
          r.requester ===
            (query.requester === 'me' ? this.me : query.requester)) &&
        (!query.approver ||
          (r.status === 'pending' && r.requester !== this.me)),
    );
  }

  async getRequest(id: string) {
    await this.record('getRequest', [id]);
    return this.findRequest(id);
  }

  async approve(id: string, comment?: string) {
    await this.record('approve', [id, comment]);
    return this.update(id, { status: 'approved', currentStage: null });
  }

  async reject(id: string, comment: string) {
    await this.record('reject', [id, comment]);
    return this.update(id, { status: 'rejected', currentStage: null });
  }

  async cancel(id: string) {
    await this.record('cancel', [id]);
    return this.update(id, { status: 'cancelled', currentStage: null });
  }

  async fulfil(id: string, comment?: string) {
    await this.record('fulfil', [id, comment]);
    return this.update(id, { status: 'granted' });
  }

  async listGrants(query: ListAccessGrantsQuery = {}) {
    await this.record('listGrants', [query]);
    return this.grants.filter(
      g =>
        (!query.entityRef || g.entityRef === query.entityRef) &&
        (!query.status || query.status.includes(g.status)) &&
        (!query.user ||
          g.user === (query.user === 'me' ? this.me : query.user)),
    );
  }

  async revoke(id: string, reason?: string) {
    await this.record('revoke', [id, reason]);
    return this.updateGrant(id, {
      status: 'revoked',
      endedAt: new Date().toISOString(),
      endReason: reason ?? 'given back by the holder',
      removal: 'pending',
    });
  }

  async confirmRemoval(id: string) {
    await this.record('confirmRemoval', [id]);
    return this.updateGrant(id, { removal: 'done' });
  }

  private findRequest(id: string) {
    const found = this.requests.find(r => r.id === id);
    if (!found) throw new Error(`No request ${id}`);
    return found;
  }

  private update(id: string, changes: Partial<AccessRequest>) {
    const updated = { ...this.findRequest(id), ...changes };
    this.requests = this.requests.map(r => (r.id === id ? updated : r));
    return updated;
  }

  private updateGrant(id: string, changes: Partial<AccessGrant>) {
    const current = this.grants.find(g => g.id === id);
    if (!current) throw new Error(`No grant ${id}`);
    const updated = { ...current, ...changes };
    this.grants = this.grants.map(g => (g.id === id ? updated : g));
    return updated;
  }
}
