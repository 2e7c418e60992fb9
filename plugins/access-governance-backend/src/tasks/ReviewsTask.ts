import { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { BreakGlassService } from '../breakGlass/BreakGlassService';
import { ReviewSchedule } from '../reviews/ReviewSchedule';

/**
 * Starts the review campaigns that apps with `spec.access.review.every` are due for, and
 * flags overdue campaigns and overdue reviews of break-glass use.
 */
export class ReviewsTask {
  readonly id = 'access-governance-reviews';
  readonly key = 'reviews' as const;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      schedule: ReviewSchedule;
      breakGlass: BreakGlassService;
    },
  ) {}

  async run(): Promise<void> {
    const { catalog, auth, schedule } = this.options;
    const { items } = await catalog.getEntities(
      {
        filter: { 'spec.access.review.every': CATALOG_FILTER_EXISTS },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    await schedule.startScheduled(items.map(e => stringifyEntityRef(e)));
    await schedule.flagOverdue();
    await this.options.breakGlass.flagOverdue();
  }
}
