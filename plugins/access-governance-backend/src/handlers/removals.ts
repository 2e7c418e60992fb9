import { sameEntityRef } from '@accessgov/plugin-access-governance-common';
import { Knex } from 'knex';
import { jobs, RemovalSpec } from '../jobs/catalogue';
import { appendAudit } from '../jobs/commit';
import { ClaimedJob, JobSpec } from '../jobs/DatabaseJobQueue';
import { reliabilityMessages } from '../messages';
import { HandlerContext } from './context';

/** Entity refs without repeats (by entity ref, whatever the case). */
function distinct(refs: string[]): string[] {
  const result: string[] = [];
  for (const ref of refs) {
    if (!result.some(r => sameEntityRef(r, ref))) result.push(ref);
  }
  return result;
}

/**
 * What follows a removal: approvers and administrators told when it keeps failing or is
 * refused, and a second removal after any add that may still land.
 */
export class RemovalFollowUps {
  constructor(private readonly context: HandlerContext) {}

  private get options() {
    return this.context.options;
  }

  /** The approvers of the removal's app and the administrators. */
  async recipients(entityRef: string): Promise<string[]> {
    const approvers = this.options.approversOf
      ? await this.options.approversOf(entityRef).catch(() => [])
      : [];
    return distinct([...approvers, ...(this.options.admins ?? [])]);
  }

  /**
   * A failed attempt of a removal that is tried again: after the configured number of
   * attempts (once), the removal is recorded as pending on the record and in the audit
   * trail, and the approvers and administrators are told.
   */
  async retrying(
    removal: RemovalSpec,
    job: ClaimedJob,
    error: Error,
    tx: Knex.Transaction,
  ): Promise<void> {
    const after = this.options.alertAfterAttempts ?? 8;
    if (removal.confirm || job.attempts !== after) return;
    const { store, now } = this.options;
    await appendAudit(
      store,
      tx,
      {
        entityRef: removal.entityRef,
        type: 'removal-pending',
        actor: 'system',
        requestId: removal.requestId,
        grantId: removal.grantId,
        details: {
          provider: removal.provider,
          groups: removal.groups,
          attempts: job.attempts,
          error: error.message,
        },
      },
      now(),
    );
    const facts = {
      user: removal.user,
      groups: removal.groups,
      provider: removal.provider,
      entityRef: removal.entityRef,
      attempts: job.attempts,
    };
    const specs: JobSpec[] = [
      ...this.evidence(
        removal,
        reliabilityMessages.removalPendingEvidence({
          ...facts,
          error: error.message,
        }),
      ),
    ];
    const recipients = await this.recipients(removal.entityRef);
    if (recipients.length > 0) {
      specs.push(
        jobs.notify({
          recipients,
          ...reliabilityMessages.removalPending(facts),
        }),
      );
    }
    await this.context.enqueue(tx, specs);
  }

  /** A removal refused for good: the approvers and administrators are told. */
  async refused(removal: RemovalSpec, error: Error): Promise<JobSpec[]> {
    const recipients = await this.recipients(removal.entityRef);
    if (recipients.length === 0) return [];
    return [
      jobs.notify({
        recipients,
        ...reliabilityMessages.removalFailed({
          user: removal.user,
          groups: removal.groups,
          provider: removal.provider,
          entityRef: removal.entityRef,
          error: error.message,
        }),
      }),
    ];
  }

  /** Evidence on the request's record, or else on the review campaign's. */
  evidence(removal: RemovalSpec, comment: string, ended = false): JobSpec[] {
    if (removal.requestId) {
      return [
        jobs.recordUpdate(removal.requestId, {
          comment,
          transition: ended ? 'ended' : undefined,
        }),
      ];
    }
    if (removal.reviewId)
      return [jobs.reviewRecord(removal.reviewId, { comment })];
    return [];
  }

  /**
   * A second removal when an add of the same request may still land: an attempt of its
   * provisioning lost its answer (a timeout, a crash) less than the settling time ago. The
   * second removal runs once that add can no longer land.
   */
  async confirmation(removal: RemovalSpec): Promise<JobSpec[]> {
    if (removal.confirm || !removal.requestId) return [];
    const provisioning = (
      await this.options.queue.list({ requestId: removal.requestId, limit: 50 })
    ).filter(
      job =>
        job.type === 'idp.provision' &&
        (job.attempts > 1 || job.lastError !== null || job.status !== 'done'),
    );
    if (provisioning.length === 0) return [];
    const latest = Math.max(...provisioning.map(j => j.updatedAt.getTime()));
    const landsBy = latest + this.context.settleMs;
    if (landsBy <= this.options.now().getTime()) return [];
    return [jobs.remove({ ...removal, confirm: true }, new Date(landsBy))];
  }
}
