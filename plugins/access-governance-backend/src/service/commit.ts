import { Knex } from 'knex';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { DatabaseJobQueue, JobSpec } from '../jobs/DatabaseJobQueue';

export type Enqueue = (specs: JobSpec[]) => Promise<void>;

/**
 * Runs a state change in one transaction together with the jobs it calls for, then tells
 * the job runner that there is work.
 */
export async function commitWithJobs<T>(
  options: {
    store: DatabaseAccessStore;
    queue: DatabaseJobQueue;
    onJobsEnqueued: () => void;
    now: () => Date;
  },
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
