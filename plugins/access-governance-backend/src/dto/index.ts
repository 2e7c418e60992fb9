import {
  AccessAuditEvent,
  AccessGrant,
  AccessRequest,
  AccessRequestGrant,
  grantEndKindOf,
} from '@accessgov/plugin-access-governance-common';
import { AuditRecord, GrantRecord, RequestRecord } from '../database/types';

export type RecordUrl = (key: string) => string;

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** What a request shows of its grant: whether it is active, or how and when it ended. */
export function toRequestGrantDto(grant: GrantRecord): AccessRequestGrant {
  return {
    status: grant.status,
    // An ending grant says how it is ending.
    endKind: grant.endKind ?? grantEndKindOf(grant),
    endedAt: iso(grant.endedAt),
    expiresAt: iso(grant.expiresAt),
    removal: grant.removal,
  };
}

/** A request as the API answers it, with its grant's state when it has one. */
export function toRequestDto(
  request: RequestRecord,
  recordUrl?: RecordUrl,
  grant?: GrantRecord | null,
): AccessRequest {
  return {
    id: request.id,
    entityRef: request.entityRef,
    roleId: request.roleId,
    requester: request.requester,
    justification: request.justification,
    duration: request.duration,
    groups: request.groups,
    status: request.status,
    approvals: request.approvals,
    stages: request.stages,
    currentStage: request.status === 'pending' ? request.currentStage : null,
    jiraKey: request.jiraKey,
    jiraUrl: request.jiraKey && recordUrl ? recordUrl(request.jiraKey) : null,
    grantId: request.grantId,
    failure: request.failure,
    grant: grant ? toRequestGrantDto(grant) : null,
    createdAt: request.createdAt.toISOString(),
    updatedAt: request.updatedAt.toISOString(),
    requestedBy: request.requestedBy ?? null,
    breakGlass: request.breakGlass ?? false,
    extension: request.extension ?? null,
  };
}

export function toGrantDto(
  grant: GrantRecord,
  recordUrl?: RecordUrl,
): AccessGrant {
  return {
    id: grant.id,
    entityRef: grant.entityRef,
    roleId: grant.roleId,
    user: grant.user,
    groups: grant.groups,
    requestId: grant.requestId,
    jiraKey: grant.jiraKey,
    jiraUrl: grant.jiraKey && recordUrl ? recordUrl(grant.jiraKey) : null,
    status: grant.status,
    grantedAt: grant.grantedAt.toISOString(),
    expiresAt: iso(grant.expiresAt),
    endedAt: iso(grant.endedAt),
    endReason: grant.endReason,
    // An ending grant says how it is ending.
    endKind: grant.endKind ?? grantEndKindOf(grant),
    removal: grant.removal,
  };
}

export function toAuditDto(event: AuditRecord): AccessAuditEvent {
  return { ...event, createdAt: event.createdAt.toISOString() };
}

export { csvRows, toCsv } from './csv';
