import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { Knex } from 'knex';
import { jobs } from '../jobs/catalogue';
import { DatabaseJobQueue } from '../jobs/DatabaseJobQueue';
import { JobHandlers } from '../jobs/registry';
import { buildEventPayload, EventPayloadOptions } from './payload';
import { ACCESS_GOVERNANCE_TOPIC } from './types';
import { deliver, WebhookConfig } from './webhooks';

export interface EventHandlerOptions extends EventPayloadOptions {
  queue: DatabaseJobQueue;
  /** Without it, events go to the webhooks only. */
  events?: EventsService;
  webhooks: WebhookConfig[];
  logger: LoggerService;
  now: () => Date;
  /** Called once deliveries are committed to the queue. */
  onJobsEnqueued: () => void;
}

/** The event types a webhook receives. */
function wants(webhook: WebhookConfig, type: string): boolean {
  return (
    webhook.events.length === 0 || (webhook.events as string[]).includes(type)
  );
}

/**
 * The outbox: each published audit event goes to the events service, then to every
 * webhook that wants it, one delivery job each, queued with the publication's completion.
 * A crash before that completion publishes the event again under the same id.
 */
export function eventHandlers(
  options: EventHandlerOptions,
): Pick<JobHandlers, 'event.publish' | 'webhook.deliver'> {
  return {
    'event.publish': {
      async run(entry, job) {
        const payload = await buildEventPayload(entry, options);
        if (!payload) return undefined;
        await options.events?.publish({
          topic: ACCESS_GOVERNANCE_TOPIC,
          eventPayload: payload,
          metadata: { type: payload.type, id: payload.id },
        });
        const targets = options.webhooks.filter(w => wants(w, payload.type));
        if (targets.length === 0) return undefined;
        const body = JSON.stringify(payload);
        return async (tx: Knex.Transaction) => {
          await options.queue.enqueue(
            tx,
            targets.map(webhook =>
              jobs.webhookDelivery(
                {
                  webhook: webhook.id,
                  eventId: payload.id,
                  eventType: payload.type,
                  body,
                },
                job.chain,
              ),
            ),
            options.now(),
          );
          tx.executionPromise.then(options.onJobsEnqueued, () => undefined);
        };
      },
    },
    'webhook.deliver': {
      async run(delivery) {
        const webhook = options.webhooks.find(w => w.id === delivery.webhook);
        if (!webhook) {
          options.logger.info(
            `Dropped event ${delivery.eventId} for webhook ${delivery.webhook}: it is no longer configured`,
          );
          return;
        }
        await deliver({
          webhook,
          body: delivery.body,
          eventType: delivery.eventType,
          eventId: delivery.eventId,
          now: options.now(),
        });
      },
    },
  };
}
