import {
  AccessReview,
  AccessReviewItem,
} from '@accessgov/plugin-access-governance-common';
import { useApi } from '@backstage/core-plugin-api';
import { useCallback, useState } from 'react';
import { accessGovernanceApiRef } from '../api';
import { decidedNotice, personName } from '../lib';

/** A decision for many review items at once. */
export type BulkDecision = 'keep' | 'revoke';

/**
 * Keeps or revokes the chosen items of a campaign, or one item from its row, in one call.
 * `asking` is the decision whose confirmation is open, if any.
 */
export function useBulkDecisions(options: {
  reviewId: string | undefined;
  chosen: AccessReviewItem[];
  /**
   * Called with the campaign the backend answered, the words to tell the reviewer, and
   * whether the selection or a single row was decided.
   */
  onDecided: (
    updated: AccessReview,
    notice: string,
    what: 'selection' | 'single',
  ) => void;
}) {
  const api = useApi(accessGovernanceApiRef);
  const [asking, setAsking] = useState<BulkDecision>();
  // One item asked for from its row, instead of the selection.
  const [single, setSingle] = useState<AccessReviewItem>();

  const decide = async (decision: BulkDecision, comment: string) => {
    const { reviewId } = options;
    const chosen = single ? [single] : options.chosen;
    if (!reviewId) return;
    const updated = await api.decideReviewItems(
      reviewId,
      chosen.map(item => ({
        itemId: item.id,
        decision,
        ...(comment && { comment }),
      })),
    );
    options.onDecided(
      updated,
      decidedNotice(
        decision,
        chosen.map(item => personName(item.user)),
      ),
      single ? 'single' : 'selection',
    );
  };

  const items = single ? [single] : options.chosen;
  // Stable, so that the memoized rows of the item table do not render again for it.
  const askFor = useCallback(
    (item: AccessReviewItem, decision: BulkDecision) => {
      setSingle(item);
      setAsking(decision);
    },
    [],
  );
  return {
    asking,
    /** The items the open confirmation is about. */
    asked: items,
    /** Asks to decide the selection. */
    ask: (decision: BulkDecision) => {
      setSingle(undefined);
      setAsking(decision);
    },
    /** Asks to decide one item, from its row. */
    askFor,
    dismiss: () => {
      setAsking(undefined);
      setSingle(undefined);
    },
    /** Decides the chosen items as asked (keep when nothing was asked). */
    confirm: (comment: string) => decide(asking ?? 'keep', comment),
  };
}
