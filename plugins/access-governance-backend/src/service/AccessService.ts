import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  AccessApp,
  AccessAuditEvent,
  AccessGrant,
  AccessGrantStatus,
  AccessRequest,
  AccessRequestStatus,
  accessAdministerPermission,
  accessAuditReadPermission,
  accessGrantRevokePermission,
  accessRequestApprovePermission,
  accessRequestCreatePermission,
  checkRequestedDuration,
  durationToMillis,
  formatDurationShort,
} from '@accessgov/plugin-access-governance-common';
import { IdentityProvider } from '@accessgov/plugin-access-governance-node';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { GrantRecord, RequestRecord } from '../database/types';
import { DatabaseJobQueue, JobSpec } from '../jobs/DatabaseJobQueue';
import {
  approvalRecord,
  Caller,
  checkCanDecide,
  isAmong,
  nextAfterDecision,
  resolveStages,
} from '../engine/approval';
import { App, AppResolver, findRole, normalizeEntityRef } from './apps';
import { Directory } from './directory';
import { accessTabPath, jobs, RecordStep } from './effects';
import { commitWithJobs, Enqueue } from './commit';
import { RecordUrl, toAuditDto, toGrantDto, toRequestDto } from './dto';

export interface AccessServiceOptions {
  store: DatabaseAccessStore;
  queue: DatabaseJobQueue;
  apps: AppResolver;
  directory: Directory;
  providers: Map<string, IdentityProvider>;
  permissions: PermissionsService;
  logger: LoggerService;
  /** Entity refs of the administrators (accessGovernance.admins). */
  admins: string[];
  recordUrl?: RecordUrl;
  /** Called after a commit that enqueued jobs. */
  onJobsEnqueued: () => void;
  /** The plugin's own credentials, for work no user asked for (sweeps). */
  serviceCredentials: () => Promise<BackstageCredentials>;
  now?: () => Date;
}

/** The caller of an operation: who they are and the credentials to act with. */
export interface Actor extends Caller {
  credentials: BackstageCredentials;
}

const OPEN_REQUEST: AccessRequestStatus[] = ['pending', 'approved'];
const GROUP_CACHE_MS = 5 * 60_000;

/**
 * The access lifecycle: requests, decisions, grants and their end. Every state change
 * commits together with its audit event and the jobs that carry its side effects.
 */
export class AccessService {
  private readonly now: () => Date;
  private readonly groupCache = new Map<string, { at: number; exists: boolean }>();

