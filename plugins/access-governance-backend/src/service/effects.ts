import { LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  AccessRecordSystem,
  IdentityProvider,
  SideEffectError,
} from '@accessgov/plugin-access-governance-node';
import {
  durationToMillis,
  formatDurationShort,
} from '@accessgov/plugin-access-governance-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { GrantRecord, RequestRecord } from '../database/types';
import { ClaimedJob, DatabaseJobQueue, JobSpec } from '../jobs/DatabaseJobQueue';
import { JobHandler } from '../jobs/JobRunner';
import { Directory } from './directory';
import { DatabaseReviewStore } from '../reviews/DatabaseReviewStore';
import { REVIEW_JOB, reviewRecordJob } from '../reviews/jobs';

/** The steps of a request's record that move it through the workflow. */
export type RecordStep =
  | 'approved'
  | 'granted'
  | 'rejected'
  | 'cancelled'
  | 'failed'
  | 'ended';

/** Transition names of the default workflow; each can be renamed in configuration. */
export const DEFAULT_TRANSITIONS: Record<RecordStep, string> = {
  approved: 'Approve',
  granted: 'Grant',
  rejected: 'Reject',
  cancelled: 'Cancel',
  failed: 'Fail',
  ended: 'Close',
};

export const JOB_TYPES = {
  recordOpen: 'record.open',
  recordUpdate: 'record.update',
  provision: 'idp.provision',
  remove: 'idp.remove',
  notify: 'notify',
} as const;

/** A notification to send, durably. */
export interface NotificationSpec {
  /** User or group entity refs. */
  recipients: string[];
  title: string;
  description: string;
  /** A path in Backstage, e.g. /catalog/default/component/salesforce/access. */
  link?: string;
  severity?: 'critical' | 'high' | 'normal' | 'low';
  topic?: string;
}

/** What a removal job removes. */
export interface RemovalSpec {
  user: string;
  provider: string;
  groups: string[];
  reason: string;
  grantId?: string | null;
  requestId?: string | null;
  /** The entity the removal is recorded against. */
  entityRef: string;
  /** The IdP user, when known already (a member that Backstage may not know). */
  idpUserId?: string;
  /** The review campaign that decided the removal, for members without a grant. */
  reviewId?: string;
}

/** Builds the jobs that carry side effects. */
export const jobs = {
  recordOpen(requestId: string): JobSpec {
    return {
      type: JOB_TYPES.recordOpen,
      chain: `record:${requestId}`,
      payload: { requestId },
      requestId,
    };
  },
  recordUpdate(
    requestId: string,
    update: { comment?: string; transition?: RecordStep },
  ): JobSpec {
    return {
      type: JOB_TYPES.recordUpdate,
      chain: `record:${requestId}`,
      payload: { requestId, ...update },
      requestId,
    };
  },
  provision(request: Pick<RequestRecord, 'id' | 'requester'>): JobSpec {
    return {
      type: JOB_TYPES.provision,
      chain: `idp:${request.requester}`,
      payload: { requestId: request.id },
      requestId: request.id,
    };
  },
  remove(removal: RemovalSpec): JobSpec {
    return {
      type: JOB_TYPES.remove,
      chain: `idp:${removal.user}`,
      payload: removal as unknown as JsonObject,
      requestId: removal.requestId ?? null,
      grantId: removal.grantId ?? null,
    };
  },
  notify(notification: NotificationSpec): JobSpec {
    return {
      type: JOB_TYPES.notify,
      chain: `notify:${randomUUID()}`,
      payload: notification as unknown as JsonObject,
    };
  },
};

export interface EffectsOptions {
  store: DatabaseAccessStore;
  queue: DatabaseJobQueue;
  directory: Directory;
  providers: Map<string, IdentityProvider>;
  records?: AccessRecordSystem;
  notifications?: NotificationService;
  transitions: Partial<Record<RecordStep, string>>;
  reviews?: DatabaseReviewStore;
  /** The frontend's base URL, for links in records. */
  appBaseUrl: string;
  logger: LoggerService;
  now: () => Date;
}

/** The path of an app's Access tab in Backstage. */
export function accessTabPath(entityRef: string): string {
  const match = /^([^:]+):([^/]+)\/(.+)$/.exec(entityRef);
  if (!match) return '/catalog';
  const [, kind, namespace, name] = match;
  return `/catalog/${namespace}/${kind}/${name}/access`;
}

function iso(date: Date) {
  return date.toISOString();
}

