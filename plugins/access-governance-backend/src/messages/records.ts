import {
  ReviewItemRecord,
  ReviewRecord,
} from '../database/DatabaseReviewStore';
import { GrantRecord, RequestRecord } from '../database/types';
import { accessTabPath, reviewTabPath } from './links';
import { iso, Notice, permanentOr } from './notice';

type IdpUserName = { id: string; email?: string; login?: string };

/** Texts the job handlers write: records, IdP evidence and their notifications. */
export const recordMessages = {
  requestSummary(
    requesterName: string,
    request: RequestRecord,
    appTitle: string,
  ): string {
    return `${requesterName} requests ${request.roleId} on ${appTitle}`;
  },

  requestDescription(d: {
    requesterName: string;
    request: RequestRecord;
    appTitle: string;
    appBaseUrl: string;
  }): string {
    const { request, requesterName, appTitle } = d;
    const approvalPath =
      request.stages.length === 0
        ? 'granted at once (no approval needed)'
        : request.stages.map(s => s.label).join(', then ');
    return [
      `${requesterName} (${request.requester}) requests the role "${request.roleId}" of ${appTitle} (${request.entityRef}).`,
      `Justification: ${request.justification}`,
      `Duration: ${permanentOr(request.duration)}`,
      `Groups: ${request.groups.length > 0 ? request.groups.join(', ') : 'none: fulfilled by hand'}${request.provider ? ` (${request.provider})` : ''}`,
      `Approval: ${approvalPath}`,
      `Request ${request.id}, made ${iso(request.createdAt)}. In Backstage: ${d.appBaseUrl}${accessTabPath(request.entityRef)}`,
    ].join('\n\n');
  },

  reviewSummary(title: string, review: ReviewRecord): string {
    return `Access review of ${title}, ${iso(review.createdAt).slice(0, 10)}`;
  },

  reviewDescription(d: {
    title: string;
    review: ReviewRecord;
    items: ReviewItemRecord[];
    appBaseUrl: string;
  }): string {
    const { title, review, items } = d;
    return [
      `Access review campaign of ${title} (${review.entityRef}), started by ${review.createdBy} at ${iso(review.createdAt)}, due ${iso(review.dueAt)}.`,
      `${items.length} item(s): ${items.filter(i => i.recommendation === 'revoke').length} recommended for revocation, ${items.filter(i => !i.grantId).length} without a request on record.`,
      `In Backstage: ${d.appBaseUrl}${reviewTabPath(review.entityRef)}`,
    ].join('\n\n');
  },

  reviewCompleted(
    review: ReviewRecord,
    items: ReviewItemRecord[],
    counts: { keep: number; revoke: number },
  ): string {
    const deciders = new Map<string, number>();
    for (const item of items) {
      if (item.decidedBy)
        deciders.set(item.decidedBy, (deciders.get(item.decidedBy) ?? 0) + 1);
    }
    return [
      `Review completed by ${review.completedBy} at ${review.completedAt ? iso(review.completedAt) : 'unknown'}.`,
      `${items.length} item(s): ${counts.keep} kept, ${counts.revoke} revoked.`,
      `Decided by: ${[...deciders].map(([who, n]) => `${who} (${n})`).join(', ') || 'nobody'}.`,
      ...items
        .filter(i => i.decision === 'revoke')
        .map(
          i =>
            `Revoked: ${i.user.displayName ?? i.user.email} (${i.user.ref ?? 'not in Backstage'}) from ${i.groups.join(', ')}, role ${i.roleId}: ${i.reason}${i.comment ? `; ${i.comment}` : ''}`,
        ),
    ].join('\n');
  },

  added(
    user: IdpUserName,
    provider: string,
    group: { id: string; name: string },
    at: Date,
  ): string {
    return `Added ${user.email ?? user.login ?? user.id} (${user.id}) to ${provider} group ${group.name} (${group.id}) at ${iso(at)}.`;
  },

  grantedComment(
    request: RequestRecord,
    grant: Pick<GrantRecord, 'expiresAt'>,
  ): string {
    return grant.expiresAt
      ? `Access granted until ${iso(grant.expiresAt)} (${permanentOr(request.duration)}).`
      : 'Access granted with no expiry.';
  },

  granted(
    request: RequestRecord,
    grant: Pick<GrantRecord, 'expiresAt'>,
  ): Notice {
    return {
      title: `Access granted: ${request.roleId} on ${request.entityRef}`,
      description: grant.expiresAt
        ? `Your access ends at ${iso(grant.expiresAt)}.`
        : 'Your access has no expiry.',
      link: accessTabPath(request.entityRef),
      topic: 'access-granted',
    };
  },

  provisioningFailure(attempts: number, error: string): string {
    return `Provisioning failed after ${attempts} attempt(s): ${error}`;
  },

  provisioningFailedComment(failure: string): string {
    return `${failure}. An administrator can retry the request once the cause is fixed.`;
  },

  provisioningFailed(request: RequestRecord, failure: string): Notice {
    return {
      title: `Access request failed: ${request.roleId} on ${request.entityRef}`,
      description: failure,
      link: accessTabPath(request.entityRef),
      severity: 'high',
      topic: 'access-failed',
    };
  },

  groupGone(name: string, provider: string): string {
    return `Group ${name} no longer exists in ${provider}; nothing to remove.`;
  },

  removed(d: {
    user: IdpUserName;
    fallback: string;
    provider: string;
    group: { id: string; name: string };
    at: Date;
    reason: string;
  }): string {
    return `Removed ${d.user.email ?? d.user.login ?? d.fallback} (${d.user.id}) from ${d.provider} group ${d.group.name} (${d.group.id}) at ${iso(d.at)}: ${d.reason}.`;
  },

  kept(provider: string, name: string, user: string): string {
    return `Kept ${provider} group ${name}: another active grant of ${user} still gives it.`;
  },

  removalFailedEvidence(d: {
    user: string;
    groups: string[];
    provider: string;
    attempts: number;
    error: string;
  }): string {
    return `Removing ${d.user} from ${d.groups.join(', ')} in ${d.provider} failed after ${d.attempts} attempt(s): ${d.error}. The membership must be removed by hand, or the job retried by an administrator.`;
  },
};
