import {
  AccessReview,
  AccessReviewItem,
  AccessReviewUser,
} from '@accessgov/plugin-access-governance-common';
import { NameOf, shortName } from '../shared';

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

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** Whether the item is the viewer's own access (nobody reviews their own access). */
export function isOwnItem(
  item: Pick<AccessReviewItem, 'user'>,
  userEntityRef: string | undefined,
): boolean {
  return Boolean(
    userEntityRef &&
    item.user.ref &&
    lower(item.user.ref) === lower(userEntityRef),
  );
}

/**
 * Whether the viewer may still decide an item: not their own, and not already revoked
 * (a revoke is carried out at once and cannot be taken back).
 */
export function isDecidable(
  item: Pick<AccessReviewItem, 'user' | 'decision'>,
  userEntityRef: string | undefined,
): boolean {
  return !isOwnItem(item, userEntityRef) && item.decision !== 'revoke';
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

/** Saves a downloaded file in the browser. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Give the browser time to start the download before the URL goes away.
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  }
}