  constructor(private readonly options: AccessServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  // Authorization

  private async allowed(
    permission: BasicPermission | ResourcePermission,
    resourceRef: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.options.permissions.authorize(
      [
        permission.type === 'resource'
          ? { permission, resourceRef: resourceRef! }
          : { permission },
      ] as any,
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  private async authorize(
    permission: BasicPermission | ResourcePermission,
    resourceRef: string | undefined,
    actor: Actor,
  ): Promise<void> {
    if (!(await this.allowed(permission, resourceRef, actor.credentials))) {
      throw new NotAllowedError(
        `You are not allowed to ${permission.name.replace('access-governance.', '').replace('.', ' ')}${resourceRef ? ` on ${resourceRef}` : ''}`,
      );
    }
  }

  /** Administrators are named in configuration and need the administer permission. */
  async isAdmin(actor: Actor): Promise<boolean> {
    if (!isAmong(actor, this.options.admins)) return false;
    return this.allowed(accessAdministerPermission, undefined, actor.credentials);
  }

  private async mayOversee(app: App | undefined, actor: Actor): Promise<boolean> {
    if (app && isAmong(actor, [...app.approvers, ...app.reviewers])) return true;
    return this.isAdmin(actor);
  }

  // Writing

  private commit<T>(fn: (tx: Knex.Transaction, enqueue: Enqueue) => Promise<T>): Promise<T> {
    return commitWithJobs({ ...this.options, now: this.now }, fn);
  }

  private audit(
    tx: Knex.Transaction,
    event: {
      entityRef: string;
      type: string;
      actor: string;
      requestId?: string | null;
      grantId?: string | null;
      details?: Record<string, unknown>;
    },
  ) {
    return this.options.store.appendAudit(
      tx,
      {
        entityRef: event.entityRef,
        type: event.type,
        actor: event.actor,
        requestId: event.requestId ?? null,
        grantId: event.grantId ?? null,
        details: event.details ?? {},
      },
      this.now(),
    );
  }

  private requestDto(request: RequestRecord): AccessRequest {
    return toRequestDto(request, this.options.recordUrl);
  }

  private grantDto(grant: GrantRecord): AccessGrant {
    return toGrantDto(grant, this.options.recordUrl);
  }

  private async reloadRequest(id: string): Promise<AccessRequest> {
    const request = await this.options.store.getRequest(id);
    if (!request) throw new NotFoundError(`No request ${id}`);
    return this.requestDto(request);
  }

  private async reloadGrant(id: string): Promise<AccessGrant> {
    const grant = await this.options.store.getGrant(id);
    if (!grant) throw new NotFoundError(`No grant ${id}`);
    return this.grantDto(grant);
  }

  // Apps

  async getApp(entityRef: string, actor: Actor): Promise<AccessApp> {
    const app = await this.options.apps.load(entityRef, actor.credentials);
    const canApprove = isAmong(actor, app.approvers);
    return {
      entityRef: app.entityRef,
      provider: app.provider,
      roles: app.spec.roles,
      approvers: app.approvers,
      reviewers: app.reviewers,
      viewer: { canApprove, canReview: isAmong(actor, app.reviewers) },
      health: {
        unresolvedGroups: canApprove ? await this.unresolvedGroups(app) : [],
      },
    };
  }

  /** Role groups that the app's IdP says do not exist (an unreachable IdP reports none). */
  private async unresolvedGroups(app: App): Promise<string[]> {
    const provider = this.options.providers.get(app.provider);
    const names = [...new Set(app.spec.roles.flatMap(r => r.groups))];
    if (!provider) return names;
    const missing: string[] = [];
    await Promise.all(
      names.map(async name => {
        const key = `${provider.id}\u0000${name}`;
        const cached = this.groupCache.get(key);
        if (cached && Date.now() - cached.at < GROUP_CACHE_MS) {
          if (!cached.exists) missing.push(name);
          return;
        }
        try {
          const exists = Boolean(await provider.resolveGroup(name));
          this.groupCache.set(key, { at: Date.now(), exists });
          if (!exists) missing.push(name);
        } catch (error) {
          this.options.logger.warn(
            `Could not check group ${name} in ${provider.id}: ${error}`,
          );
        }
      }),
    );
    return missing.sort();
  }

  // Requests

  async createRequest(
    input: {
      entityRef: string;
      roleId: string;
      duration?: string | null;
      justification: string;
    },
    actor: Actor,
  ): Promise<AccessRequest> {
    const { store, providers } = this.options;
    const app = await this.options.apps.load(input.entityRef, actor.credentials);
    const role = findRole(app, input.roleId);
    const duration = checkRequestedDuration(role, input.duration);
    if (!duration.ok) {
      throw new InputError(`duration: ${duration.message}`);
    }
    await this.authorize(accessRequestCreatePermission, app.entityRef, actor);

    const provider = role.manual ? null : app.provider;
    if (provider !== null && !providers.has(provider)) {
      throw new ConflictError(
        `${app.entityRef} uses identity provider "${provider}", which is not configured`,
      );
    }
    const manager = role.approval.some(s => s.type === 'manager')
      ? await this.findManager(actor.userEntityRef, provider ?? app.provider)
      : undefined;
    const stages = resolveStages(role, { approvers: app.approvers, manager });
    if (!stages.ok) {
      throw new ConflictError(stages.message);
    }

    const now = this.now();
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

    await this.commit(async (tx, enqueue) => {
      const open = (
        await store.listRequests(
          { entityRef: app.entityRef, requester: actor.userEntityRef, statuses: OPEN_REQUEST },
          tx,
        )
      ).find(r => r.roleId === role.id);
      if (open) {
        throw new ConflictError(
          `You already have a ${open.status} request for ${role.id} on ${app.entityRef}`,
        );
      }
      const held = (
        await store.listGrants(
          { entityRef: app.entityRef, user: actor.userEntityRef, statuses: ['active'], roleId: role.id },
          tx,
        )
      )[0];
      if (held) {
        throw new ConflictError(
          `You already hold ${role.id} on ${app.entityRef}${held.expiresAt ? ` until ${held.expiresAt.toISOString()}` : ''}`,
        );
      }
      await store.insertRequest(tx, request);
      await this.audit(tx, {
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
            comment: `Approved automatically: role ${role.id} (${role.risk} risk) needs no approval.`,
            transition: 'approved',
          }),
          ...this.fulfilmentJobs(request, app),
        );
      } else {
        specs.push(this.stageNotification(request, 0));
      }
      await enqueue(specs);
    });
    return this.reloadRequest(request.id);
  }

  private async findManager(userRef: string, providerId: string): Promise<string | undefined> {
    const provider = this.options.providers.get(providerId);
    if (!provider) return undefined;
    const user = await this.options.directory.getUser(userRef);
    const idpUser = await provider.resolveUser(this.options.directory.lookupFor(user, provider.type));
    if (!idpUser) return undefined;
    const context = await provider.getUserContext(idpUser.id);
    const email = context.manager?.email;
    return email ? this.options.directory.findUserRefByEmail(email) : undefined;
  }

  private stageNotification(request: RequestRecord, stage: number): JobSpec {
    return jobs.notify({
      recipients: request.stages[stage].approvers,
      title: `Access request waiting for you: ${request.roleId} on ${request.entityRef}`,
      description: `${request.requester} asks for ${request.roleId} (${request.duration ? formatDurationShort(request.duration) : 'no expiry'}): ${request.justification}`,
      link: accessTabPath(request.entityRef),
      topic: 'access-approval',
    });
  }

  /** What happens once a request is approved: provisioning, or a call for fulfilment by hand. */
  private fulfilmentJobs(request: RequestRecord, app: Pick<App, 'approvers'>): JobSpec[] {
    if (request.groups.length > 0) {
      return [jobs.provision(request)];
    }
    return [
      jobs.recordUpdate(request.id, {
        comment: `Role ${request.roleId} is fulfilled by hand: an approver grants it in the app, then marks the request fulfilled in Backstage.`,
      }),
      jobs.notify({
        recipients: app.approvers,
        title: `Grant by hand: ${request.roleId} on ${request.entityRef}`,
        description: `${request.requester} was approved for ${request.roleId}. Grant it in the app, then mark the request fulfilled.`,
        link: accessTabPath(request.entityRef),
        topic: 'access-fulfil',
      }),
    ];
  }

  async getRequest(id: string, actor: Actor): Promise<AccessRequest> {
    const request = await this.options.store.getRequest(id);
    if (!request || !(await this.maySeeRequest(request, actor, new Map()))) {
      throw new NotFoundError(`No request ${id}`);
    }
    return this.requestDto(request);
  }

  private async appFor(
    entityRef: string,
    actor: Actor,
    cache: Map<string, Promise<App | undefined>>,
  ): Promise<App | undefined> {
    if (!cache.has(entityRef)) {
      cache.set(entityRef, this.options.apps.tryLoad(entityRef, actor.credentials));
    }
    return cache.get(entityRef)!;
  }

  private async maySeeRequest(
    request: RequestRecord,
    actor: Actor,
    cache: Map<string, Promise<App | undefined>>,
  ): Promise<boolean> {
    if (request.requester === actor.userEntityRef) return true;
    if (request.stages.some(s => isAmong(actor, s.approvers))) return true;
    return this.mayOversee(await this.appFor(request.entityRef, actor, cache), actor);
  }

  async listRequests(
    query: {
      entityRef?: string;
      status?: AccessRequestStatus[];
      requester?: string;
      approver?: string;
    },
    actor: Actor,
  ): Promise<AccessRequest[]> {
    const requester =
      query.requester === 'me' ? actor.userEntityRef : query.requester && normalizeEntityRef(query.requester);
    if (query.approver && query.approver !== 'me') {
      throw new InputError('approver: only "me" is supported');
    }
    const records = await this.options.store.listRequests({
      entityRef: query.entityRef && normalizeEntityRef(query.entityRef),
      requester,
      statuses: query.approver ? ['pending'] : query.status,
      limit: 1000,
    });
    const cache = new Map<string, Promise<App | undefined>>();
    const visible: AccessRequest[] = [];
    for (const request of records) {
      if (query.approver) {
        const check = checkCanDecide(request, actor);
        if (!check.ok) continue;
      } else if (!(await this.maySeeRequest(request, actor, cache))) {
        continue;
      }
      visible.push(this.requestDto(request));
    }
    return visible;
  }

  async decide(
    id: string,
    decision: 'approved' | 'rejected',
    comment: string | undefined,
    actor: Actor,
  ): Promise<AccessRequest> {
    const { store } = this.options;
    const request = await store.getRequest(id);
    if (!request) throw new NotFoundError(`No request ${id}`);
    const check = checkCanDecide(request, actor);
    if (!check.ok) {
      if (check.reason === 'state') throw new ConflictError(check.message);
      throw new NotAllowedError(check.message);
    }
    await this.authorize(accessRequestApprovePermission, request.entityRef, actor);
    if (decision === 'rejected' && !comment?.trim()) {
      throw new InputError('comment: a reason is required to reject a request');
    }
    const next = nextAfterDecision(request, decision);
    const approval = approvalRecord(check.stage, decision, actor.userEntityRef, comment, this.now());
    const stage = request.stages[check.stage];

    await this.commit(async (tx, enqueue) => {
      try {
        await store.insertApproval(tx, request.id, approval);
      } catch {
        throw new ConflictError('This stage of the request has already been decided');
      }
      const moved = await store.updateRequest(
        tx,
        request.id,
        ['pending'],
        { status: next.status, currentStage: next.currentStage },
        this.now(),
      );
      if (!moved) throw new ConflictError('The request is no longer pending');
      await this.audit(tx, {
        entityRef: request.entityRef,
        type: decision === 'approved' ? 'request-approved' : 'request-rejected',
        actor: actor.userEntityRef,
        requestId: request.id,
        details: { stage: check.stage, stageLabel: stage.label, comment: approval.comment },
      });
      const transition: RecordStep | undefined =
        next.status === 'pending' ? undefined : next.status;
      const specs: JobSpec[] = [
        jobs.recordUpdate(request.id, {
          comment: `Stage ${check.stage + 1} of ${request.stages.length} (${stage.label}): ${decision} by ${actor.userEntityRef} at ${approval.decidedAt}.${approval.comment ? ` Comment: ${approval.comment}` : ''}`,
          transition,
        }),
        jobs.notify({
          recipients: [request.requester],
          title: `Your request for ${request.roleId} on ${request.entityRef} was ${decision}`,
          description: `${actor.userEntityRef} ${decision} stage ${check.stage + 1} of ${request.stages.length}.${approval.comment ? ` ${approval.comment}` : ''}`,
          link: accessTabPath(request.entityRef),
          topic: 'access-decision',
        }),
      ];
      if (next.status === 'pending' && next.currentStage !== null) {
        specs.push(this.stageNotification(request, next.currentStage));
      }
      if (next.status === 'approved') {
        const app = await this.options.apps.tryLoad(request.entityRef, actor.credentials);
        specs.push(
          ...this.fulfilmentJobs(request, { approvers: app?.approvers ?? request.stages[0]?.approvers ?? [] }),
        );
      }
      await enqueue(specs);
    });
    return this.reloadRequest(request.id);
  }

  async cancel(id: string, actor: Actor): Promise<AccessRequest> {
    const { store } = this.options;
    const request = await store.getRequest(id);
    if (!request || !(await this.maySeeRequest(request, actor, new Map()))) {
      throw new NotFoundError(`No request ${id}`);
    }
    if (request.requester !== actor.userEntityRef && !(await this.isAdmin(actor))) {
      throw new NotAllowedError('Only the requester can cancel a request');
    }
    const cancellable =
      request.status === 'pending' || (request.status === 'approved' && request.groups.length === 0);
    if (!cancellable) {
      throw new ConflictError(`A request that is ${request.status} cannot be cancelled`);
    }
    await this.commit(async (tx, enqueue) => {
      const moved = await store.updateRequest(
        tx,
        request.id,
        [request.status],
        { status: 'cancelled', currentStage: null },
        this.now(),
      );
      if (!moved) throw new ConflictError('The request changed meanwhile; reload it');
      await this.audit(tx, {
        entityRef: request.entityRef,
        type: 'request-cancelled',
        actor: actor.userEntityRef,
        requestId: request.id,
      });
      await enqueue([
        jobs.recordUpdate(request.id, {
          comment: `Cancelled by ${actor.userEntityRef} at ${this.now().toISOString()}.`,
          transition: 'cancelled',
        }),
      ]);
    });
    return this.reloadRequest(request.id);
  }

  /** Marks an approved request of a role fulfilled by hand as done. */
  async fulfil(id: string, comment: string | undefined, actor: Actor): Promise<AccessRequest> {
    const { store } = this.options;
    const request = await store.getRequest(id);
    if (!request) throw new NotFoundError(`No request ${id}`);
    if (request.status !== 'approved' || request.groups.length > 0) {
      throw new ConflictError('Only approved requests of roles fulfilled by hand can be marked fulfilled');
    }
    const app = await this.options.apps.load(request.entityRef, actor.credentials);
    if (!isAmong(actor, app.approvers) || request.requester === actor.userEntityRef) {
      throw new NotAllowedError(`Only an approver of ${app.entityRef} other than the requester can mark it fulfilled`);
    }
    await this.authorize(accessRequestApprovePermission, request.entityRef, actor);
    const now = this.now();
    const grant: GrantRecord = {
      id: randomUUID(),
      entityRef: request.entityRef,
      roleId: request.roleId,
      user: request.requester,
      groups: [],
      provider: null,
      requestId: request.id,
      jiraKey: request.jiraKey,
      status: 'active',
      grantedAt: now,
      expiresAt: request.duration ? new Date(now.getTime() + durationToMillis(request.duration)) : null,
      endedAt: null,
      endReason: null,
      removal: null,
      remindedAt: null,
      reclaimWarnedAt: null,
    };
    await this.commit(async (tx, enqueue) => {
      const jiraKey = await store.lockRequestRecordKey(tx, request.id);
      const moved = await store.updateRequest(tx, request.id, ['approved'], { status: 'granted', grantId: grant.id }, now);
      if (!moved) throw new ConflictError('The request changed meanwhile; reload it');
      await store.insertGrant(tx, { ...grant, jiraKey });
      await this.audit(tx, {
        entityRef: request.entityRef,
        type: 'access-granted',
        actor: actor.userEntityRef,
        requestId: request.id,
        grantId: grant.id,
        details: { manual: true, comment: comment ?? null },
      });
      await enqueue([
        jobs.recordUpdate(request.id, {
          comment: `Granted by hand, marked fulfilled by ${actor.userEntityRef} at ${now.toISOString()}.${comment ? ` ${comment}` : ''}${grant.expiresAt ? ` Access ends at ${grant.expiresAt.toISOString()}.` : ''}`,
          transition: 'granted',
        }),
        jobs.notify({
          recipients: [request.requester],
          title: `Access granted: ${request.roleId} on ${request.entityRef}`,
          description: 'An approver granted the role by hand.',
          link: accessTabPath(request.entityRef),
          topic: 'access-granted',
        }),
      ]);
    });
    return this.reloadRequest(request.id);
  }

  /** Puts a failed request back to provisioning (administrators). */
  async retry(id: string, actor: Actor): Promise<AccessRequest> {
    const { store } = this.options;
    if (!(await this.isAdmin(actor))) {
      throw new NotAllowedError('Only administrators can retry a failed request');
    }
    const request = await store.getRequest(id);
    if (!request) throw new NotFoundError(`No request ${id}`);
    if (request.status !== 'failed') {
      throw new ConflictError(`Only failed requests can be retried; this one is ${request.status}`);
    }
    await this.commit(async (tx, enqueue) => {
      const moved = await store.updateRequest(tx, id, ['failed'], { status: 'approved', failure: null }, this.now());
      if (!moved) throw new ConflictError('The request changed meanwhile; reload it');
      await this.audit(tx, { entityRef: request.entityRef, type: 'request-retried', actor: actor.userEntityRef, requestId: id });
      await enqueue([
        jobs.recordUpdate(id, { comment: `Provisioning retried by ${actor.userEntityRef}.` }),
        jobs.provision(request),
      ]);
    });
    return this.reloadRequest(id);
  }

  // Grants

  async listGrants(
    query: { entityRef?: string; user?: string; status?: AccessGrantStatus[] },
    actor: Actor,
  ): Promise<AccessGrant[]> {
    const user = query.user === 'me' ? actor.userEntityRef : query.user && normalizeEntityRef(query.user);
    const records = await this.options.store.listGrants({
      entityRef: query.entityRef && normalizeEntityRef(query.entityRef),
      user,
      statuses: query.status,
      limit: 1000,
    });
    const cache = new Map<string, Promise<App | undefined>>();
    const visible: AccessGrant[] = [];
    for (const grant of records) {
      if (
        grant.user === actor.userEntityRef ||
        (await this.mayOversee(await this.appFor(grant.entityRef, actor, cache), actor))
      ) {
        visible.push(this.grantDto(grant));
      }
    }
    return visible;
  }

  async revoke(id: string, reason: string | undefined, actor: Actor): Promise<AccessGrant> {
    const { store } = this.options;
    const grant = await store.getGrant(id);
    if (!grant) throw new NotFoundError(`No grant ${id}`);
    const holder = grant.user === actor.userEntityRef;
    if (!holder) {
      const app = await this.options.apps.tryLoad(grant.entityRef, actor.credentials);
      const approver = app !== undefined && isAmong(actor, app.approvers);
      if (!approver && !(await this.isAdmin(actor))) {
        throw new NotAllowedError(
          `Only the holder, an approver of ${grant.entityRef} or an administrator can revoke this grant`,
        );
      }
      await this.authorize(accessGrantRevokePermission, grant.entityRef, actor);
      if (!reason?.trim()) {
        throw new InputError('reason: a reason is required to revoke somebody else\'s access');
      }
    }
    if (grant.status !== 'active') {
      throw new ConflictError(`The grant is already ${grant.status}`);
    }
    const why = reason?.trim() || 'given back by the holder';
    await this.commit(async (tx, enqueue) => {
      await this.endGrant(tx, enqueue, grant, {
        status: 'revoked',
        actor: actor.userEntityRef,
        reason: holder ? `Given back by ${actor.userEntityRef}: ${why}` : `Revoked by ${actor.userEntityRef}: ${why}`,
      });
    });
    return this.reloadGrant(id);
  }

  /**
   * Ends a grant: records why, and enqueues the IdP removal (or, for a role fulfilled by
   * hand, asks the approvers to remove it).
   */
  async endGrant(
    tx: Knex.Transaction,
    enqueue: Enqueue,
    grant: GrantRecord,
    end: { status: 'expired' | 'revoked'; actor: string; reason: string; approvers?: string[] },
  ): Promise<boolean> {
    const manual = grant.groups.length === 0 || !grant.provider;
    const moved = await this.options.store.updateGrant(tx, grant.id, ['active'], {
      status: end.status,
      endedAt: this.now(),
      endReason: end.reason,
      removal: manual ? 'manual' : 'pending',
    });
    if (!moved) {
      throw new ConflictError('The grant is no longer active');
    }
    await this.audit(tx, {
      entityRef: grant.entityRef,
      type: end.status === 'expired' ? 'grant-expired' : 'grant-revoked',
      actor: end.actor,
      requestId: grant.requestId,
      grantId: grant.id,
      details: { reason: end.reason, groups: grant.groups },
    });
    const specs: JobSpec[] = [];
    if (grant.requestId) {
      specs.push(
        jobs.recordUpdate(grant.requestId, {
          comment: `${end.status === 'expired' ? 'Expired' : 'Revoked'} at ${this.now().toISOString()}: ${end.reason}.${manual ? ' This role was granted by hand: remove it by hand in the app, then confirm the removal in Backstage.' : ''}`,
        }),
      );
    }
    if (manual) {
      specs.push(
        jobs.notify({
          recipients: end.approvers ?? [],
          title: `Remove by hand: ${grant.roleId} on ${grant.entityRef} for ${grant.user}`,
          description: `${end.reason}. Remove the access in the app, then confirm the removal.`,
          link: accessTabPath(grant.entityRef),
          topic: 'access-removal',
        }),
      );
    } else {
      specs.push(
        jobs.remove({
          user: grant.user,
          provider: grant.provider!,
          groups: grant.groups,
          reason: end.reason,
          grantId: grant.id,
          requestId: grant.requestId,
          entityRef: grant.entityRef,
        }),
      );
    }
    if (end.actor !== grant.user) {
      specs.push(
        jobs.notify({
          recipients: [grant.user],
          title: `Your access ended: ${grant.roleId} on ${grant.entityRef}`,
          description: end.reason,
          link: accessTabPath(grant.entityRef),
          topic: 'access-ended',
        }),
      );
    }
    await enqueue(specs);
    return true;
  }

  /** An approver confirms that a role granted by hand was removed by hand. */
  async confirmRemoval(id: string, actor: Actor): Promise<AccessGrant> {
    const { store } = this.options;
    const grant = await store.getGrant(id);
    if (!grant) throw new NotFoundError(`No grant ${id}`);
    const app = await this.options.apps.tryLoad(grant.entityRef, actor.credentials);
    if (!(app && isAmong(actor, app.approvers)) && !(await this.isAdmin(actor))) {
      throw new NotAllowedError(`Only an approver of ${grant.entityRef} can confirm a removal`);
    }
    if (grant.removal !== 'manual') {
      throw new ConflictError('This grant is not waiting for a removal by hand');
    }
    await this.commit(async (tx, enqueue) => {
      await store.updateGrant(tx, id, ['expired', 'revoked'], { removal: 'done' });
      await this.audit(tx, {
        entityRef: grant.entityRef,
        type: 'access-removed',
        actor: actor.userEntityRef,
        requestId: grant.requestId,
        grantId: grant.id,
        details: { manual: true },
      });
      if (grant.requestId) {
        await enqueue([
          jobs.recordUpdate(grant.requestId, {
            comment: `Removal by hand confirmed by ${actor.userEntityRef} at ${this.now().toISOString()}.`,
            transition: 'ended',
          }),
        ]);
      }
    });
    return this.reloadGrant(id);
  }

  // Audit

  async auditTrail(
    query: { entityRef: string; from?: Date; to?: Date },
    actor: Actor,
  ): Promise<AccessAuditEvent[]> {
    const app = await this.options.apps.load(query.entityRef, actor.credentials);
    await this.authorize(accessAuditReadPermission, app.entityRef, actor);
    if (!(await this.mayOversee(app, actor))) {
      throw new NotAllowedError(`Only approvers, reviewers and administrators read the audit trail of ${app.entityRef}`);
    }
    const events = await this.options.store.listAudit({
      entityRef: app.entityRef,
      from: query.from,
      to: query.to,
    });
    return events.map(toAuditDto);
  }

  // Sweeps

  /** Ends an active grant whose window has passed. False when it was no longer active. */
  async expireGrant(grant: GrantRecord): Promise<boolean> {
    const credentials = await this.options.serviceCredentials();
    const app = await this.options.apps.tryLoad(grant.entityRef, credentials);
    try {
      await this.commit((tx, enqueue) =>
        this.endGrant(tx, enqueue, grant, {
          status: 'expired',
          actor: 'system:expiry-sweep',
          reason: `the requested window ended at ${grant.expiresAt?.toISOString()}`,
          approvers: app?.approvers,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }

  /** Rejects a request that waited longer than allowed for a decision. */
  async rejectStale(request: RequestRecord, maxPendingAge: string): Promise<boolean> {
    const { store } = this.options;
    if (request.status !== 'pending' || request.currentStage === null) return false;
    const comment = `No decision within ${formatDurationShort(maxPendingAge)}; rejected automatically.`;
    const approval = approvalRecord(request.currentStage, 'rejected', 'system', comment, this.now());
    return this.commit(async (tx, enqueue) => {
      const moved = await store.updateRequest(tx, request.id, ['pending'], { status: 'rejected', currentStage: null }, this.now());
      if (!moved) return false;
      await store.insertApproval(tx, request.id, approval);
      await this.audit(tx, {
        entityRef: request.entityRef,
        type: 'request-rejected',
        actor: 'system:expiry-sweep',
        requestId: request.id,
        details: { stage: request.currentStage, comment, maxPendingAge },
      });
      await enqueue([
        jobs.recordUpdate(request.id, { comment, transition: 'rejected' }),
        jobs.notify({
          recipients: [request.requester],
          title: `Your request for ${request.roleId} on ${request.entityRef} expired`,
          description: comment,
          link: accessTabPath(request.entityRef),
          topic: 'access-decision',
        }),
      ]);
      return true;
    });
  }

  /** Tells a holder that their access ends soon (once per grant). */
  async remindHolder(grant: GrantRecord): Promise<void> {
    await this.commit(async (tx, enqueue) => {
      const marked = await this.options.store.updateGrant(tx, grant.id, ['active'], { remindedAt: this.now() });
      if (!marked) return;
      await enqueue([
        jobs.notify({
          recipients: [grant.user],
          title: `Your access ends soon: ${grant.roleId} on ${grant.entityRef}`,
          description: `It ends at ${grant.expiresAt?.toISOString()}. Request it again if you still need it.`,
          link: accessTabPath(grant.entityRef),
          topic: 'access-expiring',
        }),
      ]);
    });
  }

  // Operations

  private async assertAdmin(actor: Actor) {
    if (!(await this.isAdmin(actor))) {
      throw new NotAllowedError('Only administrators can see and retry background jobs');
    }
  }

  /** Background jobs, for administrators: what failed and why. */
  async listJobs(query: { status?: string[] }, actor: Actor) {
    await this.assertAdmin(actor);
    const items = await this.options.queue.list({ statuses: query.status, limit: 500 });
    return items.map(job => ({
      id: job.id,
      type: job.type,
      status: job.status,
      attempts: job.attempts,
      lastError: job.lastError,
      requestId: job.requestId,
      grantId: job.grantId,
      createdAt: job.createdAt.toISOString(),
      updatedAt: job.updatedAt.toISOString(),
      runAfter: job.runAfter.toISOString(),
    }));
  }

  /** Puts a failed job back in the queue (administrators). */
  async retryJob(id: string, actor: Actor) {
    await this.assertAdmin(actor);
    const job = await this.options.queue.get(id);
    if (!job) throw new NotFoundError(`No job ${id}`);
    if (job.status !== 'failed') {
      throw new ConflictError(`Only failed jobs can be retried; this one is ${job.status}`);
    }
    if (job.type === 'idp.provision' && job.requestId) {
      await this.retry(job.requestId, actor);
      return { id, status: 'superseded' as const };
    }
    await this.commit(async tx => {
      if (!(await this.options.queue.requeue(tx, id, this.now()))) {
        throw new ConflictError('The job changed meanwhile; reload it');
      }
      if (job.grantId) {
        await this.options.store.updateGrant(tx, job.grantId, ['expired', 'revoked'], { removal: 'pending' });
      }
    });
    this.options.onJobsEnqueued();
    return { id, status: 'pending' as const };
  }
}
