import { JsonObject } from '@backstage/types';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AccessRecordSystem,
  SideEffectError,
} from '@accessgov/plugin-access-governance-node';
import { Knex } from 'knex';
import {
  grantEndKindOf,
  requestState,
  requestStateLabel,
} from '@accessgov/plugin-access-governance-common';
import { GrantRecord, RequestRecord } from '../database/types';
import { RecordStep } from '../jobs/catalogue';
import { JobHandlers } from '../jobs/registry';
import { recordMessages, withNames } from '../messages';
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

/**
 * Moves a record by the transition configured for a step (by name, any case). When the
 * record has no such transition from its status, says which step and name were wanted.
 */
export async function moveRecord(
  options: {
    records: AccessRecordSystem;
    transitions: Partial<Record<RecordStep, string>>;
    logger: LoggerService;
  },
  key: string,
  step: RecordStep,
): Promise<'done' | 'skipped'> {
  const name = options.transitions[step] ?? DEFAULT_TRANSITIONS[step];
  const result = await options.records.transition(key, name);
  if (result === 'skipped') {
    options.logger.warn(
      `Record ${key} was not moved for "${step}": transition "${name}" (accessGovernance.jira.transitions.${step}) is not available from its status`,
    );
  }
  return result;
}

/**
 * The structured request stored on its record. `status` is where the request stands, its
 * grant included (`granted`, then `expired`, `given-back`, `revoked`, `review` or
 * `inactivity` once the grant ends); `requestStatus` is the request's own status.
 */
export function requestProperty(
  request: RequestRecord,
  grant?: GrantRecord | null,
): JsonObject {
  return {
    requestId: request.id,
    correlationKey: request.id,
    entityRef: request.entityRef,
    roleId: request.roleId,
    requester: request.requester,
    requestedBy: request.requestedBy ?? null,
    breakGlass: request.breakGlass ?? false,
    duration: request.duration,
    status: requestState(request, grant),
    statusLabel: requestStateLabel(request, grant),
    requestStatus: request.status,
    grant: grant
      ? {
          id: grant.id,
          status: grant.status,
          endKind: grant.endKind ?? grantEndKindOf(grant),
          grantedAt: grant.grantedAt.toISOString(),
          expiresAt: grant.expiresAt?.toISOString() ?? null,
          endedAt: grant.endedAt?.toISOString() ?? null,
          removal: grant.removal,
        }
      : null,
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
  const grantOf = async (request: RequestRecord) =>
    request.grantId
      ? ((await options.store.getGrant(request.grantId)) ?? null)
      : null;
  return {
    'record.open': {
      async run({ requestId, via }, job) {
        const { records, directory, store } = options;
        if (!records) return undefined;
        const request = await context.request(requestId);
        if (request.jiraKey) return undefined;
        const [summary, description] = await Promise.all([
          withNames(recordMessages.requestSummary(request), directory),
          withNames(
            recordMessages.requestDescription({
              request,
              appBaseUrl: options.appBaseUrl,
              via,
            }),
            directory,
          ),
        ]);
        const record = await records.ensureRecord(
          {
            correlationKey: request.id,
            summary,
            description,
            labels: [
              'access-request',
              ...(via ? ['requested-through-action'] : []),
              ...(request.breakGlass ? ['break-glass'] : []),
            ],
            property: requestProperty(request, await grantOf(request)),
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
        const { records, transitions, logger, directory } = options;
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
          await context.commentOnce(
            records,
            job,
            request.jiraKey,
            await withNames(payload.comment, directory),
          );
        }
        const step = payload.transition;
        if (step) {
          await moveRecord(
            { records, transitions, logger },
            request.jiraKey,
            step,
          );
        }
        await records.setProperty(
          request.jiraKey,
          requestProperty(request, await grantOf(request)),
        );
      },
    },
  };
}
