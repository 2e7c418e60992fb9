import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AccessGrant,
  AccessPage,
  AccessGrantStatus,
  AccessRemovalStatus,
  accessGrantRevokePermission,
  grantStatusAfterEnd,
  isAmong,
  isGrantEnding,
  isSelf,
} from '@accessgov/plugin-access-governance-common';
import { Knex } from 'knex';
import { App, AppResolver, normalizeEntityRef } from '../catalog/apps';
import { visiblePage } from '../database/cursor';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { GrantFilter, GrantRecord } from '../database/types';
import { RecordUrl, toGrantDto } from '../dto';
import { jobs } from '../jobs/catalogue';
import { Enqueue, StateWriter } from '../jobs/commit';
import { JobSpec } from '../jobs/DatabaseJobQueue';
import { grantMessages } from '../messages';
import { AccessPolicy, Actor, AppCache } from '../policy/AccessPolicy';
import { seesWholeList } from '../policy/lists';
import { endGrant, GrantEnd } from './endGrant';

export interface GrantServiceOptions {
  store: DatabaseAccessStore;
  writer: StateWriter;
  apps: AppResolver;
  policy: AccessPolicy;
  recordUrl?: RecordUrl;
  /** The plugin's own credentials, for work no user asked for (sweeps). */
  serviceCredentials: () => Promise<BackstageCredentials>;
}

/**
 * The grant lifecycle: who holds what, giving back and revoking, the end of a grant's
 * window, reminders, and the removal of roles granted by hand.
 */
export class GrantService {
  constructor(private readonly options: GrantServiceOptions) {}

  private async reload(id: string): Promise<AccessGrant> {
    const grant = await this.options.store.getGrant(id);
    if (!grant) throw new NotFoundError(`No grant ${id}`);
    return toGrantDto(grant, this.options.recordUrl);
  }

  /** Ends a grant within a commit; see {@link endGrant}. */
  end(
    tx: Knex.Transaction,
    enqueue: Enqueue,
    grant: GrantRecord,
    end: GrantEnd,
  ): Promise<boolean> {
    const { store, writer } = this.options;
    return endGrant(
      { store, now: () => writer.now() },
      tx,
      enqueue,
      grant,
      end,
    );
  }

  /** A page of the grants the actor may see, newest first. */
  async listGrants(
    query: {
      entityRef?: string;
      user?: string;
      status?: AccessGrantStatus[];
      removal?: AccessRemovalStatus[];
    },
    actor: Actor,
    page: { cursor?: string; limit: number } = { limit: 100 },
  ): Promise<AccessPage<AccessGrant>> {
    const { store, policy } = this.options;
    const user =
      query.user === 'me'
        ? actor.userEntityRef
        : query.user && normalizeEntityRef(query.user);
    const filter: GrantFilter = {
      entityRef: query.entityRef && normalizeEntityRef(query.entityRef),
      user,
      statuses: query.status,
      removals: query.removal,
    };
    const cache: AppCache = new Map();
    // Lists whose every row the actor sees are counted in SQL.
    const whole = await seesWholeList(
      policy,
      actor,
      { owner: user, entityRef: filter.entityRef },
      cache,
    );
    const result = await visiblePage(
      'grants',
      page,
      (after, limit) => store.pageGrants(filter, { after, limit }),
      grant => whole || policy.maySeeGrant(grant, actor, cache),
      grant => toGrantDto(grant, this.options.recordUrl),
    );
    return whole
      ? { ...result, total: await store.countGrants(filter) }
      : result;
  }

  /** The holder gives a grant back, or an approver or administrator revokes it with a reason. */
  async revoke(
    id: string,
    reason: string | undefined,
    actor: Actor,
  ): Promise<AccessGrant> {
    const { store, policy, writer } = this.options;
    const grant = await store.getGrant(id);
    if (!grant) throw new NotFoundError(`No grant ${id}`);
    const holder = isSelf(actor, grant.user);
    if (!holder) {
      const app = await this.options.apps.tryLoad(
        grant.entityRef,
        actor.credentials,
      );
      const approver = app !== undefined && isAmong(actor, app.approvers);
      if (!approver && !(await policy.isAdmin(actor))) {
        throw new NotAllowedError(
          `Only the holder, an approver of ${grant.entityRef} or an administrator can revoke this grant`,
        );
      }
      await policy.authorize(
        accessGrantRevokePermission,
        grant.entityRef,
        actor,
      );
      if (!reason?.trim()) {
        throw new InputError(
          "reason: a reason is required to revoke somebody else's access",
        );
      }
    }
    if (grant.status !== 'active' || isGrantEnding(grant)) {
      throw new ConflictError(grantMessages.notEndable(grant));
    }
    const why = reason?.trim() || 'given back by the holder';
    // The answer is the grant as this call left it: ending, its removal under way.
    const ending = await writer.commit(async (tx, enqueue) => {
      await this.end(tx, enqueue, grant, {
        status: 'revoked',
        kind: holder ? 'given-back' : 'revoked',
        actor: actor.userEntityRef,
        reason: grantMessages.revokeReason(holder, actor.userEntityRef, why),
      });
      return store.getGrant(id, tx);
    });
    if (!ending) throw new NotFoundError(`No grant ${id}`);
    return toGrantDto(ending, this.options.recordUrl);
  }

