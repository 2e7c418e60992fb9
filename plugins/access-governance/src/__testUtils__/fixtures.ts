import {
  AccessApp,
  AccessGrant,
  AccessRequest,
  AccessReview,
  AccessReviewItem,
  AccessRole,
} from '@accessgov/plugin-access-governance-common';

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
    groups: ['SF-Admin'],
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
    grant: null,
    createdAt: new Date(Date.now() - 3 * 60_000).toISOString(),
    updatedAt: new Date(Date.now() - 3 * 60_000).toISOString(),
    requestedBy: null,
    breakGlass: false,
    extension: null,
    ...overrides,
  };
}

/** An app whose viewer approves and reviews, with a role fulfilled by hand. */
export function approverApp() {
  return app({
    viewer: { canApprove: true, canReview: true },
    roles: [
      role(),
      adminRole,
      role({
        id: 'billing',
        title: 'Billing',
        groups: [],
        manual: true,
        risk: 'medium',
        approval: [{ type: 'owner' }],
      }),
    ],
    health: { unresolvedGroups: ['SF-Admin'] },
  });
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
    endKind: null,
    removal: null,
    ...overrides,
  };
}

export function reviewItem(
  overrides: Partial<AccessReviewItem> = {},
): AccessReviewItem {
  return {
    id: 'item-1',
    user: {
      ref: 'user:default/bob',
      email: 'bob@example.com',
      displayName: 'Bob Builder',
      title: 'Sales Engineer',
      department: 'Sales',
      manager: 'Carol Chief',
      lastLoginAt: new Date(Date.now() - 2 * 24 * 3600_000).toISOString(),
    },
    roleId: 'admin',
    groups: ['SF-Admin'],
    grantId: 'grant-1',
    request: {
      id: 'req-0',
      justification: 'Quarter-end reports',
      createdAt: new Date(Date.now() - 40 * 24 * 3600_000).toISOString(),
      approvedBy: ['user:default/dana'],
    },
    jiraKey: 'ACCESS-5',
    jiraUrl: 'https://jira.example.com/browse/ACCESS-5',
    recommendation: 'keep',
    reason: 'Signed in 2 days ago; approved by dana',
    decision: null,
    decidedBy: null,
    decidedAt: null,
    comment: null,
    ...overrides,
  };
}

/** The campaign's progress, counted from its items. */
export function progressOf(
  items: AccessReviewItem[],
): AccessReview['progress'] {
  return {
    decided: items.filter(i => i.decision).length,
    total: items.length,
    revoke: items.filter(i => i.decision === 'revoke').length,
    keep: items.filter(i => i.decision === 'keep').length,
  };
}

export function review(overrides: Partial<AccessReview> = {}): AccessReview {
  const items = overrides.items ?? [];
  return {
    id: 'rev-1',
    entityRef: APP_REF,
    status: 'open',
    dueAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
    overdue: false,
    createdAt: new Date(Date.now() - 24 * 3600_000).toISOString(),
    createdBy: 'user:default/dana',
    completedAt: null,
    completedBy: null,
    jiraKey: 'ACCESS-90',
    jiraUrl: 'https://jira.example.com/browse/ACCESS-90',
    progress: progressOf(items),
    ...overrides,
  };
}

/** A request rejected at its first stage by `decidedBy`, with `comment` as the reason. */
export function rejected(
  decidedBy: string,
  comment: string,
  overrides: Partial<AccessRequest> = {},
): AccessRequest {
  return request({
    status: 'rejected',
    currentStage: null,
    approvals: [
      {
        stage: 0,
        decision: 'rejected',
        decidedBy,
        decidedAt: new Date(Date.now() - 60 * 60_000).toISOString(),
        comment,
      },
    ],
    ...overrides,
  });
}
