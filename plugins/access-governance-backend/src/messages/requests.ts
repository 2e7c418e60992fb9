import {
  AccessRole,
  formatDurationShort,
} from '@accessgov/plugin-access-governance-common';
import { RequestRecord } from '../database/types';
import { accessTabPath } from './links';
import { Notice, permanentOr, tail } from './notice';

type Request = Pick<
  RequestRecord,
  'roleId' | 'entityRef' | 'requester' | 'duration' | 'justification'
>;

/** Texts of the request lifecycle: record comments and notifications. */
export const requestMessages = {
  approvedAutomatically(role: Pick<AccessRole, 'id' | 'risk'>): string {
    return `Approved automatically: role ${role.id} (${role.risk} risk) needs no approval.`;
  },

  waitingForYou(request: Request): Notice {
    return {
      title: `Access request waiting for you: ${request.roleId} on ${request.entityRef}`,
      description: `${request.requester} asks for ${request.roleId} (${permanentOr(request.duration)}): ${request.justification}`,
      link: accessTabPath(request.entityRef),
      topic: 'access-approval',
    };
  },

  fulfilByHandComment(request: Request): string {
    return `Role ${request.roleId} is fulfilled by hand: an approver grants it in the app, then marks the request fulfilled in Backstage.`;
  },

  fulfilByHand(request: Request): Notice {
    return {
      title: `Grant by hand: ${request.roleId} on ${request.entityRef}`,
      description: `${request.requester} was approved for ${request.roleId}. Grant it in the app, then mark the request fulfilled.`,
      link: accessTabPath(request.entityRef),
      topic: 'access-fulfil',
    };
  },

  decisionComment(d: {
    stage: number;
    stages: number;
    label: string;
    decision: string;
    by: string;
    at: string;
    comment: string | null;
  }): string {
    return `Stage ${d.stage + 1} of ${d.stages} (${d.label}): ${d.decision} by ${d.by} at ${d.at}.${tail(d.comment, 'Comment: ')}`;
  },

  decided(
    request: Request,
    d: {
      stage: number;
      stages: number;
      decision: string;
      by: string;
      comment: string | null;
    },
  ): Notice {
    return {
      title: `Your request for ${request.roleId} on ${request.entityRef} was ${d.decision}`,
      description: `${d.by} ${d.decision} stage ${d.stage + 1} of ${d.stages}.${tail(d.comment)}`,
      link: accessTabPath(request.entityRef),
      topic: 'access-decision',
    };
  },

  cancelledComment(by: string, at: Date): string {
    return `Cancelled by ${by} at ${at.toISOString()}.`;
  },

  fulfilledComment(
    by: string,
    at: Date,
    comment: string | undefined,
    expiresAt: Date | null,
  ): string {
    return `Granted by hand, marked fulfilled by ${by} at ${at.toISOString()}.${tail(comment)}${expiresAt ? ` Access ends at ${expiresAt.toISOString()}.` : ''}`;
  },

  grantedByHand(request: Request): Notice {
    return {
      title: `Access granted: ${request.roleId} on ${request.entityRef}`,
      description: 'An approver granted the role by hand.',
      link: accessTabPath(request.entityRef),
      topic: 'access-granted',
    };
  },

  retriedComment(by: string): string {
    return `Provisioning retried by ${by}.`;
  },

  staleComment(maxPendingAge: string): string {
    return `No decision within ${formatDurationShort(maxPendingAge)}; rejected automatically.`;
  },

  expired(request: Request, comment: string): Notice {
    return {
      title: `Your request for ${request.roleId} on ${request.entityRef} expired`,
      description: comment,
      link: accessTabPath(request.entityRef),
      topic: 'access-decision',
    };
  },
};
