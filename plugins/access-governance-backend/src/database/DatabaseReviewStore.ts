import {
  AccessReviewItemFilter,
  AccessReviewItemSort,
  AccessReviewUser,
} from '@accessgov/plugin-access-governance-common';
import { Knex } from 'knex';
import { afterKeyset, Keyset, newestFirst, pageOf, RowPage } from './cursor';
import { isPostgres, isSqlite } from './dialect';
import { Db } from './rows';
import { readDate, readOptionalDate } from './time';

const REVIEWS = 'access_reviews';
const ITEMS = 'access_review_items';

export interface ReviewRecord {
  id: string;
  entityRef: string;
  status: 'open' | 'completed';
  dueAt: Date;
  createdBy: string;
  createdAt: Date;
  completedBy: string | null;
  completedAt: Date | null;
  jiraKey: string | null;
  overdueNotifiedAt: Date | null;
}

export interface ReviewItemRecord {
  id: string;
  reviewId: string;
  position: number;
  user: AccessReviewUser;
  idpUserId: string | null;
  roleId: string;
  groups: string[];
  provider: string | null;
  grantId: string | null;
  requestId: string | null;
  request: {
    id: string;
    justification: string;
    createdAt: string;
    approvedBy: string[];
  } | null;
  jiraKey: string | null;
  recommendation: 'keep' | 'revoke';
  reason: string;
  decision: 'keep' | 'revoke' | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  comment: string | null;
}

export interface ReviewProgress {
  decided: number;
  total: number;
  revoke: number;
  keep: number;
}

function parse<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  return typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);
}

function toReview(row: any): ReviewRecord {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    status: row.status,
    dueAt: readDate(row.due_at),
    createdBy: row.created_by,
    createdAt: readDate(row.created_at),
    completedBy: row.completed_by ?? null,
    completedAt: readOptionalDate(row.completed_at),
    jiraKey: row.jira_key ?? null,
    overdueNotifiedAt: readOptionalDate(row.overdue_notified_at),
  };
}

function toItem(row: any): ReviewItemRecord {
  return {
    id: row.id,
    reviewId: row.review_id,
    position: row.position,
    user: parse(row.user, {} as AccessReviewUser),
    idpUserId: row.idp_user_id ?? null,
    roleId: row.role_id,
    groups: parse(row.groups, []),
    provider: row.provider ?? null,
    grantId: row.grant_id ?? null,
    requestId: row.request_id ?? null,
    request: parse(row.request, null),
    jiraKey: row.jira_key ?? null,
    recommendation: row.recommendation,
    reason: row.reason,
    decision: row.decision ?? null,
    decidedBy: row.decided_by ?? null,
    decidedAt: readOptionalDate(row.decided_at),
    comment: row.comment ?? null,
  };
}

function fold(text: string): string {
  return text.toLocaleLowerCase('en-US');
}

/** The column an item sort orders by first (then by position), and its direction. */
const SORTS: Record<AccessReviewItemSort, [string, 'asc' | 'desc']> = {
  position: ['position', 'asc'],
  name: ['sort_name', 'asc'],
  recommendation: ['recommendation', 'desc'],
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, c => `\\${c}`);
}

function filterItems(
  q: Knex.QueryBuilder,
  reviewId: string,
  filter: AccessReviewItemFilter,
): void {
  q.where('review_id', reviewId);
  if (filter.recommendation) q.where('recommendation', filter.recommendation);
  if (filter.decision === 'undecided') q.whereNull('decision');
  else if (filter.decision) q.where('decision', filter.decision);
  const text = filter.q?.trim();
  if (text) {
    q.whereRaw(`search_text like ? escape '\\'`, [
      `%${escapeLike(fold(text))}%`,
    ]);
  }
}

/** Review campaigns and their items, on SQLite or PostgreSQL. */
export class DatabaseReviewStore {
  constructor(private readonly knex: Knex) {}

