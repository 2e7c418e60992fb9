/**
 * What a person does with an app's access review:
 *
 * - `open`: start a campaign
 * - `complete`: end a campaign, applying the default decision to what nobody decided
 * - `decide`: keep or revoke its items
 *
 * @public
 */
export type ReviewAction = 'open' | 'complete' | 'decide';

/**
 * Whether a person may take a review action, and when not, why: `not-reviewer` (only
 * the app's reviewers do this).
 *
 * @public
 */
export type ReviewCheck =
  { allowed: true } | { allowed: false; reason: 'not-reviewer' };

/**
 * May this person take this action on an app's review? Only the app's reviewers decide
 * review items, administrators included. Reviewers open and complete campaigns; an
 * administrator who is not a reviewer does so only where the organisation allows it
 * (`accessGovernance.adminsCanRunReviews`).
 *
 * @public
 */
export function checkReviewAction(
  action: ReviewAction,
  caller: { reviewer: boolean; admin: boolean },
  options: { adminsCanRunReviews?: boolean } = {},
): ReviewCheck {
  if (caller.reviewer) return { allowed: true };
  if (action !== 'decide' && caller.admin && options.adminsCanRunReviews) {
    return { allowed: true };
  }
  return { allowed: false, reason: 'not-reviewer' };
}
