import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  AccessRole,
  accessRequestApprovePermission,
  BreakGlassReview,
  checkCanBreakGlass,
  durationToMillis,
  isAmong,
  isGrantEnding,
  isSelf,
} from '@accessgov/plugin-access-governance-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { RequestRecord } from '../database/types';
import { GrantService } from '../grants/GrantService';
import { jobs } from '../jobs/catalogue';
import { StateWriter } from '../jobs/commit';
import { JobSpec } from '../jobs/DatabaseJobQueue';
import { lifecycleMessages } from '../messages';
import { AccessPolicy, Actor } from '../policy/AccessPolicy';
import { BreakGlassReviewRecord, BreakGlassStore } from './BreakGlassStore';

export interface BreakGlassServiceOptions {
  store: DatabaseAccessStore;
  reviews: BreakGlassStore;
  writer: StateWriter;
  policy: AccessPolicy;
  grants: GrantService;
  /** `accessGovernance.breakGlass.securityContacts`. */
  securityContacts: string[];
  /** `accessGovernance.breakGlass.reviewWithin` (ISO-8601). */
  reviewWithin: string;
}

/**
 * Break-glass access: who may take a role at once, what is told and recorded when they
 * do, and the review afterwards in which the approvers confirm or flag it.
 */
export class BreakGlassService {
  constructor(private readonly options: BreakGlassServiceOptions) {}

  /** The duration of a break-glass grant of the role; a 403 or 400 when it may not be. */
  durationFor(
    role: AccessRole,
    actor: Actor,
    duration: string | null | undefined,
  ): string {
    const check = checkCanBreakGlass(role, actor, duration);
    if (check.allowed) return check.duration;
    if (check.reason === 'not-offered') {
      throw new InputError(
        `breakGlass: role ${role.id} offers no break-glass access`,
      );
    }
    if (check.reason === 'not-allowed') {
      throw new NotAllowedError(
        `Only members of ${check.allowedRefs.join(', ')} may break the glass for ${role.id}`,
      );
    }
    throw new InputError(
      `duration: a break-glass grant of ${role.id} lasts at most ${check.max}`,
    );
  }

  /**
   * Within the commit that makes a break-glass request: its review afterwards, its audit
   * event, and the jobs that tell the approvers and security contacts at once.
   */
  async onCreated(
    tx: Knex.Transaction,
    request: RequestRecord,
    approvers: string[],
  ): Promise<JobSpec[]> {
    const { reviews, writer, securityContacts, reviewWithin } = this.options;
    const now = writer.now();
    const dueAt = new Date(now.getTime() + durationToMillis(reviewWithin));
    await reviews.insert(tx, {
      id: randomUUID(),
      requestId: request.id,
      entityRef: request.entityRef,
      roleId: request.roleId,
      holder: request.requester,
      reviewers: approvers,
      dueAt,
      decision: null,
      decidedBy: null,
      decidedAt: null,
      comment: null,
      createdAt: now,
    });
    await writer.audit(tx, {
      entityRef: request.entityRef,
      type: 'request-break-glass',
      actor: request.requester,
      requestId: request.id,
      details: {
        roleId: request.roleId,
        duration: request.duration,
        justification: request.justification,
        reviewDueAt: dueAt.toISOString(),
        notified: [...approvers, ...securityContacts],
      },
    });
    return [
      jobs.recordUpdate(request.id, {
        comment: lifecycleMessages.breakGlassComment(request, dueAt),
        transition: 'approved',
      }),
      jobs.notify({
        recipients: [...new Set([...approvers, ...securityContacts])],
        ...lifecycleMessages.breakGlassUsed(request, dueAt),
      }),
    ];
  }

  /**
   * Reminds the approvers (and the security contacts) of each review after the fact that is
   * past its due time and undecided, once, with a comment on the request's Jira issue.
   * Answers how many were flagged.
   */
  async flagOverdue(limit = 500): Promise<number> {
    const { reviews, writer, securityContacts } = this.options;
    let flagged = 0;
    for (const review of await reviews.listOverdueUnnotified(
      writer.now(),
      limit,
    )) {
      const marked = await writer.commit(async (tx, enqueue) => {
        const now = writer.now();
        if (!(await reviews.markOverdueNotified(tx, review.id, now)))
          return false;
        await writer.audit(tx, {
          entityRef: review.entityRef,
          type: 'break-glass-overdue',
          actor: 'system',
          requestId: review.requestId,
          details: { dueAt: review.dueAt.toISOString() },
        });
        await enqueue([
          jobs.recordUpdate(review.requestId, {
            comment: lifecycleMessages.breakGlassOverdueComment(review.dueAt),
          }),
          jobs.notify({
            recipients: [
              ...new Set([...review.reviewers, ...securityContacts]),
            ],
            ...lifecycleMessages.breakGlassOverdue(review),
          }),
        ]);
        return true;
      });
      if (marked) flagged++;
    }
    return flagged;
  }

