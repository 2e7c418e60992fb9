import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  AccessReview,
  AccessReviewItemFilter,
  accessReviewDecidePermission,
  isGrantEnding,
} from '@accessgov/plugin-access-governance-common';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { Keyset } from '../database/cursor';
import { App } from '../catalog/apps';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import {
  DatabaseReviewStore,
  ReviewItemRecord,
  ReviewRecord,
} from '../database/DatabaseReviewStore';
import { jobs } from '../jobs/catalogue';
import { Enqueue, StateWriter } from '../jobs/commit';
import { GrantService } from '../grants/GrantService';
import { reviewMessages } from '../messages';
import { isSelfOrStandIn } from '../delegation/DelegationService';
import { Actor } from '../policy/AccessPolicy';

import { ReviewService } from './ReviewService';

/** The 409 of a decision on a completed campaign. */
const DECIDED = 'The review is completed; its decisions are final';

export interface ReviewDecisionsOptions {
  store: DatabaseAccessStore;
  reviews: DatabaseReviewStore;
  writer: StateWriter;
  grants: GrantService;
  campaigns: ReviewService;
  defaultDecision: 'keep' | 'revoke';
}

/**
 * Decisions in review campaigns: keep or revoke per item, and completing a campaign with
 * the default decision for what nobody decided. A revoke ends the grant, or removes a
 * member the IdP shows without one.
 */
export class ReviewDecisions {
  constructor(private readonly options: ReviewDecisionsOptions) {}

  /**
   * An open review the actor may decide (or complete), with its app; `closed` is the 409
   * when it is completed.
   */
  private async openReview(
    id: string,
    actor: Actor,
    closed: string,
    action: 'decide' | 'complete' = 'decide',
  ) {
    const { review, app } = await this.options.campaigns.visibleReview(
      id,
      actor,
    );
    if (!app) {
      throw new ConflictError(
        `${review.entityRef} no longer declares valid access roles`,
      );
    }
    await this.options.campaigns.assertReviewer(
      app,
      actor,
      accessReviewDecidePermission,
      action,
    );
    if (review.status !== 'open') throw new ConflictError(closed);
    return { review, app };
  }

  async decide(
    id: string,
    decisions: {
      itemId: string;
      decision: 'keep' | 'revoke';
      comment?: string;
    }[],
    actor: Actor,
  ): Promise<AccessReview> {
    const { review, app } = await this.openReview(id, actor, DECIDED);
    const items = await this.options.reviews.getItems(
      id,
      decisions.map(d => d.itemId),
    );
    const unknown = decisions
      .filter(d => !items.has(d.itemId))
      .map(d => d.itemId);
    if (unknown.length > 0)
      throw new InputError(
        `decisions: no item ${unknown.join(', ')} in review ${id}`,
      );
    const own = decisions.filter(d => {
      const ref = items.get(d.itemId)!.user.ref;
      return ref !== null && isSelfOrStandIn(actor, ref);
    });
    if (own.length > 0)
      throw new NotAllowedError('Nobody reviews their own access');

    await this.options.writer.commit(async (tx, enqueue) => {
      for (const d of decisions) {
        const item = items.get(d.itemId)!;
        const decided = await this.options.reviews.decideItem(tx, item.id, id, {
          decision: d.decision,
          decidedBy: actor.userEntityRef,
          decidedAt: this.options.writer.now(),
          comment: d.comment?.trim() || null,
        });
        if (!decided) {
          throw new ConflictError(
            `Item ${item.id} (${item.user.displayName ?? item.user.email}) was already revoked`,
          );
        }
        if (d.decision === 'revoke') {
          await this.applyRevoke(
            tx,
            enqueue,
            review,
            app,
            item,
            actor.userEntityRef,
            d.comment,
          );
        }
      }
      await this.auditDecided(tx, review, actor, {
        keep: decisions.filter(d => d.decision === 'keep').length,
        revoke: decisions.filter(d => d.decision === 'revoke').length,
      });
    });
    return this.options.campaigns.getReview(id, actor);
  }

