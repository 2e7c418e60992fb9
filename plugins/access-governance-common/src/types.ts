import { AccessRole } from './spec/types';

/**
 * The states of an access request.
 *
 * - `pending`: waiting for an approval
 * - `approved`: waiting to be provisioned
 * - `granted`: the IdP accepted the change (or, for a role fulfilled by hand, an approver marked it done)
 * - `rejected`, `cancelled`, `failed`: final
 *
 * @public
 */
export type AccessRequestStatus =
  'pending' | 'approved' | 'granted' | 'rejected' | 'cancelled' | 'failed';

/** @public */
export const ACCESS_REQUEST_STATUSES: AccessRequestStatus[] = [
  'pending',
  'approved',
  'granted',
  'rejected',
  'cancelled',
  'failed',
];

/**
 * One decision on one approval stage of a request.
 *
 * @public
 */
export interface AccessApproval {
  stage: number;
  decision: 'approved' | 'rejected';
  /** User entity ref, or `system` for decisions the backend took (e.g. expired pending requests). */
  decidedBy: string;
  decidedAt: string;
  comment: string | null;
  /** The approver the decider stood in for, as their delegate; absent otherwise. */
  onBehalfOf?: string | null;
}

/**
 * An approval stage of a request, as resolved when the request was made.
 *
 * @public
 */
export interface AccessRequestStage {
  /** owner | manager | entity */
  type: 'owner' | 'manager' | 'entity';
  /** Words for people, e.g. "App owners (group:default/revops)". */
  label: string;
  /** The entity refs (users or groups) whose members may decide this stage. */
  approvers: string[];
}

/**
 * A request for a role of an app.
 *
 * @public
 */
export interface AccessRequest {
  id: string;
  entityRef: string;
  roleId: string;
  /** User entity ref. */
  requester: string;
  justification: string;
  /** ISO-8601 duration; null = permanent. */
  duration: string | null;
  /** The IdP groups the request gives; empty for a role fulfilled by hand. */
  groups: string[];
  status: AccessRequestStatus;
  approvals: AccessApproval[];
  /** The approval stages, in order. */
  stages: AccessRequestStage[];
  /** Index into `stages` of the stage waiting for a decision (pending requests only). */
  currentStage: number | null;
  /** The Jira issue; null until it exists. */
  jiraKey: string | null;
  jiraUrl: string | null;
  grantId: string | null;
  /** Why the request failed, in words. */
  failure: string | null;
  /**
   * Where the request's grant stands, once granted: active, or how and when it ended;
   * null when the request gave no grant.
   */
  grant?: AccessRequestGrant | null;
  createdAt: string;
  updatedAt: string;
  /**
   * Who asked, when it is not the requester: a manager or an administrator asking on the
   * requester's behalf. The requester is the one who holds the access.
   */
  requestedBy?: string | null;
  /** Granted at once under the role's break-glass rules, and reviewed afterwards. */
  breakGlass?: boolean;
  /** Present on a request for more time on a grant the requester holds. */
  extension?: AccessExtension | null;
}

/**
 * What a request for more time extends: the grant, its end when asked, and the end it
 * asks for.
 *
 * @public
 */
export interface AccessExtension {
  grantId: string;
  /** The original request, whose record carries the extension. */
  originalRequestId: string | null;
  /** The grant's end when the extension was asked for. */
  fromExpiresAt: string;
  /** The end the extension asks for: the current end plus the requested duration. */
  toExpiresAt: string;
}

/**
 * What a request shows of its grant: enough to say "Given back" or "Expired" beside it.
 *
 * @public
 */
export type AccessRequestGrant = Pick<
  AccessGrant,
  'status' | 'endKind' | 'endedAt' | 'expiresAt' | 'removal'
>;

/**
 * How a grant ended.
 *
 * - `expired`: its window passed
 * - `given-back`: the holder gave it back
 * - `revoked`: an approver or administrator revoked it
 * - `review`: revoked by a decision of an access review
 * - `inactivity`: reclaimed because the holder stopped signing in
 *
 * @public
 */
export type GrantEndKind =
  'expired' | 'given-back' | 'revoked' | 'review' | 'inactivity';

/**
 * The states of a grant.
 *
 * @public
 */
export type AccessGrantStatus = 'active' | 'expired' | 'revoked';

/**
 * Where the IdP removal of an ended grant stands.
 *
 * @public
 */
export type AccessRemovalStatus =
  | 'pending'
  | 'done'
  | 'failed'
  /** A role fulfilled by hand: waiting for an approver to confirm the removal. */
  | 'manual';

/**
 * A role held by a user.
 *
 * @public
 */
export interface AccessGrant {
  id: string;
  entityRef: string;
  roleId: string;
  /** User entity ref. */
  user: string;
  /** IdP group names. */
  groups: string[];
  requestId: string | null;
  jiraKey: string | null;
  jiraUrl: string | null;
  status: AccessGrantStatus;
  grantedAt: string;
  /** null = permanent. */
  expiresAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  /** How the grant ended, or is ending; null while it lasts. */
  endKind?: GrantEndKind | null;
  /**
   * Set once the grant's end is decided. An `active` grant with a removal is ending: the
   * holder keeps the access until the IdP accepted the removal (`done`), when the grant
   * becomes `expired` or `revoked`.
   */
  removal: AccessRemovalStatus | null;
}

/**
 * An app's access declaration as the backend serves it, with what the viewer may do.
 *
 * @public
 */