  /** The holder gives a grant back; a grant of somebody else is not found this way. */
  async giveBack(id: string, actor: Actor): Promise<AccessGrant> {
    const grant = await this.options.store.getGrant(id);
    if (!grant || !isSelf(actor, grant.user)) {
      throw new NotFoundError(`You hold no grant ${id}`);
    }
    return this.revoke(id, undefined, actor);
  }

  /** An approver confirms that a role granted by hand was removed by hand. */
  async confirmRemoval(id: string, actor: Actor): Promise<AccessGrant> {
    const { store, policy, writer } = this.options;
    const grant = await store.getGrant(id);
    if (!grant) throw new NotFoundError(`No grant ${id}`);
    const app = await this.options.apps.tryLoad(
      grant.entityRef,
      actor.credentials,
    );
    if (
      !(app && isAmong(actor, app.approvers)) &&
      !(await policy.isAdmin(actor))
    ) {
      throw new NotAllowedError(
        `Only an approver of ${grant.entityRef} can confirm a removal`,
      );
    }
    // Confirming a removal closes a revocation: the permission policy has its say, as on revoke.
    await policy.authorize(accessGrantRevokePermission, grant.entityRef, actor);
    if (grant.removal !== 'manual') {
      throw new ConflictError(
        'This grant is not waiting for a removal by hand',
      );
    }
    await writer.commit(async (tx, enqueue) => {
      // An ending grant ends now; one stored as ended before keeps its status.
      const done = await store.updateGrant(
        tx,
        id,
        ['active', 'expired', 'revoked'],
        {
          status:
            grant.status === 'active'
              ? grantStatusAfterEnd(grant.endKind)
              : grant.status,
          removal: 'done',
        },
        { ending: true },
      );
      if (!done) {
        throw new ConflictError('The removal was confirmed meanwhile; reload');
      }
      await writer.audit(tx, {
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
            comment: grantMessages.removalConfirmedComment(
              actor.userEntityRef,
              writer.now(),
            ),
            transition: 'ended',
          }),
        ]);
      }
    });
    return this.reload(id);
  }

  /**
   * Ends active grants whose window has passed, all in one transaction; grants no longer
   * active are skipped. `apps` carries each app's catalog entry across the calls of one
   * sweep, so it is read once. Returns the ids of the grants it ended.
   */
  async expire(
    due: GrantRecord[],
    apps: Map<string, Promise<App | undefined>> = new Map(),
  ): Promise<string[]> {
    if (due.length === 0) return [];
    const { writer } = this.options;
    const approvers = await this.approversOf(due, apps);
    return writer.commit(async (tx, enqueue) => {
      const ended: string[] = [];
      const specs: JobSpec[] = [];
      const collect: Enqueue = async more => {
        specs.push(...more);
      };
      for (const grant of due) {
        try {
          await this.end(tx, collect, grant, {
            status: 'expired',
            kind: 'expired',
            actor: 'system:expiry-sweep',
            reason: grantMessages.expiryReason(grant.expiresAt),
            approvers: approvers.get(grant.entityRef),
          });
          ended.push(grant.id);
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
        }
      }
      await enqueue(specs);
      return ended;
    });
  }

  /** The approvers of the apps of grants that are removed by hand (they are asked to). */
  private async approversOf(
    grants: GrantRecord[],
    apps: Map<string, Promise<App | undefined>>,
  ): Promise<Map<string, string[] | undefined>> {
    const refs = new Set(
      grants
        .filter(g => g.groups.length === 0 || !g.provider)
        .map(g => g.entityRef),
    );
    const result = new Map<string, string[] | undefined>();
    for (const ref of refs) {
      if (!apps.has(ref)) {
        apps.set(
          ref,
          this.options
            .serviceCredentials()
            .then(credentials => this.options.apps.tryLoad(ref, credentials)),
        );
      }
      result.set(ref, (await apps.get(ref))?.approvers);
    }
    return result;
  }

  /** Tells a holder that their access ends soon (once per grant). */
  async remindHolder(grant: GrantRecord): Promise<void> {
    const { store, writer } = this.options;
    await writer.commit(async (tx, enqueue) => {
      const marked = await store.updateGrant(
        tx,
        grant.id,
        ['active'],
        { remindedAt: writer.now() },
        { ending: false },
      );
      if (!marked) return;
      await enqueue([
        jobs.notify({
          recipients: [grant.user],
          ...grantMessages.endsSoon(grant),
        }),
      ]);
    });
  }
}
