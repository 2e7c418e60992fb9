/**
 * Access governance for Backstage: the Access and Access review tabs and the inbox.
 *
 * @packageDocumentation
 */

export {
  accessGovernancePlugin,
  EntityAccessContent,
  EntityAccessReviewContent,
  AccessInboxPage,
  EntityAccessBundleContent,
} from './plugin';
export { RequestPage as AccessRequestPage } from './components/RequestPage';
export {
  isAccessBundle,
  isAccessGovernanceAvailable,
} from '@accessgov/plugin-access-governance-common';
export { accessGovernanceApiRef, AccessGovernanceClient } from './api';
export type {
  AccessGovernanceApi,
  AccessReviewDecision,
  CreateAccessRequest,
  CreateAccessReview,
  ListAccessGrantsQuery,
  ListAccessRequestsQuery,
  ListAccessReviewsQuery,
} from './api';
