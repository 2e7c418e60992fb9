import { SideEffectError } from '@accessgov/plugin-access-governance-node';
import { Knex } from 'knex';
import { JobHandlers } from '../jobs/registry';
import { recordMessages } from '../messages';
import { HandlerContext } from './context';
import { DEFAULT_TRANSITIONS } from './record';

/** The handler that opens (once) and writes to a review campaign's own record. */
export function reviewHandlers(
  context: HandlerContext,
): Pick<JobHandlers, 'review.record'> {
  const { options } = context;
  return {
    'review.record': {
      async run(payload, job) {
        const { records, reviews, directory } = options;
        if (!records || !reviews) return undefined;
        const { reviewId } = payload;
        const review = await reviews.getReview(reviewId);
        if (!review) {
          throw new SideEffectError(`Review ${reviewId} does not exist`, {
            retryable: false,
          });
        }
        const items = await reviews.listItems(reviewId);
        const title = await directory.getEntityTitle(review.entityRef);
        const property = {
          reviewId,
          correlationKey: `review-${reviewId}`,
          entityRef: review.entityRef,
          status: review.status,
          dueAt: review.dueAt.toISOString(),
          items: items.length,
          keep: items.filter(i => i.decision === 'keep').length,
          revoke: items.filter(i => i.decision === 'revoke').length,
          undecided: items.filter(i => !i.decision).length,
        };
        let key = review.jiraKey;
        if (!key) {
          const record = await records.ensureRecord({
            correlationKey: `review-${reviewId}`,
            summary: recordMessages.reviewSummary(title, review),
            description: recordMessages.reviewDescription({
              title,
              review,
              items,
              appBaseUrl: options.appBaseUrl,
            }),
            labels: ['access-review'],
            property,
          });
          key = record.key;
        }
        if (payload.comment) {
          await records.addComment(key, payload.comment, `job-${job.id}`);
        }
        if (payload.summary) {
          await records.addComment(
            key,
            recordMessages.reviewCompleted(review, items, property),
            `job-${job.id}`,
          );
          await records.transition(
            key,
            options.transitions.ended ?? DEFAULT_TRANSITIONS.ended,
          );
        }
        await records.setProperty(key, property);
        if (review.jiraKey) return undefined;
        const recordKey = key;
        return async (tx: Knex.Transaction) => {
          await reviews.setRecordKey(tx, reviewId, recordKey);
        };
      },
    },
  };
}
