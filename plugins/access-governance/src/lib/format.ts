import {
  AccessGrant,
  AccessRequest,
  AccessRequestStage,
  AccessRole,
  formatDurationShort,
  requestStateLabel,
} from '@accessgov/plugin-access-governance-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { DateTime, Duration } from 'luxon';

/** Gives a readable name for an entity ref, e.g. "RevOps" for `group:default/revops`. */
export type NameOf = (entityRef: string) => string;

/** The name part of an entity ref, as a fallback when no title is known. */
export function shortName(entityRef: string): string {
  try {
    return parseEntityRef(entityRef).name;
  } catch {
    return entityRef;
  }
}

function joinOr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * A role's approval path in words: "Granted at once", or
 * "Approved by RevOps, then Security": each stage by the names of those who decide it
 * (for `owner` stages, the app's approvers).
 */
export function describeApprovalPath(
  role: Pick<AccessRole, 'approval'>,
  appApprovers: string[],
  nameOf: NameOf = shortName,
): string {
  if (role.approval.length === 0) {
    return 'Granted at once';
  }
  const stages = role.approval.map(stage => {
    switch (stage.type) {
      case 'owner':
        return appApprovers.length
          ? joinOr(appApprovers.map(nameOf))
          : 'the app owners';
      case 'manager':
        return "the requester's manager";
      default:
        return nameOf(stage.ref);
    }
  });
  return `Approved by ${stages.join(', then ')}`;
}

const unitLabels: Record<string, string> = {
  years: 'y',
  months: 'mo',
  weeks: 'w',
  days: 'd',
  hours: 'h',
  minutes: 'min',
  seconds: 's',
};

/**
 * A duration choice for people, in the unit it was written in when it has one ("PT24H"
 * is "24 h", "P7D" is "7 d", "PT90M" is "1 h 30 min"), or "No expiry" for a permanent
 * grant.
 */
export function durationLabel(duration: string | null | undefined): string {
  if (!duration) return 'No expiry';
  const parsed = Duration.fromISO(duration);
  if (parsed.isValid) {
    const units = Object.entries(parsed.toObject()).filter(([, v]) => v);
    if (units.length === 1 && unitLabels[units[0][0]]) {
      const [unit, value] = units[0];
      return `${value} ${unitLabels[unit]}`;
    }
  }
  return formatDurationShort(duration);
}

function parts(millis: number): string {
  const minutes = Math.floor(millis / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
  if (mins > 0) return `${mins} min`;
  return 'less than a minute';
}

/** How long a grant has left: "expires in 3 h 12 min", "no expiry" or "expired". */
export function expiresIn(
  expiresAt: string | null,
  now: DateTime = DateTime.now(),
): string {
  if (!expiresAt) return 'no expiry';
  const left = DateTime.fromISO(expiresAt).toMillis() - now.toMillis();
  if (left <= 0) return 'expired';
  return `expires in ${parts(left)}`;
}

/** A time relative to now ("3 minutes ago", "in 2 hours", "just now"). */
export function relativeTime(
  iso: string,
  now: DateTime = DateTime.now(),
): string {
  const time = DateTime.fromISO(iso);
  if (!time.isValid) return iso;
  // Clock skew between browser and server should not show "in 2 seconds" for "just now".
  if (Math.abs(now.toMillis() - time.toMillis()) < 45_000) return 'just now';
  return time.toRelative({ base: now }) ?? iso;
}

/** A time for the tooltip beside a relative time. */
export function absoluteTime(iso: string): string {
  const time = DateTime.fromISO(iso);
  return time.isValid
    ? time.toLocaleString(DateTime.DATETIME_FULL_WITH_SECONDS)
    : iso;
}

/** The stage a pending request waits at, or undefined when it waits at none. */
export function currentStageOf(
  request: Pick<AccessRequest, 'stages' | 'currentStage' | 'status'>,
): AccessRequestStage | undefined {
  if (request.status !== 'pending' || request.currentStage === null) {
    return undefined;
  }
  return request.stages[request.currentStage];
}

/**
 * Who decides a stage, in words: "RevOps", "RevOps or Security", "Marco Rossi (manager)".
 */
export function stageDeciders(
  stage: AccessRequestStage,
  nameOf: NameOf = shortName,
): string {
  const names = joinOr(stage.approvers.map(nameOf));
  switch (stage.type) {
    case 'owner':
      return names || 'App approvers';
    case 'manager':
      return names ? `${names} (manager)` : 'Manager';
    default:
      return names || stage.label;
  }
}

/** "Stage 1 of 2" for a pending request. */
function stagePosition(
  request: Pick<AccessRequest, 'stages' | 'currentStage' | 'status'>,
): string | undefined {
  if (request.status !== 'pending' || request.currentStage === null) {
    return undefined;
  }
  return `Stage ${request.currentStage + 1} of ${request.stages.length}`;
}

/** "Stage 1 of 2: App approvers (group:default/revops)" for a pending request. */
export function stageText(
  request: Pick<AccessRequest, 'stages' | 'currentStage' | 'status'>,
): string | undefined {
  const position = stagePosition(request);
  const stage = currentStageOf(request);
  return position && stage ? `${position}: ${stage.label}` : position;
}

/** "Stage 1 of 2 · RevOps" for a pending request: the stage and who decides it. */
export function stageShortText(
  request: Pick<AccessRequest, 'stages' | 'currentStage' | 'status'>,
  nameOf: NameOf = shortName,
): string | undefined {
  const position = stagePosition(request);
  const stage = currentStageOf(request);
  return position && stage
    ? `${position} · ${stageDeciders(stage, nameOf)}`
    : position;
}

/** The link to a request's or grant's Jira issue, when one is known. */
export function jiraHref(
  item: Pick<AccessRequest | AccessGrant, 'jiraKey' | 'jiraUrl'>,
  jiraHost?: string,
): string | undefined {
  if (item.jiraUrl) return item.jiraUrl;
  if (item.jiraKey && jiraHost) {
    return `${jiraHost.replace(/\/+$/, '')}/browse/${encodeURIComponent(
      item.jiraKey,
    )}`;
  }
  return undefined;
}

/**
 * Where a request stands, for people: its status, or once granted, how its grant ended
 * ("Given back", "Expired") when it has.
 */
export function requestStatusLabel(
  request: Pick<AccessRequest, 'status' | 'grant'>,
): string {
  return requestStateLabel({ status: request.status }, request.grant);
}

/** The title of a role, or its id when the app does not declare it (any more). */
export function roleTitle(
  roles: Pick<AccessRole, 'id' | 'title'>[] | undefined,
  roleId: string,
): string {
  return roles?.find(r => r.id === roleId)?.title ?? roleId;
}

/** "1 item", "3 items". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

const PART = '[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*';
const ENTITY_REF = new RegExp(
  `\\b(?:user|group|component|system|resource|api|domain):${PART}/${PART}`,
  'g',
);

/** The entity refs a text names ("Given back by user:default/priya: …"). */
export function refsIn(text: string | null | undefined): string[] {
  return text ? Array.from(new Set(text.match(ENTITY_REF) ?? [])) : [];
}

/** A text with every entity ref in it replaced by its name. */
export function withNames(text: string, nameOf: NameOf): string {
  return text.replace(ENTITY_REF, ref => nameOf(ref));
}
