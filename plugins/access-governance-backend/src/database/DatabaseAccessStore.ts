import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  AccessApproval,
  AccessGrantStatus,
  AccessRequestStatus,
} from '@accessgov/plugin-access-governance-common';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from './migrations';
import {
  AuditRecord,
  GrantFilter,
  GrantRecord,
  NewAuditEvent,
  RequestFilter,
  RequestRecord,
} from './types';
import { readDate, readOptionalDate } from './time';
import { afterKeyset, Keyset, newestFirst, pageOf, RowPage } from './cursor';

const REQUESTS = 'access_requests';
const APPROVALS = 'access_approvals';
const APPROVERS = 'access_request_approvers';
const GRANTS = 'access_grants';
const AUDIT = 'access_audit_events';

type Db = Knex | Knex.Transaction;

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
  >
>;

function json<T>(value: unknown, fallback: T): T {
  if (typeof value !== 'string') return (value as T) ?? fallback;
  return JSON.parse(value) as T;
}

function requestColumns(patch: RequestPatch): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  if (patch.status !== undefined) columns.status = patch.status;
  if (patch.currentStage !== undefined)
    columns.current_stage = patch.currentStage;
  if (patch.jiraKey !== undefined) columns.jira_key = patch.jiraKey;
  if (patch.grantId !== undefined) columns.grant_id = patch.grantId;
  if (patch.failure !== undefined) columns.failure = patch.failure;
  return columns;
}

function grantColumns(patch: GrantPatch): Record<string, unknown> {
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
  return columns;
}

function fold(ref: string): string {
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
}

