import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { durationToMillis } from '@accessgov/plugin-access-governance-common';
import { AppResolver } from '../catalog/apps';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { jobs } from '../jobs/catalogue';
import { StateWriter } from '../jobs/commit';
import { DelegationStore } from './DelegationStore';
import { delegationMessages } from './messages';

export interface EscalationOptions {
  store: DatabaseAccessStore;
  delegations: DelegationStore;
  writer: StateWriter;
  apps: AppResolver;
  serviceCredentials: () => Promise<BackstageCredentials>;
  /** ISO-8601: how long a stage may wait before it is escalated (`accessGovernance.requests.escalateAfter`). */
  escalateAfter: string;
  /** Fallback approvers of apps that declare none (`accessGovernance.fallbackApprovers`). */
  fallbackApprovers: string[];
}

/** The shortest wait an app may declare: one minute. */
const SHORTEST_WAIT_MS = 60_000;

/**
 * Hands stages of pending requests that waited longer than `escalateAfter` (the app's,
 * else the configured one) to the fallback approvers, once per stage, and tells both the
 * approvers and the fallback approvers.
 */
export async function escalateWaitingRequests(
  options: EscalationOptions,
): Promise<number> {
  const { store, delegations, writer, apps } = options;
  const now = writer.now();
  const waiting = await delegations.unescalatedPending(
    new Date(now.getTime() - SHORTEST_WAIT_MS),
  );
  const credentials = await options.serviceCredentials();
  let escalated = 0;
  for (const candidate of waiting) {
    const app = await apps.tryLoad(candidate.entityRef, credentials);
    const after = app?.spec.escalateAfter ?? options.escalateAfter;
    if (
      now.getTime() - candidate.waitingSince.getTime() <
      durationToMillis(after)
    ) {
      continue;
    }
    const fallback = app?.spec.fallbackApprovers?.length
      ? app.spec.fallbackApprovers
      : options.fallbackApprovers;
    if (fallback.length === 0) continue;
    const request = await store.getRequest(candidate.id);
    if (!request || request.currentStage !== candidate.stage) continue;
    const approvers = request.stages[candidate.stage]?.approvers ?? [];
    const done = await writer.commit(async (tx, enqueue) => {
      const moved = await delegations.escalate(
        tx,
        request.id,
        candidate.stage,
        fallback,
        now,
      );
      if (!moved) return false;
      await writer.audit(tx, {
        entityRef: request.entityRef,
        type: 'request-escalated',
        actor: 'system:escalation',
        requestId: request.id,
        details: { stage: candidate.stage, fallbackApprovers: fallback, after },
      });
      await enqueue([
        jobs.recordUpdate(request.id, {
          comment: delegationMessages.escalatedComment(
            fallback,
            after,
            candidate.stage,
          ),
        }),
        jobs.notify({
          recipients: [...new Set([...approvers, ...fallback])],
          ...delegationMessages.escalated(request, fallback),
        }),
      ]);
      return true;
    });
    if (done) escalated += 1;
  }
  return escalated;
}
