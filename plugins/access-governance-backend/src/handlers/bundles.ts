import { SideEffectError } from '@accessgov/plugin-access-governance-node';
import { Knex } from 'knex';
import { RequestRecord } from '../database/types';
import { HandlerContext } from './context';
import { JobHandlers } from '../jobs/registry';
import { withNames } from '../messages';
import { BundleStore } from '../bundles/BundleStore';
import { bundleMessages } from '../bundles/messages';

/**
 * The handler that opens a bundle's parent record once every role's own record exists,
 * lists the roles' issues in it, and names the parent on each of them.
 */
export function bundleHandlers(
  context: HandlerContext,
): Pick<JobHandlers, 'bundle.record'> {
  const { options } = context;
  const bundles = new BundleStore(options.store.knex);
  return {
    'bundle.record': {
      async run({ bundleRequestId }, job) {
        const { records, directory } = options;
        if (!records) return undefined;
        const ask = await bundles.get(bundleRequestId);
        if (!ask) {
          throw new SideEffectError(
            `Bundle request ${bundleRequestId} does not exist`,
            {
              retryable: false,
            },
          );
        }
        const requests: RequestRecord[] = [];
        for (const id of ask.requestIds)
          requests.push(await context.request(id));
        if (requests.some(r => !r.jiraKey)) {
          throw new SideEffectError(
            'Waiting for the records of the bundle’s roles to be opened',
            { retryable: true, retryAfterMs: 500 },
          );
        }
        const title = await directory.getEntityTitle(ask.bundleRef);
        const record = await records.ensureRecord({
          correlationKey: `bundle-${ask.id}`,
          summary: await withNames(
            bundleMessages.summary(title, ask),
            directory,
          ),
          description: await withNames(
            bundleMessages.description(title, ask, requests, key =>
              records.recordUrl(key),
            ),
            directory,
          ),
          labels: ['access-request', 'access-bundle'],
          property: {
            bundleRequestId: ask.id,
            correlationKey: `bundle-${ask.id}`,
            bundleRef: ask.bundleRef,
            requester: ask.requester,
            duration: ask.duration,
            requests: requests.map(r => ({
              requestId: r.id,
              entityRef: r.entityRef,
              roleId: r.roleId,
              jiraKey: r.jiraKey,
            })),
          },
        });
        for (const request of requests) {
          await records.addComment(
            request.jiraKey!,
            bundleMessages.childComment(title, record.key, requests.length),
            `bundle-${ask.id}-${job.id}`,
          );
        }
        return async (tx: Knex.Transaction) => {
          await bundles.setRecordKey(tx, ask.id, record.key);
        };
      },
    },
  };
}
