import {
  AccessReview,
  AccessReviewItem,
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
  /** Called with the campaign the backend answered and the words to tell the reviewer. */
  onDecided: (updated: AccessReview, notice: string) => void;
}) {
  const api = useApi(accessGovernanceApiRef);
  const [asking, setAsking] = useState<BulkDecision>();

  const decide = async (decision: BulkDecision, comment: string) => {
    const { reviewId, chosen } = options;
    if (!reviewId) return;
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
    ask: setAsking,
    dismiss: () => setAsking(undefined),
    /** Decides the chosen items as asked (keep when nothing was asked). */
    confirm: (comment: string) => decide(asking ?? 'keep', comment),
  };
}
