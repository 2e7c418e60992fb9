import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  AccessPage,
  AccessAuditEvent,
  AccessRequest,
  AccessRequestStatus,
  accessRequestCreatePermission,
  checkNewRequest,
  checkRequestedDuration,
  OPEN_REQUEST_STATUSES,
} from '@accessgov/plugin-access-governance-common';
import { randomUUID } from 'node:crypto';
import { findRole, normalizeEntityRef } from '../catalog/apps';
import { visiblePage } from '../database/cursor';
import { InboxFilter } from '../database/DatabaseAccessStore';
import { RequestFilter, RequestRecord } from '../database/types';
import { toAuditDto } from '../dto';
import { jobs } from '../jobs/catalogue';
import { JobSpec } from '../jobs/DatabaseJobQueue';
import { requestMessages } from '../messages';
import { Actor, AppCache } from '../policy/AccessPolicy';
import { seesWholeList } from '../policy/lists';
import { fulfilmentJobs, stageNotification } from './jobsFor';
import { resolveStages } from './stages';
import { RequestOperations } from './options';

/**
 * Asking for a role and reading requests: who may see which request, and the approval
 * stages a new request waits at.
 */
export class RequestService extends RequestOperations {
  async createRequest(
    input: {
      entityRef: string;
      roleId: string;
      duration?: string | null;
      justification: string;
    },
    actor: Actor,
  ): Promise<AccessRequest> {
    const { store, providers, policy, writer } = this.options;
    const app = await this.options.apps.load(
      input.entityRef,
      actor.credentials,
    );
    const role = findRole(app, input.roleId);
    const duration = checkRequestedDuration(role, input.duration, this.options);
    if (!duration.ok) {
      throw new InputError(`duration: ${duration.message}`);
    }
    await policy.authorize(accessRequestCreatePermission, app.entityRef, actor);

    const provider = role.manual ? null : app.provider;
    if (provider !== null && !providers.has(provider)) {
      throw new ConflictError(
        provider === ''
          ? `${app.entityRef} names no identity provider: configure one under accessGovernance.providers (and accessGovernance.defaultProvider when there are several), or set spec.access.provider`
          : `${app.entityRef} uses identity provider "${provider}", which is not configured under accessGovernance.providers`,
      );
    }
    const manager = role.approval.some(s => s.type === 'manager')
      ? await this.findManager(actor.userEntityRef, provider ?? app.provider)
      : undefined;
    const stages = resolveStages(role, { approvers: app.approvers, manager });
    if (!stages.ok) {
      throw new ConflictError(stages.message);
    }

    const now = writer.now();
    const request: RequestRecord = {
      id: randomUUID(),
      entityRef: app.entityRef,
      roleId: role.id,
      requester: actor.userEntityRef,
      justification: input.justification.trim(),
      duration: duration.duration,
      status: stages.stages.length === 0 ? 'approved' : 'pending',
      provider,
      groups: role.groups,
      stages: stages.stages,
      currentStage: stages.stages.length === 0 ? null : 0,
      approvals: [],
      jiraKey: null,
      grantId: null,
      failure: null,
      createdAt: now,
      updatedAt: now,
    };

    await writer.commit(async (tx, enqueue) => {
      const mine = { entityRef: app.entityRef, roleId: role.id };
      const blocker = checkNewRequest(
        role.id,
        await store.listRequests(
          {
            ...mine,
            requester: actor.userEntityRef,
            statuses: [...OPEN_REQUEST_STATUSES],
          },
          tx,
        ),
        await store.listGrants(
          { ...mine, user: actor.userEntityRef, statuses: ['active'] },
          tx,
        ),
      );
      if (!blocker.allowed && blocker.reason === 'open-request') {
        throw new ConflictError(
          `You already have a ${blocker.request.status} request for ${role.id} on ${app.entityRef}`,
        );
      }
      if (!blocker.allowed && blocker.reason === 'held') {
        const until = blocker.grant.expiresAt;
        throw new ConflictError(
          `You already hold ${role.id} on ${app.entityRef}${until ? ` until ${until.toISOString()}` : ''}`,
        );
      }
      await store.insertRequest(tx, request);
      await writer.audit(tx, {
        entityRef: app.entityRef,
        type: 'request-created',
        actor: actor.userEntityRef,
        requestId: request.id,
        details: {
          roleId: role.id,
          duration: request.duration,
          justification: request.justification,
          stages: request.stages.map(s => s.label),
        },
      });
      const specs: JobSpec[] = [jobs.recordOpen(request.id)];
      if (request.status === 'approved') {
        specs.push(
          jobs.recordUpdate(request.id, {
            comment: requestMessages.approvedAutomatically(request, role),
            transition: 'approved',
          }),
          ...fulfilmentJobs(request, app.approvers),
        );
      } else {
        specs.push(stageNotification(request, 0));
      }
      await enqueue(specs);
    });
    return this.reload(request.id);
  }

