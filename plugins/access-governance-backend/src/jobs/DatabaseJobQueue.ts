import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { readDate } from '../database/time';

const JOBS = 'access_jobs';

type Db = Knex | Knex.Transaction;

/** A side effect to carry out. */
export interface JobSpec {
  type: string;
  /** Jobs of one chain run one at a time, in the order they were enqueued. */
  chain: string;
  payload: JsonObject;
  requestId?: string | null;
  grantId?: string | null;
  runAfter?: Date;
}

/** A job a worker holds under a lease. */
export interface ClaimedJob {
  id: string;
  type: string;
  chain: string;
  payload: JsonObject;
  /** Including this one. */
  attempts: number;
  requestId: string | null;
  grantId: string | null;
  createdAt: Date;
  /** What of the job's side effect earlier attempts recorded as done. */
  progress?: JsonObject;
  /** The worker that holds the job. */
  lockedBy?: string;
  /**
   * No earlier attempt was ever made (none failed, none lost its lease, and the job was
   * never put back by hand), so nothing of its side effect can have happened yet.
   */
  firstAttempt?: boolean;
}

/** A job as an operator sees it. */
export interface JobInfo extends ClaimedJob {
  status: 'pending' | 'running' | 'done' | 'failed';
  runAfter: Date;
  lastError: string | null;
  updatedAt: Date;
}

function parsePayload(value: unknown): JsonObject {
  return typeof value === 'string' ? JSON.parse(value) : (value as JsonObject);
}

function toJobInfo(row: any): JobInfo {
  const progress = row.progress ? parsePayload(row.progress) : {};
  return {
    id: String(row.id),
    type: row.type,
    chain: row.chain,
    payload: parsePayload(row.payload),
    attempts: row.attempts,
    requestId: row.request_id ?? null,
    grantId: row.grant_id ?? null,
    createdAt: readDate(row.created_at),
    progress,
    lockedBy: row.locked_by ?? undefined,
    firstAttempt: row.attempts === 1 && !row.last_error && !row.progress,
    status: row.status,
    runAfter: readDate(row.run_after),
    lastError: row.last_error ?? null,
    updatedAt: readDate(row.updated_at),
  };
}

/**
 * The durable job table. Jobs are written in the same transaction as the state change
 * that calls for them, and claimed under a lease with a compare-and-set update, so that
 * several backend replicas never run the same job at once. A job whose worker died is
 * claimed again once its lease has run out.
 */
export class DatabaseJobQueue {
  constructor(private readonly knex: Knex) {}

  async enqueue(db: Db, jobs: JobSpec[], now: Date): Promise<void> {
    if (jobs.length === 0) return;
    await db(JOBS).insert(
      jobs.map(job => ({
        chain: job.chain,
        type: job.type,
        payload: JSON.stringify(job.payload),
        status: 'pending',
        attempts: 0,
        run_after: job.runAfter ?? now,
        request_id: job.requestId ?? null,
        grant_id: job.grantId ?? null,
        created_at: now,
        updated_at: now,
      })),
    );
  }

  /**
   * Claims up to `limit` runnable jobs: due pending jobs and running jobs whose lease has
   * run out, each the oldest unfinished job of its chain; only of `types` when given, and
   * none of `excludeTypes`.
   */
  async claim(options: {
    workerId: string;
    now: Date;
    leaseMs: number;
    limit: number;
    types?: string[];
    excludeTypes?: string[];
  }): Promise<ClaimedJob[]> {
    const { workerId, now, leaseMs, limit, types, excludeTypes } = options;
    const runnable = (q: Knex.QueryBuilder) =>
      q
        .where(w => w.where('status', 'pending').where('run_after', '<=', now))
        .orWhere(w =>
          w.where('status', 'running').where('locked_until', '<', now),
        );

    const candidates = await this.knex(`${JOBS} as j`)
      .select('j.id')
      .where(q => runnable(q))
      .modify(q => {
        if (types) q.whereIn('j.type', types);
        if (excludeTypes?.length) q.whereNotIn('j.type', excludeTypes);
      })
      .whereNotExists(q =>
        q
          .select(this.knex.raw('1'))
          .from(`${JOBS} as earlier`)
          .whereRaw('earlier.chain = j.chain')
          .whereRaw('earlier.id < j.id')
          .whereIn('earlier.status', ['pending', 'running']),
      )
      .orderBy('j.id')
      .limit(limit * 2);

    const claimed: ClaimedJob[] = [];
    for (const { id } of candidates) {
      if (claimed.length >= limit) break;
      const count = await this.knex(JOBS)
        .where({ id })
        .where(q => runnable(q))
        .update({
          status: 'running',
          locked_by: workerId,
          locked_until: new Date(now.getTime() + leaseMs),
          attempts: this.knex.raw('attempts + 1'),
          updated_at: now,
        });
      if (count === 1) {
        const row = await this.knex(JOBS).where({ id }).first();
        claimed.push(toJobInfo(row));
      }
    }
    return claimed;
  }

