import {
  AccessReview,
  AccessReviewItem,
  AccessReviewItemFilter,
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
  /** The filters of the table and how many items pass them, for a decision on them all. */
  matching?: { filter: AccessReviewItemFilter; total: number };
  /**
   * Called with the campaign the backend answered, the words to tell the reviewer, and
   * whether the selection (or all matching items) or a single row was decided.
   */
  onDecided: (
    updated: AccessReview,
    notice: string,
    what: 'selection' | 'single',
  ) => void;
}) {
  const api = useApi(accessGovernanceApiRef);
  const [asking, setAsking] = useState<BulkDecision>();
  // Whether the open confirmation is for every item the filters pass.
  const [all, setAll] = useState(false);
  // One item asked for from its row, instead of the selection.
  const [single, setSingle] = useState<AccessReviewItem>();

  const decide = async (decision: BulkDecision, comment: string) => {
    const { reviewId, matching } = options;
    const chosen = single ? [single] : options.chosen;
    if (!reviewId) return;
    if (all && matching && !single) {
      const updated = await api.decideMatchingReviewItems(reviewId, {
        filter: matching.filter,
        decision,
        ...(comment && { comment }),
      });
      options.onDecided(
        updated,
        decidedNotice(decision, matching.total),
        'selection',
      );
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
      setAll(false);
      setSingle(item);
      setAsking(decision);
    },
    [],
  );
  return {
    asking,
    /** Whether the open confirmation is for every item the filters pass. */
    all,
    /** The items the open confirmation is about. */
    asked: items,
    /** Asks to decide the selection. */
    ask: (decision: BulkDecision) => {
      setAll(false);
      setSingle(undefined);
      setAsking(decision);
    },
    /** Asks to decide every item the filters pass, loaded or not. */
    askAll: (decision: BulkDecision) => {
      setAll(true);
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