  /** The reviews the actor decides (every one for an administrator), open ones first. */
  async list(
    actor: Actor,
    query: { open?: boolean; limit: number },
  ): Promise<BreakGlassReview[]> {
    const admin = await this.options.policy.isAdmin(actor);
    const records = await this.options.reviews.list({
      refs: admin
        ? undefined
        : [actor.userEntityRef, ...actor.ownershipEntityRefs],
      open: query.open,
      limit: query.limit,
    });
    const requests = await this.options.store.getRequests(
      records.map(r => r.requestId),
    );
    const now = this.options.writer.now();
    return records.map(r => this.dto(r, requests.get(r.requestId), now));
  }

  /** Confirms a break-glass grant, or flags it (revoking it when still held). */
  async decide(
    id: string,
    decision: 'confirmed' | 'flagged',
    comment: string | undefined,
    actor: Actor,
  ): Promise<BreakGlassReview> {
    const { reviews, store, writer, policy, grants } = this.options;
    const review = await reviews.get(id);
    if (!review) throw new NotFoundError(`No break-glass review ${id}`);
    const admin = await policy.isAdmin(actor);
    if (!admin && !isAmong(actor, review.reviewers)) {
      throw new NotAllowedError(
        `Only the approvers of ${review.entityRef} review this break-glass access`,
      );
    }
    if (isSelf(actor, review.holder)) {
      throw new NotAllowedError('Nobody reviews their own break-glass access');
    }
    await policy.authorize(
      accessRequestApprovePermission,
      review.entityRef,
      actor,
    );
    const reason = comment?.trim() || null;
    if (decision === 'flagged' && !reason) {
      throw new InputError('comment: say why the break-glass use is flagged');
    }
    const request = await store.getRequest(review.requestId);
    await writer.commit(async (tx, enqueue) => {
      const at = writer.now();
      const decided = await reviews.decide(tx, review.id, {
        decision,
        decidedBy: actor.userEntityRef,
        decidedAt: at,
        comment: reason,
      });
      if (!decided) {
        throw new ConflictError('This break-glass access was already reviewed');
      }
      const grant = request?.grantId
        ? await store.getGrant(request.grantId, tx)
        : undefined;
      const revoke =
        decision === 'flagged' &&
        grant?.status === 'active' &&
        !isGrantEnding(grant);
      await writer.audit(tx, {
        entityRef: review.entityRef,
        type:
          decision === 'flagged'
            ? 'break-glass-flagged'
            : 'break-glass-confirmed',
        actor: actor.userEntityRef,
        requestId: review.requestId,
        grantId: grant?.id ?? null,
        details: { comment: reason, revoked: revoke },
      });
      if (revoke && grant) {
        await grants.end(tx, enqueue, grant, {
          status: 'revoked',
          kind: 'revoked',
          actor: actor.userEntityRef,
          reason: lifecycleMessages.flaggedReason(actor.userEntityRef, reason!),
          approvers: review.reviewers,
        });
      }
      await enqueue([
        jobs.recordUpdate(review.requestId, {
          comment: lifecycleMessages.breakGlassReviewedComment({
            decision,
            by: actor.userEntityRef,
            at,
            comment: reason,
            revoked: revoke,
          }),
        }),
      ]);
    });
    const updated = (await reviews.get(id))!;
    return this.dto(updated, request, writer.now());
  }

  private dto(
    review: BreakGlassReviewRecord,
    request: RequestRecord | undefined,
    now: Date,
  ): BreakGlassReview {
    return {
      id: review.id,
      requestId: review.requestId,
      entityRef: review.entityRef,
      roleId: review.roleId,
      holder: review.holder,
      reviewers: review.reviewers,
      justification: request?.justification ?? '',
      grantId: request?.grantId ?? null,
      dueAt: review.dueAt.toISOString(),
      overdue: review.decision === null && review.dueAt < now,
      decision: review.decision,
      decidedBy: review.decidedBy,
      decidedAt: review.decidedAt?.toISOString() ?? null,
      comment: review.comment,
      createdAt: review.createdAt.toISOString(),
    };
  }
}