  /** Marks a held job done; false when the lease was lost to another worker. */
  async complete(
    db: Db,
    id: string,
    workerId: string,
    now: Date,
  ): Promise<boolean> {
    const count = await db(JOBS)
      .where({ id, status: 'running', locked_by: workerId })
      .update({
        status: 'done',
        locked_by: null,
        locked_until: null,
        last_error: null,
        updated_at: now,
      });
    return count === 1;
  }

  /**
   * Extends the lease of a held job (the heartbeat of the worker running it); false when
   * the lease was lost to another worker.
   */
  async renew(
    id: string,
    workerId: string,
    leaseMs: number,
    now: Date,
  ): Promise<boolean> {
    const count = await this.knex(JOBS)
      .where({ id, status: 'running', locked_by: workerId })
      .update({ locked_until: new Date(now.getTime() + leaseMs) });
    return count === 1;
  }

  /**
   * Records what of a held job's side effect is done, so that a later attempt does not do
   * it again; false when the lease was lost.
   */
  async recordProgress(
    id: string,
    workerId: string,
    progress: JsonObject,
    now: Date,
  ): Promise<boolean> {
    const count = await this.knex(JOBS)
      .where({ id, status: 'running', locked_by: workerId })
      .update({ progress: JSON.stringify(progress), updated_at: now });
    return count === 1;
  }

  /** Puts a held job back to run again after `runAfter`. */
  async retryLater(
    id: string,
    workerId: string,
    runAfter: Date,
    error: string,
    now: Date,
    db: Db = this.knex,
  ): Promise<boolean> {
    const count = await db(JOBS)
      .where({ id, status: 'running', locked_by: workerId })
      .update({
        status: 'pending',
        run_after: runAfter,
        locked_by: null,
        locked_until: null,
        last_error: error,
        updated_at: now,
      });
    return count === 1;
  }

  /** Marks a held job failed for good. */
  async fail(
    db: Db,
    id: string,
    workerId: string,
    error: string,
    now: Date,
  ): Promise<boolean> {
    const count = await db(JOBS)
      .where({ id, status: 'running', locked_by: workerId })
      .update({
        status: 'failed',
        locked_by: null,
        locked_until: null,
        last_error: error,
        updated_at: now,
      });
    return count === 1;
  }

  /** Puts a failed job back in the queue, with a fresh count of attempts. */
  async requeue(db: Db, id: string, now: Date): Promise<boolean> {
    const count = await db(JOBS).where({ id, status: 'failed' }).update({
      status: 'pending',
      attempts: 0,
      run_after: now,
      updated_at: now,
    });
    return count === 1;
  }

  async get(id: string): Promise<JobInfo | undefined> {
    const row = await this.knex(JOBS).where({ id }).first();
    return row ? toJobInfo(row) : undefined;
  }

  async list(filter: {
    statuses?: string[];
    requestId?: string;
    grantId?: string;
    /** Only jobs older than this one (paging). */
    beforeId?: number;
    limit?: number;
  }): Promise<JobInfo[]> {
    const q = this.knex(JOBS).select('*');
    if (filter.statuses) q.whereIn('status', filter.statuses);
    if (filter.beforeId !== undefined) q.where('id', '<', filter.beforeId);
    if (filter.requestId) q.where('request_id', filter.requestId);
    if (filter.grantId) q.where('grant_id', filter.grantId);
    q.orderBy('id', 'desc').limit(filter.limit ?? 200);
    return (await q).map(toJobInfo);
  }
}
