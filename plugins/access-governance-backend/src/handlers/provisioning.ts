import {
  grantStatusAfterEnd,
  isGrantEnding,
} from '@accessgov/plugin-access-governance-common';
import {
  IdentityProvider,
  IdpGroup,
  SideEffectError,
} from '@accessgov/plugin-access-governance-node';
import { Knex } from 'knex';
import { grantFor } from '../database/grantFor';
import { jobs, RemovalSpec } from '../jobs/catalogue';
import { appendAudit } from '../jobs/commit';
import { ClaimedJob, JobSpec } from '../jobs/DatabaseJobQueue';
import { JobHandlers } from '../jobs/registry';
import { GrantRecord } from '../database/types';
import { failureText, grantMessages, recordMessages } from '../messages';
import { answerLost, HandlerContext } from './context';
import { RemovalFollowUps } from './removals';

/**
 * The handlers that change IdP membership: provisioning an approved request, and removing
 * what an ended grant (or a review) takes away. IdP calls are idempotent, so a handler is
 * safe to run again after a crash.
 */
export function provisioningHandlers(
  context: HandlerContext,
): Pick<JobHandlers, 'idp.provision' | 'idp.remove'> {
  const { options } = context;

  /**
   * Adds or removes a member; when the call's answer was lost (a timeout, a dropped
   * connection) the membership is read back from the IdP: the change counts as done when
   * the membership is as wanted, else the error stands and the job tries again. A job
   * tried again (after a lost answer or a crash) reads the membership first and makes no
   * call when it is as wanted already.
   */
  async function changeMembership(
    provider: IdentityProvider,
    change: 'add' | 'remove',
    groupId: string,
    userId: string,
    job: ClaimedJob,
  ): Promise<void> {
    if (!job.firstAttempt && provider.isMember) {
      const member = await provider
        .isMember(groupId, userId)
        .catch(() => undefined);
      if (member === (change === 'add')) return;
    }
    try {
      if (change === 'add') await provider.addMember(groupId, userId);
      else await provider.removeMember(groupId, userId);
    } catch (error) {
      if (!answerLost(error) || !provider.isMember) throw error;
      const member = await provider
        .isMember(groupId, userId)
        .catch(() => undefined);
      if (member !== (change === 'add')) throw error;
      options.logger.info(
        `${provider.id}: the answer to ${change === 'add' ? 'adding' : 'removing'} ${userId} ${change === 'add' ? 'to' : 'from'} group ${groupId} was lost; the membership read back is as wanted`,
      );
    }
  }

  /**
   * Changes a membership by group name, with the group's id as known (stored on the grant)
   * or cached. When the IdP does not know that id any more the name is looked up once more
   * and the change made with the id found. Undefined when the group does not exist.
   */
  async function changeInGroup(
    provider: IdentityProvider,
    name: string,
    knownId: string | undefined,
    change: (groupId: string) => Promise<void>,
  ): Promise<IdpGroup | undefined> {
    const group: IdpGroup | undefined = knownId
      ? { id: knownId, name }
      : await context.groupIds.resolve(provider, name);
    if (!group) return undefined;
    try {
      await change(group.id);
      return group;
    } catch (error) {
      if (!(error instanceof SideEffectError) || error.status !== 404) {
        throw error;
      }
      context.groupIds.forget(provider.id, name);
      const fresh = await context.groupIds.resolve(provider, name);
      if (!fresh) return undefined;
      if (fresh.id === group.id) throw error;
      await change(fresh.id);
      return fresh;
    }
  }

  /** The IdP user of a removal: as stored on the grant or the job, else looked up. */
  async function removalUser(
    removal: RemovalSpec,
    storedId: string | null | undefined,
  ) {
    const provider = context.provider(removal.provider);
    const id = removal.idpUserId ?? storedId;
    if (!id) return context.resolveIdpUser(provider, removal.user);
    // The name in the evidence comes from the catalog, not from another IdP call.
    const email = await options.directory
      .getUser(removal.user)
      .then(user => user.email)
      .catch(() => undefined);
    return { id, email, login: undefined };
  }

  const followUps = new RemovalFollowUps(context);

  async function groupsStillNeeded(removal: RemovalSpec): Promise<Set<string>> {
    const [grants, requests] = await Promise.all([
      // An ending grant needs nothing: its own removal is under way.
      options.store.listGrants({
        user: removal.user,
        statuses: ['active'],
        provider: removal.provider,
        ending: false,
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

  /**
   * Marks the grant's removal done or failed, with its audit event. A done removal ends
   * an ending grant: it is `expired` or `revoked` from now on. Answers the grant when this
   * call ended it.
   */
  async function recordRemoval(
    tx: Knex.Transaction,
    removal: RemovalSpec,
    outcome: 'done' | 'failed',
    type: string,
    details: Record<string, unknown>,
  ): Promise<GrantRecord | undefined> {
    let ended: GrantRecord | undefined;
    const grant =
      removal.grantId && !removal.confirm
        ? await options.store.getGrant(removal.grantId, tx)
        : undefined;
    if (grant && grant.removal !== 'done') {
      const ending = isGrantEnding(grant);
      const status =
        ending && outcome === 'done'
          ? grantStatusAfterEnd(grant.endKind)
          : grant.status;
      const moved = await options.store.updateGrant(
        tx,
        grant.id,
        [grant.status],
        { status, removal: outcome },
        { ending: true },
      );
      if (moved && ending && outcome === 'done') ended = grant;
    }
    await appendAudit(
      options.store,
      tx,
      {
        entityRef: removal.entityRef,
        type,
        actor: 'system',
        requestId: removal.requestId,
        grantId: removal.grantId,
        details,
      },
      options.now(),
    );
    return ended;
  }

  /**
   * What follows the end of a grant once the IdP accepted its removal: the comment on its
   * record, which moves it to ended, and, unless the holder gave it back, a notification.
   */
  function endedFollowUps(
    removal: RemovalSpec,
    grant: GrantRecord | undefined,
    lines: string[],
  ): JobSpec[] {
    const specs: JobSpec[] = [];
    const reason = grant?.endReason ?? removal.reason;
    const text = [
      ...(grant && grant.endKind
        ? [
            grantMessages.endedComment(
              grant.endKind,
              options.now(),
              reason,
              false,
            ),
          ]
        : []),
      ...lines,
    ].join('\n');
    if (text) {
      specs.push(
        ...followUps.evidence(removal, text, Boolean(removal.grantId)),
      );
    }
    if (grant && grant.endKind !== 'given-back') {
      specs.push(
        jobs.notify({
          recipients: [grant.user],
          ...grantMessages.accessEnded(grant, reason),
        }),
      );
    }
    return specs;
  }

  return {
    'idp.provision': {
      async run({ requestId }, job) {
        const { store, now } = options;
        const request = await context.request(requestId);
        if (request.status !== 'approved') {
          // An add of an earlier attempt may have landed after the request ended.
          const unsure =
            !job.firstAttempt &&
            request.status !== 'granted' &&
            request.provider &&
            request.groups.length > 0;
          if (!unsure) return undefined;
          return async (tx: Knex.Transaction) =>
            context.enqueue(tx, [
              jobs.remove({
                user: request.requester,
                provider: request.provider!,
                groups: request.groups,
                reason: `the request was ${request.status} while it was being provisioned`,
                requestId: request.id,
                entityRef: request.entityRef,
              }),
            ]);
        }
        const provider = context.provider(request.provider);
        const idpUser = await context.resolveIdpUser(
          provider,
          request.requester,
        );
        const changes: string[] = [];
        const idpGroups: Array<{ name: string; id: string }> = [];
        const groupIds: Record<string, string> = {};
        for (const name of request.groups) {
          const group = await changeInGroup(provider, name, undefined, id =>
            changeMembership(provider, 'add', id, idpUser.id, job),
          );
          if (!group) {
            throw new SideEffectError(
              `Group ${name} does not exist in ${provider.id}`,
              {
                retryable: false,
              },
            );
          }
          idpGroups.push({ name, id: group.id });
          groupIds[name] = group.id;
          changes.push(
            recordMessages.added(idpUser, provider.id, group, now()),
          );
        }
        return async (tx: Knex.Transaction) => {
          const grantedAt = now();
          // The record may have been opened while the IdP calls ran.
          const jiraKey = await store.lockRequestRecordKey(tx, request.id);
          const grant = grantFor(request, {
            grantedAt,
            jiraKey,
            groups: request.groups,
            provider: request.provider,
            idp: { userId: idpUser.id, groupIds },
          });
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
                idpGroups,
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
          failureText(error),
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
            details: { error: failureText(error), attempts: job.attempts },
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
      async run(removal, job) {
        const { now } = options;
        const provider = context.provider(removal.provider);
        const needed = await groupsStillNeeded(removal);
        const lines: string[] = [];
        const removed: string[] = [];
        /** Groups the check after a removal found the user in again (a late add). */
        const again: string[] = [];
        const kept = removal.groups.filter(g => needed.has(g));
        const toRemove = removal.groups.filter(g => !needed.has(g));
        if (toRemove.length > 0) {
          // A grant made with its IdP ids is ended with one call per group and no lookup.
          const grant = removal.grantId
            ? await options.store.getGrant(removal.grantId)
            : undefined;
          const idpUser = await removalUser(removal, grant?.idpUserId);
          for (const name of toRemove) {
            let absent = false;
            const group = await changeInGroup(
              provider,
              name,
              grant?.idpGroupIds?.[name],
              async id => {
                // The check after a removal reads the membership and removes only a late add.
                if (removal.confirm && provider.isMember) {
                  absent = !(await provider.isMember(id, idpUser.id));
                  if (absent) return;
                }
                await changeMembership(provider, 'remove', id, idpUser.id, job);
              },
            );
            if (!group) {
              if (!removal.confirm) {
                lines.push(recordMessages.groupGone(name, provider.id));
              }
              continue;
            }
            if (absent) continue;
            removed.push(name);
            if (removal.confirm && !provider.isMember) continue;
            if (removal.confirm) again.push(name);
            lines.push(
              recordMessages.removed({
                user: idpUser,
                fallback: removal.user,
                provider: provider.id,
                group,
                at: now(),
                reason: removal.confirm
                  ? recordMessages.lateAddReason(removal.reason)
                  : removal.reason,
              }),
            );
          }
        }
        if (!removal.confirm) {
          for (const name of kept) {
            lines.push(recordMessages.kept(provider.id, name, removal.user));
          }
        }
        const confirmation = await followUps.confirmation(removal);
        return async (tx: Knex.Transaction) => {
          const ended = await recordRemoval(
            tx,
            removal,
            'done',
            removal.confirm ? 'access-removal-confirmed' : 'access-removed',
            {
              provider: provider.id,
              user: removal.user,
              removed,
              kept,
              reason: removal.reason,
              ...(removal.confirm ? { removedAgain: again } : {}),
            },
          );
          // The check after a removal writes only what it removed again.
          let evidence: JobSpec[] = [];
          if (!removal.confirm)
            evidence = endedFollowUps(removal, ended, lines);
          else if (lines.length > 0) {
            evidence = followUps.evidence(removal, lines.join('\n'));
          }
          await context.enqueue(tx, [...evidence, ...confirmation]);
        };
      },

      async onRetry(removal, job, error, tx) {
        await followUps.retrying(removal, job, error, tx);
      },

      async onFailure(removal, job, error, tx) {
        await recordRemoval(tx, removal, 'failed', 'removal-failed', {
          error: failureText(error),
          attempts: job.attempts,
          groups: removal.groups,
        });
        const evidence = recordMessages.removalFailedEvidence({
          user: removal.user,
          groups: removal.groups,
          provider: removal.provider,
          attempts: job.attempts,
          error: failureText(error),
        });
        await context.enqueue(tx, [
          ...followUps.evidence(removal, evidence),
          ...(await followUps.refused(removal, error)),
        ]);
      },
    },
  };
}
