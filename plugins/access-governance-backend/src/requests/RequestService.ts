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
  isGrantEnding,
} from '@accessgov/plugin-access-governance-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { findRole, normalizeEntityRef } from '../catalog/apps';
import { visiblePage } from '../database/cursor';
import { OpenRequestExistsError } from '../database/constraints';
import { InboxFilter } from '../database/DatabaseAccessStore';
import { RequestFilter, RequestRecord } from '../database/types';
import { toAuditDto } from '../dto';
import { jobs } from '../jobs/catalogue';
import { JobSpec } from '../jobs/DatabaseJobQueue';
import { grantMessages, requestMessages } from '../messages';
import { Actor, AppCache } from '../policy/AccessPolicy';
import { seesWholeList } from '../policy/lists';
import { fulfilmentJobs, stageNotification } from './jobsFor';
import { onBehalfJobs } from '../onBehalf/jobs';
import { resolveBeneficiary } from '../onBehalf/beneficiary';
import { findManager } from '../catalog/managers';
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
      /** Where the request came from when not the Backstage pages, in words: recorded with it. */
      via?: string;
      breakGlass?: boolean;
      requestedFor?: string;
    },
    actor: Actor,
  ): Promise<AccessRequest> {
    const { store, providers, policy, writer } = this.options;
    const app = await this.options.apps.load(
      input.entityRef,
      actor.credentials,
    );
    const role = findRole(app, input.roleId);
    if (input.breakGlass && input.requestedFor) {
      throw new InputError(
        'breakGlass: break-glass access is only for yourself, not on behalf of someone',
      );
    }
    const breakGlass = input.breakGlass
      ? this.options.breakGlass?.durationFor(role, actor, input.duration)
      : undefined;
    if (input.breakGlass && !breakGlass) {
      throw new InputError('breakGlass: break-glass access is not available');
    }
    const { holder, requestedBy } = await resolveBeneficiary(
      this.options,
      input.requestedFor,
      actor,
      app.provider,
    );
    const duration = breakGlass
      ? { ok: true as const, duration: breakGlass }
      : checkRequestedDuration(role, input.duration, this.options);
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
      ? await this.findManager(holder, provider ?? app.provider)
      : undefined;
    const stages = breakGlass
      ? { ok: true as const, stages: [] }
      : resolveStages(role, { approvers: app.approvers, manager });
    if (!stages.ok) {
      throw new ConflictError(stages.message);
    }
    const exception = await this.options.conflicts?.check(
      app,
      role,
      holder,
      actor.credentials,
    );
    if (exception) stages.stages.push(exception.stage);

    const now = writer.now();
    const request: RequestRecord = {
      id: randomUUID(),
      entityRef: app.entityRef,
      roleId: role.id,
      requester: holder,
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
      requestedBy,
      breakGlass: Boolean(breakGlass),
    };

    const create = writer.commit(async (tx, enqueue) => {
      await this.assertNothingOpen(request, tx);
      await store.insertRequest(tx, request);
      await writer.audit(tx, {
        entityRef: app.entityRef,
        type: 'request-created',
        actor: actor.userEntityRef,
        requestId: request.id,
        details: {
          ...(requestedBy && { requestedFor: holder }),
          roleId: role.id,
          duration: request.duration,
          justification: request.justification,
          stages: request.stages.map(s => s.label),
          ...(input.via ? { via: input.via } : {}),
        },
      });
      const specs: JobSpec[] = [jobs.recordOpen(request.id, input.via)];
      specs.push(...onBehalfJobs(request));
      if (exception) {
        specs.push(
          ...(await this.options.conflicts!.recordException(
            tx,
            request,
            exception,
          )),
        );
      }
      if (request.breakGlass) {
        specs.push(
          ...(await this.options.breakGlass!.onCreated(
            tx,
            request,
            app.approvers,
          )),
          ...fulfilmentJobs(request, app.approvers),
        );
      } else if (request.status === 'approved') {
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
    // The database holds one open request per person and role: a request recorded at the
    // same time makes this insert fail, and the answer is the one the check gives.
    await create.catch(async error => {
      if (!(error instanceof OpenRequestExistsError)) throw error;
      await this.assertNothingOpen(request);
      throw error;
    });
    return this.reload(request.id);
  }

  /** Throws a 409 when the requester has an open request for the role or holds it. */
  private async assertNothingOpen(
    request: Pick<RequestRecord, 'entityRef' | 'roleId' | 'requester'>,
    tx?: Knex.Transaction,
  ): Promise<void> {
    const { store } = this.options;
    const { entityRef, roleId, requester } = request;
    const blocker = checkNewRequest(
      roleId,
      await store.listRequests(
        { entityRef, requester, statuses: [...OPEN_REQUEST_STATUSES] },
        tx,
      ),
      await store.listGrants(
        { entityRef, roleId, user: requester, statuses: ['active'] },
        tx,
      ),
    );
    if (!blocker.allowed && blocker.reason === 'open-request') {
      throw new ConflictError(
        `You already have ${blocker.request.status === 'approved' ? 'an' : 'a'} ${blocker.request.status} request for ${roleId} on ${entityRef}`,
      );
    }
    if (
      !blocker.allowed &&
      blocker.reason === 'held' &&
      isGrantEnding(blocker.grant)
    ) {
      throw new ConflictError(
        `${grantMessages.notEndable(blocker.grant)} Ask again once it is removed.`,
      );
    }
    if (!blocker.allowed && blocker.reason === 'held') {
      const until = blocker.grant.expiresAt;
      throw new ConflictError(
        `You already hold ${roleId} on ${entityRef}${until ? ` until ${until.toISOString()}` : ''}`,
      );
    }
  }

  private async findManager(
    userRef: string,
    providerId: string,
  ): Promise<string | undefined> {
    return findManager(this.options, userRef, providerId);
  }

  async getRequest(id: string, actor: Actor): Promise<AccessRequest> {
    const [dto] = await this.toDtos([await this.visibleRequest(id, actor)]);
    return dto;
  }

  /** The request, where the actor (or whom they stand in for) may see it; else a 404. */
  private async visibleRequest(
    id: string,
    actor: Actor,
  ): Promise<RequestRecord> {
    const request = await this.options.store.getRequest(id);
    const delegate = await this.options.delegations?.asDelegate(actor);
    if (
      !request ||
      !(await this.options.policy.maySeeRequest(request, delegate ?? actor))
    ) {
      throw new NotFoundError(`No request ${id}`);
    }
    return request;
  }

  /**
   * A page of the requests the actor may see, newest first. `approver: 'me'` is the inbox:
   * every pending request whose current stage the actor decides, chosen in SQL.
   */
  /** What happened to a request and its grant, in order: its audit events. */
  async getHistory(id: string, actor: Actor): Promise<AccessAuditEvent[]> {
    // Whoever sees the request sees its history, a delegate included.
    const request = await this.visibleRequest(id, actor);
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
      roleId?: string[];
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
      roleIds: query.roleId,
    };
    const inbox: InboxFilter | undefined = query.approver
      ? {
          approverRefs: [actor.userEntityRef, ...actor.ownershipEntityRefs],
          self: actor.userEntityRef,
          delegated: (
            (await this.options.delegations?.activeFor(actor)) ?? []
          ).map(d => ({
            self: d.delegator,
            approverRefs: [...d.delegatorRefs],
          })),
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