  private async findManager(
    userRef: string,
    providerId: string,
  ): Promise<string | undefined> {
    const { directory } = this.options;
    const provider = this.options.providers.get(providerId);
    if (!provider) return undefined;
    const user = await directory.getUser(userRef);
    const idpUser = await provider.resolveUser(
      directory.lookupFor(user, provider.type),
    );
    if (!idpUser) return undefined;
    const context = await provider.getUserContext(idpUser.id);
    const email = context.manager?.email;
    return email ? directory.findUserRefByEmail(email) : undefined;
  }

  async getRequest(id: string, actor: Actor): Promise<AccessRequest> {
    const request = await this.options.store.getRequest(id);
    if (
      !request ||
      !(await this.options.policy.maySeeRequest(request, actor))
    ) {
      throw new NotFoundError(`No request ${id}`);
    }
    const [dto] = await this.toDtos([request]);
    return dto;
  }

  /**
   * A page of the requests the actor may see, newest first. `approver: 'me'` is the inbox:
   * every pending request whose current stage the actor decides, chosen in SQL.
   */
  /** What happened to a request and its grant, in order: its audit events. */
  async getHistory(id: string, actor: Actor): Promise<AccessAuditEvent[]> {
    const request = await this.options.store.getRequest(id);
    if (
      !request ||
      !(await this.options.policy.maySeeRequest(request, actor))
    ) {
      throw new NotFoundError(`No request ${id}`);
    }
    const events = await this.options.store.listAudit({
      entityRef: request.entityRef,
      requestId: request.id,
    });
    return events.map(toAuditDto);
  }

  async listRequests(
    query: {
      entityRef?: string;
      status?: AccessRequestStatus[];
      requester?: string;
      approver?: string;
    },
    actor: Actor,
    page: { cursor?: string; limit: number } = { limit: 100 },
  ): Promise<AccessPage<AccessRequest>> {
    const { store, policy } = this.options;
    const requester =
      query.requester === 'me'
        ? actor.userEntityRef
        : query.requester && normalizeEntityRef(query.requester);
    if (query.approver && query.approver !== 'me') {
      throw new InputError('approver: only "me" is supported');
    }
    const filter: RequestFilter = {
      entityRef: query.entityRef && normalizeEntityRef(query.entityRef),
      requester,
      statuses: query.status,
    };
    const inbox: InboxFilter | undefined = query.approver
      ? {
          approverRefs: [actor.userEntityRef, ...actor.ownershipEntityRefs],
          self: actor.userEntityRef,
        }
      : undefined;
    const cache: AppCache = new Map();
    // Lists whose every row the actor sees are counted in SQL.
    const whole =
      Boolean(inbox) ||
      (await seesWholeList(
        policy,
        actor,
        { owner: requester, entityRef: filter.entityRef },
        cache,
      ));
    const result = await visiblePage(
      'requests',
      page,
      (after, limit) => store.pageRequests(filter, { after, limit }, inbox),
      request => whole || policy.maySeeRequest(request, actor, cache),
      request => request,
    );
    const shown = { ...result, items: await this.toDtos(result.items) };
    return whole
      ? { ...shown, total: await store.countRequests(filter, inbox) }
      : shown;
  }
}