  /**
   * One decision on every item matching a filter, chosen in SQL: items already revoked
   * and the actor's own access are left as they are.
   */
  async decideMatching(
    id: string,
    input: {
      filter: AccessReviewItemFilter;
      decision: 'keep' | 'revoke';
      comment?: string;
    },
    actor: Actor,
  ): Promise<AccessReview> {
    const { review, app } = await this.openReview(id, actor, DECIDED);
    const { reviews, writer } = this.options;
    const comment = input.comment?.trim() || null;
    await writer.commit(async (tx, enqueue) => {
      let decided = 0;
      let after: Keyset | undefined;
      do {
        const page = await reviews.pageItems(
          id,
          input.filter,
          'position',
          { after, limit: 500 },
          tx,
        );
        after = page.next;
        const items = page.items.filter(
          i =>
            i.decision !== 'revoke' &&
            i.decision !== input.decision &&
            !(i.user.ref !== null && isSelfOrStandIn(actor, i.user.ref)),
        );
        decided += await reviews.decideItems(
          tx,
          id,
          items.map(i => i.id),
          {
            decision: input.decision,
            decidedBy: actor.userEntityRef,
            decidedAt: writer.now(),
            comment,
          },
        );
        if (input.decision === 'revoke') {
          for (const item of items) {
            await this.applyRevoke(
              tx,
              enqueue,
              review,
              app,
              item,
              actor.userEntityRef,
              input.comment,
            );
          }
        }
      } while (after);
      await this.auditDecided(tx, review, actor, {
        filter: { ...input.filter },
        keep: input.decision === 'keep' ? decided : 0,
        revoke: input.decision === 'revoke' ? decided : 0,
      });
    });
    return this.options.campaigns.getReview(id, actor);
  }

  /** The audit event of decisions on a campaign's items. */
  private async auditDecided(
    tx: Knex.Transaction,
    review: ReviewRecord,
    actor: Actor,
    counts: { keep: number; revoke: number; filter?: JsonObject },
  ) {
    await this.options.store.appendAudit(
      tx,
      {
        entityRef: review.entityRef,
        type: 'review-decided',
        actor: actor.userEntityRef,
        requestId: null,
        grantId: null,
        details: { reviewId: review.id, ...counts },
      },
      this.options.writer.now(),
    );
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
    const reason = reviewMessages.revokeReason({
      reviewedAt: review.createdAt,
      by: decidedBy,
      comment,
      itemReason: item.reason,
    });
    if (item.grantId) {
      const grant = await this.options.store.getGrant(item.grantId, tx);
      if (grant?.status === 'active' && !isGrantEnding(grant)) {
        await this.options.grants.end(tx, enqueue, grant, {
          status: 'revoked',
          kind: 'review',
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
        user:
          item.user.ref ??
          item.user.email ??
          `${item.provider}:${item.idpUserId}`,
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
    const { review, app } = await this.openReview(
      id,
      actor,
      'The review is already completed',
      'complete',
    );
    const undecided = (await this.options.reviews.listItems(id)).filter(
      i => !i.decision,
    );
    const decision = this.options.defaultDecision;
    await this.options.writer.commit(async (tx, enqueue) => {
      for (const item of undecided) {
        await this.options.reviews.decideItem(tx, item.id, id, {
          decision,
          decidedBy: 'system:default-decision',
          decidedAt: this.options.writer.now(),
          comment: reviewMessages.defaultDecisionComment(decision),
        });
        if (decision === 'revoke') {
          await this.applyRevoke(
            tx,
            enqueue,
            review,
            app,
            item,
            'system:default-decision',
          );
        }
      }
      if (
        !(await this.options.reviews.complete(
          tx,
          id,
          actor.userEntityRef,
          this.options.writer.now(),
        ))
      ) {
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
          details: {
            reviewId: id,
            defaultDecision: decision,
            defaulted: undecided.length,
          },
        },
        this.options.writer.now(),
      );
      await enqueue([jobs.reviewRecord(id, { summary: true })]);
    });
    return this.options.campaigns.getReview(id, actor);
  }
}
