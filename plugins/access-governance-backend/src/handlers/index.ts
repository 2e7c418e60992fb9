import { createJobRegistry, JobHandlers } from '../jobs/registry';
import { JobHandler } from '../jobs/JobRunner';
import { HandlerContext, JobHandlerOptions } from './context';
import { notificationHandlers } from './notifications';
import { provisioningHandlers } from './provisioning';
import { recordHandlers } from './record';
import { reviewHandlers } from './reviews';
import { bundleHandlers } from './bundles';

export type { JobHandlerOptions } from './context';

/**
 * The job handlers: every IdP change, record write and notification the backend makes,
 * by stored job type. Each handler is safe to run again after a crash: IdP calls are
 * idempotent, records are found by correlation key before one is opened, and comments
 * carry their event id.
 */
export function createJobHandlers(
  options: JobHandlerOptions,
  outbox: Pick<JobHandlers, 'event.publish' | 'webhook.deliver'>,
): Record<string, JobHandler> {
  const context = new HandlerContext(options);
  return createJobRegistry({
    ...recordHandlers(context),
    ...provisioningHandlers(context),
    ...notificationHandlers(context),
    ...reviewHandlers(context),
    ...outbox,
    ...bundleHandlers(context),
  });
}
