import { AccessReviewItem } from '@accessgov/plugin-access-governance-common';
import { FakeAccessGovernanceApi } from './FakeAccessGovernanceApi';
import { app, ME, review, reviewItem } from './fixtures';

/** The items of a campaign the review tests open: two to decide, the viewer's own, one never signed in. */
export const bob = reviewItem({ id: 'i-bob' });
export const eve = reviewItem({
  id: 'i-eve',
  user: {
    ref: null,
    email: 'eve@contractor.example',
    displayName: 'Eve Outsider',
    title: 'Consultant',
    department: 'External',
    manager: null,
    lastLoginAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
  },
  grantId: null,
  request: null,
  jiraKey: null,
  jiraUrl: null,
  recommendation: 'revoke',
  reason: 'No request on record: added to the okta group outside the workflow',
});
export const mine = reviewItem({
  id: 'i-me',
  user: {
    ...bob.user,
    ref: ME,
    email: 'alice@example.com',
    displayName: 'Alice Admin',
  },
});
export const oscar = reviewItem({
  id: 'i-oscar',
  user: {
    ...bob.user,
    ref: 'user:default/oscar',
    email: 'oscar@example.com',
    displayName: 'Oscar Old',
    lastLoginAt: null,
  },
  recommendation: 'revoke',
  reason: 'Never signed in to okta',
});

/** A reviewer's backend with one open campaign of `items`. */
export function reviewerApi(
  items: AccessReviewItem[] = [bob, eve, mine, oscar],
) {
  const api = new FakeAccessGovernanceApi();
  api.app = app({ viewer: { canApprove: true, canReview: true } });
  api.reviews = [review({ id: 'rev-1', items })];
  return api;
}
