import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  AccessRequest,
  accessRequestApprovePermission,
  isAmong,
  isManualRequest,
  isSelf,
} from '@accessgov/plugin-access-governance-common';
import { grantFor } from '../database/grantFor';
import { jobs } from '../jobs/catalogue';
import { requestMessages } from '../messages';
import { Actor } from '../policy/AccessPolicy';
import { RequestOperations } from './options';

/**
 * Fulfilment that is not automatic: marking a role granted by hand as fulfilled, and
 * retrying a failed provisioning (administrators).
 */
export class RequestFulfilment extends RequestOperations {
  /** Marks an approved request of a role fulfilled by hand as done. */
  async fulfil(
    id: string,
    comment: string | undefined,
    actor: Actor,
  ): Promise<AccessRequest> {
    const { store, writer } = this.options;
    const request = await this.find(id);
    if (request.status !== 'approved' || !isManualRequest(request)) {
      throw new ConflictError(
        'Only approved requests of roles fulfilled by hand can be marked fulfilled',
      );
    }
    const app = await this.options.apps.load(
      request.entityRef,
      actor.credentials,
    );
    if (!isAmong(actor, app.approvers) || isSelf(actor, request.requester)) {
      throw new NotAllowedError(
        `Only an approver of ${app.entityRef} other than the requester can mark it fulfilled`,
      );
    }
    await this.options.policy.authorize(
      accessRequestApprovePermission,
      request.entityRef,
      actor,
    );
    const now = writer.now();
    const grant = grantFor(request, {
      grantedAt: now,
      jiraKey: request.jiraKey,
      groups: [],
      provider: null,
    });
    await writer.commit(async (tx, enqueue) => {
      const jiraKey = await store.lockRequestRecordKey(tx, request.id);
      const moved = await store.updateRequest(
        tx,
        request.id,
        ['approved'],
        { status: 'granted', grantId: grant.id },
        now,
      );
      if (!moved)
        throw new ConflictError('The request changed meanwhile; reload it');
      await store.insertGrant(tx, { ...grant, jiraKey });
      await writer.audit(tx, {
        entityRef: request.entityRef,
        type: 'access-granted',
        actor: actor.userEntityRef,
        requestId: request.id,
        grantId: grant.id,
        details: { manual: true, comment: comment ?? null },
      });
      await enqueue([
        jobs.recordUpdate(request.id, {
          comment: requestMessages.fulfilledComment(
            actor.userEntityRef,
            now,
            comment,
            grant.expiresAt,
          ),
          transition: 'granted',
        }),
        jobs.notify({
          recipients: [request.requester],
          ...requestMessages.grantedByHand(request),
        }),
      ]);
    });
    return this.reload(request.id);
  }

  /** Puts a failed request back to provisioning (administrators). */
  async retry(id: string, actor: Actor): Promise<AccessRequest> {
    const { writer } = this.options;
    if (!(await this.options.policy.isAdmin(actor))) {
      throw new NotAllowedError(
        'Only administrators can retry a failed request',
      );
    }
    const request = await this.find(id);
    if (request.status !== 'failed') {
      throw new ConflictError(
        `Only failed requests can be retried; this one is ${request.status}`,
      );
    }
    await writer.commit(async (tx, enqueue) => {
      await this.move(
        tx,
        request,
        ['failed'],
        { status: 'approved', failure: null },
        { type: 'request-retried', actor: actor.userEntityRef },
      );
      await enqueue([
        jobs.recordUpdate(id, {
          comment: requestMessages.retriedComment(actor.userEntityRef),
        }),
        jobs.provision(request),
      ]);
    });
    return this.reload(id);
  }
}
