import {
  AccessApp,
  AccessAuditEvent,
  AccessGrant,
  AccessGrantStatus,
  AccessRequest,
  AccessRequestStatus,
  AccessReview,
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
};

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
  listRequests(query?: ListAccessRequestsQuery): Promise<AccessRequest[]>;
  getRequest(id: string): Promise<AccessRequest>;
  /** What happened to a request and its grant, oldest first (its audit events). */
  getRequestHistory(id: string): Promise<AccessAuditEvent[]>;
  approve(id: string, comment?: string): Promise<AccessRequest>;
  /** A comment is required to reject. */
  reject(id: string, comment: string): Promise<AccessRequest>;
  cancel(id: string): Promise<AccessRequest>;
  /** Marks an approved request of a role fulfilled by hand as granted. */
  fulfil(id: string, comment?: string): Promise<AccessRequest>;
  listGrants(query?: ListAccessGrantsQuery): Promise<AccessGrant[]>;
  /** The holder gives access back without a reason; anybody else needs one. */
  revoke(id: string, reason?: string): Promise<AccessGrant>;
  /** Confirms that a role granted by hand was removed by hand. */
  confirmRemoval(id: string): Promise<AccessGrant>;
  /** Opens a review campaign for an app (reviewers only). */
  createReview(review: CreateAccessReview): Promise<AccessReview>;
  /** Campaigns without their items. */
  listReviews(query?: ListAccessReviewsQuery): Promise<AccessReview[]>;
  /** A campaign with its items. */
  getReview(id: string): Promise<AccessReview>;
  /** Records decisions on items of an open campaign; answers the campaign with its items. */
  decideReviewItems(
    id: string,
    decisions: AccessReviewDecision[],
  ): Promise<AccessReview>;
  /** Closes a campaign; undecided items get the configured default decision. */
  completeReview(id: string): Promise<AccessReview>;
  /** A campaign's items and decisions as CSV. */
  downloadReviewCsv(id: string): Promise<Blob>;
};

/**
 * The API ref of {@link AccessGovernanceApi}.
 *
 * @public
 */
export const accessGovernanceApiRef = createApiRef<AccessGovernanceApi>({
  id: 'plugin.access-governance.service',
});