function permanentOr(duration: string | null) {
  return duration ? formatDurationShort(duration) : 'no expiry';
}

/** The structured request stored on its record. */
export function requestProperty(request: RequestRecord): JsonObject {
  return {
    requestId: request.id,
    correlationKey: request.id,
    entityRef: request.entityRef,
    roleId: request.roleId,
    requester: request.requester,
    duration: request.duration,
    status: request.status,
    groups: request.groups,
    provider: request.provider,
    grantId: request.grantId,
    approvals: request.approvals.map(a => ({ ...a })),
    failure: request.failure,
    createdAt: iso(request.createdAt),
    updatedAt: iso(request.updatedAt),
  };
}

/**
 * The job handlers: every IdP change, record write and notification the backend makes.
 * Each handler is safe to run again after a crash: IdP calls are idempotent, records are
 * found by correlation key before one is opened, and comments carry their event id.
 */
export class Effects {
  constructor(private readonly options: EffectsOptions) {}

  private provider(id: string | null): IdentityProvider {
    const provider = id ? this.options.providers.get(id) : undefined;
    if (!provider) {
      throw new SideEffectError(
        `Identity provider ${id ?? '(none)'} is not configured under accessGovernance.providers`,
        { retryable: false },
      );
    }
    return provider;
  }

  private async requestOf(job: ClaimedJob): Promise<RequestRecord> {
    const id = String(job.payload.requestId);
    const request = await this.options.store.getRequest(id);
    if (!request) {
      throw new SideEffectError(`Request ${id} does not exist`, { retryable: false });
    }
    return request;
  }

  private async enqueue(tx: Knex.Transaction, specs: JobSpec[]) {
    await this.options.queue.enqueue(tx, specs, this.options.now());
  }

