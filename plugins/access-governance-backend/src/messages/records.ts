import {
  ReviewItemRecord,
  ReviewRecord,
} from '../database/DatabaseReviewStore';
import { GrantRecord, RequestRecord } from '../database/types';
import { requestPath, reviewTabPath } from './links';
import { Notice, count, day, permanentOr, when } from './notice';
import { roleOf } from './people';
import { stageName } from './requests';

type IdpUserName = { id: string; email?: string; login?: string };

const role = (request: Pick<RequestRecord, 'roleId' | 'entityRef'>) =>
  roleOf(request.entityRef, request.roleId);

/**
 * Texts the job handlers write: records, IdP evidence and their notifications. People,
 * apps and roles are named by reference; the handlers give them their names.
 */
export const recordMessages = {
  requestSummary(request: RequestRecord): string {
    if (request.breakGlass) {
      return `Break glass: ${request.requester} takes ${role(request)} on ${request.entityRef}`;
    }
    if (request.requestedBy) {
      return `${request.requestedBy} requests ${role(request)} on ${request.entityRef} for ${request.requester}`;
    }
    return `${request.requester} requests ${role(request)} on ${request.entityRef}`;
  },

  requestDescription(d: {
    request: RequestRecord;
    appBaseUrl: string;
    via?: string;
  }): string {
    const { request } = d;
    const approvalPath =
      request.stages.length === 0
        ? 'granted at once (no approval needed)'
        : request.stages
            .map((s, i) => `stage ${i + 1}, ${stageName(s)}`)
            .join('; then ');
    return [
      `${request.requester} requests ${role(request)} on ${request.entityRef}.`,
      ...(request.requestedBy
        ? [
            `Requested by ${request.requestedBy} on behalf of ${request.requester}, who holds the access.`,
          ]
        : []),
      ...(request.breakGlass
        ? [
            'Break glass: granted at once without approval, reviewed afterwards.',
          ]
        : []),
      `Justification: ${request.justification}`,
      `Duration: ${permanentOr(request.duration)}`,
      `Groups: ${request.groups.length > 0 ? request.groups.join(', ') : 'none: fulfilled by hand'}${request.provider ? ` (${request.provider})` : ''}`,
      `Approval: ${approvalPath}`,
      ...(d.via ? [`Requested through: ${d.via}`] : []),
      `Requested at ${when(request.createdAt)}. In Backstage: ${d.appBaseUrl}${requestPath(request.id)}`,
    ].join('\n\n');
  },

  reviewSummary(title: string, review: ReviewRecord): string {
    return `Access review of ${title}, ${day(review.createdAt)}`;
  },

  reviewDescription(d: {
    title: string;
    review: ReviewRecord;
    items: ReviewItemRecord[];
    appBaseUrl: string;
  }): string {
    const { title, review, items } = d;
    return [
      `Access review campaign of ${title}, started by ${review.createdBy} at ${when(review.createdAt)}, due ${when(review.dueAt)}.`,
      `${count(items.length, 'item')}: ${items.filter(i => i.recommendation === 'revoke').length} recommended for revocation, ${items.filter(i => !i.grantId).length} without a request on record.`,
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
      `Review completed by ${review.completedBy} at ${review.completedAt ? when(review.completedAt) : 'an unknown time'}.`,
      `${count(items.length, 'item')}: ${counts.keep} kept, ${counts.revoke} revoked.`,
      `Decided by: ${[...deciders].map(([who, n]) => `${who} (${n})`).join(', ') || 'nobody'}.`,
      ...items
        .filter(i => i.decision === 'revoke')
        .map(
          i =>
            `Revoked: ${i.user.displayName ?? i.user.email}${i.user.ref ? '' : ' (not in Backstage)'} from ${i.groups.join(', ')}, ${roleOf(review.entityRef, i.roleId)}: ${i.reason}${i.comment ? `; ${i.comment}` : ''}`,
        ),
    ].join('\n');
  },

  added(
    user: IdpUserName,
    provider: string,
    group: { id: string; name: string },
    at: Date,
  ): string {
    return `Added ${user.email ?? user.login ?? user.id} (${user.id}) to ${provider} group ${group.name} (${group.id}) at ${when(at)}.`;
  },

  grantedComment(
    request: RequestRecord,
    grant: Pick<GrantRecord, 'expiresAt'>,
  ): string {
    return grant.expiresAt
      ? `Access granted until ${when(grant.expiresAt)} (${permanentOr(request.duration)}).`
      : 'Access granted with no expiry.';
  },

  granted(
    request: RequestRecord,
    grant: Pick<GrantRecord, 'expiresAt'>,
  ): Notice {
    return {
      title: `Access granted: ${role(request)} on ${request.entityRef}`,
      description: grant.expiresAt
        ? `Your access ends at ${when(grant.expiresAt)}.`
        : 'Your access has no expiry.',
      link: requestPath(request.id),
      topic: 'access-granted',
    };
  },

  provisioningFailure(attempts: number, error: string): string {
    return `Provisioning failed after ${count(attempts, 'attempt')}: ${error}`;
  },

  provisioningFailedComment(failure: string): string {
    return `${failure}. An administrator can retry the request once the cause is fixed.`;
  },

  provisioningFailed(request: RequestRecord, failure: string): Notice {
    return {
      title: `Access request failed: ${role(request)} on ${request.entityRef}`,
      description: failure,
      link: requestPath(request.id),
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
    return `Removed ${d.user.email ?? d.user.login ?? d.fallback} (${d.user.id}) from ${d.provider} group ${d.group.name} (${d.group.id}) at ${when(d.at)}: ${d.reason}.`;
  },

  /** Why a membership was removed again by the check that follows a removal. */
  lateAddReason(reason: string): string {
    return `${reason}; an earlier add had landed after the removal, so it was removed again`;
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
    return `Removing ${d.user} from ${d.groups.join(', ')} in ${d.provider} failed after ${count(d.attempts, 'attempt')}: ${d.error}. The membership must be removed by hand, or the job retried by an administrator.`;
  },
};
