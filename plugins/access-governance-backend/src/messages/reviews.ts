import { formatDurationShort } from '@accessgov/plugin-access-governance-common';
import { GrantRecord } from '../database/types';
import { accessTabPath, reviewTabPath } from './links';
import { Notice, count, day, when } from './notice';
import { roleOf } from './people';

/** Texts of review campaigns and inactivity reclaim: record comments and notifications. */
export const reviewMessages = {
  started(d: {
    title: string;
    entityRef: string;
    items: number;
    dueAt: Date;
    toRevoke: number;
  }): Notice {
    return {
      title: `Access review of ${d.title}: ${count(d.items, 'item')} to decide`,
      description: `Due ${day(d.dueAt)}. ${d.toRevoke} recommended for revocation.`,
      link: reviewTabPath(d.entityRef),
      topic: 'access-review',
    };
  },

  overdue(review: { entityRef: string; dueAt: Date }): Notice {
    return {
      title: `Access review overdue: ${review.entityRef}`,
      description: `The review was due ${day(review.dueAt)}.`,
      link: reviewTabPath(review.entityRef),
      severity: 'high',
      topic: 'access-review',
    };
  },

  revokeReason(d: {
    reviewedAt: Date;
    by: string;
    comment?: string;
    itemReason: string;
  }): string {
    return `revoked in the access review of ${day(d.reviewedAt)} by ${d.by}${d.comment?.trim() ? `: ${d.comment.trim()}` : ''} (${d.itemReason})`;
  },

  defaultDecisionComment(decision: string): string {
    return `Not decided by a reviewer; the default decision (${decision}) applied at completion`;
  },
};

type Grant = Pick<GrantRecord, 'roleId' | 'entityRef' | 'user'>;

/** Texts of inactivity reclaim. */
export const reclaimMessages = {
  lastSeen(provider: string, lastLogin: Date | null): string {
    return lastLogin
      ? `last signed in to ${provider} at ${when(lastLogin)}`
      : `never signed in to ${provider}`;
  },

  warningComment(
    grant: Grant,
    lastSeen: string,
    inactiveAfter: string,
    revokeAt: Date,
  ): string {
    return `Inactivity reclaim warning: ${grant.user} ${lastSeen}, more than ${formatDurationShort(inactiveAfter)} ago. ${roleOf(grant.entityRef, grant.roleId)} will be revoked at ${when(revokeAt)} unless they sign in before then.`;
  },

  warning(grant: Grant, inactiveAfter: string, revokeAt: Date): Notice {
    return {
      title: `Unused access will be revoked: ${roleOf(grant.entityRef, grant.roleId)} on ${grant.entityRef}`,
      description: `You have not signed in for more than ${formatDurationShort(inactiveAfter)}. Sign in before ${when(revokeAt)} to keep it, or give it back.`,
      link: accessTabPath(grant.entityRef),
      severity: 'high',
      topic: 'access-reclaim',
    };
  },

  cancelledComment(grant: Grant, lastSeen: string, warnedAt: Date): string {
    return `Inactivity reclaim cancelled: ${grant.user} ${lastSeen}, after the warning of ${when(warnedAt)}.`;
  },

  revokeReason(lastSeen: string, warnedAt: Date, gracePeriod: string): string {
    return `reclaimed for inactivity: ${lastSeen}; warned at ${when(warnedAt)}, still inactive after the grace period of ${formatDurationShort(gracePeriod)}`;
  },
};
