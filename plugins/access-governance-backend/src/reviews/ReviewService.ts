import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  AccessPage,
  AccessReview,
  AccessReviewItem,
  AccessReviewItemFilter,
  AccessReviewItemSort,
  accessReviewCreatePermission,
  isAmong,
  REVIEW_CSV_COLUMNS,
  ReviewAction,
  reviewCsvRow,
} from '@accessgov/plugin-access-governance-common';
import { IdentityProvider } from '@accessgov/plugin-access-governance-node';
import { randomUUID } from 'node:crypto';
import { App, AppResolver } from '../catalog/apps';
import { Directory } from '../catalog/directory';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import {
  DatabaseReviewStore,
  ReviewItemRecord,
  ReviewProgress,
  ReviewRecord,
} from '../database/DatabaseReviewStore';
import { RecordUrl, toCsv } from '../dto';
import { jobs } from '../jobs/catalogue';
import { StateWriter } from '../jobs/commit';
import { reviewMessages } from '../messages';
import { AccessPolicy, Actor } from '../policy/AccessPolicy';
import { decodeCursor, encodeCursor, visiblePage } from '../database/cursor';
import { buildCampaignItems } from './campaignItems';
import { ConflictService } from '../conflicts/ConflictService';
import { reviewDto, reviewItemDto } from './dto';

/** How many items `GET /reviews/:id` answers with the campaign. */
export const FIRST_ITEMS_PAGE = 100;

const DEFAULT_DUE_IN_MS = 14 * 86_400_000;

export interface ReviewServiceOptions {
  store: DatabaseAccessStore;
  reviews: DatabaseReviewStore;
  writer: StateWriter;
  apps: AppResolver;
  directory: Directory;
  providers: Map<string, IdentityProvider>;
  policy: AccessPolicy;
  recordUrl?: RecordUrl;
  serviceCredentials: () => Promise<BackstageCredentials>;
  /** Flags items held as an exception to conflicting roles. */
  conflicts?: ConflictService;
}

/**
 * Access review campaigns: who holds what, read live from the IdP and joined with the
 * grants on record; decisions that end in real revocation, with evidence.
 */
export class ReviewService {
  constructor(private readonly options: ReviewServiceOptions) {}

  private dto(
    review: ReviewRecord,
    progress: ReviewProgress,
    items?: ReviewItemRecord[],
  ): AccessReview {
    return reviewDto(
      review,
      progress,
      this.options.writer.now(),
      this.options.recordUrl,
      items,
    );
  }

  /** Throws a 403 unless the actor may take the review action on the app. */
  async assertReviewer(
    app: App,
    actor: Actor,
    permission: ResourcePermission,
    action: ReviewAction,
  ) {
    if (!(await this.options.policy.mayReview(action, app, actor))) {
      throw new NotAllowedError(
        `Only the reviewers of ${app.entityRef} can do this`,
      );
    }
    await this.options.policy.authorize(
      permission,
      app.entityRef,
      actor,
      permission.name.replace('access-governance.', ''),
    );
  }

  /** A review the actor may see, with its app; a 404 otherwise. */
  async visibleReview(
    id: string,
    actor: Actor,
  ): Promise<{ review: ReviewRecord; app?: App }> {
    const review = await this.options.reviews.getReview(id);
    if (!review) throw new NotFoundError(`No review ${id}`);
    const app = await this.options.apps.tryLoad(
      review.entityRef,
      actor.credentials,
    );
    const sees =
      (app && isAmong(actor, [...app.reviewers, ...app.approvers])) ||
      (await this.options.policy.isAdmin(actor));
    if (!sees) throw new NotFoundError(`No review ${id}`);
    return { review, app };
  }

  /** A campaign with its counts and the first page of its items. */
  async getReview(id: string, actor: Actor): Promise<AccessReview> {
    const { review } = await this.visibleReview(id, actor);
    const { reviews } = this.options;
    const first = await reviews.pageItems(id, {}, 'position', {
      limit: FIRST_ITEMS_PAGE,
    });
    const progress = (await reviews.progress([id])).get(id)!;
    return {
      ...this.dto(review, progress, first.items),
      recommended: await reviews.recommended(id),
      itemsNextCursor: first.next
        ? encodeCursor('review-items:position', first.next)
        : null,
    };
  }

  /** A page of a campaign's items, filtered and sorted in SQL, with the number that match. */
  async listItems(
    id: string,
    query: AccessReviewItemFilter & { sort?: AccessReviewItemSort },
    actor: Actor,
    page: { cursor?: string; limit: number },
  ): Promise<AccessPage<AccessReviewItem>> {
    await this.visibleReview(id, actor);
    const { reviews } = this.options;
    const sort = query.sort ?? 'position';
    const filter: AccessReviewItemFilter = {
      recommendation: query.recommendation,
      decision: query.decision,
      q: query.q,
    };
    const list = `review-items:${sort}`;
    const rows = await reviews.pageItems(id, filter, sort, {
      after: decodeCursor(list, page.cursor),
      limit: page.limit,
    });
    return {
      items: rows.items.map(i => reviewItemDto(i, this.options.recordUrl)),
      nextCursor: rows.next ? encodeCursor(list, rows.next) : null,
      total: await reviews.countItems(id, filter),
    };
  }

