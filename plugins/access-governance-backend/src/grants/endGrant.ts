import { ConflictError } from '@backstage/errors';
import {
  GrantEndKind,
  sameEntityRef,
} from '@accessgov/plugin-access-governance-common';
import { Knex } from 'knex';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { GrantRecord } from '../database/types';
import { jobs } from '../jobs/catalogue';
import { appendAudit, Enqueue } from '../jobs/commit';
import { JobSpec } from '../jobs/DatabaseJobQueue';
import { grantMessages } from '../messages';

/** How a grant ends: expired or revoked, by whom and why. */
export interface GrantEnd {
  status: 'expired' | 'revoked';
  /** How it ended, as people read it: expired, given back, revoked, by a review, for inactivity. */
  kind: GrantEndKind;
  actor: string;
  reason: string;
  /** Who removes a role granted by hand. */
  approvers?: string[];
}

/**
 * Ends a grant: records when and why, and enqueues the IdP removal (or, for a role
 * fulfilled by hand, asks the approvers to remove it). The grant stays `active`, ending,
 * until the removal is done: the IdP accepted it (or an approver confirmed a removal by
 * hand); only then is it `expired` or `revoked`, its record told and its holder notified.
 * Throws a 409 when the grant is no longer active or is ending already.
 */
export async function endGrant(
  context: { store: DatabaseAccessStore; now: () => Date },
  tx: Knex.Transaction,
  enqueue: Enqueue,
  grant: GrantRecord,
  end: GrantEnd,
): Promise<boolean> {
  const { store, now } = context;
  const manual = grant.groups.length === 0 || !grant.provider;
  const moved = await store.updateGrant(
    tx,
    grant.id,
    ['active'],
    {
      endedAt: now(),
      endReason: end.reason,
      endKind: end.kind,
      removal: manual ? 'manual' : 'pending',
    },
    { ending: false },
  );
  if (!moved) {
    const current = await store.getGrant(grant.id, tx);
    throw new ConflictError(grantMessages.notEndable(current ?? grant));
  }
  await appendAudit(
    store,
    tx,
    {
      entityRef: grant.entityRef,
      type: end.status === 'expired' ? 'grant-expired' : 'grant-revoked',
      actor: end.actor,
      requestId: grant.requestId,
      grantId: grant.id,
      details: { reason: end.reason, groups: grant.groups },
    },
    now(),
  );
  const specs: JobSpec[] = [];
  if (manual || !grant.provider) {
    if (grant.requestId) {
      specs.push(
        jobs.recordUpdate(grant.requestId, {
          comment: grantMessages.endedComment(
            end.kind,
            now(),
            end.reason,
            true,
          ),
        }),
      );
    }
    specs.push(
      jobs.notify({
        recipients: end.approvers ?? [],
        ...grantMessages.removeByHand(grant, end.reason),
      }),
    );
    if (!sameEntityRef(end.actor, grant.user)) {
      specs.push(
        jobs.notify({
          recipients: [grant.user],
          ...grantMessages.accessEnded(grant, end.reason),
        }),
      );
    }
  } else {
    // The record shows the removal pending now; its comment follows the removal.
    if (grant.requestId) specs.push(jobs.recordUpdate(grant.requestId, {}));
    specs.push(
      jobs.remove({
        user: grant.user,
        provider: grant.provider,
        groups: grant.groups,
        reason: end.reason,
        grantId: grant.id,
        requestId: grant.requestId,
        entityRef: grant.entityRef,
      }),
    );
  }
  await enqueue(specs);
  return true;
}
