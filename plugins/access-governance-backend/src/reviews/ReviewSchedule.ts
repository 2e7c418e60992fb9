import {
  LoggerService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { durationToMillis } from '@accessgov/plugin-access-governance-common';
import { AppResolver } from '../catalog/apps';
import { DatabaseReviewStore } from '../database/DatabaseReviewStore';
import { jobs } from '../jobs/catalogue';
import { StateWriter } from '../jobs/commit';
import { reviewMessages } from '../messages';
import { ReviewService } from './ReviewService';

export interface ReviewScheduleOptions {
  reviews: DatabaseReviewStore;
  writer: StateWriter;
  apps: AppResolver;
  campaigns: ReviewService;
  logger: LoggerService;
  serviceCredentials: () => Promise<BackstageCredentials>;
}

/** The scheduled side of reviews: campaigns that apps are due for, and overdue campaigns. */
export class ReviewSchedule {
  constructor(private readonly options: ReviewScheduleOptions) {}

  /** Flags open campaigns past their due date, telling their reviewers once. */
  async flagOverdue(): Promise<number> {
    const overdue = await this.options.reviews.listReviews({
      status: ['open'],
      dueBefore: this.options.writer.now(),
    });
    let flagged = 0;
    const credentials = await this.options.serviceCredentials();
    for (const review of overdue) {
      const app = await this.options.apps.tryLoad(
        review.entityRef,
        credentials,
      );
      const marked = await this.options.writer.commit(async (tx, enqueue) => {
        if (
          !(await this.options.reviews.markOverdueNotified(
            tx,
            review.id,
            this.options.writer.now(),
          ))
        )
          return false;
        await enqueue([
          jobs.notify({
            recipients: app?.reviewers ?? [],
            ...reviewMessages.overdue(review),
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
      if (
        latest &&
        (latest.status === 'open' ||
          latest.createdAt.getTime() + every >
            this.options.writer.now().getTime())
      )
        continue;
      try {
        await this.options.campaigns.createReview(
          { entityRef: app.entityRef },
          'system',
        );
        started++;
      } catch (error) {
        this.options.logger.warn(
          `Could not start the scheduled review of ${app.entityRef}: ${error}`,
        );
      }
    }
    return started;
  }
}
