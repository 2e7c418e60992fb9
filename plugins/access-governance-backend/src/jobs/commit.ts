import { Knex } from 'knex';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { DatabaseJobQueue, JobSpec } from './DatabaseJobQueue';

export type Enqueue = (specs: JobSpec[]) => Promise<void>;

/** What writing state with its jobs needs. */
export interface CommitOptions {
  store: DatabaseAccessStore;
  queue: DatabaseJobQueue;
  /** Called after a commit that enqueued jobs. */
  onJobsEnqueued: () => void;
  now: () => Date;
}

/**
 * Runs a state change in one transaction together with the jobs it calls for, then tells
 * the job runner that there is work.
 */
export async function commitWithJobs<T>(
  options: CommitOptions,
  fn: (tx: Knex.Transaction, enqueue: Enqueue) => Promise<T>,
): Promise<T> {
  let enqueued = false;
  const result = await options.store.transaction(async tx =>
    fn(tx, async specs => {
      if (specs.length === 0) return;
      enqueued = true;
      await options.queue.enqueue(tx, specs, options.now());
    }),
  );
  if (enqueued) options.onJobsEnqueued();
  return result;
}

/** An audit event to append; what it does not name is null or empty. */
export interface AuditEntry {
  entityRef: string;
  type: string;
  actor: string;
  requestId?: string | null;
  grantId?: string | null;
  details?: Record<string, unknown>;
}

/** Appends an audit event in a transaction. */
export function appendAudit(
  store: DatabaseAccessStore,
  tx: Knex.Transaction,
  event: AuditEntry,
  now: Date,
): Promise<void> {
  return store.appendAudit(
    tx,
    {
      entityRef: event.entityRef,
      type: event.type,
      actor: event.actor,
      requestId: event.requestId ?? null,
      grantId: event.grantId ?? null,
      details: event.details ?? {},
    },
    now,
  );
}

/** Writes state for a service: commits with jobs, appends audit events, tells the time. */
export class StateWriter {
  constructor(private readonly options: CommitOptions) {}

  now(): Date {
    return this.options.now();
  }

  commit<T>(
    fn: (tx: Knex.Transaction, enqueue: Enqueue) => Promise<T>,
  ): Promise<T> {
    return commitWithJobs(this.options, fn);
  }

  audit(tx: Knex.Transaction, event: AuditEntry): Promise<void> {
    return appendAudit(this.options.store, tx, event, this.options.now());
  }

  /** Tells the job runner that there is work (after a write that queued jobs directly). */
  jobsEnqueued(): void {
    this.options.onJobsEnqueued();
  }
}
