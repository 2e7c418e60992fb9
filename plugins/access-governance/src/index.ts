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
} from './plugin';
export { RequestPage as AccessRequestPage } from './components/RequestPage';
export { isAccessGovernanceAvailable } from '@accessgov/plugin-access-governance-common';
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
