import {
  AccessReview,
  AccessReviewItem,
} from '@accessgov/plugin-access-governance-common';
import {
  ReviewItemRecord,
  ReviewProgress,
  ReviewRecord,
} from '../database/DatabaseReviewStore';
import { RecordUrl } from '../dto';

/** A review item as the API shows it. */
export function reviewItemDto(
  item: ReviewItemRecord,
  url?: RecordUrl,
): AccessReviewItem {
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

/** A review campaign as the API shows it, with its items when asked for. */
export function reviewDto(
  review: ReviewRecord,
  progress: ReviewProgress,
  now: Date,
  url?: RecordUrl,
  items?: ReviewItemRecord[],
): AccessReview {
  return {
    id: review.id,
    entityRef: review.entityRef,
    status: review.status,
    dueAt: review.dueAt.toISOString(),
    overdue: review.status === 'open' && review.dueAt.getTime() < now.getTime(),
    createdAt: review.createdAt.toISOString(),
    createdBy: review.createdBy,
    completedAt: review.completedAt?.toISOString() ?? null,
    completedBy: review.completedBy,
    jiraKey: review.jiraKey,
    jiraUrl: review.jiraKey && url ? url(review.jiraKey) : null,
    progress,
    ...(items ? { items: items.map(i => reviewItemDto(i, url)) } : {}),
  };
}
