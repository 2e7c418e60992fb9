import {
  AccessRequestStage,
  AccessRole,
  formatDurationShort,
} from '@accessgov/plugin-access-governance-common';
import { RequestRecord } from '../database/types';
import { requestPath } from './links';
import { Notice, permanentOr, tail, when } from './notice';
import { roleOf } from './people';

type Request = Pick<
  RequestRecord,
  'id' | 'roleId' | 'entityRef' | 'requester' | 'duration' | 'justification'
>;

const role = (request: Pick<RequestRecord, 'roleId' | 'entityRef'>) =>
  roleOf(request.entityRef, request.roleId);

/** An approval stage as a record names it: who decides it, by name. */
export function stageName(stage: AccessRequestStage): string {
  const who = stage.approvers.join(' or ');
  switch (stage.type) {
    case 'manager':
      return `the requester's manager (${who || 'none found'})`;
    case 'owner':
      return `the app's approvers (${who || 'none found'})`;
    default:
      return who || stage.label;
  }
}

/** Texts of the request lifecycle: record comments and notifications. */
export const requestMessages = {
  approvedAutomatically(
    request: Pick<RequestRecord, 'entityRef'>,
    accessRole: Pick<AccessRole, 'id' | 'risk'>,
  ): string {
    return `Approved automatically: ${roleOf(request.entityRef, accessRole.id)} (${accessRole.risk} risk) needs no approval.`;
  },

  waitingForYou(request: Request): Notice {
    return {
      title: `Access request waiting for you: ${role(request)} on ${request.entityRef}`,
      description: `${request.requester} asks for ${role(request)} (${permanentOr(request.duration)}): ${request.justification}`,
      link: requestPath(request.id),
      topic: 'access-approval',
    };
  },

  fulfilByHandComment(request: Request): string {
    return `${role(request)} is fulfilled by hand: an approver grants it in the app, then marks the request fulfilled in Backstage.`;
  },

  fulfilByHand(request: Request): Notice {
    return {
      title: `Grant by hand: ${role(request)} on ${request.entityRef}`,
      description: `${request.requester} was approved for ${role(request)}. Grant it in the app, then mark the request fulfilled.`,
      link: requestPath(request.id),
      topic: 'access-fulfil',
    };
  },

  decisionComment(d: {
    stage: number;
    stages: number;
    approvalStage: AccessRequestStage;
    decision: string;
    by: string;
    at: string | Date;
    comment: string | null;
  }): string {
    const decision = `${d.decision.charAt(0).toLocaleUpperCase('en-US')}${d.decision.slice(1)}`;
    return `${decision} by ${d.by} at ${when(d.at)}: stage ${d.stage + 1} of ${d.stages}, ${stageName(d.approvalStage)}.${tail(d.comment, 'Comment: ')}`;
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
      title: `Your request for ${role(request)} on ${request.entityRef} was ${d.decision}`,
      description: `${d.by} ${d.decision} stage ${d.stage + 1} of ${d.stages}.${tail(d.comment)}`,
      link: requestPath(request.id),
      topic: 'access-decision',
    };
  },

  cancelledComment(by: string, at: Date): string {
    return `Cancelled by ${by} at ${when(at)}.`;
  },

  fulfilledComment(
    by: string,
    at: Date,
    comment: string | undefined,
    expiresAt: Date | null,
  ): string {
    return `Granted by hand, marked fulfilled by ${by} at ${when(at)}.${tail(comment)}${expiresAt ? ` Access ends at ${when(expiresAt)}.` : ''}`;
  },

  grantedByHand(request: Request): Notice {
    return {
      title: `Access granted: ${role(request)} on ${request.entityRef}`,
      description: 'An approver granted the role by hand.',
      link: requestPath(request.id),
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
      title: `Your request for ${role(request)} on ${request.entityRef} expired`,
      description: comment,
      link: requestPath(request.id),
      topic: 'access-decision',
    };
  },
};
