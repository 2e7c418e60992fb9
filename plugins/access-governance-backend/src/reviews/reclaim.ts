import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { durationToMillis } from '@accessgov/plugin-access-governance-common';
import { IdentityProvider } from '@accessgov/plugin-access-governance-node';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { GrantRecord } from '../database/types';
import { DatabaseJobQueue } from '../jobs/DatabaseJobQueue';
import { App, AppResolver } from '../catalog/apps';
import { Directory } from '../catalog/directory';
import { GrantService } from '../grants/GrantService';
import { jobs } from '../jobs/catalogue';
import { commitWithJobs } from '../jobs/commit';
import { reclaimMessages } from '../messages';

export interface InactivitySweepOptions {
  store: DatabaseAccessStore;
  queue: DatabaseJobQueue;
  grants: GrantService;
  apps: AppResolver;
  directory: Directory;
  providers: Map<string, IdentityProvider>;
  logger: LoggerService;
  onJobsEnqueued: () => void;
  serviceCredentials: () => Promise<BackstageCredentials>;
  now?: () => Date;
}

type Outcome = 'warned' | 'revoked' | 'cancelled' | 'active' | 'unknown';

/**
 * Inactivity reclaim, for apps that declare `spec.access.reclaim`: holders with no
 * successful sign-in to the IdP within `inactiveAfter` are warned; still inactive
 * `gracePeriod` after the warning, their access is revoked with evidence. A sign-in
 * during the grace period cancels the reclaim. Roles with `reclaim: false` and roles
 * fulfilled by hand are exempt.
 */
export async function runInactivitySweep(options: InactivitySweepOptions) {
  const now = options.now ?? (() => new Date());
  const counts: Record<Outcome, number> = {
    warned: 0,
    revoked: 0,
    cancelled: 0,
    active: 0,
    unknown: 0,
  };
  const credentials = await options.serviceCredentials();
  for (const entityRef of await options.store.listEntitiesWithActiveGrants()) {
    const app = await options.apps.tryLoad(entityRef, credentials);
    if (!app?.spec.reclaim) continue;
    const grants = await options.store.listGrants({
      entityRef,
      statuses: ['active'],
      ending: false,
    });
    for (const grant of grants) {
      try {
        counts[await reclaimOne(options, app, grant, now())]++;
      } catch (error) {
        options.logger.warn(
          `Inactivity check of grant ${grant.id} failed: ${error}`,
        );
      }
    }
  }
  if (counts.warned + counts.revoked + counts.cancelled > 0) {
    options.logger.info(
      `Inactivity sweep: ${counts.warned} warned, ${counts.revoked} revoked, ${counts.cancelled} reclaim(s) cancelled`,
    );
  }
  return counts;
}

async function reclaimOne(
  options: InactivitySweepOptions,
  app: App,
  grant: GrantRecord,
  now: Date,
): Promise<Outcome> {
  const role = app.spec.roles.find(r => r.id === grant.roleId);
  const reclaim = app.spec.reclaim!;
  if (!role || role.manual || !role.reclaim || !grant.provider) return 'active';
  const provider = options.providers.get(grant.provider);
  if (!provider) return 'unknown';
  const user = await options.directory.getUser(grant.user);
  const idpUser = await provider.resolveUser(
    options.directory.lookupFor(user, provider.type),
  );
  if (!idpUser) return 'unknown';
  const { lastLoginAt } = await provider.getUserContext(idpUser.id);
  if (lastLoginAt === undefined) return 'unknown';

  const inactiveAfterMs = durationToMillis(reclaim.inactiveAfter);
  const lastLogin = lastLoginAt ? new Date(lastLoginAt) : null;
  const inactive =
    !lastLogin || now.getTime() - lastLogin.getTime() > inactiveAfterMs;
  const lastSeen = reclaimMessages.lastSeen(provider.id, lastLogin);
  const commit = (fn: Parameters<typeof commitWithJobs>[1]) =>
    commitWithJobs({ ...options, now: () => now }, fn);

  if (!grant.reclaimWarnedAt) {
    if (!inactive) return 'active';
    const revokeAt = new Date(
      now.getTime() + durationToMillis(reclaim.gracePeriod),
    );
    await commit(async (tx, enqueue) => {
      if (
        !(await options.store.updateGrant(tx, grant.id, ['active'], {
          reclaimWarnedAt: now,
        }))
      )
        return;
      await options.store.appendAudit(
        tx,
        {
          entityRef: grant.entityRef,
          type: 'reclaim-warned',
          actor: 'system:inactivity-sweep',
          requestId: grant.requestId,
          grantId: grant.id,
          details: {
            lastLoginAt,
            inactiveAfter: reclaim.inactiveAfter,
            revokeAt: revokeAt.toISOString(),
          },
        },
        now,
      );
      const text = reclaimMessages.warningComment(
        grant,
        lastSeen,
        reclaim.inactiveAfter,
        revokeAt,
      );
      await enqueue([
        ...(grant.requestId
          ? [jobs.recordUpdate(grant.requestId, { comment: text })]
          : []),
        jobs.notify({
          recipients: [grant.user],
          ...reclaimMessages.warning(grant, reclaim.inactiveAfter, revokeAt),
        }),
      ]);
    });
    return 'warned';
  }

  const warnedAt = grant.reclaimWarnedAt;
  if (!inactive || (lastLogin && lastLogin > warnedAt)) {
    await commit(async (tx, enqueue) => {
      if (
        !(await options.store.updateGrant(tx, grant.id, ['active'], {
          reclaimWarnedAt: null,
        }))
      )
        return;
      await options.store.appendAudit(
        tx,
        {
          entityRef: grant.entityRef,
          type: 'reclaim-cancelled',
          actor: 'system:inactivity-sweep',
          requestId: grant.requestId,
          grantId: grant.id,
          details: { lastLoginAt, warnedAt: warnedAt.toISOString() },
        },
        now,
      );
      if (grant.requestId) {
        await enqueue([
          jobs.recordUpdate(grant.requestId, {
            comment: reclaimMessages.cancelledComment(
              grant,
              lastSeen,
              warnedAt,
            ),
          }),
        ]);
      }
    });
    return 'cancelled';
  }

  if (
    now.getTime() <
    warnedAt.getTime() + durationToMillis(reclaim.gracePeriod)
  )
    return 'warned';
  await commit((tx, enqueue) =>
    options.grants.end(tx, enqueue, grant, {
      status: 'revoked',
      kind: 'inactivity',
      actor: 'system:inactivity-sweep',
      reason: reclaimMessages.revokeReason(
        lastSeen,
        warnedAt,
        reclaim.gracePeriod,
      ),
      approvers: app.approvers,
    }),
  );
  return 'revoked';
}
