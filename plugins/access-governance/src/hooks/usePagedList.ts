import { AccessPage } from '@accessgov/plugin-access-governance-common';
import { useCallback, useEffect, useRef, useState } from 'react';

/** How many items a list page asks for. */
export const LIST_PAGE_SIZE = 50;

/** A list read page by page: what is loaded, how many there are, and the next page on demand. */
export type PagedList<T> = {
  items: T[];
  /** How many items the list holds, when the backend counts them. */
  total?: number;
  hasMore: boolean;
  loading: boolean;
  error?: Error;
  /** Appends the next page. */
  loadMore: () => void;
  /** Reads the list again from its first page, as many items as are shown. */
  reload: () => void;
};

/**
 * Reads a list one page at a time. `fetchPage` is called with the cursor of the page to
 * read; a change of `deps` starts again at the first page, and a reload (a live update)
 * reads again as many pages as are shown.
 */
export function usePagedList<T>(
  fetchPage: (cursor?: string) => Promise<AccessPage<T>>,
  deps: unknown[],
): PagedList<T> {
  const [state, setState] = useState<{
    items: T[];
    cursor: string | null;
    total?: number;
    loaded: boolean;
  }>({ items: [], cursor: null, loaded: false });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  const [round, setRound] = useState(0);
  // Only the answer of the latest read counts.
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  // How many items are shown: a reload reads as many again, so that what the viewer
  // loaded with "Load more" stays on screen.
  const shown = useRef(0);
  shown.current = state.items.length;
  const lastDeps = useRef<unknown[]>();

  useEffect(() => {
    const current = ++generation.current;
    // A change of `deps` starts again at the first page; a reload keeps what is shown.
    const sameList =
      lastDeps.current !== undefined &&
      lastDeps.current.length === deps.length &&
      lastDeps.current.every((d, i) => Object.is(d, deps[i]));
    lastDeps.current = deps;
    const keep = sameList ? shown.current : 0;
    setLoading(true);
    (async () => {
      let page = await fetchRef.current();
      const items = [...page.items];
      while (
        items.length < keep &&
        page.nextCursor &&
        current === generation.current
      ) {
        page = await fetchRef.current(page.nextCursor);
        items.push(...page.items);
      }
      return { items, nextCursor: page.nextCursor, total: page.total };
    })()
      .then(page => {
        if (current !== generation.current) return;
        setState({
          items: page.items,
          cursor: page.nextCursor,
          total: page.total,
          loaded: true,
        });
        setError(undefined);
      })
      .catch(e => current === generation.current && setError(e))
      .finally(() => current === generation.current && setLoading(false));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);

  const loadMore = useCallback(() => {
    if (!state.cursor || loading) return;
    const current = generation.current;
    setLoading(true);
    fetchRef
      .current(state.cursor)
      .then(page => {
        if (current !== generation.current) return;
        setState(before => ({
          items: [...before.items, ...page.items],
          cursor: page.nextCursor,
          total: page.total ?? before.total,
          loaded: true,
        }));
      })
      .catch(e => current === generation.current && setError(e))
      .finally(() => current === generation.current && setLoading(false));
  }, [state.cursor, loading]);

  const reload = useCallback(() => setRound(r => r + 1), []);

  return {
    items: state.items,
    total: state.total,
    hasMore: Boolean(state.cursor),
    loading: loading && !state.loaded,
    error,
    loadMore,
    reload,
  };
}