export interface AccessApp {
  entityRef: string;
  provider: string;
  /** The declared roles, with every default applied. */
  roles: AccessRole[];
  approvers: string[];
  reviewers: string[];
  viewer: { canApprove: boolean; canReview: boolean };
  health: { unresolvedGroups: string[] };
}

/**
 * One event of the audit trail.
 *
 * @public
 */
export interface AccessAuditEvent {
  id: string;
  entityRef: string;
  type: string;
  actor: string;
  requestId: string | null;
  grantId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

/**
 * The person behind a review item, as the IdP and the catalog know them.
 *
 * @public
 */
export interface AccessReviewUser {
  /** User entity ref; null for an IdP user that Backstage does not know. */
  ref: string | null;
  email: string | null;
  displayName: string | null;
  title: string | null;
  department: string | null;
  /** The manager's name (or email). */
  manager: string | null;
  /** The last successful sign-in; null when never or unknown. */
  lastLoginAt: string | null;
}

/**
 * One member of a mapped group (or holder of a role) in a review campaign.
 *
 * @public
 */
export interface AccessReviewItem {
  id: string;
  user: AccessReviewUser;
  roleId: string;
  groups: string[];
  /** null: a member that no grant explains (added outside the workflow). */
  grantId: string | null;
  /** The original request, when there is one. */
  request: {
    id: string;
    justification: string;
    createdAt: string;
    approvedBy: string[];
  } | null;
  jiraKey: string | null;
  jiraUrl: string | null;
  recommendation: 'keep' | 'revoke';
  /** Why, in words. */
  reason: string;
  decision: 'keep' | 'revoke' | null;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
}

/**
 * An access review campaign of one app.
 *
 * @public
 */
export interface AccessReview {
  id: string;
  entityRef: string;
  status: 'open' | 'completed';
  dueAt: string;
  /** Open past its due date. */
  overdue: boolean;
  createdAt: string;
  createdBy: string;
  completedAt: string | null;
  completedBy: string | null;
  /** The campaign's own record. */
  jiraKey: string | null;
  jiraUrl: string | null;
  progress: { decided: number; total: number; revoke: number; keep: number };
  /** How many items the campaign recommends to keep and to revoke. */
  recommended?: { keep: number; revoke: number };
  /** The first page of items (see `GET /reviews/:id/items` for the rest). */
  items?: AccessReviewItem[];
  /** The cursor of the page after `items`; null when `items` holds them all. */
  itemsNextCursor?: string | null;
}

/**
 * One page of a list. Pass `nextCursor` back as `cursor` for the next page; it is null on
 * the last page. `total` counts every item the list holds, where that is cheap to know.
 *
 * @public
 */
export interface AccessPage<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

/**
 * Which items of a review campaign a page or a decision covers.
 *
 * @public
 */
export interface AccessReviewItemFilter {
  recommendation?: 'keep' | 'revoke';
  /** `undecided` for items nobody decided yet. */
  decision?: 'keep' | 'revoke' | 'undecided';
  /** Part of the person's name, email or entity ref. */
  q?: string;
}

/**
 * The orders review items page in: `position` (role, then name: the default), `name`, or
 * `recommendation` (revoke first).
 *
 * @public
 */
export type AccessReviewItemSort = 'position' | 'name' | 'recommendation';

/**
 * An approver or reviewer away: until `until`, `delegate` decides for `delegator`.
 *
 * @public
 */
export interface AccessDelegation {
  delegator: string;
  delegate: string;
  until: string;
  createdAt: string;
  /** For the delegate: the delegator and the groups the delegate now decides through. */
  decidesFor?: string[];
}

/**
 * One role of an access bundle, with where the caller stands on it.
 *
 * - `available`: not asked for; `requested`: a request is open; `held`: an active grant
 * - `unavailable`: the app or role is gone or its declaration is invalid (`problem` says why)
 *
 * @public
 */
export interface AccessBundleRoleView {
  entityRef: string;
  roleId: string;
  appTitle: string;
  roleTitle: string;
  risk?: string;
  state: 'available' | 'requested' | 'held' | 'unavailable';
  problem?: string;
  /** The caller's latest request for the role, if any. */
  request?: { id: string; status: string; jiraKey: string | null };
  /** The end of the caller's active grant; null when permanent. */
  grantExpiresAt?: string | null;
}

/**
 * An access bundle as its page shows it.
 *
 * @public
 */
export interface AccessBundleView {
  entityRef: string;
  title: string;
  description?: string;
  roles: AccessBundleRoleView[];
  /** The caller's asks for this bundle, newest first. */
  asks: Array<{
    id: string;
    createdAt: string;
    justification: string;
    duration: string | null;
    requestIds: string[];
    jiraKey: string | null;
    jiraUrl: string | null;
  }>;
}

/**
 * The caller's own delegation (null when none is in force) and the ones given to them.
 *
 * @public
 */
export interface AccessDelegationState {
  delegation: AccessDelegation | null;
  standingInFor: AccessDelegation[];
}

/**
 * The review after the fact of a break-glass grant: the approvers confirm it was needed,
 * or flag it (which revokes the access if it is still held).
 *
 * @public
 */
export interface BreakGlassReview {
  id: string;
  requestId: string;
  entityRef: string;
  roleId: string;
  /** User entity ref of the person who broke the glass. */
  holder: string;
  /** Group or user refs who confirm or flag it. */
  reviewers: string[];
  justification: string;
  /** The grant the break-glass request made; null until it is made. */
  grantId: string | null;
  dueAt: string;
  /** Undecided past `dueAt`. */
  overdue: boolean;
  decision: 'confirmed' | 'flagged' | null;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
  createdAt: string;
}
