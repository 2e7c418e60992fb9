import { JsonObject } from '@backstage/types';
import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  AccessRecordSystem,
  IdentityProvider,
  SideEffectError,
} from '@accessgov/plugin-access-governance-node';
import { Knex } from 'knex';
import { Directory } from '../catalog/directory';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { DatabaseReviewStore } from '../database/DatabaseReviewStore';
import { RequestRecord } from '../database/types';
import { RecordStep } from '../jobs/catalogue';
import {
  ClaimedJob,
  DatabaseJobQueue,
  JobSpec,
} from '../jobs/DatabaseJobQueue';
import { GroupIdCache } from './groupIds';

/** What the job handlers work with. */
export interface JobHandlerOptions {
  store: DatabaseAccessStore;
  queue: DatabaseJobQueue;
  directory: Directory;
  providers: Map<string, IdentityProvider>;
  records?: AccessRecordSystem;
  notifications?: NotificationService;
  /** Transition names that replace the default workflow's. */
  transitions: Partial<Record<RecordStep, string>>;
  reviews?: DatabaseReviewStore;
  /** The frontend's base URL, for links in records. */
  appBaseUrl: string;
  logger: LoggerService;
  now: () => Date;
  /** How long a group name's IdP id is trusted before it is looked up again. */
  groupIdTtlMs?: number;
  /** The approvers of an app, told when its removals keep failing; none when unknown. */
  approversOf?: (entityRef: string) => Promise<string[]>;
  /** The plugin's administrators, told when removals keep failing. */
  admins?: string[];
  /** Failed attempts of a removal after which approvers and administrators are told. */
  alertAfterAttempts?: number;
  /**
   * How long a write whose answer was lost (a timeout, a crash) may still land at its
   * service; what depends on it waits this long before it reads back. Default 2 minutes.
   */
  settleMs?: number;
}

/** The helpers that several handlers share. */
export class HandlerContext {
  /** Group name → IdP group, per provider. */
  readonly groupIds: GroupIdCache;

  constructor(readonly options: JobHandlerOptions) {
    this.groupIds = new GroupIdCache({ ttlMs: options.groupIdTtlMs });
  }

  get settleMs(): number {
    return this.options.settleMs ?? 120_000;
  }

  provider(id: string | null): IdentityProvider {
    const provider = id ? this.options.providers.get(id) : undefined;
    if (!provider) {
      throw new SideEffectError(
        `Identity provider ${id ?? '(none)'} is not configured under accessGovernance.providers`,
        { retryable: false },
      );
    }
    return provider;
  }

  async request(id: string): Promise<RequestRecord> {
    const request = await this.options.store.getRequest(id);
    if (!request) {
      throw new SideEffectError(`Request ${id} does not exist`, {
        retryable: false,
      });
    }
    return request;
  }

  /** Records what of a held job's side effect is done (see {@link ClaimedJob.progress}). */
  async recordProgress(job: ClaimedJob, progress: JsonObject): Promise<void> {
    if (!job.lockedBy) return;
    await this.options.queue.recordProgress(
      job.id,
      job.lockedBy,
      progress,
      this.options.now(),
    );
  }

  /**
   * Adds a job's comment to a record once. The time of each write is recorded before it is
   * sent. When an attempt did not learn whether its write landed, the next one reads the
   * comments at once and is done if it did. If not, and the write went unanswered (a
   * timeout, a dropped connection: the service had it and may still apply it), it waits
   * until the write can no longer land, reads again and writes only if it is still
   * missing. A write whose attempt stopped with its process (a crash, the lease taken
   * over) and that is not there after the restart is written at once.
   */
  async commentOnce(
    records: AccessRecordSystem,
    job: ClaimedJob,
    key: string,
    text: string,
  ): Promise<void> {
    const now = () => this.options.now().getTime();
    const eventId = `job-${job.id}`;
    const sentAt = Number(job.progress?.commentSentAt ?? NaN);
    const landsBy = sentAt + this.settleMs;
    let found: boolean | undefined;
    if (!job.firstAttempt && Number.isFinite(sentAt) && landsBy > now()) {
      found = await records.hasComment?.(key, eventId);
      if (found) {
        await this.recordProgress(job, { commented: true });
        return;
      }
      // Without a way to read it back first, any earlier write is waited out.
      if (found === undefined || job.progress?.commentUnanswered === true) {
        throw new SideEffectError(
          `An earlier comment on ${key} may still land; it is read back once that time has passed`,
          { retryable: true, retryAfterMs: landsBy - now() },
        );
      }
    }
    const sent = now();
    await this.recordProgress(job, { commentSentAt: sent });
    try {
      await records.addComment(key, text, eventId, {
        // Only a write of an earlier attempt can be on the record already, and the record
        // was just read when that write is known to be missing.
        firstAttempt: job.firstAttempt || found === false,
      });
    } catch (error) {
      if (answerLost(error)) {
        await this.recordProgress(job, {
          commentSentAt: sent,
          commentUnanswered: true,
        });
      }
      throw error;
    }
    await this.recordProgress(job, { commented: true });
  }

  async enqueue(tx: Knex.Transaction, specs: JobSpec[]): Promise<void> {
    await this.options.queue.enqueue(tx, specs, this.options.now());
  }

  async resolveIdpUser(provider: IdentityProvider, userRef: string) {
    const { directory } = this.options;
    const user = await directory.getUser(userRef);
    const lookup = directory.lookupFor(user, provider.type);
    if (!lookup.email && !lookup.idpId) {
      throw new SideEffectError(
        `${userRef} has no email (spec.profile.email) to find them in ${provider.id}`,
        { retryable: false },
      );
    }
    const idpUser = await provider.resolveUser(lookup);
    if (!idpUser) {
      throw new SideEffectError(
        `${lookup.email ?? lookup.idpId} is not a user in ${provider.id}`,
        {
          retryable: false,
        },
      );
    }
    return idpUser;
  }
}

/**
 * Whether a failed call may have been applied without its answer reaching us: a timeout or
 * a connection that dropped (no status), or a gateway timeout.
 */
export function answerLost(error: unknown): boolean {
  return (
    error instanceof SideEffectError &&
    error.retryable &&
    (error.status === undefined || error.status === 408 || error.status === 504)
  );
}
