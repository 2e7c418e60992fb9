import { AccessPage } from '@accessgov/plugin-access-governance-common';
import { act, renderHook, waitFor } from '@testing-library/react';
import { usePagedList } from './usePagedList';

/** A list of `count` items named after `prefix`, served 50 at a time with a cursor. */
function pages(prefix: string, count: number) {
  const calls: (string | undefined)[] = [];
  const fetchPage = async (cursor?: string): Promise<AccessPage<string>> => {
    calls.push(cursor);
    const from = cursor ? Number(cursor) : 0;
    const items = Array.from(
      { length: Math.max(0, Math.min(50, count - from)) },
      (_, i) => `${prefix}-${from + i}`,
    );
    const next = from + items.length;
    return {
      items,
      nextCursor: next < count ? String(next) : null,
      total: count,
    };
  };
  return { fetchPage, calls };
}

describe('usePagedList', () => {
  it('keeps what was loaded with Load more when the list is read again', async () => {
    const list = pages('r', 120);
    const { result } = renderHook(() => usePagedList(list.fetchPage, ['a']));
    await waitFor(() => expect(result.current.items).toHaveLength(50));
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.items).toHaveLength(100));
    expect(result.current.hasMore).toBe(true);

    list.calls.length = 0;
    act(() => result.current.reload());
    await waitFor(() => expect(list.calls).toEqual([undefined, '50']));
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.items).toHaveLength(100);
    expect(result.current.items[99]).toBe('r-99');
    expect(result.current.total).toBe(120);
  });

  it('starts again at the first page when what it lists changes', async () => {
    const a = pages('a', 120);
    const b = pages('b', 120);
    const { result, rerender } = renderHook(
      ({ which }: { which: 'a' | 'b' }) =>
        usePagedList(which === 'a' ? a.fetchPage : b.fetchPage, [which]),
      { initialProps: { which: 'a' as 'a' | 'b' } },
    );
    await waitFor(() => expect(result.current.items).toHaveLength(50));
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.items).toHaveLength(100));

    rerender({ which: 'b' });
    await waitFor(() => expect(result.current.items[0]).toBe('b-0'));
    expect(result.current.items).toHaveLength(50);
    expect(b.calls).toEqual([undefined]);
  });
});
