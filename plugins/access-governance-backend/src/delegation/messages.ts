import { formatDurationShort } from '@accessgov/plugin-access-governance-common';
import { Notice, when } from '../messages/notice';
import { requestPath } from '../messages/links';
import { roleOf } from '../messages/people';

/** Texts of delegation and escalation: record comments and notifications. */
export const delegationMessages = {
  delegated(delegator: string, until: Date): Notice {
    return {
      title: `${delegator} delegated their access decisions to you`,
      description: `Until ${when(until)} you may approve requests and decide review items for ${delegator}. Find them in your Access inbox.`,
      link: '/access',
      topic: 'access-delegation',
    };
  },

  escalatedComment(fallback: string[], after: string, stage: number): string {
    return `No decision on stage ${stage + 1} within ${formatDurationShort(after)}: escalated to the fallback approvers ${fallback.join(', ')}.`;
  },

  escalated(
    request: {
      id: string;
      entityRef: string;
      roleId: string;
      requester: string;
    },
    fallback: string[],
  ): Notice {
    return {
      title: `Access request escalated: ${roleOf(request.entityRef, request.roleId)} on ${request.entityRef}`,
      description: `${request.requester}'s request waited too long for a decision and went to ${fallback.join(', ')} as well. Any of its approvers may decide it.`,
      link: requestPath(request.id),
      topic: 'access-escalation',
    };
  },
};
