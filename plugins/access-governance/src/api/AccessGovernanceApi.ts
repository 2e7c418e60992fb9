import {
  AccessApp,
  AccessAuditEvent,
  AccessBundleView,
  AccessDelegation,
  AccessDelegationState,
  AccessGrant,
  AccessGrantStatus,
  AccessPage,
  AccessRemovalStatus,
  AccessRequest,
  AccessRequestStatus,
  AccessReview,
  AccessReviewItem,
  AccessReviewItemFilter,
  AccessReviewItemSort,
  BreakGlassReview,
} from '@accessgov/plugin-access-governance-common';
import { createApiRef } from '@backstage/core-plugin-api';

/**
 * What a new access request carries.
 *
 * @public
 */
export type CreateAccessRequest = {
  entityRef: string;
  roleId: string;
  /** ISO-8601 duration; null asks for a permanent grant; absent takes the role's default. */
  duration?: string | null;
  justification: string;
  /** Take the role at once under its break-glass rules (allowed groups only). */
  breakGlass?: boolean;
  /** A user entity ref: ask on that person's behalf (their manager or an administrator). */
  requestedFor?: string;
};

/**
 * What asking for more time on a grant answers: the grant, and the request for approval
 * when the role does not extend at once.
 *
 * @public
 */
export type AccessExtensionResult = {
  grant: AccessGrant;
  request: AccessRequest | null;
};

/**
 * A person the caller may request access for.
 *
 * @public
 */
export type AccessBeneficiary = { ref: string; displayName: string };

/**
 * Filters for listing requests.
 *
 * @public
 */
export type ListAccessRequestsQuery = {
  entityRef?: string;
  status?: AccessRequestStatus[];
  /** `me` or a user entity ref. */
  requester?: string;
  /** Only requests whose current stage the caller may decide. */
  approver?: 'me';
  /** Only requests for these roles. */
  roleId?: string[];
};

/**
 * Filters for listing grants.
 *
 * @public
 */
export type ListAccessGrantsQuery = {
  entityRef?: string;
  /** `me` or a user entity ref. */
  user?: string;
  status?: AccessGrantStatus[];
  /** Only ended grants whose removal from the identity provider stands so. */
  removal?: AccessRemovalStatus[];
};

/**
 * What a new review campaign carries.
 *
 * @public
 */
export type CreateAccessReview = {
  entityRef: string;
  /** ISO-8601 time; absent takes the backend's default. */
  dueAt?: string;
};

/**
 * Filters for listing review campaigns.
 *
 * @public
 */
export type ListAccessReviewsQuery = {
  entityRef?: string;
  status?: AccessReview['status'][];
  /** Only campaigns of apps the caller reviews. */
  reviewer?: 'me';
};

/**
 * Where a page starts (the `nextCursor` of the page before) and how many items it holds
 * (1 to 1000; the backend's default is 100).
 *
 * @public
 */
export type PageQuery = {
  cursor?: string;
  limit?: number;
};

/**
 * Filters and order of a page of review items.
 *
 * @public
 */
export type ListAccessReviewItemsQuery = AccessReviewItemFilter & {
  sort?: AccessReviewItemSort;
};

/**
 * The audit trail of one app for a period.
 *
 * @public
 */
export type ListAccessAuditQuery = {
  entityRef: string;
  /** ISO-8601 times. */
  from?: string;
  to?: string;
};

/**
 * One decision on every item of a campaign that matches a filter.
 *
 * @public
 */
export type AccessReviewFilterDecision = {
  filter: AccessReviewItemFilter;
  decision: 'keep' | 'revoke';
  comment?: string;
};

/**
 * One reviewer decision on a review item.
 *
 * @public
 */
export type AccessReviewDecision = {
  itemId: string;
  decision: 'keep' | 'revoke';
  comment?: string;
};

/**
 * The access-governance backend, as the frontend uses it.
 *
 * @public
 */
