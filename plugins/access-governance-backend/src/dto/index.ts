import {
  AccessAuditEvent,
  AccessGrant,
  AccessRequest,
  grantEndKindOf,
} from '@accessgov/plugin-access-governance-common';
import { AuditRecord, GrantRecord, RequestRecord } from '../database/types';

export type RecordUrl = (key: string) => string;

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

export function toRequestDto(
  request: RequestRecord,
  recordUrl?: RecordUrl,
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
    endKind: grantEndKindOf(grant),
    removal: grant.removal,
  };
}

export function toAuditDto(event: AuditRecord): AccessAuditEvent {
  return { ...event, createdAt: event.createdAt.toISOString() };
}

export { csvRows, toCsv } from './csv';