  async insertReview(
    tx: Db,
    review: ReviewRecord,
    items: ReviewItemRecord[],
  ): Promise<void> {
    await tx(REVIEWS).insert({
      id: review.id,
      entity_ref: review.entityRef,
      status: review.status,
      due_at: review.dueAt,
      created_by: review.createdBy,
      created_at: review.createdAt,
      completed_by: null,
      completed_at: null,
      jira_key: null,
    });
    const rows = items.map(item => ({
      id: item.id,
      review_id: review.id,
      position: item.position,
      user_ref: item.user.ref,
      idp_user_id: item.idpUserId,
      user: JSON.stringify(item.user),
      role_id: item.roleId,
      groups: JSON.stringify(item.groups),
      provider: item.provider,
      grant_id: item.grantId,
      request_id: item.requestId,
      request: item.request ? JSON.stringify(item.request) : null,
      jira_key: item.jiraKey,
      recommendation: item.recommendation,
      reason: item.reason,
      sort_name: fold(item.user.displayName ?? item.user.email ?? '').slice(
        0,
        255,
      ),
      search_text: fold(
        [item.user.displayName, item.user.email, item.user.ref]
          .filter(Boolean)
          .join(' '),
      ),
    }));
    if (isPostgres(tx)) {
      // PostgreSQL reads many rows fastest as one JSON parameter: a multi-row VALUES
      // list of a thousand rows is a statement of seventeen thousand parameters to parse.
      const columns = Object.keys(rows[0] ?? {})
        .map(c => `"${c}"`)
        .join(', ');
      for (let i = 0; i < rows.length; i += 5000) {
        await tx.raw(
          `insert into ${ITEMS} (${columns}) select ${columns} from json_populate_recordset(null::${ITEMS}, ?)`,
          [JSON.stringify(rows.slice(i, i + 5000))],
        );
      }
      return;
    }
    // SQLite inserts many rows as one compound select, of at most 500 terms.
    const batch = isSqlite(tx) ? 450 : 1000;
    for (let i = 0; i < rows.length; i += batch) {
      await tx(ITEMS).insert(rows.slice(i, i + batch));
    }
  }

  async getReview(
    id: string,
    db: Db = this.knex,
  ): Promise<ReviewRecord | undefined> {
    const row = await db(REVIEWS).where({ id }).first();
    return row ? toReview(row) : undefined;
  }

  async listReviews(filter: {
    entityRef?: string;
    status?: string[];
    dueBefore?: Date;
    limit?: number;
  }): Promise<ReviewRecord[]> {
    const q = this.knex(REVIEWS).select('*');
    if (filter.entityRef) q.where('entity_ref', filter.entityRef);
    if (filter.status) q.whereIn('status', filter.status);
    if (filter.dueBefore) q.where('due_at', '<', filter.dueBefore);
    q.orderBy('created_at', 'desc').limit(filter.limit ?? 500);
    return (await q).map(toReview);
  }

  /** A page of reviews, newest first (then by id). */
  async pageReviews(
    filter: { entityRef?: string; status?: string[] },
    page: { after?: Keyset; limit: number },
  ): Promise<RowPage<ReviewRecord>> {
    const { rows: kept, next } = await newestFirst(
      this.knex(REVIEWS)
        .select('*')
        .modify(q => {
          if (filter.entityRef) q.where('entity_ref', filter.entityRef);
          if (filter.status) q.whereIn('status', filter.status);
        }),
      'created_at',
      'id',
      page,
    );
    return { items: kept.map(toReview), next };
  }

  /** A page of a campaign's items, filtered and sorted in SQL. */
  async pageItems(
    reviewId: string,
    filter: AccessReviewItemFilter,
    sort: AccessReviewItemSort,
    page: { after?: Keyset; limit: number },
    db: Db = this.knex,
  ): Promise<RowPage<ReviewItemRecord>> {
    const [column, direction] = SORTS[sort];
    const rows = await db(ITEMS)
      .select('*')
      .modify(q => {
        filterItems(q, reviewId, filter);
        if (page.after)
          afterKeyset(q, column, direction, 'position', {
            value: page.after.value,
            id: Number(page.after.id),
          });
      })
      .orderBy(column, direction)
      .orderBy('position')
      .limit(page.limit + 1);
    const { rows: kept, next } = pageOf(rows, page.limit, row => ({
      value: row[column],
      id: row.position,
    }));
    return { items: kept.map(toItem), next };
  }

  async countItems(
    reviewId: string,
    filter: AccessReviewItemFilter,
  ): Promise<number> {
    const [row] = await this.knex(ITEMS)
      .count({ n: '*' })
      .modify(q => filterItems(q, reviewId, filter));
    return Number((row as any).n);
  }

