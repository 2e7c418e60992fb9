import { isStorableTime } from '@accessgov/plugin-access-governance-common';
import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import { readDate } from './time';

/** A position in a list: the sort value and the id of the last item of a page. */
export interface Keyset {
  value: string | number;
  id: string | number;
}

/**
 * Cursors are opaque to callers: the list they belong to, the sort value and the id of the
 * last item seen, as base64url JSON.
 */
export function encodeCursor(list: string, key: Keyset): string {
  return Buffer.from(JSON.stringify([list, key.value, key.id])).toString(
    'base64url',
  );
}

/** Reads a cursor of the given list; anything else is a 400 naming the field. */
export function decodeCursor(
  list: string,
  cursor: string | undefined,
): Keyset | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    parsed[0] !== list ||
    !['string', 'number'].includes(typeof parsed[1]) ||
    !['string', 'number'].includes(typeof parsed[2]) ||
    !fitsList(list, parsed[1], parsed[2])
  ) {
    throw new InputError('cursor: is not a cursor of this list');
  }
  return { value: parsed[1], id: parsed[2] };
}

const isCount = (v: unknown) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isTime = (v: unknown) =>
  typeof v === 'number' && Number.isInteger(v) && isStorableTime(v);
const isKeyText = (v: unknown) =>
  typeof v === 'string' && v.length <= 1000 && !v.includes('\u0000');

/**
 * Whether a cursor's position has the types its list is ordered by, so that a forged
 * cursor is a 400 and never a query the database refuses.
 */
function fitsList(list: string, value: unknown, id: unknown): boolean {
  if (list.startsWith('review-items:')) {
    const byPosition = list === 'review-items:position';
    return isCount(id) && (byPosition ? isCount(value) : isKeyText(value));
  }
  if (list === 'jobs' || list === 'audit') {
    return isCount(id) && (list === 'jobs' ? isCount(value) : isTime(value));
  }
  return isKeyText(id) && isTime(value);
}

/**
 * Restricts a query to the rows after a keyset position, for an order by `column`
 * (ascending or descending) and then by `idColumn` ascending.
 */
export function afterKeyset(
  q: Knex.QueryBuilder,
  column: string,
  direction: 'asc' | 'desc',
  idColumn: string,
  key: { value: unknown; id: unknown },
): void {
  const beyond = direction === 'asc' ? '>' : '<';
  q.where(w =>
    w
      .where(column, beyond, key.value as any)
      .orWhere(inner =>
        inner
          .where(column, key.value as any)
          .where(idColumn, '>', key.id as any),
      ),
  );
}

/** A page as the stores answer it: the rows, and the position after the last one when more follow. */
export interface RowPage<T> {
  items: T[];
  next?: Keyset;
}

/** Takes one row more than a page holds, to know whether another page follows. */
export function pageOf(
  rows: any[],
  limit: number,
  key: (row: any) => Keyset,
): { rows: any[]; next?: Keyset } {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { rows: kept, next: more ? key(kept[kept.length - 1]) : undefined };
}

/**
 * A page of what the caller may see: reads pages of rows from `fetch` and keeps the
 * visible ones until the page is full or the list ends. The cursor continues after the
 * last row read, so no row is skipped or seen twice however many are hidden.
 */
export async function visiblePage<R, T>(
  list: string,
  page: { cursor?: string; limit: number },
  fetch: (after: Keyset | undefined, limit: number) => Promise<RowPage<R>>,
  visible: (row: R) => Promise<boolean> | boolean,
  toDto: (row: R) => T,
): Promise<{ items: T[]; nextCursor: string | null }> {
  const items: T[] = [];
  let after = decodeCursor(list, page.cursor);
  // Bounded work per call: a caller who sees little of a long list pages on.
  for (let round = 0; round < 10; round++) {
    const rows = await fetch(after, page.limit - items.length);
    for (const row of rows.items) {
      if (await visible(row)) items.push(toDto(row));
    }
    after = rows.next;
    if (!after || items.length >= page.limit) break;
  }
  return {
    items,
    nextCursor: after ? encodeCursor(list, after) : null,
  };
}

/**
 * Runs a list query newest first by a timestamp column (then by id), one page from
 * `after`: the rows, and the position after the last one when more follow.
 */
export async function newestFirst(
  q: Knex.QueryBuilder,
  column: string,
  idColumn: string,
  page: { after?: Keyset; limit: number },
): Promise<{ rows: any[]; next?: Keyset }> {
  if (page.after) {
    afterKeyset(q, column, 'desc', idColumn, {
      value: new Date(Number(page.after.value)),
      id: page.after.id,
    });
  }
  const rows = await q
    .orderBy(column, 'desc')
    .orderBy(idColumn)
    .limit(page.limit + 1);
  const bare = (name: string) => name.split('.').pop()!;
  return pageOf(rows, page.limit, row => ({
    value: readDate(row[bare(column)]).getTime(),
    id: row[bare(idColumn)],
  }));
}
