import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of permissions that concern one app (a catalog entity that
 * declares `spec.access`).
 *
 * @public
 */
export const RESOURCE_TYPE_ACCESS_APP = 'access-governance-app';

/**
 * Request a role of an app.
 *
 * @public
 */
export const accessRequestCreatePermission = createPermission({
  name: 'access-governance.request.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_ACCESS_APP,
});

/**
 * Approve or reject a request of an app (on top of being one of its approvers).
 *
 * @public
 */
export const accessRequestApprovePermission = createPermission({
  name: 'access-governance.request.approve',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_ACCESS_APP,
});

/**
 * Revoke a grant of an app held by somebody else.
 *
 * @public
 */
export const accessGrantRevokePermission = createPermission({
  name: 'access-governance.grant.revoke',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_ACCESS_APP,
});

/**
 * Start an access review campaign for an app.
 *
 * @public
 */
export const accessReviewCreatePermission = createPermission({
  name: 'access-governance.review.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_ACCESS_APP,
});

/**
 * Decide items of an access review campaign.
 *
 * @public
 */
export const accessReviewDecidePermission = createPermission({
  name: 'access-governance.review.decide',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_ACCESS_APP,
});

/**
 * Read the audit trail of an app.
 *
 * @public
 */
export const accessAuditReadPermission = createPermission({
  name: 'access-governance.audit.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_ACCESS_APP,
});

/**
 * Administer access governance: act as an approver everywhere, retry failed jobs.
 *
 * @public
 */
export const accessAdministerPermission = createPermission({
  name: 'access-governance.administer',
  attributes: {},
});

/**
 * See the read-only actions for AI agents and tools (list roles, my access, my requests,
 * pending approvals, a request's story). Each action still answers only what the caller may
 * see through the REST API.
 *
 * @public
 */
export const accessActionsReadPermission = createPermission({
  name: 'access-governance.actions.read',
  attributes: { action: 'read' },
});

/**
 * See the actions for AI agents and tools that change access on the caller's own behalf
 * (request access, give back access). There are no actions that approve, reject, revoke or
 * decide a review.
 *
 * @public
 */
export const accessActionsRequestPermission = createPermission({
  name: 'access-governance.actions.request',
  attributes: { action: 'create' },
});

/**
 * Every permission of the access-governance plugins.
 *
 * @public
 */
export const accessGovernancePermissions = [
  accessRequestCreatePermission,
  accessRequestApprovePermission,
  accessGrantRevokePermission,
  accessReviewCreatePermission,
  accessReviewDecidePermission,
  accessAuditReadPermission,
  accessAdministerPermission,
  accessActionsReadPermission,
  accessActionsRequestPermission,
];
