import {
  AccessAuditEvent,
  AccessRequest,
  formatDurationShort,
  requestStateLabel,
} from '@accessgov/plugin-access-governance-common';

type NameOf = (ref: string) => Promise<string>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

async function eventLine(
  event: AccessAuditEvent,
  nameOf: NameOf,
): Promise<string> {
  const actor = await nameOf(event.actor);
  const d = event.details;
  const comment = text(d.comment) ? `: “${d.comment}”` : '';
  const why = text(d.reason) ?? text(d.error);
  const reason = why ? `: ${why}` : '';
  const stage = typeof d.stage === 'number' ? ` stage ${d.stage + 1}` : '';
  switch (event.type) {
    case 'request-created':
      return `${actor} asked for access${text(d.via) ? `, through ${d.via}` : ''}`;
    case 'request-approved':
      return `${actor} approved${stage}${comment}`;
    case 'request-rejected':
      return `${actor} rejected${stage}${comment}`;
    case 'request-cancelled':
      return `${actor} cancelled the request`;
    case 'request-retried':
      return `${actor} retried granting the access`;
    case 'record-opened':
      return `The Jira issue ${text(d.jiraKey) ?? ''} was opened`.replace(
        /\s+was/,
        ' was',
      );
    case 'access-granted':
      return 'The access was granted in the identity provider';
    case 'provisioning-failed':
      return `The access could not be granted${reason}`;
    case 'grant-expired':
      return 'The access expired';
    case 'grant-revoked':
      return `The access ended${reason}`;
    case 'access-removed':
      return 'The membership was removed in the identity provider';
    case 'removal-failed':
      return `The membership could not be removed${reason}`;
    default:
      return `${actor}: ${event.type.replace(/[-.]/g, ' ')}${reason}`;
  }
}

/**
 * A request's whole story in plain text: what was asked, where it stands, and every event
 * of its history (the history the request's page shows), oldest first, with UTC times.
 */
export async function requestStory(d: {
  request: AccessRequest;
  history: AccessAuditEvent[];
  appTitle: string;
  roleTitle: string;
  url: string;
  nameOf: NameOf;
}): Promise<string> {
  const { request, history, nameOf } = d;
  const waiting =
    request.status === 'pending' && request.currentStage !== null
      ? request.stages[request.currentStage]
      : undefined;
  const lines = [
    `${await nameOf(request.requester)} asked for ${d.roleTitle} on ${d.appTitle} ${
      request.duration
        ? `for ${formatDurationShort(request.duration)}`
        : 'without end date'
    }.`,
    `Justification: ${request.justification}`,
    `Now: ${requestStateLabel(request)}${
      waiting
        ? `, waiting for ${(await Promise.all(waiting.approvers.map(nameOf))).join(' or ')}`
        : ''
    }.`,
    ...(request.jiraKey
      ? [
          `Jira: ${request.jiraKey}${request.jiraUrl ? ` (${request.jiraUrl})` : ''}`,
        ]
      : []),
    ...(request.failure ? [`Failure: ${request.failure}`] : []),
    '',
    'History:',
  ];
  for (const event of history) {
    lines.push(`- ${event.createdAt}: ${await eventLine(event, nameOf)}`);
  }
  lines.push('', `In Backstage: ${d.url}`);
  return lines.join('\n');
}
