import { PagedList } from '../../hooks';

/**
 * A list's title with how many items it holds, as the backend counts them ("Current
 * holders (1,234)"); where the backend does not count, what is loaded and a "+" if more follow.
 */
export function listTitle(title: string, list: PagedList<unknown>): string {
  const count = (list.total ?? list.items.length).toLocaleString('en-US');
  const more = list.total === undefined && list.hasMore ? '+' : '';
  return `${title} (${count}${more})`;
}
