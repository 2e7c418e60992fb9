import {
  AccessReview,
  AccessReviewItem,
  AccessReviewItemFilter,
} from '@accessgov/plugin-access-governance-common';
import { useApi } from '@backstage/core-plugin-api';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { accessGovernanceApiRef } from '../api';
import { filterItems, ItemFilters } from '../lib';

/** How many items a page from the backend holds. */
const PAGE_SIZE = 250;

/** The filters of the item table as the backend reads them. */
export function serverFilter(filters: ItemFilters): AccessReviewItemFilter {
  const q = filters.text.trim();
  return {
    ...(filters.recommendation !== 'all' && {
      recommendation: filters.recommendation,
    }),
    ...(filters.decision !== 'all' && { decision: filters.decision }),
    ...(q && { q }),
  };
}

type Loaded = {
  /** The filters the items passed. */
  key: string;
  items: AccessReviewItem[];
  cursor: string | null;
  total: number;
};

/**
 * The items of a campaign that pass the filters, page by page. A campaign whose items
 * all came with it is filtered here; a larger one asks the backend, which filters,
 * counts and pages. `loadMore` fetches the next page.
 */
export function useCampaignItems(
  review: AccessReview | undefined,
  filters: ItemFilters,
) {
  const api = useApi(accessGovernanceApiRef);
  const whole = Boolean(review && !review.itemsNextCursor);
  const filter = useMemo(() => serverFilter(filters), [filters]);
  const filterKey = JSON.stringify(filter);
  const [loaded, setLoaded] = useState<Loaded>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error>();
  // The answer of the latest request only: a slower, older one is dropped.
  const generation = useRef(0);

  const local = useMemo(
    () =>
      review && whole ? filterItems(review.items ?? [], filters) : undefined,
    [review, whole, filters],
  );

  useEffect(() => {
    setError(undefined);
    if (!review || whole) {
      setLoaded(undefined);
      return;
    }
    const current = ++generation.current;
    if (filterKey === '{}') {
      setLoaded({
        key: filterKey,
        items: review.items ?? [],
        cursor: review.itemsNextCursor ?? null,
        total: review.progress.total,
      });
      return;
    }
    setLoaded(before => (before?.key === filterKey ? before : undefined));
    setLoading(true);
    api
      .listReviewItems(review.id, {
        ...JSON.parse(filterKey),
        limit: PAGE_SIZE,
      })
      .then(page => {
        if (current !== generation.current) return;
        setLoaded({
          key: filterKey,
          items: page.items,
          cursor: page.nextCursor,
          total: page.total ?? page.items.length,
        });
      })
      .catch(e => current === generation.current && setError(e))
      .finally(() => current === generation.current && setLoading(false));
  }, [api, review, whole, filterKey]);

  const loadMore = useCallback(() => {
    if (!review || !loaded?.cursor || loaded.key !== filterKey || loading)
      return;
    const current = generation.current;
    setLoading(true);
    api
      .listReviewItems(review.id, {
        ...JSON.parse(filterKey),
        cursor: loaded.cursor,
        limit: PAGE_SIZE,
      })
      .then(page => {
        if (current !== generation.current) return;
        setLoaded(before => ({
          key: filterKey,
          items: [...(before?.items ?? []), ...page.items],
          cursor: page.nextCursor,
          total: page.total ?? before?.total ?? 0,
        }));
      })
      .catch(e => current === generation.current && setError(e))
      .finally(() => current === generation.current && setLoading(false));
  }, [api, review, loaded, loading, filterKey]);

  const items = local ?? loaded?.items ?? [];
  return {
    /** The items loaded so far, in order. */
    items,
    /** How many items pass the filters, loaded or not. */
    total: local ? local.length : (loaded?.total ?? 0),
    /** Whether more items follow those loaded. */
    hasMore: Boolean(!local && loaded?.cursor),
    loading,
    error,
    loadMore,
    /** The filters as the backend reads them, for a decision on every item that passes. */
    filter,
  };
}
