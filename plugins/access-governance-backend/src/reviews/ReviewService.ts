import { BackstageCredentials, LoggerService, PermissionsService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult, ResourcePermission } from '@backstage/plugin-permission-common';
import {
  AccessReview,
  AccessReviewItem,
  accessReviewCreatePermission,
  accessReviewDecidePermission,
  durationToMillis,
} from '@accessgov/plugin-access-governance-common';
import { IdentityProvider, IdpUser, IdpUserContext } from '@accessgov/plugin-access-governance-node';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { GrantRecord } from '../database/types';
import { isAmong } from '../engine/approval';
import { DatabaseJobQueue } from '../jobs/DatabaseJobQueue';
import { AccessService, Actor } from '../service/AccessService';
import { App, AppResolver } from '../service/apps';
import { commitWithJobs, Enqueue } from '../service/commit';
import { Directory, DirectoryUser } from '../service/directory';
import { accessTabPath, jobs } from '../service/effects';
import { RecordUrl, toCsv } from '../service/dto';
import { DatabaseReviewStore, ReviewItemRecord, ReviewProgress, ReviewRecord } from './DatabaseReviewStore';
import { recommend } from './recommend';
import { reviewRecordJob } from './jobs';

const DEFAULT_INACTIVE_AFTER = 'P30D';
const DEFAULT_DUE_IN_MS = 14 * 86_400_000;

export interface ReviewServiceOptions {
  store: DatabaseAccessStore;
  reviews: DatabaseReviewStore;
  queue: DatabaseJobQueue;
  apps: AppResolver;
  directory: Directory;
  providers: Map<string, IdentityProvider>;
  permissions: PermissionsService;
  access: AccessService;
  logger: LoggerService;
  defaultDecision: 'keep' | 'revoke';
  recordUrl?: RecordUrl;
  onJobsEnqueued: () => void;
  serviceCredentials: () => Promise<BackstageCredentials>;
  now?: () => Date;
}

async function contextsOf(provider: IdentityProvider, ids: string[]): Promise<Map<string, IdpUserContext>> {
  if (ids.length === 0) return new Map();
  if (provider.getUsersContext) return provider.getUsersContext(ids);
  const result = new Map<string, IdpUserContext>();
  for (const id of ids) {
    try {
      result.set(id, await provider.getUserContext(id));
    } catch {
      // A user the IdP no longer knows has no context.
    }
  }
  return result;
}

/**
 * Access review campaigns: who holds what, read live from the IdP and joined with the
 * grants on record; decisions that end in real revocation, with evidence.
 */
export class ReviewService {
  private readonly now: () => Date;

