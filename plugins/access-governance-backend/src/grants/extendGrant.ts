import { isGrantEnding } from '@accessgov/plugin-access-governance-common';
import { Knex } from 'knex';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { RequestRecord } from '../database/types';
import { jobs, RecordStep } from '../jobs/catalogue';
import { StateWriter } from '../jobs/commit';
import { JobSpec } from '../jobs/DatabaseJobQueue';
import { lifecycleMessages, requestPath } from '../messages';

/**
 * A write to the record of a request. A request for more time has no record of its own:
 * what happens to it is written to the record of the grant's original request, whose
 * workflow it does not move.
 */
export function recordUpdateFor(
  request: Pick<RequestRecord, 'id' | 'extension'>,
  update: { comment?: string; transition?: RecordStep },
): JobSpec[] {
  if (!request.extension) return [jobs.recordUpdate(request.id, update)];
  const original = request.extension.originalRequestId;
  return original && update.comment
    ? [jobs.recordUpdate(original, { comment: update.comment })]
    : [];
}

/**
 * Moves the end of the grant an approved extension names, within the commit that approved
 * it; an extension approved after the grant ended fails and says so. Answers the jobs
 * that tell the holder and the record.
 */
export async function applyExtension(
  options: { store: DatabaseAccessStore; writer: StateWriter },
  tx: Knex.Transaction,
  request: RequestRecord,
  actor: string,
): Promise<JobSpec[]> {
  const { store, writer } = options;
  const extension = request.extension!;
  const grant = await store.getGrant(extension.grantId, tx);
  const to = new Date(extension.toExpiresAt);
  if (!grant || grant.status !== 'active' || isGrantEnding(grant)) {
    const failure = lifecycleMessages.extensionNotApplied(
      grant?.expiresAt ?? extension.fromExpiresAt,
    );
    await store.updateRequest(
      tx,
      request.id,
      ['approved'],
      { status: 'failed', failure },
      writer.now(),
    );
    return [
      ...recordUpdateFor(request, { comment: failure }),
      jobs.notify({
        recipients: [request.requester],
        title: 'Your extension could not be applied',
        description: failure,
        link: requestPath(request.id),
        topic: 'access-decision',
      }),
    ];
  }
  await store.updateGrant(tx, grant.id, ['active'], {
    expiresAt: to,
    remindedAt: null,
  });
  await store.updateRequest(
    tx,
    request.id,
    ['approved'],
    { status: 'granted', grantId: grant.id },
    writer.now(),
  );
  await writer.audit(tx, {
    entityRef: grant.entityRef,
    type: 'grant.extended',
    actor,
    requestId: request.id,
    grantId: grant.id,
    details: {
      fromExpiresAt: grant.expiresAt?.toISOString() ?? null,
      toExpiresAt: to.toISOString(),
      originalRequestId: extension.originalRequestId,
    },
  });
  return [
    ...recordUpdateFor(request, {
      comment: lifecycleMessages.extendedComment(to),
    }),
    jobs.notify({
      recipients: [grant.user],
      ...lifecycleMessages.extended(grant, to),
    }),
  ];
}
