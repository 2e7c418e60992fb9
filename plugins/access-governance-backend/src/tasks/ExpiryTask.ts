import { LoggerService } from '@backstage/backend-plugin-api';
import { durationToMillis } from '@accessgov/plugin-access-governance-common';
import { App } from '../catalog/apps';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { GrantService } from '../grants/GrantService';
import { deservesReminder } from '../grants/reminders';
import { JobRunner } from '../jobs/JobRunner';
import { RequestDecisions } from '../requests/RequestDecisions';

export interface ExpirySweepOptions {
  store: DatabaseAccessStore;
  grants: GrantService;
  decisions: RequestDecisions;
  logger: LoggerService;
  /** ISO-8601: pending requests older than this are rejected. */
  maxPendingAge: string;
  /** ISO-8601: how long before expiry holders are reminded. */
  expiryReminder: string;
  now?: () => Date;
}

const BATCH = 200;

/**
 * The expiry sweep: ends grants whose window has passed, rejects requests that waited too
 * long, and reminds holders whose access ends soon. Safe to run on several replicas at
 * once: every change is a conditional update, so each grant ends exactly once.
 */
async function runExpirySweep(options: ExpirySweepOptions): Promise<{
  expired: number;
  rejected: number;
  reminded: number;
}> {
  const { store, grants, decisions, logger } = options;
  const now = options.now ?? (() => new Date());
  let expired = 0;
  let rejected = 0;
  let reminded = 0;

  // Each app is read from the catalog once per sweep, and each batch ends in one
  // transaction; a batch that fails is retried one grant at a time, so one bad grant does
  // not hold up the others.
  const apps = new Map<string, Promise<App | undefined>>();
  for (;;) {
    const due = await store.listExpiredGrants(now(), BATCH);
    let progressed = 0;
    try {
      progressed = (await grants.expire(due, apps)).length;
    } catch (batchError) {
      logger.warn(
        `Could not expire ${due.length} grant(s) at once, trying one at a time`,
        batchError,
      );
      for (const grant of due) {
        try {
          progressed += (await grants.expire([grant], apps)).length;
        } catch (error) {
          logger.error(`Could not expire grant ${grant.id}`, error);
        }
      }
    }
    expired += progressed;
    if (due.length < BATCH || progressed === 0) break;
  }

  const staleBefore = new Date(
    now().getTime() - durationToMillis(options.maxPendingAge),
  );
  const stale = await store.listRequests({
    statuses: ['pending'],
    createdBefore: staleBefore,
    limit: BATCH,
  });
  for (const request of stale) {
    try {
      if (await decisions.rejectStale(request, options.maxPendingAge))
        rejected++;
    } catch (error) {
      logger.error(`Could not reject stale request ${request.id}`, error);
    }
  }

  const remindBefore = new Date(
    now().getTime() + durationToMillis(options.expiryReminder),
  );
  for (const grant of await store.listGrantsToRemind(remindBefore, BATCH)) {
    if (!deservesReminder(grant, options.expiryReminder)) continue;
    await grants.remindHolder(grant);
    reminded++;
  }

  if (expired + rejected + reminded > 0) {
    logger.info(
      `Expiry sweep: ${expired} grant(s) expired, ${rejected} stale request(s) rejected, ${reminded} holder(s) reminded`,
    );
  }
  return { expired, rejected, reminded };
}

/** The expiry sweep as a scheduled task: sweeps, then runs the jobs it queued. */
export class ExpiryTask {
  readonly id = 'access-governance-expiry';
  readonly key = 'expiry' as const;

  constructor(
    private readonly options: ExpirySweepOptions & { runner: JobRunner },
  ) {}

  async run(): Promise<void> {
    await runExpirySweep(this.options);
    await this.options.runner.runUntilIdle();
  }
}