function toGrant(row: any): GrantRecord {
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

function toAudit(row: any): AuditRecord {
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

/**
 * Requests, approval decisions, grants and the audit log, on SQLite or PostgreSQL.
 * Writes that must happen together take a transaction from {@link DatabaseAccessStore.transaction}.
 */
export class DatabaseAccessStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseAccessStore> {
    const knex = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await applyDatabaseMigrations(knex);
    }
    return new DatabaseAccessStore(knex);
  }

  constructor(readonly knex: Knex) {}

  private readonly auditListeners: Array<(event: NewAuditEvent) => void> = [];

  /** Calls `listener` with every audit event once the write that appended it is committed. */
  onAuditCommitted(listener: (event: NewAuditEvent) => void): void {
    this.auditListeners.push(listener);
  }

  transaction<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.knex.transaction(fn);
  }

  // Requests

  async insertRequest(
    tx: Db,
    request: Omit<RequestRecord, 'approvals'>,
  ): Promise<void> {
    await tx(REQUESTS).insert({
      id: request.id,
      entity_ref: request.entityRef,
      role_id: request.roleId,
      requester: request.requester,
      justification: request.justification,
      duration: request.duration,
      status: request.status,
      provider: request.provider,
      groups: JSON.stringify(request.groups),
      stages: JSON.stringify(request.stages),
      current_stage: request.currentStage,
      jira_key: request.jiraKey,
      grant_id: request.grantId,
      failure: request.failure,
      created_at: request.createdAt,
      updated_at: request.updatedAt,
    });
    const approvers = request.stages.flatMap((stage, index) =>
      [...new Set(stage.approvers.map(fold))].map(ref => ({
        request_id: request.id,
        stage: index,
        approver_ref: ref,
      })),
    );
    for (let i = 0; i < approvers.length; i += 300) {
      await tx(APPROVERS).insert(approvers.slice(i, i + 300));
    }
  }

  /**
   * Changes a request only while it is in one of the expected states; answers whether it
   * did. Two replicas deciding the same request at once: one wins, the other sees false.
   */
  async updateRequest(
    tx: Db,
    id: string,
    expected: AccessRequestStatus[],
    patch: RequestPatch,
    now: Date,
  ): Promise<boolean> {
    const count = await tx(REQUESTS)
      .where({ id })
      .whereIn('status', expected)
      .update({ ...requestColumns(patch), updated_at: now });
    return count === 1;
  }

  /**
   * Locks a request's row for the rest of the transaction (PostgreSQL; SQLite writes one
   * transaction at a time anyway) and answers its record key. A grant inserted under this
   * lock and a record key set by {@link DatabaseAccessStore.setRecordKey} cannot miss
   * each other.
   */
  async lockRequestRecordKey(
    tx: Knex.Transaction,
    id: string,
  ): Promise<string | null> {
    const query = tx(REQUESTS).select('jira_key').where({ id });
    if (
      tx.client.config.client !== 'better-sqlite3' &&
      tx.client.config.client !== 'sqlite3'
    ) {
      query.forUpdate();
    }
    const row = await query.first();
    return row?.jira_key ?? null;
  }

  /** Links a request, and the grant it led to, to its record. */
  async setRecordKey(tx: Db, requestId: string, key: string): Promise<void> {
    await tx(REQUESTS).where({ id: requestId }).update({ jira_key: key });
    await tx(GRANTS).where({ request_id: requestId }).update({ jira_key: key });
  }

  async insertApproval(
    tx: Db,
    requestId: string,
    approval: AccessApproval,
  ): Promise<void> {
    await tx(APPROVALS).insert({
      request_id: requestId,
      stage: approval.stage,
      decision: approval.decision,
      decided_by: approval.decidedBy,
      decided_at: new Date(approval.decidedAt),
      comment: approval.comment,
    });
  }

  async getRequest(
    id: string,
    db: Db = this.knex,
  ): Promise<RequestRecord | undefined> {
    const [request] = await this.readRequests(db, q => q.where({ id }));
    return request;
  }

  async listRequests(
    filter: RequestFilter,
    db: Db = this.knex,
  ): Promise<RequestRecord[]> {
    return this.readRequests(db, q => {
      if (filter.entityRef) q.where('entity_ref', filter.entityRef);
      if (filter.requester) q.where('requester', filter.requester);
      if (filter.statuses) q.whereIn('status', filter.statuses);
      if (filter.createdBefore)
        q.where('created_at', '<', filter.createdBefore);
      q.orderBy('created_at', 'desc').orderBy('id');
      if (filter.limit) q.limit(filter.limit);
    });
  }

  /** Several requests by id, in one query per 500 ids. */
  async getRequests(
    ids: string[],
    db: Db = this.knex,
  ): Promise<Map<string, RequestRecord>> {
    const result = new Map<string, RequestRecord>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      for (const request of await this.readRequests(db, q =>
        q.whereIn('id', chunk),
      )) {
        result.set(request.id, request);
      }
    }
    return result;
  }

  private filterRequests(
    q: Knex.QueryBuilder,
    filter: RequestFilter,
    inbox?: InboxFilter,
  ): void {
    if (filter.entityRef) q.where(`${REQUESTS}.entity_ref`, filter.entityRef);
    if (filter.requester) q.where(`${REQUESTS}.requester`, filter.requester);
    if (filter.statuses) q.whereIn(`${REQUESTS}.status`, filter.statuses);
    if (filter.createdBefore)
      q.where(`${REQUESTS}.created_at`, '<', filter.createdBefore);
    if (inbox) {
      const refs = [...new Set(inbox.approverRefs.map(fold))];
      q.where(`${REQUESTS}.status`, 'pending')
        .whereRaw(`lower(${REQUESTS}.requester) <> ?`, [fold(inbox.self)])
        .whereExists(sub =>
          sub
            .select(this.knex.raw('1'))
            .from(APPROVERS)
            .whereRaw(`${APPROVERS}.request_id = ${REQUESTS}.id`)
            .whereRaw(`${APPROVERS}.stage = ${REQUESTS}.current_stage`)
            .whereIn(`${APPROVERS}.approver_ref`, refs.length ? refs : ['']),
        );
    }
  }

  /**
   * A page of requests, newest first (then by id). With `inbox`, only the pending requests
   * whose current stage one of the given refs decides, not those the person made.
   */
  async pageRequests(
    filter: RequestFilter,
    page: PageQuery,
    inbox?: InboxFilter,
    db: Db = this.knex,
  ): Promise<RowPage<RequestRecord>> {
    const { rows: kept, next } = await newestFirst(
      db(REQUESTS)
        .select(`${REQUESTS}.id`, `${REQUESTS}.created_at`)
        .modify(q => this.filterRequests(q, filter, inbox)),
      `${REQUESTS}.created_at`,
      `${REQUESTS}.id`,
      page,
    );
    const byId = await this.getRequests(
      kept.map((r: any) => r.id),
      db,
    );
    return {
      items: kept.map((r: any) => byId.get(r.id)!).filter(Boolean),
      next,
    };
  }

  /** How many requests a filter (and inbox) holds. */
  async countRequests(
    filter: RequestFilter,
    inbox?: InboxFilter,
    db: Db = this.knex,
  ): Promise<number> {
    const [row] = await db(REQUESTS)
      .count({ n: '*' })
      .modify(q => this.filterRequests(q, filter, inbox));
    return Number((row as any).n);
  }

  private async readRequests(
    db: Db,
    where: (q: Knex.QueryBuilder) => void,
  ): Promise<RequestRecord[]> {
    const query = db(REQUESTS).select('*');
    where(query);
    const rows = await query;
    if (rows.length === 0) return [];
    const approvals = new Map<string, AccessApproval[]>();
    const ids = rows.map((r: any) => r.id);
    for (let i = 0; i < ids.length; i += 500) {
      const decisionRows = await db(APPROVALS)
        .whereIn('request_id', ids.slice(i, i + 500))
        .orderBy('stage');
      for (const row of decisionRows) {
        const list = approvals.get(row.request_id) ?? [];
        list.push({
          stage: row.stage,
          decision: row.decision,
          decidedBy: row.decided_by,
          decidedAt: readDate(row.decided_at).toISOString(),
          comment: row.comment ?? null,
        });
        approvals.set(row.request_id, list);
      }
    }
    return rows.map((row: any) => ({
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
      approvals: approvals.get(row.id) ?? [],
      jiraKey: row.jira_key ?? null,
      grantId: row.grant_id ?? null,
      failure: row.failure ?? null,
      createdAt: readDate(row.created_at),
      updatedAt: readDate(row.updated_at),
    }));
  }

  // Grants

  async insertGrant(tx: Db, grant: GrantRecord): Promise<void> {
    await tx(GRANTS).insert({
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
      idp_group_ids: grant.idpGroupIds
        ? JSON.stringify(grant.idpGroupIds)
        : null,
    });
  }

  /** Changes a grant only while it is in one of the expected states; answers whether it did. */
  async updateGrant(
    tx: Db,
    id: string,
    expected: AccessGrantStatus[],
    patch: GrantPatch,
  ): Promise<boolean> {
    const count = await tx(GRANTS)
      .where({ id })
      .whereIn('status', expected)
      .update(grantColumns(patch));
    return count === 1;
  }

  async getGrant(
    id: string,
    db: Db = this.knex,
  ): Promise<GrantRecord | undefined> {
    const row = await db(GRANTS).where({ id }).first();
    return row ? toGrant(row) : undefined;
  }

  async listGrants(
    filter: GrantFilter,
    db: Db = this.knex,
  ): Promise<GrantRecord[]> {
    const q = db(GRANTS).select('*');
    if (filter.entityRef) q.where('entity_ref', filter.entityRef);
    if (filter.user) q.where('user_ref', filter.user);
    if (filter.statuses) q.whereIn('status', filter.statuses);
    if (filter.roleId) q.where('role_id', filter.roleId);
    if (filter.provider) q.where('provider', filter.provider);
    q.orderBy('granted_at', 'desc').orderBy('id');
    if (filter.limit) q.limit(filter.limit);
    return (await q).map(toGrant);
  }

  private filterGrants(q: Knex.QueryBuilder, filter: GrantFilter): void {
    if (filter.entityRef) q.where('entity_ref', filter.entityRef);
    if (filter.user) q.where('user_ref', filter.user);
    if (filter.statuses) q.whereIn('status', filter.statuses);
    if (filter.roleId) q.where('role_id', filter.roleId);
    if (filter.provider) q.where('provider', filter.provider);
  }

  /** A page of grants, newest first (then by id). */
  async pageGrants(
    filter: GrantFilter,
    page: PageQuery,
    db: Db = this.knex,
  ): Promise<RowPage<GrantRecord>> {
    const { rows: kept, next } = await newestFirst(
      db(GRANTS)
        .select('*')
        .modify(q => this.filterGrants(q, filter)),
      'granted_at',
      'id',
      page,
    );
    return { items: kept.map(toGrant), next };
  }

  async countGrants(filter: GrantFilter, db: Db = this.knex): Promise<number> {
    const [row] = await db(GRANTS)
      .count({ n: '*' })
      .modify(q => this.filterGrants(q, filter));
    return Number((row as any).n);
  }

  /** The active grants of an app, by holder (entity refs folded to lower case). */
  async activeGrantsByUser(
    entityRef: string,
    db: Db = this.knex,
  ): Promise<Map<string, GrantRecord[]>> {
    const result = new Map<string, GrantRecord[]>();
    const rows = await db(GRANTS)
      .where({ entity_ref: entityRef, status: 'active' })
      .orderBy('granted_at', 'desc')
      .orderBy('id');
    for (const grant of rows.map(toGrant)) {
      const key = fold(grant.user);
      result.set(key, [...(result.get(key) ?? []), grant]);
    }
    return result;
  }

  /** The apps that have active grants. */
  async listEntitiesWithActiveGrants(): Promise<string[]> {
    const rows = await this.knex(GRANTS)
      .distinct('entity_ref')
      .where('status', 'active');
    return rows.map((r: any) => r.entity_ref).sort();
  }

  /** Active grants whose window has passed. */
  async listExpiredGrants(now: Date, limit: number): Promise<GrantRecord[]> {
    const rows = await this.knex(GRANTS)
      .where('status', 'active')
      .whereNotNull('expires_at')
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .limit(limit);
    return rows.map(toGrant);
  }

  /** Active grants that end before `before` and whose holder has not been reminded. */
  async listGrantsToRemind(
    before: Date,
    limit: number,
  ): Promise<GrantRecord[]> {
    const rows = await this.knex(GRANTS)
      .where('status', 'active')
      .whereNotNull('expires_at')
      .where('expires_at', '<=', before)
      .whereNull('reminded_at')
      .orderBy('expires_at')
      .limit(limit);
    return rows.map(toGrant);
  }

  // Audit

  async appendAudit(tx: Db, event: NewAuditEvent, now: Date): Promise<void> {
    await tx(AUDIT).insert({
      entity_ref: event.entityRef,
      type: event.type,
      actor: event.actor,
      request_id: event.requestId,
      grant_id: event.grantId,
      details: JSON.stringify(event.details),
      created_at: event.createdAt ?? now,
    });
    const committed =
      'executionPromise' in tx ? tx.executionPromise : Promise.resolve();
    committed.then(
      () => this.auditListeners.forEach(listener => listener(event)),
      () => undefined,
    );
  }

  /** A page of an app's audit trail, oldest first (then by id). */
  async pageAudit(
    filter: { entityRef: string; from?: Date; to?: Date },
    page: PageQuery,
  ): Promise<RowPage<AuditRecord>> {
    const rows = await this.knex(AUDIT)
      .where('entity_ref', filter.entityRef)
      .modify(q => {
        if (filter.from) q.where('created_at', '>=', filter.from);
        if (filter.to) q.where('created_at', '<=', filter.to);
        if (page.after)
          afterKeyset(q, 'created_at', 'asc', 'id', {
            value: new Date(Number(page.after.value)),
            id: Number(page.after.id),
          });
      })
      .orderBy('created_at')
      .orderBy('id')
      .limit(page.limit + 1);
    const { rows: kept, next } = pageOf(rows, page.limit, row => ({
      value: readDate(row.created_at).getTime(),
      id: Number(row.id),
    }));
    return { items: kept.map(toAudit), next };
  }

  async countAudit(filter: {
    entityRef: string;
    from?: Date;
    to?: Date;
  }): Promise<number> {
    const q = this.knex(AUDIT)
      .count({ n: '*' })
      .where('entity_ref', filter.entityRef);
    if (filter.from) q.where('created_at', '>=', filter.from);
    if (filter.to) q.where('created_at', '<=', filter.to);
    const [row] = await q;
    return Number((row as any).n);
  }

  async listAudit(filter: {
    entityRef: string;
    from?: Date;
    to?: Date;
    requestId?: string;
  }): Promise<AuditRecord[]> {
    const q = this.knex(AUDIT).where('entity_ref', filter.entityRef);
    if (filter.from) q.where('created_at', '>=', filter.from);
    if (filter.to) q.where('created_at', '<=', filter.to);
    if (filter.requestId) q.where('request_id', filter.requestId);
    q.orderBy('created_at').orderBy('id');
    return (await q).map(toAudit);
  }
}
