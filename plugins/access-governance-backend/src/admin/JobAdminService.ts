import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { decodeCursor, encodeCursor } from '../database/cursor';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { StateWriter } from '../jobs/commit';
import { DatabaseJobQueue, JobInfo } from '../jobs/DatabaseJobQueue';
import { AccessPolicy, Actor } from '../policy/AccessPolicy';
import { RequestFulfilment } from '../requests/RequestFulfilment';

export interface JobAdminServiceOptions {
  store: DatabaseAccessStore;
  queue: DatabaseJobQueue;
  writer: StateWriter;
  policy: AccessPolicy;
  fulfilment: RequestFulfilment;
}

/** Background jobs, for administrators: what failed and why, and retrying them. */
export class JobAdminService {
  constructor(private readonly options: JobAdminServiceOptions) {}

  private async assertAdmin(actor: Actor) {
    if (!(await this.options.policy.isAdmin(actor))) {
      throw new NotAllowedError(
        'Only administrators can see and retry background jobs',
      );
    }
  }

  /** A page of jobs, newest first. */
  async listJobs(
    query: { status?: string[] },
    actor: Actor,
    page: { cursor?: string; limit: number } = { limit: 100 },
  ) {
    await this.assertAdmin(actor);
    const after = decodeCursor('jobs', page.cursor);
    const rows = await this.options.queue.list({
      statuses: query.status,
      beforeId: after ? Number(after.id) : undefined,
      limit: page.limit + 1,
    });
    const items = rows.slice(0, page.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(job => this.dto(job)),
      nextCursor:
        rows.length > page.limit
          ? encodeCursor('jobs', { value: 0, id: Number(last.id) })
          : null,
    };
  }

  private dto(job: JobInfo) {
    return {
      id: job.id,
      type: job.type,
      status: job.status,
      attempts: job.attempts,
      lastError: job.lastError,
      requestId: job.requestId,
      grantId: job.grantId,
      createdAt: job.createdAt.toISOString(),
      updatedAt: job.updatedAt.toISOString(),
      runAfter: job.runAfter.toISOString(),
    };
  }

  /** Puts a failed job back in the queue; a failed provisioning retries its request. */
  async retryJob(id: string, actor: Actor) {
    const { queue, store, writer } = this.options;
    await this.assertAdmin(actor);
    const job = await queue.get(id);
    if (!job) throw new NotFoundError(`No job ${id}`);
    if (job.status !== 'failed') {
      throw new ConflictError(
        `Only failed jobs can be retried; this one is ${job.status}`,
      );
    }
    if (job.type === 'idp.provision' && job.requestId) {
      await this.options.fulfilment.retry(job.requestId, actor);
      return { id, status: 'superseded' as const };
    }
    await store.transaction(async tx => {
      if (!(await queue.requeue(tx, id, writer.now()))) {
        throw new ConflictError('The job changed meanwhile; reload it');
      }
      // The grant's failed removal is pending again (an ending grant stays active).
      const grant = job.grantId
        ? await store.getGrant(job.grantId, tx)
        : undefined;
      if (grant?.removal === 'failed') {
        await store.updateGrant(tx, grant.id, [grant.status], {
          removal: 'pending',
        });
      }
    });
    writer.jobsEnqueued();
    return { id, status: 'pending' as const };
  }
}