export type AccessGovernanceApi = {
  /** An app's roles and what the signed-in user may do there. */
  getApp(entityRef: string): Promise<AccessApp>;
  createRequest(request: CreateAccessRequest): Promise<AccessRequest>;
  /** Every request that matches, page after page. */
  listRequests(query?: ListAccessRequestsQuery): Promise<AccessRequest[]>;
  /** One page of requests, newest first, with the total where the backend counts it. */
  pageRequests(
    query?: ListAccessRequestsQuery & PageQuery,
  ): Promise<AccessPage<AccessRequest>>;
  getRequest(id: string): Promise<AccessRequest>;
  /** What happened to a request and its grant, oldest first (its audit events). */
  getRequestHistory(id: string): Promise<AccessAuditEvent[]>;
  approve(id: string, comment?: string): Promise<AccessRequest>;
  /** A comment is required to reject. */
  reject(id: string, comment: string): Promise<AccessRequest>;
  cancel(id: string): Promise<AccessRequest>;
  /** Marks an approved request of a role fulfilled by hand as granted. */
  fulfil(id: string, comment?: string): Promise<AccessRequest>;
  /** Every grant that matches, page after page. */
  listGrants(query?: ListAccessGrantsQuery): Promise<AccessGrant[]>;
  /** One page of grants, newest first, with the total where the backend counts it. */
  pageGrants(
    query?: ListAccessGrantsQuery & PageQuery,
  ): Promise<AccessPage<AccessGrant>>;
  /** The holder gives access back without a reason; anybody else needs one. */
  revoke(id: string, reason?: string): Promise<AccessGrant>;
  /** Confirms that a role granted by hand was removed by hand. */
  confirmRemoval(id: string): Promise<AccessGrant>;
  /** Asks for more time on a grant the caller holds, counted from its current end. */
  extendGrant(
    id: string,
    body: { duration: string; justification: string },
  ): Promise<AccessExtensionResult>;
  /** Whom the caller may request access for on an app: their reports, or anyone for an administrator. */
  listBeneficiaries(entityRef: string): Promise<AccessBeneficiary[]>;
  /** Break-glass grants the caller reviews afterwards; `open` for the undecided ones only. */
  listBreakGlassReviews(query?: {
    open?: boolean;
  }): Promise<BreakGlassReview[]>;
  /** Confirms or flags a break-glass grant; a flag needs a comment and revokes it if still held. */
  decideBreakGlass(
    id: string,
    decision: 'confirm' | 'flag',
    comment?: string,
  ): Promise<BreakGlassReview>;
  /** Opens a review campaign for an app (reviewers only). */
  createReview(review: CreateAccessReview): Promise<AccessReview>;
  /** Every campaign that matches, without their items, page after page. */
  listReviews(query?: ListAccessReviewsQuery): Promise<AccessReview[]>;
  /** One page of campaigns without their items, newest first. */
  pageReviews(
    query?: ListAccessReviewsQuery & PageQuery,
  ): Promise<AccessPage<AccessReview>>;
  /** A campaign with its counts and the first page of its items. */
  getReview(id: string): Promise<AccessReview>;
  /** One page of a campaign's items, filtered and sorted by the backend, with how many match. */
  listReviewItems(
    id: string,
    query?: ListAccessReviewItemsQuery & PageQuery,
  ): Promise<AccessPage<AccessReviewItem>>;
  /** Records decisions on items of an open campaign; answers the campaign with its first page. */
  decideReviewItems(
    id: string,
    decisions: AccessReviewDecision[],
  ): Promise<AccessReview>;
  /** One decision on every item that matches a filter, on the backend; answers the campaign. */
  decideMatchingReviewItems(
    id: string,
    body: AccessReviewFilterDecision,
  ): Promise<AccessReview>;
  /** Closes a campaign; undecided items get the configured default decision. */
  completeReview(id: string): Promise<AccessReview>;
  /** A campaign's items and decisions as CSV. */
  downloadReviewCsv(id: string): Promise<Blob>;
  /** One page of an app's audit trail, oldest first, with the number of events in the period. */
  pageAudit(
    query: ListAccessAuditQuery & PageQuery,
  ): Promise<AccessPage<AccessAuditEvent>>;
  /** One page of background jobs, newest first (administrators only). */
  pageJobs(
    query?: { status?: AccessJobStatus[] } & PageQuery,
  ): Promise<AccessPage<AccessJob>>;
  /** Puts a failed job back in the queue (administrators only). */
  retryJob(id: string): Promise<{ id: string; status: string }>;
  /** The latest drift check of every app with findings (administrators only). */
  listDrift(): Promise<{ items: AccessDriftReport[] }>;
  /** My delegation while I am away, and the people I stand in for. */
  getDelegation(): Promise<AccessDelegationState>;
  /** Hands my decisions to `delegate` until `until` (ISO-8601). */
  setDelegation(body: {
    delegate: string;
    until: string;
  }): Promise<AccessDelegation>;
  /** Ends my delegation now. */
  clearDelegation(): Promise<void>;
  /** An access bundle with where I stand on each of its roles. */
  getBundle(entityRef: string): Promise<AccessBundleView>;
  /** Asks for every role of a bundle I neither hold nor have asked for. */
  requestBundle(
    entityRef: string,
    body: { justification: string; duration?: string | null },
  ): Promise<AccessBundleView>;
};

/** Where a background job stands. */
export type AccessJobStatus = 'pending' | 'running' | 'done' | 'failed';

/** A background job: an IdP change, a record write or a notification. */
export type AccessJob = {
  id: string;
  /** `idp.provision`, `idp.remove`, `record.open`, `record.update`, `review.record`, `notify`. */
  type: string;
  status: AccessJobStatus;
  attempts: number;
  lastError: string | null;
  requestId: string | null;
  grantId: string | null;
  createdAt: string;
  updatedAt: string;
  /** When a pending job runs next. */
  runAfter: string;
};

/** A membership of a mapped group that no active grant explains. */
export type AccessDriftFinding = {
  entityRef: string;
  provider: string;
  group: string;
  member: string;
  kind: 'unexplained' | 'removal-not-held';
};

/** The latest drift check of one app. */
export type AccessDriftReport = {
  entityRef: string;
  checkedAt: string;
  findings: AccessDriftFinding[];
};

/**
 * The API ref of {@link AccessGovernanceApi}.
 *
 * @public
 */
export const accessGovernanceApiRef = createApiRef<AccessGovernanceApi>({
  id: 'plugin.access-governance.service',
});
