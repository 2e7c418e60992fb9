import { JobSpec } from '../jobs/DatabaseJobQueue';

export const REVIEW_JOB = 'review.record';

/** A write to a review campaign's own record: opened once, then comments and the summary. */
export function reviewRecordJob(
  reviewId: string,
  update: { comment?: string; summary?: boolean },
): JobSpec {
  return {
    type: REVIEW_JOB,
    chain: `review:${reviewId}`,
    payload: { reviewId, ...update },
  };
}
