import {
  AccessApproval,
  AccessAuditEvent,
  AccessGrant,
  AccessRequest,
  grantEndKindOf,
  grantEndLabel,
} from '@accessgov/plugin-access-governance-common';
import { absoluteTime, NameOf, withNames } from '../../lib';

/** What a stage of a request came to. */
export type StageOutcome =
  | { state: 'decided'; approval: AccessApproval }
  | { state: 'waiting' }
  | { state: 'not reached' }
  | { state: 'skipped' };

/** Each stage's decision, the stage the request waits at, or why it was never decided. */
export function stageOutcomes(request: AccessRequest): StageOutcome[] {
  return request.stages.map((_stage, index) => {
    const approval = request.approvals.find(a => a.stage === index);
    if (approval) return { state: 'decided', approval };
    if (request.status === 'pending') {
      return request.currentStage === index
        ? { state: 'waiting' }
        : { state: 'not reached' };
    }
    return { state: 'skipped' };
  });
}

/** The IdP change a grant made: the provider, the groups with their ids, and when. */
export type IdpChange = {
  provider: string | null;
  groups: Array<{ name: string; id: string | null }>;
  at: string;
};

function groupsOf(event: AccessAuditEvent): IdpChange['groups'] {
  const idpGroups = event.details.idpGroups;
  if (Array.isArray(idpGroups)) {
    return idpGroups.map(g => ({
      name: String((g as { name?: unknown }).name ?? ''),
      id: (g as { id?: unknown }).id ? String((g as { id: unknown }).id) : null,
    }));
  }
  const names = event.details.groups;
  return Array.isArray(names)
    ? names.map(name => ({ name: String(name), id: null }))
    : [];
}

function idpChange(
  history: AccessAuditEvent[],
  type: string,
): IdpChange | undefined {
  const event = history.find(e => e.type === type);
  if (!event) return undefined;
  const provider = event.details.provider;
  return {
    provider: typeof provider === 'string' ? provider : null,
    groups: groupsOf(event),
    at: event.createdAt,
  };
}

/** The membership added when the access was granted, as the history tells it. */
export function idpAdded(history: AccessAuditEvent[]): IdpChange | undefined {
  return idpChange(history, 'access-granted');
}

/** The removal of the membership after the access ended, when it happened. */
export function idpRemoved(history: AccessAuditEvent[]): IdpChange | undefined {
  return idpChange(history, 'access-removed');
}

/** How a request ended, in words, or undefined while it is still open or access is held. */
export function howItEnded(
  request: AccessRequest,
  grant: AccessGrant | undefined,
  nameOf: NameOf,
): string | undefined {
  switch (request.status) {
    case 'rejected': {
      const rejection = request.approvals.find(a => a.decision === 'rejected');
      if (!rejection) return 'Rejected';
      const by =
        rejection.decidedBy === 'system'
          ? 'Rejected automatically'
          : `Rejected by ${nameOf(rejection.decidedBy)}`;
      return rejection.comment ? `${by}: ${rejection.comment}` : by;
    }
    case 'cancelled':
      return `Cancelled by ${nameOf(request.requester)}`;
    case 'failed':
      return request.failure
        ? `The access could not be granted: ${request.failure}`
        : 'The access could not be granted';
    default:
      break;
  }
  if (grant && grant.status !== 'active') {
    const label = grantEndLabel({ ...grant, removal: null });
    if (!grant.endReason) return label;
    const reason = withNames(grant.endReason, nameOf);
    // A reason that starts with how it ended ("Given back by …") says it already.
    return reason.toLocaleLowerCase().startsWith(label.toLocaleLowerCase())
      ? reason
      : `${label}: ${reason}`;
  }
  return undefined;
}

/** "Given back by Priya Shah", "Revoked by Omar Haddad: …", for an ended grant's event. */
function endedText(actor: string, reason: string | undefined): string {
  const kind = grantEndKindOf({ status: 'revoked', endReason: reason });
  // The reason reads "Given back by <who>: <why>"; the why after the first colon.
  const colon = reason ? reason.indexOf(': ') : -1;
  const why = colon >= 0 ? reason!.slice(colon + 2) : '';
  const said = why && why !== 'given back by the holder' ? `: ${why}` : '';
  switch (kind) {
    case 'given-back':
      return `Given back by ${actor}${said}`;
    case 'review':
    case 'inactivity':
      return reason
        ? `${reason.charAt(0).toLocaleUpperCase()}${reason.slice(1)}`
        : grantEndLabel({ status: 'revoked', endKind: kind });
    default:
      return `Revoked by ${actor}${said}`;
  }
}

/** One line of the request's history, for people. */
export function eventText(event: AccessAuditEvent, nameOf: NameOf): string {
  const actor =
    event.actor === 'system' ? 'Access governance' : nameOf(event.actor);
  const comment =
    typeof event.details.comment === 'string' && event.details.comment
      ? `: “${event.details.comment}”`
      : '';
  const why = event.details.reason ?? event.details.error;
  const said = typeof why === 'string' && why ? withNames(why, nameOf) : '';
  const reason = said ? `: ${said}` : '';
  const stage =
    typeof event.details.stage === 'number'
      ? ` stage ${event.details.stage + 1}`
      : '';
  switch (event.type) {
    case 'request-created':
      return `${actor} asked for access`;
    case 'request-approved':
      return typeof event.details.onBehalfOf === 'string'
        ? `${actor} approved${stage} for ${nameOf(event.details.onBehalfOf)}${comment}`
        : `${actor} approved${stage}${comment}`;
    case 'request-escalated':
      return `No decision in time on${stage}: the request went to the fallback approvers too`;
    case 'request-rejected':
      return `${actor} rejected${stage}${comment}`;
    case 'request-cancelled':
      return `${actor} cancelled the request`;
    case 'request-retried':
      return `${actor} retried granting the access`;
    case 'record-opened':
      return 'The Jira issue was opened';
    case 'access-granted':
      return 'The access was granted in the identity provider';
    case 'provisioning-failed':
      return `The access could not be granted${reason}`;
    case 'grant-expired':
      return `Expired${reason}`;
    case 'grant-revoked':
      return endedText(actor, said || undefined);
    case 'access-removed':
      return 'The membership was removed in the identity provider';
    case 'removal-failed':
      return `The membership could not be removed${reason}`;
    case 'removal-pending':
      return 'The membership removal keeps failing; it is retried until the identity provider takes it';
    case 'request-break-glass':
    case 'request.break-glass':
      return `${actor} took the access at once with break glass, without approval`;
    case 'break-glass-confirmed':
      return `${actor} confirmed the break-glass use${comment}`;
    case 'break-glass-flagged':
      return `${actor} flagged the break-glass use${comment}`;
    case 'break-glass-overdue':
      return 'Nobody confirmed or flagged the break-glass use in time: the approvers were reminded';
    case 'grant.extension-requested':
      return `${actor} asked to extend the access`;
    case 'grant.extended':
      return typeof event.details.toExpiresAt === 'string'
        ? `The access was extended until ${absoluteTime(event.details.toExpiresAt)}`
        : 'The access was extended';
    default:
      return `${actor}: ${event.type.replace(/-/g, ' ')}`;
  }
}