  private async resolveIdpUser(provider: IdentityProvider, userRef: string) {
    const user = await this.options.directory.getUser(userRef);
    const lookup = this.options.directory.lookupFor(user, provider.type);
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
        { retryable: false },
      );
    }
    return idpUser;
  }

  handlers(): Record<string, JobHandler> {
    return {
      [JOB_TYPES.recordOpen]: { run: job => this.openRecord(job) },
      [JOB_TYPES.recordUpdate]: { run: job => this.updateRecord(job) },
      [JOB_TYPES.provision]: {
        run: job => this.provision(job),
        onFailure: (job, error, tx) => this.provisionFailed(job, error, tx),
      },
      [JOB_TYPES.remove]: {
        run: job => this.remove(job),
        onFailure: (job, error, tx) => this.removeFailed(job, error, tx),
      },
      [JOB_TYPES.notify]: { run: job => this.notify(job) },
      [REVIEW_JOB]: { run: job => this.reviewRecord(job) },
    };
  }

  /** Opens (once) and writes to a review campaign's own record. */
  private async reviewRecord(job: ClaimedJob) {
    const { records, reviews, directory } = this.options;
    if (!records || !reviews) return undefined;
    const reviewId = String(job.payload.reviewId);
    const review = await reviews.getReview(reviewId);
    if (!review) {
      throw new SideEffectError(`Review ${reviewId} does not exist`, { retryable: false });
    }
    const items = await reviews.listItems(reviewId);
    const title = await directory.getEntityTitle(review.entityRef);
    const property = {
      reviewId,
      correlationKey: `review-${reviewId}`,
      entityRef: review.entityRef,
      status: review.status,
      dueAt: iso(review.dueAt),
      items: items.length,
      keep: items.filter(i => i.decision === 'keep').length,
      revoke: items.filter(i => i.decision === 'revoke').length,
      undecided: items.filter(i => !i.decision).length,
    };
    let key = review.jiraKey;
    if (!key) {
      const record = await records.ensureRecord({
        correlationKey: `review-${reviewId}`,
        summary: `Access review of ${title}, ${iso(review.createdAt).slice(0, 10)}`,
        description: [
          `Access review campaign of ${title} (${review.entityRef}), started by ${review.createdBy} at ${iso(review.createdAt)}, due ${iso(review.dueAt)}.`,
          `${items.length} item(s): ${items.filter(i => i.recommendation === 'revoke').length} recommended for revocation, ${items.filter(i => !i.grantId).length} without a request on record.`,
          `In Backstage: ${this.options.appBaseUrl}${accessTabPath(review.entityRef).replace(/\/access$/, '/access-review')}`,
        ].join('\n\n'),
        labels: ['access-review'],
        property,
      });
      key = record.key;
    }
    const comment = job.payload.comment;
    if (typeof comment === 'string' && comment) {
      await records.addComment(key, comment, `job-${job.id}`);
    }
    if (job.payload.summary) {
      const deciders = new Map<string, number>();
      for (const item of items) {
        if (item.decidedBy) deciders.set(item.decidedBy, (deciders.get(item.decidedBy) ?? 0) + 1);
      }
      const lines = [
        `Review completed by ${review.completedBy} at ${review.completedAt ? iso(review.completedAt) : 'unknown'}.`,
        `${items.length} item(s): ${property.keep} kept, ${property.revoke} revoked.`,
        `Decided by: ${[...deciders].map(([who, n]) => `${who} (${n})`).join(', ') || 'nobody'}.`,
        ...items
          .filter(i => i.decision === 'revoke')
          .map(i => `Revoked: ${i.user.displayName ?? i.user.email} (${i.user.ref ?? 'not in Backstage'}) from ${i.groups.join(', ')}, role ${i.roleId}: ${i.reason}${i.comment ? `; ${i.comment}` : ''}`),
      ];
      await records.addComment(key, lines.join('\n'), `job-${job.id}`);
      const name = this.options.transitions.ended ?? DEFAULT_TRANSITIONS.ended;
      await records.transition(key, name);
    }
    await records.setProperty(key, property);
    if (review.jiraKey) return undefined;
    const recordKey = key;
    return async (tx: Knex.Transaction) => {
      await reviews.setRecordKey(tx, reviewId, recordKey);
    };
  }

  private async openRecord(job: ClaimedJob) {
    const { records, directory, store } = this.options;
    if (!records) return undefined;
    const request = await this.requestOf(job);
    if (request.jiraKey) return undefined;
    const [requester, appTitle] = await Promise.all([
      directory.getUser(request.requester),
      directory.getEntityTitle(request.entityRef),
    ]);
    const approvalPath =
      request.stages.length === 0
        ? 'granted at once (no approval needed)'
        : request.stages.map(s => s.label).join(', then ');
    const record = await records.ensureRecord({
      correlationKey: request.id,
      summary: `${requester.displayName} requests ${request.roleId} on ${appTitle}`,
      description: [
        `${requester.displayName} (${request.requester}) requests the role "${request.roleId}" of ${appTitle} (${request.entityRef}).`,
        `Justification: ${request.justification}`,
        `Duration: ${permanentOr(request.duration)}`,
        `Groups: ${request.groups.length > 0 ? request.groups.join(', ') : 'none: fulfilled by hand'}${request.provider ? ` (${request.provider})` : ''}`,
        `Approval: ${approvalPath}`,
        `Request ${request.id}, made ${iso(request.createdAt)}. In Backstage: ${this.options.appBaseUrl}${accessTabPath(request.entityRef)}`,
      ].join('\n\n'),
      labels: ['access-request'],
      property: requestProperty(request),
    });
    return async (tx: Knex.Transaction) => {
      await store.setRecordKey(tx, request.id, record.key);
      await store.appendAudit(
        tx,
        {
          entityRef: request.entityRef,
          type: 'record-opened',
          actor: 'system',
          requestId: request.id,
          grantId: request.grantId,
          details: { jiraKey: record.key, url: record.url },
        },
        this.options.now(),
      );
    };
  }

  private async updateRecord(job: ClaimedJob) {
    const { records, transitions, logger } = this.options;
    if (!records) return;
    const request = await this.requestOf(job);
    if (!request.jiraKey) {
      throw new SideEffectError(
        `Request ${request.id} has no record to write to (opening it failed)`,
        { retryable: false },
      );
    }
    const comment = job.payload.comment;
    if (typeof comment === 'string' && comment) {
      await records.addComment(request.jiraKey, comment, `job-${job.id}`);
    }
    const step = job.payload.transition as RecordStep | undefined;
    if (step) {
      const name = transitions[step] ?? DEFAULT_TRANSITIONS[step];
      const result = await records.transition(request.jiraKey, name);
      if (result === 'skipped') {
        logger.info(
          `Record ${request.jiraKey}: transition "${name}" is not available; skipped`,
        );
      }
    }
    await records.setProperty(request.jiraKey, requestProperty(request));
  }

  private async provision(job: ClaimedJob) {
    const { store, now } = this.options;
    const request = await this.requestOf(job);
    if (request.status !== 'approved') return undefined;
    const provider = this.provider(request.provider);
    const idpUser = await this.resolveIdpUser(provider, request.requester);
    const changes: string[] = [];
    for (const name of request.groups) {
      const group = await provider.resolveGroup(name);
      if (!group) {
        throw new SideEffectError(`Group ${name} does not exist in ${provider.id}`, {
          retryable: false,
        });
      }
      await provider.addMember(group.id, idpUser.id);
      changes.push(
        `Added ${idpUser.email ?? idpUser.login ?? idpUser.id} (${idpUser.id}) to ${provider.id} group ${group.name} (${group.id}) at ${iso(now())}.`,
      );
    }
    return async (tx: Knex.Transaction) => {
      const grantedAt = now();
      // The record may have been opened while the IdP calls ran.
      const jiraKey = await store.lockRequestRecordKey(tx, request.id);
      const grant: GrantRecord = {
        id: randomUUID(),
        entityRef: request.entityRef,
        roleId: request.roleId,
        user: request.requester,
        groups: request.groups,
        provider: request.provider,
        requestId: request.id,
        jiraKey,
        status: 'active',
        grantedAt,
        expiresAt: request.duration
          ? new Date(grantedAt.getTime() + durationToMillis(request.duration))
          : null,
        endedAt: null,
        endReason: null,
        removal: null,
        remindedAt: null,
        reclaimWarnedAt: null,
      };
      const moved = await store.updateRequest(
        tx,
        request.id,
        ['approved'],
        { status: 'granted', grantId: grant.id },
        grantedAt,
      );
      if (!moved) return;
      await store.insertGrant(tx, grant);
      await store.appendAudit(
        tx,
        {
          entityRef: request.entityRef,
          type: 'access-granted',
          actor: 'system',
          requestId: request.id,
          grantId: grant.id,
          details: {
            provider: provider.id,
            idpUserId: idpUser.id,
            groups: request.groups,
            expiresAt: grant.expiresAt ? iso(grant.expiresAt) : null,
          },
        },
        grantedAt,
      );
      await this.enqueue(tx, [
        jobs.recordUpdate(request.id, {
          comment: [
            ...changes,
            grant.expiresAt
              ? `Access granted until ${iso(grant.expiresAt)} (${permanentOr(request.duration)}).`
              : 'Access granted with no expiry.',
          ].join('\n'),
          transition: 'granted',
        }),
        jobs.notify({
          recipients: [request.requester],
          title: `Access granted: ${request.roleId} on ${request.entityRef}`,
          description: grant.expiresAt
            ? `Your access ends at ${iso(grant.expiresAt)}.`
            : 'Your access has no expiry.',
          link: accessTabPath(request.entityRef),
          topic: 'access-granted',
        }),
      ]);
    };
  }

  private async provisionFailed(job: ClaimedJob, error: Error, tx: Knex.Transaction) {
    const { store, now } = this.options;
    const request = await store.getRequest(String(job.payload.requestId), tx);
    if (!request) return;
    const failure = `Provisioning failed after ${job.attempts} attempt(s): ${error.message}`;
    const moved = await store.updateRequest(tx, request.id, ['approved'], { status: 'failed', failure }, now());
    if (!moved) return;
    await store.appendAudit(
      tx,
      {
        entityRef: request.entityRef,
        type: 'provisioning-failed',
        actor: 'system',
        requestId: request.id,
        grantId: null,
        details: { error: error.message, attempts: job.attempts },
      },
      now(),
    );
    const specs: JobSpec[] = [
      jobs.recordUpdate(request.id, {
        comment: `${failure}. An administrator can retry the request once the cause is fixed.`,
        transition: 'failed',
      }),
      jobs.notify({
        recipients: [request.requester],
        title: `Access request failed: ${request.roleId} on ${request.entityRef}`,
        description: failure,
        link: accessTabPath(request.entityRef),
        severity: 'high',
        topic: 'access-failed',
      }),
    ];
    if (request.provider && request.groups.length > 0) {
      // Groups added before the failure are taken back, unless another grant needs them.
      specs.push(
        jobs.remove({
          user: request.requester,
          provider: request.provider,
          groups: request.groups,
          reason: 'provisioning failed',
          requestId: request.id,
          entityRef: request.entityRef,
        }),
      );
    }
    await this.enqueue(tx, specs);
  }

  /** Groups that another active grant (or a request being provisioned) of the user still gives. */
  private async groupsStillNeeded(removal: RemovalSpec): Promise<Set<string>> {
    const { store } = this.options;
    const [grants, requests] = await Promise.all([
      store.listGrants({ user: removal.user, statuses: ['active'], provider: removal.provider }),
      store.listRequests({ requester: removal.user, statuses: ['approved'] }),
    ]);
    const needed = new Set<string>();
    for (const grant of grants) {
      if (grant.id === removal.grantId) continue;
      grant.groups.forEach(g => needed.add(g));
    }
    for (const request of requests) {
      if (request.id === removal.requestId || request.provider !== removal.provider) continue;
      request.groups.forEach(g => needed.add(g));
    }
    return needed;
  }

  private async remove(job: ClaimedJob) {
    const { store, now } = this.options;
    const removal = job.payload as unknown as RemovalSpec;
    const provider = this.provider(removal.provider);
    const needed = await this.groupsStillNeeded(removal);
    const lines: string[] = [];
    const removed: string[] = [];
    const kept = removal.groups.filter(g => needed.has(g));
    const toRemove = removal.groups.filter(g => !needed.has(g));
    if (toRemove.length > 0) {
      const idpUser = removal.idpUserId
        ? { id: removal.idpUserId, email: undefined, login: undefined }
        : await this.resolveIdpUser(provider, removal.user);
      for (const name of toRemove) {
        const group = await provider.resolveGroup(name);
        if (!group) {
          lines.push(`Group ${name} no longer exists in ${provider.id}; nothing to remove.`);
          continue;
        }
        await provider.removeMember(group.id, idpUser.id);
        removed.push(name);
        lines.push(
          `Removed ${idpUser.email ?? idpUser.login ?? removal.user} (${idpUser.id}) from ${provider.id} group ${group.name} (${group.id}) at ${iso(now())}: ${removal.reason}.`,
        );
      }
    }
    for (const name of kept) {
      lines.push(`Kept ${provider.id} group ${name}: another active grant of ${removal.user} still gives it.`);
    }
    return async (tx: Knex.Transaction) => {
      if (removal.grantId) {
        await store.updateGrant(tx, removal.grantId, ['expired', 'revoked'], { removal: 'done' });
      }
      await store.appendAudit(
        tx,
        {
          entityRef: removal.entityRef,
          type: 'access-removed',
          actor: 'system',
          requestId: removal.requestId ?? null,
          grantId: removal.grantId ?? null,
          details: { provider: provider.id, user: removal.user, removed, kept, reason: removal.reason },
        },
        now(),
      );
      if (removal.requestId && lines.length > 0) {
        await this.enqueue(tx, [
          jobs.recordUpdate(removal.requestId, {
            comment: lines.join('\n'),
            transition: removal.grantId ? 'ended' : undefined,
          }),
        ]);
      } else if (removal.reviewId && lines.length > 0) {
        await this.enqueue(tx, [
          reviewRecordJob(removal.reviewId, { comment: lines.join('\n') }),
        ]);
      }
    };
  }

  private async removeFailed(job: ClaimedJob, error: Error, tx: Knex.Transaction) {
    const { store, now } = this.options;
    const removal = job.payload as unknown as RemovalSpec;
    if (removal.grantId) {
      await store.updateGrant(tx, removal.grantId, ['expired', 'revoked'], { removal: 'failed' });
    }
    const message = `Removing ${removal.user} from ${removal.groups.join(', ')} in ${removal.provider} failed after ${job.attempts} attempt(s): ${error.message}`;
    await store.appendAudit(
      tx,
      {
        entityRef: removal.entityRef,
        type: 'removal-failed',
        actor: 'system',
        requestId: removal.requestId ?? null,
        grantId: removal.grantId ?? null,
        details: { error: error.message, attempts: job.attempts, groups: removal.groups },
      },
      now(),
    );
    const specs: JobSpec[] = [];
    const evidence = `${message}. The membership must be removed by hand, or the job retried by an administrator.`;
    if (removal.requestId) {
      specs.push(jobs.recordUpdate(removal.requestId, { comment: evidence }));
    } else if (removal.reviewId) {
      specs.push(reviewRecordJob(removal.reviewId, { comment: evidence }));
    }
    await this.enqueue(tx, specs);
  }

  private async notify(job: ClaimedJob) {
    const { notifications } = this.options;
    if (!notifications) return;
    const spec = job.payload as unknown as NotificationSpec;
    if (spec.recipients.length === 0) return;
    await notifications.send({
      recipients: { type: 'entity', entityRef: spec.recipients },
      payload: {
        title: spec.title,
        description: spec.description,
        link: spec.link,
        severity: spec.severity ?? 'normal',
        topic: spec.topic,
      },
    });
  }
}

