import { RequestRecord } from '../database/types';
import { accessTabPath, requestPath } from './links';
import { Notice, permanentOr, tail, when } from './notice';
import { roleOf } from './people';

type Request = Pick<
  RequestRecord,
  'id' | 'roleId' | 'entityRef' | 'requester' | 'duration' | 'justification'
>;

const role = (request: Pick<RequestRecord, 'roleId' | 'entityRef'>) =>
  roleOf(request.entityRef, request.roleId);

/** The Access tab with the extend dialog of a grant open. */
export function extendPath(grant: { id: string; entityRef: string }): string {
  return `${accessTabPath(grant.entityRef)}?extend=${encodeURIComponent(grant.id)}`;
}

/** Texts of extensions, break-glass access and requests on someone's behalf. */
export const lifecycleMessages = {
  extensionAskedComment(d: {
    by: string;
    duration: string;
    from: Date | string;
    to: Date | string;
    justification: string;
    auto: boolean;
  }): string {
    return `${d.by} asks for ${permanentOr(d.duration)} more: from ${when(d.from)} to ${when(d.to)}. Justification: ${d.justification}${
      d.auto
        ? ' The role extends without approval.'
        : ' The access stays until its current end while the approvers decide.'
    }`;
  },

  extensionDecidedComment(d: {
    decision: 'approved' | 'rejected';
    by: string;
    at: Date | string;
    comment: string | null;
    to: Date | string;
    from: Date | string;
  }): string {
    return d.decision === 'approved'
      ? `Extension approved by ${d.by} at ${when(d.at)}.${tail(d.comment, 'Comment: ')}`
      : `Extension rejected by ${d.by} at ${when(d.at)}.${tail(d.comment, 'Comment: ')} The access still ends at ${when(d.from)}.`;
  },

  extendedComment(to: Date | string): string {
    return `Access extended: it now ends at ${when(to)}.`;
  },

  extensionNotApplied(from: Date | string): string {
    return `The extension was approved after the access ended at ${when(from)}; nothing was extended. Request the role again.`;
  },

  extensionWaiting(request: Request, to: Date | string): Notice {
    return {
      title: `Extension waiting for you: ${role(request)} on ${request.entityRef}`,
      description: `${request.requester} asks to keep ${role(request)} until ${when(to)}: ${request.justification}`,
      link: requestPath(request.id),
      topic: 'access-approval',
    };
  },

  extended(
    grant: { id: string; entityRef: string; roleId: string },
    to: Date | string,
  ): Notice {
    return {
      title: `Your access was extended: ${role(grant)} on ${grant.entityRef}`,
      description: `It now ends at ${when(to)}.`,
      link: accessTabPath(grant.entityRef),
      topic: 'access-granted',
    };
  },

  breakGlassComment(request: Request, reviewDue: Date): string {
    return `Break glass: ${request.requester} granted ${role(request)} to themselves at once for ${permanentOr(request.duration)}, without approval. Justification: ${request.justification} The approvers confirm or flag it by ${when(reviewDue)}.`;
  },

  breakGlassUsed(request: Request, reviewDue: Date): Notice {
    return {
      title: `Break glass: ${request.requester} took ${role(request)} on ${request.entityRef}`,
      description: `Granted at once for ${permanentOr(request.duration)}: ${request.justification} Confirm or flag it by ${when(reviewDue)}.`,
      link: '/access',
      severity: 'high',
      topic: 'access-break-glass',
    };
  },

  breakGlassReviewedComment(d: {
    decision: 'confirmed' | 'flagged';
    by: string;
    at: Date;
    comment: string | null;
    revoked: boolean;
  }): string {
    return d.decision === 'confirmed'
      ? `Break-glass use confirmed by ${d.by} at ${when(d.at)}.${tail(d.comment, 'Comment: ')}`
      : `Break-glass use flagged by ${d.by} at ${when(d.at)}.${tail(d.comment, 'Reason: ')}${d.revoked ? ' The access is revoked.' : ' The access had already ended.'}`;
  },

  breakGlassOverdueComment(dueAt: Date): string {
    return `The review of this break-glass use was due ${when(dueAt)} and nobody has confirmed or flagged it yet. The approvers have been reminded.`;
  },

  breakGlassOverdue(review: {
    holder: string;
    entityRef: string;
    roleId: string;
    dueAt: Date;
  }): Notice {
    return {
      title: `Overdue: confirm or flag ${review.holder}'s break-glass use of ${role(review)}`,
      description: `${role(review)} was taken without approval; its review was due ${when(review.dueAt)}.`,
      link: '/access',
      severity: 'high',
      topic: 'access-break-glass',
    };
  },

  flaggedReason(by: string, comment: string): string {
    return `Break-glass use flagged by ${by}: ${comment}`;
  },

  onBehalfComment(requestedBy: string, requester: string): string {
    return `Requested by ${requestedBy} on behalf of ${requester}, who holds the access. Neither of them can approve it.`;
  },

  requestedForYou(request: Request, requestedBy: string): Notice {
    return {
      title: `${requestedBy} requested ${role(request)} on ${request.entityRef} for you`,
      description: `${permanentOr(request.duration)}: ${request.justification}`,
      link: requestPath(request.id),
      topic: 'access-decision',
    };
  },
};
