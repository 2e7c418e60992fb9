import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  AccessConflict,
  AccessRequestStage,
  AccessRole,
  AccessRoleRef,
  checkConflicts,
  OPEN_REQUEST_STATUSES,
  sameEntityRef,
} from '@accessgov/plugin-access-governance-common';
import { App, AppResolver } from '../catalog/apps';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { Db } from '../database/rows';
import { RequestRecord } from '../database/types';
import { jobs } from '../jobs/catalogue';
import { JobSpec } from '../jobs/DatabaseJobQueue';
import { roleOf } from '../messages/people';
import { ConflictStore } from './ConflictStore';

/** A request that may go ahead only with the extra approval of `stage`. */
export interface ConflictException {
  held: AccessRoleRef;
  /** Whether the person holds the other role, or has an open request for it. */
  heldAs: 'grant' | 'request';
  exceptionRef: string;
  stage: AccessRequestStage;
  reason?: string;
}

export interface ConflictServiceOptions {
  store: DatabaseAccessStore;
  conflictStore: ConflictStore;
  apps: AppResolver;
  /** `accessGovernance.conflicts`. */
  configured: AccessConflict[];
}

/**
 * Separation of duties: a request for a role that, with a role the person holds or has
 * asked for, makes a declared pair is refused, or needs an extra approval stage where the
 * pair allows an exception.
 */
export class ConflictService {
  constructor(private readonly options: ConflictServiceOptions) {}

  /** The pairs of the app and of the configuration that involve this role. */
  private pairsOf(app: App, roleId: string): AccessConflict[] {
    return [...(app.spec.conflicts ?? []), ...this.options.configured].filter(
      c =>
        c.roles.some(
          r => r.roleId === roleId && sameEntityRef(r.entityRef, app.entityRef),
        ),
    );
  }

  /**
   * Throws a 409 naming the held role when the request is not allowed; answers the
   * exception stage when it needs one, else undefined.
   */
  async check(
    app: App,
    role: AccessRole,
    user: string,
    credentials: BackstageCredentials,
  ): Promise<ConflictException | undefined> {
    const pairs = this.pairsOf(app, role.id);
    if (pairs.length === 0) return undefined;
    const { store } = this.options;
    const grants = await store.listGrants({ user, statuses: ['active'] });
    const requests = await store.listRequests({
      requester: user,
      statuses: [...OPEN_REQUEST_STATUSES],
    });
    const held = [
      ...grants.map(g => ({
        entityRef: g.entityRef,
        roleId: g.roleId,
        as: 'grant' as const,
      })),
      ...requests.map(r => ({
        entityRef: r.entityRef,
        roleId: r.roleId,
        as: 'request' as const,
      })),
    ];
    const wanted = { entityRef: app.entityRef, roleId: role.id };
    const check = checkConflicts(wanted, held, pairs);
    if (check.allowed && !('reason' in check)) return undefined;
    const holding = held.find(
      h =>
        h.roleId === check.held!.roleId &&
        sameEntityRef(h.entityRef, check.held!.entityRef),
    )!;
    const heldName = await this.describe(holding, credentials);
    const why = check.conflict.reason ? ` (${check.conflict.reason})` : '';
    if (!check.allowed) {
      throw new ConflictError(
        `${role.title} on ${app.entity.metadata.title ?? app.entity.metadata.name} conflicts with ${heldName}, which you ${holding.as === 'grant' ? 'hold' : 'have asked for'}${why}: one person must not hold both`,
      );
    }
    const exceptionRef = check.conflict.exception;
    return {
      held: check.held,
      heldAs: holding.as,
      exceptionRef,
      reason: check.conflict.reason,
      stage: {
        type: 'entity',
        label: `Conflict exception (${exceptionRef})`,
        approvers: [exceptionRef],
      },
    };
  }

  private async describe(
    held: AccessRoleRef,
    credentials: BackstageCredentials,
  ): Promise<string> {
    const app = await this.options.apps.tryLoad(held.entityRef, credentials);
    const role = app?.spec.roles.find(r => r.id === held.roleId);
    const appTitle = app?.entity.metadata.title ?? app?.entity.metadata.name;
    return `${role?.title ?? held.roleId} on ${appTitle ?? held.entityRef}`;
  }

  /** Stores the exception with the new request and writes it to the request's record. */
  async recordException(
    tx: Db,
    request: RequestRecord,
    exception: ConflictException,
  ): Promise<JobSpec[]> {
    await this.options.conflictStore.insert(tx, {
      requestId: request.id,
      entityRef: request.entityRef,
      roleId: request.roleId,
      user: request.requester,
      heldEntityRef: exception.held.entityRef,
      heldRoleId: exception.held.roleId,
      exceptionRef: exception.exceptionRef,
      createdAt: request.createdAt,
    });
    const held = roleOf(exception.held.entityRef, exception.held.roleId);
    return [
      jobs.recordUpdate(request.id, {
        comment: `Separation-of-duties exception: ${request.requester} ${exception.heldAs === 'grant' ? 'holds' : 'has asked for'} ${held} on ${exception.held.entityRef}, which conflicts with ${roleOf(request.entityRef, request.roleId)}${exception.reason ? ` (${exception.reason})` : ''}. Holding both needs the extra approval of ${exception.exceptionRef} (stage ${request.stages.length} of ${request.stages.length}).`,
      }),
    ];
  }

  /**
   * Flags review items held as an exception to a pair of conflicting roles: their reason
   * says so and names the other role.
   */
  async flagExceptions<T extends { requestId: string | null; reason: string }>(
    items: T[],
    credentials: BackstageCredentials,
  ): Promise<T[]> {
    const ids = items.flatMap(i => (i.requestId ? [i.requestId] : []));
    if (ids.length === 0) return items;
    const exceptions = await this.options.conflictStore.forRequests(ids);
    const result: T[] = [];
    for (const item of items) {
      const exception = item.requestId
        ? exceptions.get(item.requestId)
        : undefined;
      if (!exception) {
        result.push(item);
        continue;
      }
      const held = await this.describe(
        { entityRef: exception.heldEntityRef, roleId: exception.heldRoleId },
        credentials,
      );
      result.push({
        ...item,
        reason: `${item.reason}. Separation-of-duties exception: granted beside ${held}`,
      });
    }
    return result;
  }
}
