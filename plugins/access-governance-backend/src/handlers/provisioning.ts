import { durationToMillis } from '@accessgov/plugin-access-governance-common';
import { SideEffectError } from '@accessgov/plugin-access-governance-node';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { GrantRecord } from '../database/types';
import { jobs, RemovalSpec } from '../jobs/catalogue';
import { JobSpec } from '../jobs/DatabaseJobQueue';
import { JobHandlers } from '../jobs/registry';
import { recordMessages } from '../messages';
import { HandlerContext } from './context';

/**
 * The handlers that change IdP membership: provisioning an approved request, and removing
 * what an ended grant (or a review) takes away. IdP calls are idempotent, so a handler is
 * safe to run again after a crash.
 */
export function provisioningHandlers(
  context: HandlerContext,
): Pick<JobHandlers, 'idp.provision' | 'idp.remove'> {
  const { options } = context;

  /** Groups that another active grant (or a request being provisioned) of the user still gives. */
  async function groupsStillNeeded(removal: RemovalSpec): Promise<Set<string>> {
    const [grants, requests] = await Promise.all([
      options.store.listGrants({
        user: removal.user,
        statuses: ['active'],
        provider: removal.provider,
      }),
      options.store.listRequests({
        requester: removal.user,
        statuses: ['approved'],
      }),
    ]);
    const needed = new Set<string>();
    for (const grant of grants) {
      if (grant.id === removal.grantId) continue;
      grant.groups.forEach(g => needed.add(g));
    }
    for (const request of requests) {
      if (
        request.id === removal.requestId ||
        request.provider !== removal.provider
      )
        continue;
      request.groups.forEach(g => needed.add(g));
    }
    return needed;
  }

  return {
    'idp.provision': {
      async run({ requestId }) {
        const { store, now } = options;
        const request = await context.request(requestId);
        if (request.status !== 'approved') return undefined;
        const provider = context.provider(request.provider);
        const idpUser = await context.resolveIdpUser(
          provider,
          request.requester,
        );
        const changes: string[] = [];
        for (const name of request.groups) {
          const group = await provider.resolveGroup(name);
          if (!group) {
            throw new SideEffectError(
              `Group ${name} does not exist in ${provider.id}`,
              {
                retryable: false,
              },
            );
          }
          await provider.addMember(group.id, idpUser.id);
          changes.push(
            recordMessages.added(idpUser, provider.id, group, now()),
          );
        }
        return async (tx: Knex.Transaction) => {
          const grantedAt = now();
          // The record may have been opened while the IdP calls ran.
          const jiraKey = await store.lockRequestRecordKey(tx, request.id);
          const grant: GrantRecord = {
            id: randomUUID(),
            entityRef: request.entityRef,
            roleId: request.roleId,
            user: request.requester,
            groups: request.groups,
            provider: request.provider,
            requestId: request.id,
            jiraKey,
            status: 'active',
            grantedAt,
            expiresAt: request.duration
              ? new Date(
                  grantedAt.getTime() + durationToMillis(request.duration),
                )
              : null,
            endedAt: null,
            endReason: null,
            removal: null,
            remindedAt: null,
            reclaimWarnedAt: null,
          };
          const moved = await store.updateRequest(
            tx,
            request.id,
            ['approved'],
            { status: 'granted', grantId: grant.id },
            grantedAt,
          );
          if (!moved) return;
          await store.insertGrant(tx, grant);
          await store.appendAudit(
            tx,
            {
              entityRef: request.entityRef,
              type: 'access-granted',
              actor: 'system',
              requestId: request.id,
              grantId: grant.id,
              details: {
                provider: provider.id,
                idpUserId: idpUser.id,
                groups: request.groups,
                expiresAt: grant.expiresAt
                  ? grant.expiresAt.toISOString()
                  : null,
              },
            },
            grantedAt,
          );
          await context.enqueue(tx, [
            jobs.recordUpdate(request.id, {
              comment: [
                ...changes,
                recordMessages.grantedComment(request, grant),
              ].join('\n'),
              transition: 'granted',
            }),
            jobs.notify({
              recipients: [request.requester],
              ...recordMessages.granted(request, grant),
            }),
          ]);
        };
      },

      async onFailure({ requestId }, job, error, tx) {
        const { store, now } = options;
        const request = await store.getRequest(requestId, tx);
        if (!request) return;
        const failure = recordMessages.provisioningFailure(
          job.attempts,
          error.message,
        );
        const moved = await store.updateRequest(
          tx,
          request.id,
          ['approved'],
          { status: 'failed', failure },
          now(),
        );
        if (!moved) return;
        await store.appendAudit(
          tx,
          {
            entityRef: request.entityRef,
            type: 'provisioning-failed',
            actor: 'system',
            requestId: request.id,
            grantId: null,
            details: { error: error.message, attempts: job.attempts },
          },
          now(),
        );
        const specs: JobSpec[] = [
          jobs.recordUpdate(request.id, {
            comment: recordMessages.provisioningFailedComment(failure),
            transition: 'failed',
          }),
          jobs.notify({
            recipients: [request.requester],
            ...recordMessages.provisioningFailed(request, failure),
          }),
        ];
        if (request.provider && request.groups.length > 0) {
          // Groups added before the failure are taken back, unless another grant needs them.
          specs.push(
            jobs.remove({
              user: request.requester,
              provider: request.provider,
              groups: request.groups,
              reason: 'provisioning failed',
              requestId: request.id,
              entityRef: request.entityRef,
            }),
          );
        }
        await context.enqueue(tx, specs);
      },
    },

    'idp.remove': {
      async run(removal) {
        const { store, now } = options;
        const provider = context.provider(removal.provider);
        const needed = await groupsStillNeeded(removal);
        const lines: string[] = [];
        const removed: string[] = [];
        const kept = removal.groups.filter(g => needed.has(g));
        const toRemove = removal.groups.filter(g => !needed.has(g));
        if (toRemove.length > 0) {
          const idpUser = removal.idpUserId
            ? { id: removal.idpUserId, email: undefined, login: undefined }
            : await context.resolveIdpUser(provider, removal.user);
          for (const name of toRemove) {
            const group = await provider.resolveGroup(name);
            if (!group) {
              lines.push(recordMessages.groupGone(name, provider.id));
              continue;
            }
            await provider.removeMember(group.id, idpUser.id);
            removed.push(name);
            lines.push(
              recordMessages.removed({
                user: idpUser,
                fallback: removal.user,
                provider: provider.id,
                group,
                at: now(),
                reason: removal.reason,
              }),
            );
          }
        }
        for (const name of kept) {
          lines.push(recordMessages.kept(provider.id, name, removal.user));
        }
        return async (tx: Knex.Transaction) => {
          if (removal.grantId) {
            await store.updateGrant(
              tx,
              removal.grantId,
              ['expired', 'revoked'],
              { removal: 'done' },
            );
          }
          await store.appendAudit(
            tx,
            {
              entityRef: removal.entityRef,
              type: 'access-removed',
              actor: 'system',
              requestId: removal.requestId ?? null,
              grantId: removal.grantId ?? null,
              details: {
                provider: provider.id,
                user: removal.user,
                removed,
                kept,
                reason: removal.reason,
              },
            },
            now(),
          );
          if (removal.requestId && lines.length > 0) {
            await context.enqueue(tx, [
              jobs.recordUpdate(removal.requestId, {
                comment: lines.join('\n'),
                transition: removal.grantId ? 'ended' : undefined,
              }),
            ]);
          } else if (removal.reviewId && lines.length > 0) {
            await context.enqueue(tx, [
              jobs.reviewRecord(removal.reviewId, {
                comment: lines.join('\n'),
              }),
            ]);
          }
        };
      },

      async onFailure(removal, job, error, tx) {
        const { store, now } = options;
        if (removal.grantId) {
          await store.updateGrant(tx, removal.grantId, ['expired', 'revoked'], {
            removal: 'failed',
          });
        }
        await store.appendAudit(
          tx,
          {
            entityRef: removal.entityRef,
            type: 'removal-failed',
            actor: 'system',
            requestId: removal.requestId ?? null,
            grantId: removal.grantId ?? null,
            details: {
              error: error.message,
              attempts: job.attempts,
              groups: removal.groups,
            },
          },
          now(),
        );
        const specs: JobSpec[] = [];
        const evidence = recordMessages.removalFailedEvidence({
          user: removal.user,
          groups: removal.groups,
          provider: removal.provider,
          attempts: job.attempts,
          error: error.message,
        });
        if (removal.requestId) {
          specs.push(
            jobs.recordUpdate(removal.requestId, { comment: evidence }),
          );
        } else if (removal.reviewId) {
          specs.push(
            jobs.reviewRecord(removal.reviewId, { comment: evidence }),
          );
        }
        await context.enqueue(tx, specs);
      },
    },
  };
}
