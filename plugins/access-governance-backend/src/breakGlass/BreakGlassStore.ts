import { Knex } from 'knex';
import { fold } from '../database/rows';
import { readDate, readOptionalDate } from '../database/time';

const REVIEWS = 'access_break_glass_reviews';
const REVIEWERS = 'access_break_glass_reviewers';

type Db = Knex | Knex.Transaction;

/** The review after the fact of one break-glass grant, as stored. */
export interface BreakGlassReviewRecord {
  id: string;
  requestId: string;
  entityRef: string;
  roleId: string;
  holder: string;
  reviewers: string[];
  dueAt: Date;
  decision: 'confirmed' | 'flagged' | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  comment: string | null;
  createdAt: Date;
}

function toReview(row: any): BreakGlassReviewRecord {
  return {
    id: row.id,
    requestId: row.request_id,
    entityRef: row.entity_ref,
    roleId: row.role_id,
    holder: row.holder,
    reviewers:
      typeof row.reviewers === 'string'
        ? JSON.parse(row.reviewers)
        : row.reviewers,
    dueAt: readDate(row.due_at),
    decision: row.decision ?? null,
    decidedBy: row.decided_by ?? null,
    decidedAt: readOptionalDate(row.decided_at),
    comment: row.comment ?? null,
    createdAt: readDate(row.created_at),
  };
}

/** Reviews of break-glass grants and who decides them, on SQLite or PostgreSQL. */
export class BreakGlassStore {
  constructor(private readonly knex: Knex) {}

  async insert(tx: Db, review: BreakGlassReviewRecord): Promise<void> {
    await tx(REVIEWS).insert({
      id: review.id,
      request_id: review.requestId,
      entity_ref: review.entityRef,
      role_id: review.roleId,
      holder: review.holder,
      reviewers: JSON.stringify(review.reviewers),
      due_at: review.dueAt,
      decision: null,
      created_at: review.createdAt,
    });
    const refs = [...new Set(review.reviewers.map(fold))];
    if (refs.length > 0) {
      await tx(REVIEWERS).insert(
        refs.map(ref => ({ review_id: review.id, reviewer_ref: ref })),
      );
    }
  }

  async get(id: string, db: Db = this.knex) {
    const row = await db(REVIEWS).where({ id }).first();
    return row ? toReview(row) : undefined;
  }

  /**
   * The reviews one of the given refs decides (all of them when `refs` is undefined),
   * undecided ones first by due time, then the decided ones newest first.
   */
  async list(
    options: { refs?: string[]; open?: boolean; limit: number },
    db: Db = this.knex,
  ): Promise<BreakGlassReviewRecord[]> {
    const q = db(REVIEWS).select(`${REVIEWS}.*`);
    if (options.refs) {
      q.whereIn(
        `${REVIEWS}.id`,
        db(REVIEWERS)
          .select('review_id')
          .whereIn('reviewer_ref', options.refs.map(fold)),
      );
    }
    if (options.open) q.whereNull('decision');
    q.orderByRaw('case when decision is null then 0 else 1 end')
      .orderBy('due_at', 'asc')
      .orderBy('id')
      .limit(options.limit);
    return (await q).map(toReview);
  }

  /** Undecided reviews past their due time whose reviewers have not been told yet. */
  async listOverdueUnnotified(
    now: Date,
    limit: number,
  ): Promise<BreakGlassReviewRecord[]> {
    const rows = await this.knex(REVIEWS)
      .whereNull('decision')
      .where('due_at', '<', now)
      .whereNull('overdue_notified_at')
      .orderBy('due_at', 'asc')
      .limit(limit);
    return rows.map(toReview);
  }

  /** Marks that the reviewers were told the review is overdue; answers whether this call did. */
  async markOverdueNotified(tx: Db, id: string, at: Date): Promise<boolean> {
    const count = await tx(REVIEWS)
      .where({ id })
      .whereNull('decision')
      .whereNull('overdue_notified_at')
      .update({ overdue_notified_at: at });
    return count === 1;
  }

  /** Records the decision once; answers whether this call did. */
  async decide(
    tx: Db,
    id: string,
    decision: {
      decision: 'confirmed' | 'flagged';
      decidedBy: string;
      decidedAt: Date;
      comment: string | null;
    },
  ): Promise<boolean> {
    const count = await tx(REVIEWS).where({ id }).whereNull('decision').update({
      decision: decision.decision,
      decided_by: decision.decidedBy,
      decided_at: decision.decidedAt,
      comment: decision.comment,
    });
    return count === 1;
  }
}
