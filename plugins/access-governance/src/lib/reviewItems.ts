import {
  AccessReview,
  AccessReviewItem,
  AccessReviewUser,
} from '@accessgov/plugin-access-governance-common';
import { NameOf, plural, shortName } from './format';

/** Which recommendations the item table shows. */
export type RecommendationFilter = 'all' | 'keep' | 'revoke';

/** Which decisions the item table shows. */
export type DecisionFilter = 'all' | 'undecided' | 'keep' | 'revoke';

/** The filters of the item table. */
export type ItemFilters = {
  recommendation: RecommendationFilter;
  decision: DecisionFilter;
  /** Part of a person's name, email, title, department or manager. */
  text: string;
};

export const noFilters: ItemFilters = {
  recommendation: 'all',
  decision: 'all',
  text: '',
};

function searchable(user: AccessReviewUser): string {
  return [
    user.displayName,
    user.email,
    user.ref,
    user.title,
    user.department,
    user.manager,
  ]
    .filter(Boolean)
    .join('\n')
    .toLocaleLowerCase();
}

/** The items that pass the filters, in their original order. */
export function filterItems(
  items: AccessReviewItem[],
  filters: ItemFilters,
): AccessReviewItem[] {
  const text = filters.text.trim().toLocaleLowerCase();
  return items.filter(item => {
    if (
      filters.recommendation !== 'all' &&
      item.recommendation !== filters.recommendation
    ) {
      return false;
    }
    if (filters.decision === 'undecided' && item.decision) return false;
    if (
      filters.decision !== 'all' &&
      filters.decision !== 'undecided' &&
      item.decision !== filters.decision
    ) {
      return false;
    }
    return !text || searchable(item.user).includes(text);
  });
}

/** A person's name for people: display name, else email, else entity name. */
export function personName(user: AccessReviewUser): string {
  return (
    user.displayName ??
    user.email ??
    (user.ref ? shortName(user.ref) : 'Unknown person')
  );
}

/** Who decided an item, in words. */
export function deciderName(
  ref: string | null,
  nameOf: NameOf = shortName,
): string {
  if (!ref) return 'unknown';
  if (ref === 'system:default-decision') return 'the default decision';
  return nameOf(ref);
}

/** "12 of 40 decided · 3 revoke · 9 keep" */
export function progressText(progress: AccessReview['progress']): string {
  return `${progress.decided} of ${progress.total} decided · ${progress.revoke} revoke · ${progress.keep} keep`;
}

/** What completing a campaign does to its undecided items, in words. */
export function completeDescription(
  review: Pick<AccessReview, 'progress'>,
  defaultDecision: 'keep' | 'revoke',
): string {
  const undecided = review.progress.total - review.progress.decided;
  if (undecided === 0) {
    return 'Every item is decided. Completing closes the campaign and records it in Jira.';
  }
  const effect =
    defaultDecision === 'revoke'
      ? ' Their IdP memberships will be removed.'
      : ' They keep their access.';
  return `${plural(undecided, 'undecided item')} will get the default decision: ${defaultDecision}.${effect}`;
}

/**
 * What a reviewer is told after deciding items at once: the person for one item ("Revoked
 * Chris Contractor's access: …"), the count for several.
 */
export function decidedNotice(
  decision: 'keep' | 'revoke',
  people: string[] | number,
): string {
  const count = typeof people === 'number' ? people : people.length;
  const one = typeof people !== 'number' && count === 1 ? people[0] : undefined;
  const what = one
    ? `${one}${one.endsWith('s') ? "'" : "'s"} access`
    : plural(count, 'item');
  return decision === 'revoke'
    ? `Revoked ${what}: the IdP membership is being removed, and the removal is recorded in Jira.`
    : `Kept ${what}.`;
}
