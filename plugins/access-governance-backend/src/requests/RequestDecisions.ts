import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AccessRequest,
  accessRequestApprovePermission,
  checkCanCancel,
  checkCanDecideAsDelegate,
} from '@accessgov/plugin-access-governance-common';
import { RequestRecord } from '../database/types';
import { jobs, RecordStep } from '../jobs/catalogue';
import { JobSpec } from '../jobs/DatabaseJobQueue';
import { requestMessages, withNames } from '../messages';
import { Actor } from '../policy/AccessPolicy';
import { applyExtension, recordUpdateFor } from '../grants/extendGrant';
import { decisionError } from './errors';
import { fulfilmentJobs, stageNotification } from './jobsFor';
import { approvalRecord, nextAfterDecision } from './stages';
import { RequestOperations } from './options';

/**
 * Decisions on requests: approving and rejecting their stages, cancelling, and rejecting
 * requests that waited too long. Every state change commits together with its audit
 * event and the jobs that carry its side effects.
 */
export class RequestDecisions extends RequestOperations {
  async decide(
    id: string,
    decision: 'approved' | 'rejected',
    comment: string | undefined,
    actor: Actor,
  ): Promise<AccessRequest> {
    const { store, writer } = this.options;
    const request = await this.find(id);
    const check = checkCanDecideAsDelegate(
      request,
      actor,
      (await this.options.delegations?.activeFor(actor)) ?? [],
      writer.now(),
    );
    if (!check.allowed) {
      // The stage names its approvers by ref; people read their names.
      const error = decisionError(check);
      error.message = await withNames(error.message, this.options.directory);
      throw error;
    }
    const onBehalfOf = check.onBehalfOf;
    await this.options.policy.authorize(
      accessRequestApprovePermission,
      request.entityRef,
      actor,
    );
    if (decision === 'rejected' && !comment?.trim()) {
      throw new InputError('comment: a reason is required to reject a request');
    }
    const next = nextAfterDecision(request, decision);
    const approval = approvalRecord(
      check.stage,
      decision,
      actor.userEntityRef,
      comment,
      writer.now(),
    );
    if (onBehalfOf) approval.onBehalfOf = onBehalfOf;
    const stage = request.stages[check.stage];
    const position = { stage: check.stage, stages: request.stages.length };

    await writer.commit(async (tx, enqueue) => {
      try {
        await store.insertApproval(tx, request.id, approval);
      } catch {
        throw new ConflictError(
          'This stage of the request has already been decided',
        );
      }
      const moved = await store.updateRequest(
        tx,
        request.id,
        ['pending'],
        { status: next.status, currentStage: next.currentStage },
        writer.now(),
      );
      if (!moved) throw new ConflictError('The request is no longer pending');
      await writer.audit(tx, {
        entityRef: request.entityRef,
        type: decision === 'approved' ? 'request-approved' : 'request-rejected',
        actor: actor.userEntityRef,
        requestId: request.id,
        details: {
          stage: check.stage,
          stageLabel: stage.label,
          comment: approval.comment,
          ...(onBehalfOf && { onBehalfOf }),
        },
      });
      const transition: RecordStep | undefined =
        next.status === 'pending' ? undefined : next.status;
      const by = {
        decision,
        by: onBehalfOf
          ? `${actor.userEntityRef} for ${onBehalfOf}`
          : actor.userEntityRef,
        comment: approval.comment,
      };
      const specs: JobSpec[] = [
        ...recordUpdateFor(request, {
          comment: `${request.extension ? 'Extension: ' : ''}${requestMessages.decisionComment(
            {
              ...position,
              ...by,
              approvalStage: stage,
              at: approval.decidedAt,
            },
          )}`,
          transition,
        }),
        jobs.notify({
          recipients: [request.requester],
          ...requestMessages.decided(request, { ...position, ...by }),
        }),
      ];
      if (next.status === 'pending' && next.currentStage !== null) {
        specs.push(stageNotification(request, next.currentStage));
      }
      if (next.status === 'approved' && request.extension) {
        specs.push(
          ...(await applyExtension(
            this.options,
            tx,
            request,
            actor.userEntityRef,
          )),
        );
      } else if (next.status === 'approved') {
        const app = await this.options.apps.tryLoad(
          request.entityRef,
          actor.credentials,
        );
        specs.push(
          ...fulfilmentJobs(
            request,
            app?.approvers ?? request.stages[0]?.approvers ?? [],
          ),
        );
      }
      await enqueue(specs);
    });
    return this.reload(request.id);
  }

  async cancel(id: string, actor: Actor): Promise<AccessRequest> {
    const { store, policy, writer } = this.options;
    const request = await store.getRequest(id);
    if (!request || !(await policy.maySeeRequest(request, actor))) {
      throw new NotFoundError(`No request ${id}`);
    }
    const check = checkCanCancel(request, actor);
    if (!check.allowed && check.reason === 'not-requester') {
      throw new NotAllowedError('Only the requester can cancel a request');
    }
    if (!check.allowed) {
      throw new ConflictError(
        `A request that is ${request.status} cannot be cancelled`,
      );
    }
    await writer.commit(async (tx, enqueue) => {
      await this.move(
        tx,
        request,
        [request.status],
        { status: 'cancelled', currentStage: null },
        { type: 'request-cancelled', actor: actor.userEntityRef },
      );
      await enqueue(
        recordUpdateFor(request, {
          comment: requestMessages.cancelledComment(
            actor.userEntityRef,
            writer.now(),
          ),
          transition: 'cancelled',
        }),
      );
    });
    return this.reload(request.id);
  }

  /** Rejects a request that waited longer than allowed for a decision. */
  async rejectStale(
    request: RequestRecord,
    maxPendingAge: string,
  ): Promise<boolean> {
    const { store, writer } = this.options;
    if (request.status !== 'pending' || request.currentStage === null)
      return false;
    const comment = requestMessages.staleComment(maxPendingAge);
    const approval = approvalRecord(
      request.currentStage,
      'rejected',
      'system',
      comment,
      writer.now(),
    );
    return writer.commit(async (tx, enqueue) => {
      const moved = await store.updateRequest(
        tx,
        request.id,
        ['pending'],
        { status: 'rejected', currentStage: null },
        writer.now(),
      );
      if (!moved) return false;
      await store.insertApproval(tx, request.id, approval);
      await writer.audit(tx, {
        entityRef: request.entityRef,
        type: 'request-rejected',
        actor: 'system:expiry-sweep',
        requestId: request.id,
        details: { stage: request.currentStage, comment, maxPendingAge },
      });
      await enqueue([
        ...recordUpdateFor(request, { comment, transition: 'rejected' }),
        jobs.notify({
          recipients: [request.requester],
          ...requestMessages.expired(request, comment),
        }),
      ]);
      return true;
    });
  }
}
