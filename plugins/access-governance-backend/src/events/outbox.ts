import { randomUUID } from 'node:crypto';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { jobs } from '../jobs/catalogue';
import { DatabaseJobQueue } from '../jobs/DatabaseJobQueue';
import { isPublished } from './mapping';

/**
 * Queues a publication job with every audit event that is a lifecycle event, in the
 * transaction that appends it: the event is published once the change is committed, and
 * is never lost to a crash in between.
 */
export function queueEventPublication(options: {
  store: DatabaseAccessStore;
  queue: DatabaseJobQueue;
  onJobsEnqueued: () => void;
}): void {
  const { store, queue } = options;
  store.onAuditAppended(async (tx, event, now) => {
    if (!isPublished(event)) return;
    const at = event.createdAt ?? now;
    await queue.enqueue(
      tx,
      [
        jobs.publishEvent({
          eventId: randomUUID(),
          auditType: event.type,
          entityRef: event.entityRef,
          actor: event.actor,
          requestId: event.requestId,
          grantId: event.grantId,
          details: JSON.parse(JSON.stringify(event.details ?? {})),
          occurredAt: at.toISOString(),
        }),
      ],
      now,
    );
  });
  store.onAuditCommitted(event => {
    if (isPublished(event)) options.onJobsEnqueued();
  });
}
