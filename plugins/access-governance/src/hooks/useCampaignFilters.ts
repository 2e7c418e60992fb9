import { AccessReviewItem } from '@accessgov/plugin-access-governance-common';
import { useCallback, useMemo, useState } from 'react';
import { filterItems, ItemFilters, noFilters } from '../lib';

/** The filters of a campaign's item table, and the items that pass them. */
export function useCampaignFilters(items: AccessReviewItem[]) {
  const [filters, setFilters] = useState<ItemFilters>(noFilters);
  const filtered = useMemo(() => filterItems(items, filters), [items, filters]);
  const setFilter = useCallback(
    <K extends keyof ItemFilters>(key: K, value: ItemFilters[K]) =>
      setFilters(current => ({ ...current, [key]: value })),
    [],
  );
  return {
    filters,
    setFilter,
    filtered,
    /** Changes whenever a filter does, so that the table can start again at page one. */
    key: `${filters.recommendation}/${filters.decision}/${filters.text}`,
  };
}
