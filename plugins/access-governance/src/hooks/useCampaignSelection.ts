import { AccessReviewItem } from '@accessgov/plugin-access-governance-common';
import { useCallback, useMemo, useState } from 'react';

/**
 * The items a reviewer picked for a bulk decision. The selection survives paging and
 * filtering; only items that can still be decided are ever chosen.
 */
export function useCampaignSelection(options: {
  /** Every item of the campaign. */
  items: AccessReviewItem[];
  /** The items the filters show. */
  shown: AccessReviewItem[];
  canDecide: (item: AccessReviewItem) => boolean;
}) {
  const { items, shown, canDecide } = options;
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const toggle = useCallback((itemId: string) => {
    setSelected(current => {
      const next = new Set(current);
      if (next.has(itemId)) next.delete(itemId);
      else next.add(itemId);
      return next;
    });
  }, []);

  /** Selects or clears every decidable item the filters show. */
  const toggleAll = useCallback(
    (select: boolean) => {
      setSelected(current => {
        const next = new Set(current);
        for (const item of shown) {
          if (!canDecide(item)) continue;
          if (select) next.add(item.id);
          else next.delete(item.id);
        }
        return next;
      });
    },
    [shown, canDecide],
  );

  const clear = useCallback(() => setSelected(new Set()), []);

  // Only what can still be decided goes to the server, also when it sits on another page.
  const chosen = useMemo(
    () => items.filter(item => selected.has(item.id) && canDecide(item)),
    [items, selected, canDecide],
  );
  const hidden = useMemo(() => {
    const shownIds = new Set(shown.map(item => item.id));
    return chosen.filter(item => !shownIds.has(item.id)).length;
  }, [chosen, shown]);

  return {
    selected,
    toggle,
    toggleAll,
    clear,
    /** The selected items that can still be decided. */
    chosen,
    /** How many of `chosen` the filters hide. */
    hidden,
  };
}
