import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AccessBundleRoleView,
  AccessBundleView,
  AccessRoleRef,
  accessRequestCreatePermission,
  checkNewRequest,
  checkRequestedDuration,
  formatAccessSpecError,
  isAccessBundle,
  OPEN_REQUEST_STATUSES,
  readAccessBundle,
} from '@accessgov/plugin-access-governance-common';
import { randomUUID } from 'node:crypto';
import {
  App,
  AppResolver,
  findRole,
  normalizeEntityRef,
} from '../catalog/apps';
import { ConflictService } from '../conflicts/ConflictService';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { RecordUrl } from '../dto';
import { jobs } from '../jobs/catalogue';
import { StateWriter } from '../jobs/commit';
import { Actor, AccessPolicy } from '../policy/AccessPolicy';
import { RequestService } from '../requests/RequestService';
import { BundleStore } from './BundleStore';

export interface BundleServiceOptions {
  catalog: CatalogService;
  apps: AppResolver;
  store: DatabaseAccessStore;
  bundles: BundleStore;
  writer: StateWriter;
  policy: AccessPolicy;
  requests: RequestService;
  conflicts?: ConflictService;
  recordUrl?: RecordUrl;
  maxDuration?: string;
}

const titleOf = (entity: Entity) =>
  entity.metadata.title ?? entity.metadata.name;

/**
 * Access bundles: roles across apps asked for together, with one justification and one
 * duration. Each role becomes a request of its own, decided by its own app's approvers;
 * the ask groups them under one parent record.
 */
export class BundleService {
  constructor(private readonly options: BundleServiceOptions) {}

