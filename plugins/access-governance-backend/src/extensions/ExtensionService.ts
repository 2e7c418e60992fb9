import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AccessGrant,
  AccessRequest,
  accessRequestCreatePermission,
  checkCanExtend,
  checkRequestedDuration,
  durationToMillis,
} from '@accessgov/plugin-access-governance-common';
import { randomUUID } from 'node:crypto';
import { findRole } from '../catalog/apps';
import { REQUESTS } from '../database/rows';
import { GrantRecord, RequestRecord } from '../database/types';
import { toGrantDto } from '../dto';
import { jobs } from '../jobs/catalogue';
import { JobSpec } from '../jobs/DatabaseJobQueue';
import { grantMessages, lifecycleMessages } from '../messages';
import { Actor } from '../policy/AccessPolicy';
import { findManager } from '../catalog/managers';
import { RequestOperations } from '../requests/options';
import { resolveStages } from '../requests/stages';
import { applyExtension, recordUpdateFor } from '../grants/extendGrant';

/** What `POST /grants/:id/extend` answers: the grant, and the request when it waits for approval. */
export interface ExtensionResult {
  grant: AccessGrant;
  request: AccessRequest | null;
}

/**
 * Asking for more time on a held grant: at once where the role extends automatically,
 * else as a request through the role's approval stages, while the grant keeps its end.
 */
export class ExtensionService extends RequestOperations {
  /** The extension of a grant that waits for a decision, if there is one. */
  async pendingExtensionOf(grantId: string): Promise<string | undefined> {
    const row = await this.options.store
      .knex(REQUESTS)
      .where({ extends_grant_id: grantId, status: 'pending' })
      .first('id');
    return row?.id;
  }

  async extend(
    grantId: string,
    input: { duration: string; justification: string },
    actor: Actor,
  ): Promise<ExtensionResult> {
    const { store, writer, policy, apps } = this.options;
    const grant = await store.getGrant(grantId);
    if (!grant) throw new NotFoundError(`No grant ${grantId}`);
    const check = checkCanExtend(
      grant,
      actor,
      await this.pendingExtensionOf(grant.id),
    );
    if (!check.allowed) throw extensionError(check, grant);
    const app = await apps.load(grant.entityRef, actor.credentials);
    const role = findRole(app, grant.roleId);
    const duration = checkRequestedDuration(role, input.duration, this.options);
    if (!duration.ok) throw new InputError(`duration: ${duration.message}`);
    await policy.authorize(accessRequestCreatePermission, app.entityRef, actor);

    const from = grant.expiresAt!;
    const to = new Date(from.getTime() + durationToMillis(duration.duration!));
    const original = grant.requestId
      ? await store.getRequest(grant.requestId)
      : undefined;
    const manager = role.approval.some(s => s.type === 'manager')
      ? await findManager(
          this.options,
          grant.user,
          grant.provider ?? app.provider,
        )
      : undefined;
    const stages =
      role.duration.extend === 'auto'
        ? { ok: true as const, stages: [] }
        : resolveStages(role, { approvers: app.approvers, manager });
    if (!stages.ok) throw new ConflictError(stages.message);

    const now = writer.now();
    const request: RequestRecord = {
      id: randomUUID(),
      entityRef: grant.entityRef,
      roleId: grant.roleId,
      requester: grant.user,
      justification: input.justification.trim(),
      duration: duration.duration,
      status: stages.stages.length === 0 ? 'approved' : 'pending',
      provider: grant.provider,
      groups: grant.groups,
      stages: stages.stages,
      currentStage: stages.stages.length === 0 ? null : 0,
      approvals: [],
      jiraKey: original?.jiraKey ?? grant.jiraKey,
      grantId: null,
      failure: null,
      createdAt: now,
      updatedAt: now,
      extension: {
        grantId: grant.id,
        originalRequestId: original?.id ?? null,
        fromExpiresAt: from.toISOString(),
        toExpiresAt: to.toISOString(),
      },
    };
    const asked = lifecycleMessages.extensionAskedComment({
      by: actor.userEntityRef,
      duration: request.duration!,
      from,
      to,
      justification: request.justification,
      auto: stages.stages.length === 0,
    });

    await writer.commit(async (tx, enqueue) => {
      await store.insertRequest(tx, request);
      await writer.audit(tx, {
        entityRef: grant.entityRef,
        type: 'grant.extension-requested',
        actor: actor.userEntityRef,
        requestId: request.id,
        grantId: grant.id,
        details: {
          roleId: grant.roleId,
          duration: request.duration,
          justification: request.justification,
          fromExpiresAt: from.toISOString(),
          toExpiresAt: to.toISOString(),
          originalRequestId: original?.id ?? null,
          stages: request.stages.map(s => s.label),
        },
      });
      const specs: JobSpec[] = recordUpdateFor(request, { comment: asked });
      if (request.status === 'approved') {
        specs.push(
          ...(await applyExtension(
            this.options,
            tx,
            request,
            actor.userEntityRef,
          )),
        );
      } else {
        specs.push(
          jobs.notify({
            recipients: request.stages[0].approvers,
            ...lifecycleMessages.extensionWaiting(request, to),
          }),
        );
      }
      await enqueue(specs);
    });
    const extended = await store.getGrant(grant.id);
    return {
      grant: toGrantDto(extended ?? grant, this.options.recordUrl),
      request:
        request.status === 'pending' ? await this.reload(request.id) : null,
    };
  }
}

function extensionError(
  check: Exclude<ReturnType<typeof checkCanExtend>, { allowed: true }>,
  grant: GrantRecord,
): Error {
  switch (check.reason) {
    case 'not-holder':
      return new NotAllowedError('Only the holder can extend a grant');
    case 'not-active':
      return new ConflictError(
        grant.status === 'active'
          ? grantMessages.notEndable(grant)
          : `The grant has ended (${grant.status}); request the role again`,
      );
    case 'permanent':
      return new ConflictError('The grant has no end to extend');
    default:
      return new ConflictError(
        `An extension of this grant already waits for a decision (request ${check.requestId})`,
      );
  }
}
