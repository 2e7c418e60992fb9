import {
  AccessReview,
  AccessReviewItem,
  AccessReviewItemFilter,
} from '@accessgov/plugin-access-governance-common';
import { useApi } from '@backstage/core-plugin-api';
import { useState } from 'react';
import { accessGovernanceApiRef } from '../api';
import { decidedNotice } from '../lib';

/** A decision for many review items at once. */
export type BulkDecision = 'keep' | 'revoke';

/**
 * Keeps or revokes the chosen items of a campaign in one call. `asking` is the decision
 * whose confirmation is open, if any.
 */
export function useBulkDecisions(options: {
  reviewId: string | undefined;
  chosen: AccessReviewItem[];
  /** The filters of the table and how many items pass them, for a decision on them all. */
  matching?: { filter: AccessReviewItemFilter; total: number };
  /** Called with the campaign the backend answered and the words to tell the reviewer. */
  onDecided: (updated: AccessReview, notice: string) => void;
}) {
  const api = useApi(accessGovernanceApiRef);
  const [asking, setAsking] = useState<BulkDecision>();
  // Whether the open confirmation is for every item the filters pass.
  const [all, setAll] = useState(false);

  const decide = async (decision: BulkDecision, comment: string) => {
    const { reviewId, chosen, matching } = options;
    if (!reviewId) return;
    if (all && matching) {
      const updated = await api.decideMatchingReviewItems(reviewId, {
        filter: matching.filter,
        decision,
        ...(comment && { comment }),
      });
      options.onDecided(updated, decidedNotice(decision, matching.total));
      return;
    }
    const updated = await api.decideReviewItems(
      reviewId,
      chosen.map(item => ({
        itemId: item.id,
        decision,
        ...(comment && { comment }),
      })),
    );
    options.onDecided(updated, decidedNotice(decision, chosen.length));
  };

  return {
    asking,
    /** Whether the open confirmation is for every item the filters pass. */
    all,
    ask: (decision: BulkDecision) => {
      setAll(false);
      setAsking(decision);
    },
    /** Asks to decide every item the filters pass, loaded or not. */
    askAll: (decision: BulkDecision) => {
      setAll(true);
      setAsking(decision);
    },
    dismiss: () => setAsking(undefined),
    /** Decides the chosen items as asked (keep when nothing was asked). */
    confirm: (comment: string) => decide(asking ?? 'keep', comment),
  };
}