  private async loadBundle(
    bundleRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ entity: Entity; ref: string; roles: AccessRoleRef[] }> {
    const ref = normalizeEntityRef(bundleRef);
    const entity = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!entity || !isAccessBundle(entity)) {
      throw new NotFoundError(`No access bundle ${ref} in the catalog`);
    }
    const read = readAccessBundle(entity);
    if (!read.ok) {
      throw new ConflictError(
        `The roles of bundle ${ref} are invalid: ${read.errors
          .map(e => formatAccessSpecError({ ...e, path: `spec.${e.path}` }))
          .join('; ')}`,
      );
    }
    return { entity, ref: stringifyEntityRef(entity), roles: read.roles };
  }

  async getBundle(bundleRef: string, actor: Actor): Promise<AccessBundleView> {
    const { apps, bundles } = this.options;
    const bundle = await this.loadBundle(bundleRef, actor.credentials);
    const roles: AccessBundleRoleView[] = [];
    for (const item of bundle.roles) {
      roles.push(await this.roleView(item, actor, apps));
    }
    const asks = await bundles.listFor(bundle.ref, actor.userEntityRef);
    return {
      entityRef: bundle.ref,
      title: titleOf(bundle.entity),
      ...(bundle.entity.metadata.description && {
        description: bundle.entity.metadata.description,
      }),
      roles,
      asks: asks.map(ask => ({
        id: ask.id,
        createdAt: ask.createdAt.toISOString(),
        justification: ask.justification,
        duration: ask.duration,
        requestIds: ask.requestIds,
        jiraKey: ask.jiraKey,
        jiraUrl:
          ask.jiraKey && this.options.recordUrl
            ? this.options.recordUrl(ask.jiraKey)
            : null,
      })),
    };
  }

  private async roleView(
    item: AccessRoleRef,
    actor: Actor,
    apps: AppResolver,
  ): Promise<AccessBundleRoleView> {
    let app: App;
    try {
      app = await apps.load(item.entityRef, actor.credentials);
    } catch (error) {
      return {
        ...item,
        appTitle: item.entityRef,
        roleTitle: item.roleId,
        state: 'unavailable',
        problem: (error as Error).message,
      };
    }
    const role = app.spec.roles.find(r => r.id === item.roleId);
    const base = {
      ...item,
      entityRef: app.entityRef,
      appTitle: titleOf(app.entity),
    };
    if (!role) {
      return {
        ...base,
        roleTitle: item.roleId,
        state: 'unavailable',
        problem: `${titleOf(app.entity)} has no role ${item.roleId}`,
      };
    }
    const mine = { entityRef: app.entityRef, roleId: role.id };
    const [requests, grants] = await Promise.all([
      this.options.store.listRequests({
        ...mine,
        requester: actor.userEntityRef,
      }),
      this.options.store.listGrants({
        ...mine,
        user: actor.userEntityRef,
        statuses: ['active'],
      }),
    ]);
    const latest = requests
      .filter(r => r.roleId === role.id)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    const grant = grants.find(g => g.roleId === role.id);
    const open =
      latest &&
      (OPEN_REQUEST_STATUSES as readonly string[]).includes(latest.status);
    let state: AccessBundleRoleView['state'] = 'available';
    if (grant) state = 'held';
    else if (open) state = 'requested';
    return {
      ...base,
      roleTitle: role.title,
      risk: role.risk,
      state,
      ...(latest && {
        request: {
          id: latest.id,
          status: latest.status,
          jiraKey: latest.jiraKey,
        },
      }),
      ...(grant && { grantExpiresAt: grant.expiresAt?.toISOString() ?? null }),
    };
  }

  /**
   * Opens one request per role the actor neither holds nor has asked for, after checking
   * every role first (its app, the duration, the permission, conflicting roles), so that a
   * bundle is asked for whole or not at all.
   */
  async requestBundle(
    bundleRef: string,
    input: { justification: string; duration?: string | null },
    actor: Actor,
  ): Promise<AccessBundleView> {
    const { apps, store, policy, conflicts, writer, bundles } = this.options;
    const bundle = await this.loadBundle(bundleRef, actor.credentials);
    const toAsk: Array<{ app: App; roleId: string }> = [];
    for (const item of bundle.roles) {
      const app = await apps.load(item.entityRef, actor.credentials);
      const role = findRole(app, item.roleId);
      const duration = checkRequestedDuration(
        role,
        input.duration,
        this.options,
      );
      if (!duration.ok) {
        throw new InputError(
          `duration: ${role.title} on ${titleOf(app.entity)}: ${duration.message}`,
        );
      }
      await policy.authorize(
        accessRequestCreatePermission,
        app.entityRef,
        actor,
      );
      const mine = { entityRef: app.entityRef, roleId: role.id };
      const blocker = checkNewRequest(
        role.id,
        await store.listRequests({
          ...mine,
          requester: actor.userEntityRef,
          statuses: [...OPEN_REQUEST_STATUSES],
        }),
        await store.listGrants({
          ...mine,
          user: actor.userEntityRef,
          statuses: ['active'],
        }),
      );
      if (!blocker.allowed) continue;
      await conflicts?.check(app, role, actor.userEntityRef, actor.credentials);
      toAsk.push({ app, roleId: role.id });
    }
    if (toAsk.length === 0) {
      throw new ConflictError(
        `You already hold or have asked for every role of ${titleOf(bundle.entity)}`,
      );
    }
    const requestIds: string[] = [];
    for (const { app, roleId } of toAsk) {
      const created = await this.options.requests.createRequest(
        {
          entityRef: app.entityRef,
          roleId,
          duration: input.duration,
          justification: input.justification,
        },
        actor,
      );
      requestIds.push(created.id);
    }
    await writer.commit(async (tx, enqueue) => {
      const id = randomUUID();
      await bundles.insert(tx, {
        id,
        bundleRef: bundle.ref,
        requester: actor.userEntityRef,
        justification: input.justification.trim(),
        duration: input.duration ?? null,
        requestIds,
        jiraKey: null,
        createdAt: writer.now(),
      });
      await enqueue([jobs.bundleRecord(id)]);
    });
    return this.getBundle(bundle.ref, actor);
  }
}