  /** How many items of each review are recommended to keep and to revoke. */
  async recommended(
    reviewId: string,
  ): Promise<{ keep: number; revoke: number }> {
    const rows = await this.knex(ITEMS)
      .select('recommendation')
      .count({ n: '*' })
      .where('review_id', reviewId)
      .groupBy('recommendation');
    const result = { keep: 0, revoke: 0 };
    for (const row of rows as any[]) {
      if (row.recommendation === 'keep' || row.recommendation === 'revoke')
        result[row.recommendation as 'keep' | 'revoke'] = Number(row.n);
    }
    return result;
  }

  /** Items of a review by id; ids of other reviews are not among them. */
  async getItems(
    reviewId: string,
    ids: string[],
    db: Db = this.knex,
  ): Promise<Map<string, ReviewItemRecord>> {
    const result = new Map<string, ReviewItemRecord>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db(ITEMS)
        .where('review_id', reviewId)
        .whereIn('id', ids.slice(i, i + 500));
      for (const item of rows.map(toItem)) result.set(item.id, item);
    }
    return result;
  }

  async latestReview(entityRef: string): Promise<ReviewRecord | undefined> {
    const row = await this.knex(REVIEWS)
      .where('entity_ref', entityRef)
      .orderBy('created_at', 'desc')
      .first();
    return row ? toReview(row) : undefined;
  }

  async progress(reviewIds: string[]): Promise<Map<string, ReviewProgress>> {
    const result = new Map<string, ReviewProgress>();
    if (reviewIds.length === 0) return result;
    const rows = await this.knex(ITEMS)
      .select('review_id', 'decision')
      .count({ n: '*' })
      .whereIn('review_id', reviewIds)
      .groupBy('review_id', 'decision');
    for (const id of reviewIds)
      result.set(id, { decided: 0, total: 0, revoke: 0, keep: 0 });
    for (const row of rows as any[]) {
      const p = result.get(row.review_id)!;
      const n = Number(row.n);
      p.total += n;
      if (row.decision) p.decided += n;
      if (row.decision === 'revoke') p.revoke += n;
      if (row.decision === 'keep') p.keep += n;
    }
    return result;
  }

  async listItems(
    reviewId: string,
    db: Db = this.knex,
  ): Promise<ReviewItemRecord[]> {
    return (
      await db(ITEMS).where('review_id', reviewId).orderBy('position')
    ).map(toItem);
  }

  /** Records a decision on an undecided item, or changes a keep; false if it was revoked already. */
  async decideItem(
    tx: Db,
    itemId: string,
    reviewId: string,
    decision: {
      decision: 'keep' | 'revoke';
      decidedBy: string;
      decidedAt: Date;
      comment: string | null;
    },
  ): Promise<boolean> {
    return (await this.decideItems(tx, reviewId, [itemId], decision)) === 1;
  }

  /** {@link DatabaseReviewStore.decideItem} for many items at once; answers how many changed. */
  async decideItems(
    tx: Db,
    reviewId: string,
    itemIds: string[],
    decision: {
      decision: 'keep' | 'revoke';
      decidedBy: string;
      decidedAt: Date;
      comment: string | null;
    },
  ): Promise<number> {
    let count = 0;
    for (let i = 0; i < itemIds.length; i += 500) {
      count += await tx(ITEMS)
        .where('review_id', reviewId)
        .whereIn('id', itemIds.slice(i, i + 500))
        .where(q => q.whereNull('decision').orWhere('decision', 'keep'))
        .update({
          decision: decision.decision,
          decided_by: decision.decidedBy,
          decided_at: decision.decidedAt,
          comment: decision.comment,
        });
    }
    return count;
  }

  async complete(tx: Db, id: string, by: string, at: Date): Promise<boolean> {
    const count = await tx(REVIEWS)
      .where({ id, status: 'open' })
      .update({ status: 'completed', completed_by: by, completed_at: at });
    return count === 1;
  }

  async setRecordKey(tx: Db, id: string, key: string): Promise<void> {
    await tx(REVIEWS).where({ id }).update({ jira_key: key });
  }

  async markOverdueNotified(tx: Db, id: string, at: Date): Promise<boolean> {
    const count = await tx(REVIEWS)
      .where({ id, status: 'open' })
      .whereNull('overdue_notified_at')
      .update({ overdue_notified_at: at });
    return count === 1;
  }
}
