import { AccessReviewItem } from '../types';

/**
 * The columns of a review campaign's CSV export, in order.
 *
 * @public
 */
export const REVIEW_CSV_COLUMNS = [
  'user',
  'email',
  'displayName',
  'title',
  'department',
  'manager',
  'lastLoginAt',
  'roleId',
  'groups',
  'grantId',
  'jiraKey',
  'recommendation',
  'reason',
  'decision',
  'decidedBy',
  'decidedAt',
  'comment',
] as const;

/**
 * One review item as a row of the CSV export, by column.
 *
 * @public
 */
export function reviewCsvRow(
  item: AccessReviewItem,
): Record<(typeof REVIEW_CSV_COLUMNS)[number], string | null> {
  return {
    user: item.user.ref ?? '',
    email: item.user.email,
    displayName: item.user.displayName,
    title: item.user.title,
    department: item.user.department,
    manager: item.user.manager,
    lastLoginAt: item.user.lastLoginAt,
    roleId: item.roleId,
    groups: item.groups.join(' '),
    grantId: item.grantId,
    jiraKey: item.jiraKey,
    recommendation: item.recommendation,
    reason: item.reason,
    decision: item.decision,
    decidedBy: item.decidedBy,
    decidedAt: item.decidedAt,
    comment: item.comment,
  };
}