  constructor(private readonly options: ReviewServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  private commit<T>(fn: (tx: Knex.Transaction, enqueue: Enqueue) => Promise<T>) {
    return commitWithJobs({ ...this.options, now: this.now }, fn);
  }

  private async authorize(permission: ResourcePermission, entityRef: string, actor: Actor) {
    const [decision] = await this.options.permissions.authorize([{ permission, resourceRef: entityRef }], {
      credentials: actor.credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to ${permission.name.replace('access-governance.', '')} on ${entityRef}`);
    }
  }

  private async assertReviewer(app: App, actor: Actor, permission: ResourcePermission) {
    if (!isAmong(actor, app.reviewers) && !(await this.options.access.isAdmin(actor))) {
      throw new NotAllowedError(`Only the reviewers of ${app.entityRef} can do this`);
    }
    await this.authorize(permission, app.entityRef, actor);
  }

  private inactiveAfter(app: App) {
    const iso = app.spec.reclaim?.inactiveAfter ?? DEFAULT_INACTIVE_AFTER;
    return { iso, ms: durationToMillis(iso) };
  }

  // Reading

  private dto(review: ReviewRecord, progress: ReviewProgress, items?: ReviewItemRecord[]): AccessReview {
    const url = this.options.recordUrl;
    return {
      id: review.id,
      entityRef: review.entityRef,
      status: review.status,
      dueAt: review.dueAt.toISOString(),
      overdue: review.status === 'open' && review.dueAt.getTime() < this.now().getTime(),
      createdAt: review.createdAt.toISOString(),
      createdBy: review.createdBy,
      completedAt: review.completedAt?.toISOString() ?? null,
      completedBy: review.completedBy,
      jiraKey: review.jiraKey,
      jiraUrl: review.jiraKey && url ? url(review.jiraKey) : null,
      progress,
      ...(items ? { items: items.map(i => this.itemDto(i)) } : {}),
    };
  }

  private itemDto(item: ReviewItemRecord): AccessReviewItem {
    const url = this.options.recordUrl;
    return {
      id: item.id,
      user: item.user,
      roleId: item.roleId,
      groups: item.groups,
      grantId: item.grantId,
      request: item.request,
      jiraKey: item.jiraKey,
      jiraUrl: item.jiraKey && url ? url(item.jiraKey) : null,
      recommendation: item.recommendation,
      reason: item.reason,
      decision: item.decision,
      decidedBy: item.decidedBy,
      decidedAt: item.decidedAt?.toISOString() ?? null,
      comment: item.comment,
    };
  }

  private async visibleReview(id: string, actor: Actor): Promise<{ review: ReviewRecord; app?: App }> {
    const review = await this.options.reviews.getReview(id);
    if (!review) throw new NotFoundError(`No review ${id}`);
    const app = await this.options.apps.tryLoad(review.entityRef, actor.credentials);
    const sees =
      (app && isAmong(actor, [...app.reviewers, ...app.approvers])) || (await this.options.access.isAdmin(actor));
    if (!sees) throw new NotFoundError(`No review ${id}`);
    return { review, app };
  }

  async getReview(id: string, actor: Actor): Promise<AccessReview> {
    const { review } = await this.visibleReview(id, actor);
    const items = await this.options.reviews.listItems(id);
    const progress = (await this.options.reviews.progress([id])).get(id)!;
    return this.dto(review, progress, items);
  }

  async exportCsv(id: string, actor: Actor): Promise<string> {
    const review = await this.getReview(id, actor);
    return toCsv(
      ['user', 'email', 'displayName', 'title', 'department', 'manager', 'lastLoginAt', 'roleId', 'groups', 'grantId', 'jiraKey', 'recommendation', 'reason', 'decision', 'decidedBy', 'decidedAt', 'comment'],
      review.items!.map(i => ({
        user: i.user.ref ?? '',
        email: i.user.email,
        displayName: i.user.displayName,
        title: i.user.title,
        department: i.user.department,
        manager: i.user.manager,
        lastLoginAt: i.user.lastLoginAt,
        roleId: i.roleId,
        groups: i.groups.join(' '),
        grantId: i.grantId,
        jiraKey: i.jiraKey,
        recommendation: i.recommendation,
        reason: i.reason,
        decision: i.decision,
        decidedBy: i.decidedBy,
        decidedAt: i.decidedAt,
        comment: i.comment,
      })),
    );
  }

  async listReviews(query: { entityRef?: string; status?: ('open' | 'completed')[]; reviewer?: string }, actor: Actor) {
    if (query.reviewer && query.reviewer !== 'me') throw new InputError('reviewer: only "me" is supported');
    const records = await this.options.reviews.listReviews({ entityRef: query.entityRef, status: query.status });
    const admin = await this.options.access.isAdmin(actor);
    const apps = new Map<string, Promise<App | undefined>>();
    const visible: ReviewRecord[] = [];
    for (const review of records) {
      if (!apps.has(review.entityRef)) apps.set(review.entityRef, this.options.apps.tryLoad(review.entityRef, actor.credentials));
      const app = await apps.get(review.entityRef);
      const reviewer = Boolean(app && isAmong(actor, app.reviewers));
      if (query.reviewer ? reviewer : reviewer || admin || (app && isAmong(actor, app.approvers))) {
        visible.push(review);
      }
    }
    const progress = await this.options.reviews.progress(visible.map(r => r.id));
    return visible.map(r => this.dto(r, progress.get(r.id)!));
  }

  // Creating

  async createReview(input: { entityRef: string; dueAt?: string }, actor: Actor | 'system'): Promise<AccessReview> {
    const credentials = actor === 'system' ? await this.options.serviceCredentials() : actor.credentials;
    const app = await this.options.apps.load(input.entityRef, credentials);
    if (actor !== 'system') await this.assertReviewer(app, actor, accessReviewCreatePermission);
    let dueAt = new Date(this.now().getTime() + DEFAULT_DUE_IN_MS);
    if (input.dueAt) {
      dueAt = new Date(input.dueAt);
      if (Number.isNaN(dueAt.getTime())) throw new InputError(`dueAt: ${input.dueAt} is not a date`);
      if (dueAt.getTime() <= this.now().getTime()) throw new InputError('dueAt: must be in the future');
    }
    const open = await this.options.reviews.listReviews({ entityRef: app.entityRef, status: ['open'], limit: 1 });
    if (open.length > 0) {
      throw new ConflictError(`${app.entityRef} already has an open review (${open[0].id}); complete it first`);
    }
    const items = await this.buildItems(app);
    const review: ReviewRecord = {
      id: randomUUID(),
      entityRef: app.entityRef,
      status: 'open',
      dueAt,
      createdBy: actor === 'system' ? 'system:review-schedule' : actor.userEntityRef,
      createdAt: this.now(),
      completedBy: null,
      completedAt: null,
      jiraKey: null,
      overdueNotifiedAt: null,
    };
    await this.commit(async (tx, enqueue) => {
      await this.options.reviews.insertReview(tx, review, items.map(i => ({ ...i, reviewId: review.id })));
      await this.options.store.appendAudit(
        tx,
        {
          entityRef: app.entityRef,
          type: 'review-started',
          actor: review.createdBy,
          requestId: null,
          grantId: null,
          details: { reviewId: review.id, items: items.length, dueAt: dueAt.toISOString() },
        },
        this.now(),
      );
      await enqueue([
        reviewRecordJob(review.id, {}),
        jobs.notify({
          recipients: app.reviewers,
          title: `Access review of ${app.entity.metadata.title ?? app.entity.metadata.name}: ${items.length} item(s) to decide`,
          description: `Due ${dueAt.toISOString().slice(0, 10)}. ${items.filter(i => i.recommendation === 'revoke').length} recommended for revocation.`,
          link: accessTabPath(app.entityRef).replace(/\/access$/, '/access-review'),
          topic: 'access-review',
        }),
      ]);
    });
    const progress = (await this.options.reviews.progress([review.id])).get(review.id)!;
    return this.dto(review, progress);
  }

  /** The members of every mapped group, read live from the IdP, joined with the grants on record. */
  private async buildItems(app: App): Promise<ReviewItemRecord[]> {
    const { store, directory, providers } = this.options;
    const now = this.now();
    const inactive = this.inactiveAfter(app);
    const grants = await store.listGrants({ entityRef: app.entityRef, statuses: ['active'] });
    const requests = new Map(
      (await Promise.all(grants.filter(g => g.requestId).map(g => store.getRequest(g.requestId!)))).filter(Boolean).map(r => [r!.id, r!]),
    );
    const usersByEmail = await directory.usersByEmail();
    const items: Omit<ReviewItemRecord, 'reviewId'>[] = [];

    const originOf = (grant: GrantRecord | undefined) => {
      const request = grant?.requestId ? requests.get(grant.requestId) : undefined;
      if (!request) return { request: null, grantedBy: undefined };
      const approvedBy = request.approvals.filter(a => a.decision === 'approved').map(a => a.decidedBy);
      return {
        request: { id: request.id, justification: request.justification, createdAt: request.createdAt.toISOString(), approvedBy },
        grantedBy: approvedBy.length > 0 ? `approved by ${approvedBy.join(', ')}` : 'granted automatically',
      };
    };

    const provider = providers.get(app.provider);
    const explained = new Set<string>();
    if (provider) {
      // member id -> the member, and the roles (with the groups) it is in
      const members = new Map<string, { user: IdpUser; roles: Map<string, Set<string>> }>();
      for (const role of app.spec.roles.filter(r => !r.manual)) {
        for (const name of role.groups) {
          const group = await provider.resolveGroup(name);
          if (!group) continue;
          for await (const page of provider.listMembers(group.id)) {
            for (const user of page) {
              const entry = members.get(user.id) ?? { user, roles: new Map() };
              const groupsOfRole = entry.roles.get(role.id) ?? new Set<string>();
              groupsOfRole.add(name);
              entry.roles.set(role.id, groupsOfRole);
              members.set(user.id, entry);
            }
          }
        }
      }
      const contexts = await contextsOf(provider, [...members.values()].filter(m => m.user.lastLoginAt === undefined).map(m => m.user.id));
      const known = new Map<string, IdpUser>([...members.values()].map(m => [m.user.id, contexts.get(m.user.id) ?? m.user]));
      const missingManagers = [...new Set([...known.values()].map(u => u.managerId).filter((id): id is string => !!id && !known.has(id)))];
      const managers = await contextsOf(provider, missingManagers);
      const managerName = (user: IdpUserContext) => {
        const manager = user.manager ?? (user.managerId ? known.get(user.managerId) ?? managers.get(user.managerId) : undefined);
        return manager ? manager.displayName ?? manager.email ?? manager.id : null;
      };

      for (const { user: member, roles } of members.values()) {
        const user: IdpUserContext = contexts.get(member.id) ?? member;
        const backstage: DirectoryUser | undefined = user.email ? usersByEmail.get(user.email.toLocaleLowerCase('en-US')) : undefined;
        const heldRoles = grants.filter(g => backstage && g.user === backstage.ref);
        for (const [roleId, groups] of roles) {
          const grant = heldRoles.find(g => g.roleId === roleId);
          if (!grant && heldRoles.some(g => g.groups.some(name => groups.has(name)))) continue;
          if (grant) explained.add(grant.id);
          const origin = originOf(grant);
          items.push({
            id: randomUUID(),
            position: 0,
            user: {
              ref: backstage?.ref ?? null,
              email: user.email ?? null,
              displayName: backstage?.displayName ?? user.displayName ?? null,
              title: user.title ?? null,
              department: user.department ?? null,
              manager: managerName(user),
              lastLoginAt: user.lastLoginAt ?? null,
            },
            idpUserId: user.id,
            roleId,
            groups: [...groups],
            provider: provider.id,
            grantId: grant?.id ?? null,
            requestId: grant?.requestId ?? null,
            request: origin.request,
            jiraKey: grant?.jiraKey ?? null,
            ...recommend({
              hasGrant: Boolean(grant),
              lastLoginAt: user.lastLoginAt,
              inactiveAfter: inactive.iso,
              inactiveAfterMs: inactive.ms,
              provider: provider.id,
              grantedBy: origin.grantedBy,
              now,
            }),
            decision: null,
            decidedBy: null,
            decidedAt: null,
            comment: null,
          });
        }
      }
    }

    // Grants the IdP does not show: roles fulfilled by hand, and holders no longer in the groups.
    for (const grant of grants.filter(g => !explained.has(g.id))) {
      const role = app.spec.roles.find(r => r.id === grant.roleId);
      const manual = !role || role.manual;
      const holder = await directory.getUser(grant.user);
      const origin = originOf(grant);
      items.push({
        id: randomUUID(),
        position: 0,
        user: { ref: grant.user, email: holder.email ?? null, displayName: holder.displayName, title: null, department: null, manager: null, lastLoginAt: null },
        idpUserId: null,
        roleId: grant.roleId,
        groups: grant.groups,
        provider: grant.provider,
        grantId: grant.id,
        requestId: grant.requestId,
        request: origin.request,
        jiraKey: grant.jiraKey,
        ...(manual
          ? { recommendation: 'keep' as const, reason: `Granted by hand${origin.grantedBy ? ` (${origin.grantedBy})` : ''}; check it in the app` }
          : recommend({ hasGrant: true, notAMember: true, lastLoginAt: undefined, inactiveAfter: inactive.iso, inactiveAfterMs: inactive.ms, provider: app.provider, now })),
        decision: null,
        decidedBy: null,
        decidedAt: null,
        comment: null,
      });
    }

    items.sort(
      (a, b) =>
        a.roleId.localeCompare(b.roleId) ||
        (a.user.displayName ?? a.user.email ?? '').localeCompare(b.user.displayName ?? b.user.email ?? ''),
    );
    return items.map((item, position) => ({ ...item, position, reviewId: '' }));
  }

  // Deciding

  async decide(
    id: string,
    decisions: { itemId: string; decision: 'keep' | 'revoke'; comment?: string }[],
    actor: Actor,
  ): Promise<AccessReview> {
    const { review, app } = await this.visibleReview(id, actor);
    if (!app) throw new ConflictError(`${review.entityRef} no longer declares valid access roles`);
    await this.assertReviewer(app, actor, accessReviewDecidePermission);
    if (review.status !== 'open') throw new ConflictError('The review is completed; its decisions are final');
    const items = new Map((await this.options.reviews.listItems(id)).map(i => [i.id, i]));
    const unknown = decisions.filter(d => !items.has(d.itemId)).map(d => d.itemId);
    if (unknown.length > 0) throw new InputError(`decisions: no item ${unknown.join(', ')} in review ${id}`);
    const own = decisions.filter(d => items.get(d.itemId)!.user.ref === actor.userEntityRef);
    if (own.length > 0) throw new NotAllowedError('Nobody reviews their own access');

    await this.commit(async (tx, enqueue) => {
      for (const d of decisions) {
        const item = items.get(d.itemId)!;
        const decided = await this.options.reviews.decideItem(tx, item.id, id, {
          decision: d.decision,
          decidedBy: actor.userEntityRef,
          decidedAt: this.now(),
          comment: d.comment?.trim() || null,
        });
        if (!decided) {
          throw new ConflictError(`Item ${item.id} (${item.user.displayName ?? item.user.email}) was already revoked`);
        }
        if (d.decision === 'revoke') {
          await this.applyRevoke(tx, enqueue, review, app, item, actor.userEntityRef, d.comment);
        }
      }
      await this.options.store.appendAudit(
        tx,
        {
          entityRef: review.entityRef,
          type: 'review-decided',
          actor: actor.userEntityRef,
          requestId: null,
          grantId: null,
          details: {
            reviewId: id,
            keep: decisions.filter(d => d.decision === 'keep').length,
            revoke: decisions.filter(d => d.decision === 'revoke').length,
          },
        },
        this.now(),
      );
    });
    return this.getReview(id, actor);
  }

  /** A revoke decision becomes an IdP removal, with evidence on the grant's or the campaign's record. */
  private async applyRevoke(
    tx: Knex.Transaction,
    enqueue: Enqueue,
    review: ReviewRecord,
    app: App,
    item: ReviewItemRecord,
    decidedBy: string,
    comment?: string,
  ) {
    const reason = `revoked in the access review of ${review.createdAt.toISOString().slice(0, 10)} by ${decidedBy}${comment?.trim() ? `: ${comment.trim()}` : ''} (${item.reason})`;
    if (item.grantId) {
      const grant = await this.options.store.getGrant(item.grantId, tx);
      if (grant?.status === 'active') {
        await this.options.access.endGrant(tx, enqueue, grant, {
          status: 'revoked',
          actor: decidedBy,
          reason,
          approvers: app.approvers,
        });
      }
      return;
    }
    if (!item.provider || !item.idpUserId) return;
    await enqueue([
      jobs.remove({
        user: item.user.ref ?? item.user.email ?? `${item.provider}:${item.idpUserId}`,
        idpUserId: item.idpUserId,
        provider: item.provider,
        groups: item.groups,
        reason,
        entityRef: review.entityRef,
        reviewId: review.id,
      }),
    ]);
  }

  async complete(id: string, actor: Actor): Promise<AccessReview> {
    const { review, app } = await this.visibleReview(id, actor);
    if (!app) throw new ConflictError(`${review.entityRef} no longer declares valid access roles`);
    await this.assertReviewer(app, actor, accessReviewDecidePermission);
    if (review.status !== 'open') throw new ConflictError('The review is already completed');
    const undecided = (await this.options.reviews.listItems(id)).filter(i => !i.decision);
    const decision = this.options.defaultDecision;
    await this.commit(async (tx, enqueue) => {
      for (const item of undecided) {
        await this.options.reviews.decideItem(tx, item.id, id, {
          decision,
          decidedBy: 'system:default-decision',
          decidedAt: this.now(),
          comment: `Not decided by a reviewer; the default decision (${decision}) applied at completion`,
        });
        if (decision === 'revoke') {
          await this.applyRevoke(tx, enqueue, review, app, item, 'system:default-decision');
        }
      }
      if (!(await this.options.reviews.complete(tx, id, actor.userEntityRef, this.now()))) {
        throw new ConflictError('The review is already completed');
      }
      await this.options.store.appendAudit(
        tx,
        {
          entityRef: review.entityRef,
          type: 'review-completed',
          actor: actor.userEntityRef,
          requestId: null,
          grantId: null,
          details: { reviewId: id, defaultDecision: decision, defaulted: undecided.length },
        },
        this.now(),
      );
      await enqueue([reviewRecordJob(id, { summary: true })]);
    });
    return this.getReview(id, actor);
  }

  // Schedules

  /** Flags open campaigns past their due date, telling their reviewers once. */
  async flagOverdue(): Promise<number> {
    const overdue = await this.options.reviews.listReviews({ status: ['open'], dueBefore: this.now() });
    let flagged = 0;
    const credentials = await this.options.serviceCredentials();
    for (const review of overdue) {
      const app = await this.options.apps.tryLoad(review.entityRef, credentials);
      const marked = await this.commit(async (tx, enqueue) => {
        if (!(await this.options.reviews.markOverdueNotified(tx, review.id, this.now()))) return false;
        await enqueue([
          jobs.notify({
            recipients: app?.reviewers ?? [],
            title: `Access review overdue: ${review.entityRef}`,
            description: `The review was due ${review.dueAt.toISOString().slice(0, 10)}.`,
            link: accessTabPath(review.entityRef).replace(/\/access$/, '/access-review'),
            severity: 'high',
            topic: 'access-review',
          }),
        ]);
        return true;
      });
      if (marked) flagged++;
    }
    return flagged;
  }

  /** Starts the campaigns that apps with `review.every` are due for. */
  async startScheduled(entityRefs: string[]): Promise<number> {
    let started = 0;
    const credentials = await this.options.serviceCredentials();
    for (const entityRef of entityRefs) {
      const app = await this.options.apps.tryLoad(entityRef, credentials);
      if (!app?.spec.review) continue;
      const latest = await this.options.reviews.latestReview(app.entityRef);
      const every = durationToMillis(app.spec.review.every);
      if (latest && (latest.status === 'open' || latest.createdAt.getTime() + every > this.now().getTime())) continue;
      try {
        await this.createReview({ entityRef: app.entityRef }, 'system');
        started++;
      } catch (error) {
        this.options.logger.warn(`Could not start the scheduled review of ${app.entityRef}: ${error}`);
      }
    }
    return started;
  }
}