  async exportCsv(id: string, actor: Actor): Promise<string> {
    const { review: record } = await this.visibleReview(id, actor);
    const review = this.dto(
      record,
      (await this.options.reviews.progress([id])).get(id)!,
      await this.options.reviews.listItems(id),
    );
    return toCsv([...REVIEW_CSV_COLUMNS], review.items!.map(reviewCsvRow));
  }

  /** A page of the campaigns the actor may see, newest first. */
  async listReviews(
    query: {
      entityRef?: string;
      status?: ('open' | 'completed')[];
      reviewer?: string;
    },
    actor: Actor,
    page: { cursor?: string; limit: number } = { limit: 100 },
  ): Promise<AccessPage<AccessReview>> {
    if (query.reviewer && query.reviewer !== 'me')
      throw new InputError('reviewer: only "me" is supported');
    const admin = await this.options.policy.isAdmin(actor);
    const apps = new Map<string, Promise<App | undefined>>();
    const result = await visiblePage(
      'reviews',
      page,
      (after, limit) =>
        this.options.reviews.pageReviews(
          { entityRef: query.entityRef, status: query.status },
          { after, limit },
        ),
      async review => {
        if (!apps.has(review.entityRef))
          apps.set(
            review.entityRef,
            this.options.apps.tryLoad(review.entityRef, actor.credentials),
          );
        const app = await apps.get(review.entityRef);
        const reviewer = Boolean(app && isAmong(actor, app.reviewers));
        return query.reviewer
          ? reviewer
          : reviewer || admin || Boolean(app && isAmong(actor, app.approvers));
      },
      review => review,
    );
    const progress = await this.options.reviews.progress(
      result.items.map(r => r.id),
    );
    return {
      items: result.items.map(r => this.dto(r, progress.get(r.id)!)),
      nextCursor: result.nextCursor,
    };
  }

  async createReview(
    input: { entityRef: string; dueAt?: string },
    actor: Actor | 'system',
  ): Promise<AccessReview> {
    const credentials =
      actor === 'system'
        ? await this.options.serviceCredentials()
        : actor.credentials;
    const app = await this.options.apps.load(input.entityRef, credentials);
    if (actor !== 'system')
      await this.assertReviewer(
        app,
        actor,
        accessReviewCreatePermission,
        'open',
      );
    let dueAt = new Date(
      this.options.writer.now().getTime() + DEFAULT_DUE_IN_MS,
    );
    if (input.dueAt) {
      dueAt = new Date(input.dueAt);
      if (Number.isNaN(dueAt.getTime()))
        throw new InputError(`dueAt: ${input.dueAt} is not a date`);
      if (dueAt.getTime() <= this.options.writer.now().getTime())
        throw new InputError('dueAt: must be in the future');
    }
    const open = await this.options.reviews.listReviews({
      entityRef: app.entityRef,
      status: ['open'],
      limit: 1,
    });
    if (open.length > 0) {
      throw new ConflictError(
        `${app.entityRef} already has an open review (${open[0].id}); complete it first`,
      );
    }
    const built = await buildCampaignItems(
      this.options,
      app,
      this.options.writer.now(),
    );
    const items = this.options.conflicts
      ? await this.options.conflicts.flagExceptions(
          built,
          await this.options.serviceCredentials(),
        )
      : built;
    const review: ReviewRecord = {
      id: randomUUID(),
      entityRef: app.entityRef,
      status: 'open',
      dueAt,
      createdBy:
        actor === 'system' ? 'system:review-schedule' : actor.userEntityRef,
      createdAt: this.options.writer.now(),
      completedBy: null,
      completedAt: null,
      jiraKey: null,
      overdueNotifiedAt: null,
    };
    await this.options.writer.commit(async (tx, enqueue) => {
      await this.options.reviews.insertReview(
        tx,
        review,
        items.map(i => ({ ...i, reviewId: review.id })),
      );
      await this.options.store.appendAudit(
        tx,
        {
          entityRef: app.entityRef,
          type: 'review-started',
          actor: review.createdBy,
          requestId: null,
          grantId: null,
          details: {
            reviewId: review.id,
            items: items.length,
            dueAt: dueAt.toISOString(),
          },
        },
        this.options.writer.now(),
      );
      await enqueue([
        jobs.reviewRecord(review.id, {}),
        jobs.notify({
          recipients: app.reviewers,
          ...reviewMessages.started({
            title: app.entity.metadata.title ?? app.entity.metadata.name,
            entityRef: app.entityRef,
            items: items.length,
            dueAt,
            toRevoke: items.filter(i => i.recommendation === 'revoke').length,
          }),
        }),
      ]);
    });
    const progress = (await this.options.reviews.progress([review.id])).get(
      review.id,
    )!;
    return this.dto(review, progress);
  }
}
