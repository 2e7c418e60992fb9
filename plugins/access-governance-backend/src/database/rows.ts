import { AccessApproval } from '@accessgov/plugin-access-governance-common';
import { Knex } from 'knex';
import { Keyset } from './cursor';
import { readDate, readOptionalDate } from './time';
import { AuditRecord, GrantRecord, RequestRecord } from './types';

/** The tables of requests, decisions, approvers, grants and the audit trail. */
export const REQUESTS = 'access_requests';
export const APPROVALS = 'access_approvals';
export const APPROVERS = 'access_request_approvers';
export const GRANTS = 'access_grants';
export const AUDIT = 'access_audit_events';

export type Db = Knex | Knex.Transaction;

/** The fields of a request that change after it is made. */
export type RequestPatch = Partial<
  Pick<
    RequestRecord,
    'status' | 'currentStage' | 'jiraKey' | 'grantId' | 'failure'
  >
>;

/** The fields of a grant that change after it is made. */
export type GrantPatch = Partial<
  Pick<
    GrantRecord,
    | 'status'
    | 'endedAt'
    | 'endReason'
    | 'endKind'
    | 'removal'
    | 'remindedAt'
    | 'jiraKey'
    | 'reclaimWarnedAt'
    | 'expiresAt'
  >
>;

export function json<T>(value: unknown, fallback: T): T {
  if (typeof value !== 'string') return (value as T) ?? fallback;
  return JSON.parse(value) as T;
}

export function requestColumns(patch: RequestPatch): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  if (patch.status !== undefined) columns.status = patch.status;
  if (patch.currentStage !== undefined)
    columns.current_stage = patch.currentStage;
  if (patch.jiraKey !== undefined) columns.jira_key = patch.jiraKey;
  if (patch.grantId !== undefined) columns.grant_id = patch.grantId;
  if (patch.failure !== undefined) columns.failure = patch.failure;
  return columns;
}

export function grantColumns(patch: GrantPatch): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  if (patch.status !== undefined) columns.status = patch.status;
  if (patch.endedAt !== undefined) columns.ended_at = patch.endedAt;
  if (patch.endReason !== undefined) columns.end_reason = patch.endReason;
  if (patch.endKind !== undefined) columns.end_kind = patch.endKind;
  if (patch.removal !== undefined) columns.removal = patch.removal;
  if (patch.remindedAt !== undefined) columns.reminded_at = patch.remindedAt;
  if (patch.jiraKey !== undefined) columns.jira_key = patch.jiraKey;
  if (patch.reclaimWarnedAt !== undefined)
    columns.reclaim_warned_at = patch.reclaimWarnedAt;
  if (patch.expiresAt !== undefined) columns.expires_at = patch.expiresAt;
  return columns;
}

export function fold(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/** A list query: the filter of a list, where to start and how many rows to take. */
export interface PageQuery {
  after?: Keyset;
  limit: number;
}

/** Which requests the approver inbox holds: pending at a stage one of these refs decides. */
export interface InboxFilter {
  /** The user and the groups they belong to. */
  approverRefs: string[];
  /** The person themselves: nobody decides their own request. */
  self: string;
  /** Those the person stands in for as a delegate: what each of them decides, too. */
  delegated?: Array<{ approverRefs: string[]; self: string }>;
}

export function toGrant(row: any): GrantRecord {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    roleId: row.role_id,
    user: row.user_ref,
    groups: json(row.groups, []),
    provider: row.provider ?? null,
    requestId: row.request_id ?? null,
    jiraKey: row.jira_key ?? null,
    status: row.status,
    grantedAt: readDate(row.granted_at),
    expiresAt: readOptionalDate(row.expires_at),
    endedAt: readOptionalDate(row.ended_at),
    endReason: row.end_reason ?? null,
    endKind: row.end_kind ?? null,
    removal: row.removal ?? null,
    remindedAt: readOptionalDate(row.reminded_at),
    reclaimWarnedAt: readOptionalDate(row.reclaim_warned_at),
    idpUserId: row.idp_user_id ?? null,
    idpGroupIds: json(row.idp_group_ids, null),
  };
}

export function toAudit(row: any): AuditRecord {
  return {
    id: String(row.id),
    entityRef: row.entity_ref,
    type: row.type,
    actor: row.actor,
    requestId: row.request_id ?? null,
    grantId: row.grant_id ?? null,
    details: json(row.details, {}),
    createdAt: readDate(row.created_at),
  };
}

export function toRequest(
  row: any,
  approvals: AccessApproval[],
): RequestRecord {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    roleId: row.role_id,
    requester: row.requester,
    justification: row.justification,
    duration: row.duration ?? null,
    status: row.status,
    provider: row.provider ?? null,
    groups: json(row.groups, []),
    stages: json(row.stages, []),
    currentStage: row.current_stage ?? null,
    approvals,
    jiraKey: row.jira_key ?? null,
    grantId: row.grant_id ?? null,
    failure: row.failure ?? null,
    createdAt: readDate(row.created_at),
    updatedAt: readDate(row.updated_at),
    requestedBy: row.requested_by ?? null,
    breakGlass: Boolean(row.break_glass),
    extension: json(row.extension, null),
  };
}

export function toApproval(row: any): AccessApproval {
  return {
    stage: row.stage,
    decision: row.decision,
    decidedBy: row.decided_by,
    decidedAt: readDate(row.decided_at).toISOString(),
    comment: row.comment ?? null,
    ...(row.on_behalf_of ? { onBehalfOf: row.on_behalf_of } : {}),
  };
}

/** A grant as its row. */
export function grantRow(grant: GrantRecord) {
  return {
    id: grant.id,
    entity_ref: grant.entityRef,
    role_id: grant.roleId,
    user_ref: grant.user,
    groups: JSON.stringify(grant.groups),
    provider: grant.provider,
    request_id: grant.requestId,
    jira_key: grant.jiraKey,
    status: grant.status,
    granted_at: grant.grantedAt,
    expires_at: grant.expiresAt,
    ended_at: grant.endedAt,
    end_reason: grant.endReason,
    end_kind: grant.endKind,
    removal: grant.removal,
    reminded_at: grant.remindedAt,
    reclaim_warned_at: grant.reclaimWarnedAt,
    idp_user_id: grant.idpUserId ?? null,
    idp_group_ids: grant.idpGroupIds ? JSON.stringify(grant.idpGroupIds) : null,
  };
}
