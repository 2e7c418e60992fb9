import { JsonObject } from '@backstage/types';
import { SideEffectError } from '@accessgov/plugin-access-governance-node';
import { Knex } from 'knex';
import { RequestRecord } from '../database/types';
import { RecordStep } from '../jobs/catalogue';
import { JobHandlers } from '../jobs/registry';
import { recordMessages } from '../messages';
import { HandlerContext } from './context';

/** Transition names of the default workflow; each can be renamed in configuration. */
export const DEFAULT_TRANSITIONS: Record<RecordStep, string> = {
  approved: 'Approve',
  granted: 'Grant',
  rejected: 'Reject',
  cancelled: 'Cancel',
  failed: 'Fail',
  ended: 'Close',
};

/** The structured request stored on its record. */
function requestProperty(request: RequestRecord): JsonObject {
  return {
    requestId: request.id,
    correlationKey: request.id,
    entityRef: request.entityRef,
    roleId: request.roleId,
    requester: request.requester,
    duration: request.duration,
    status: request.status,
    groups: request.groups,
    provider: request.provider,
    grantId: request.grantId,
    approvals: request.approvals.map(a => ({ ...a })),
    failure: request.failure,
    createdAt: request.createdAt.toISOString(),
    updatedAt: request.updatedAt.toISOString(),
  };
}

/**
 * The handlers that write a request's record: opened once (found by correlation key
 * first, so a crash never opens two), then comments, transitions and the property.
 */
export function recordHandlers(
  context: HandlerContext,
): Pick<JobHandlers, 'record.open' | 'record.update'> {
  const { options } = context;
  return {
    'record.open': {
      async run({ requestId }, job) {
        const { records, directory, store } = options;
        if (!records) return undefined;
        const request = await context.request(requestId);
        if (request.jiraKey) return undefined;
        const [requester, appTitle] = await Promise.all([
          directory.getUser(request.requester),
          directory.getEntityTitle(request.entityRef),
        ]);
        const record = await records.ensureRecord(
          {
            correlationKey: request.id,
            summary: recordMessages.requestSummary(
              requester.displayName,
              request,
              appTitle,
            ),
            description: recordMessages.requestDescription({
              requesterName: requester.displayName,
              request,
              appTitle,
              appBaseUrl: options.appBaseUrl,
            }),
            labels: ['access-request'],
            property: requestProperty(request),
          },
          { firstAttempt: job.firstAttempt },
        );
        return async (tx: Knex.Transaction) => {
          await store.setRecordKey(tx, request.id, record.key);
          await store.appendAudit(
            tx,
            {
              entityRef: request.entityRef,
              type: 'record-opened',
              actor: 'system',
              requestId: request.id,
              grantId: request.grantId,
              details: { jiraKey: record.key, url: record.url },
            },
            options.now(),
          );
        };
      },
    },
    'record.update': {
      async run(payload, job) {
        const { records, transitions, logger } = options;
        if (!records) return;
        const request = await context.request(payload.requestId);
        if (!request.jiraKey) {
          throw new SideEffectError(
            `Request ${request.id} has no record to write to (opening it failed)`,
            { retryable: false },
          );
        }
        // What an earlier attempt wrote is remembered with the job, so a comment is never
        // looked for on the record unless an attempt may have written it unrecorded.
        if (payload.comment && !job.progress?.commented) {
          await records.addComment(
            request.jiraKey,
            payload.comment,
            `job-${job.id}`,
            { firstAttempt: job.firstAttempt },
          );
          await context.recordProgress(job, { commented: true });
        }
        const step = payload.transition;
        if (step) {
          const name = transitions[step] ?? DEFAULT_TRANSITIONS[step];
          const result = await records.transition(request.jiraKey, name);
          if (result === 'skipped') {
            logger.info(
              `Record ${request.jiraKey}: transition "${name}" is not available; skipped`,
            );
          }
        }
        await records.setProperty(request.jiraKey, requestProperty(request));
      },
    },
  };
}
