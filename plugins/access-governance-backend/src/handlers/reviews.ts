import { SideEffectError } from '@accessgov/plugin-access-governance-node';
import { Knex } from 'knex';
import { JobHandlers } from '../jobs/registry';
import { recordMessages, withNames } from '../messages';
import { HandlerContext } from './context';
import { moveRecord } from './record';

/** The handler that opens (once) and writes to a review campaign's own record. */
export function reviewHandlers(
  context: HandlerContext,
): Pick<JobHandlers, 'review.record'> {
  const { options } = context;
  return {
    'review.record': {
      async run(payload, job) {
        const { records, reviews, directory, logger } = options;
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
            description: await withNames(
              recordMessages.reviewDescription({
                title,
                review,
                items,
                appBaseUrl: options.appBaseUrl,
              }),
              directory,
            ),
            labels: ['access-review'],
            property,
          });
          key = record.key;
        }
        if (payload.comment && !job.progress?.commented) {
          await context.commentOnce(
            records,
            job,
            key,
            await withNames(payload.comment, directory),
          );
        }
        if (payload.summary) {
          await records.addComment(
            key,
            await withNames(
              recordMessages.reviewCompleted(review, items, property),
              directory,
            ),
            `job-${job.id}`,
          );
          await moveRecord(
            { records, transitions: options.transitions, logger },
            key,
            'ended',
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
