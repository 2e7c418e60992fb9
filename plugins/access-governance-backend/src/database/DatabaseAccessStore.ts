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
import { filterGrants, filterRequests } from './filters';
import {
  AuditAppended,
  AuditCommitted,
  AuditFilter,
  AuditListeners,
  countAudit,
  insertAudit,
  listAudit,
  pageAudit,
} from './auditTrail';
import {
  APPROVALS,
  APPROVERS,
  Db,
  fold,
  grantColumns,
  grantRow,
  GrantPatch,
  InboxFilter,
  PageQuery,
  requestColumns,
  RequestPatch,
  REQUESTS,
  GRANTS,
  toApproval,
  toGrant,
  toRequest,
} from './rows';

import { newestFirst, RowPage } from './cursor';
import { isSqlite } from './dialect';
import { grantConflict, requestConflict, updateConflict } from './constraints';

export type { GrantPatch, InboxFilter, PageQuery, RequestPatch } from './rows';

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

  private readonly auditListeners = new AuditListeners();

  /** Calls `listener` with every audit event once the write that appended it is committed. */
  onAuditCommitted(listener: AuditCommitted): void {
    this.auditListeners.committed.push(listener);
  }

  /** Calls `writer` in the transaction of every audit event appended, to write beside it. */
  onAuditAppended(writer: AuditAppended): void {
    this.auditListeners.appended.push(writer);
  }

  transaction<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.knex.transaction(fn);
  }

  // Requests

  async insertRequest(
    tx: Db,
    request: Omit<RequestRecord, 'approvals'>,
  ): Promise<void> {
    await tx(REQUESTS)
      .insert({
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
        requested_by: request.requestedBy ?? null,
        break_glass: request.breakGlass ?? false,
        extends_grant_id: request.extension?.grantId ?? null,
        extension: request.extension ? JSON.stringify(request.extension) : null,
      })
      .catch(error => {
        throw requestConflict(error, request);
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
      .update({ ...requestColumns(patch), updated_at: now })
      .catch(error => {
        throw updateConflict(error);
      });
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
    if (!isSqlite(tx)) {
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
      ...(approval.onBehalfOf ? { on_behalf_of: approval.onBehalfOf } : {}),
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
        .modify(q => filterRequests(q, filter, inbox)),
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
      .modify(q => filterRequests(q, filter, inbox));
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
        list.push(toApproval(row));
        approvals.set(row.request_id, list);
      }
    }
    return rows.map((row: any) => toRequest(row, approvals.get(row.id) ?? []));
  }

  // Grants

  async insertGrant(tx: Db, grant: GrantRecord): Promise<void> {
    await tx(GRANTS)
      .insert(grantRow(grant))
      .catch(error => {
        throw grantConflict(error, grant);
      });
  }

  /**
   * Changes a grant only while it is in one of the expected states (and, with `only.ending`,
   * only while its removal is under way, or only while none is); answers whether it did.
   */
  async updateGrant(
    tx: Db,
    id: string,
    expected: AccessGrantStatus[],
    patch: GrantPatch,
    only: { ending?: boolean } = {},
  ): Promise<boolean> {
    const count = await tx(GRANTS)
      .where({ id })
      .whereIn('status', expected)
      .modify(q => {
        if (only.ending === true) q.whereNotNull('removal');
        if (only.ending === false) q.whereNull('removal');
      })
      .update(grantColumns(patch))
      .catch(error => {
        throw updateConflict(error);
      });
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
    const q = db(GRANTS)
      .select('*')
      .modify(b => filterGrants(b, filter));
    q.orderBy('granted_at', 'desc').orderBy('id');
    if (filter.limit) q.limit(filter.limit);
    return (await q).map(toGrant);
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
        .modify(q => filterGrants(q, filter)),
      'granted_at',
      'id',
      page,
    );
    return { items: kept.map(toGrant), next };
  }

  async countGrants(filter: GrantFilter, db: Db = this.knex): Promise<number> {
    const [row] = await db(GRANTS)
      .count({ n: '*' })
      .modify(q => filterGrants(q, filter));
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

  /** Active grants whose window has passed and whose end is not decided yet. */
  async listExpiredGrants(now: Date, limit: number): Promise<GrantRecord[]> {
    const rows = await this.knex(GRANTS)
      .where('status', 'active')
      .whereNull('removal')
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
      .whereNull('removal')
      .whereNotNull('expires_at')
      .where('expires_at', '<=', before)
      .whereNull('reminded_at')
      .orderBy('expires_at')
      .limit(limit);
    return rows.map(toGrant);
  }

  // Audit

  async appendAudit(tx: Db, event: NewAuditEvent, now: Date): Promise<void> {
    await insertAudit(tx, event, now);
    await this.auditListeners.appendedIn(tx, event, now);
  }

  /** A page of an app's audit trail, oldest first (then by id). */
  pageAudit(
    filter: AuditFilter,
    page: PageQuery,
  ): Promise<RowPage<AuditRecord>> {
    return pageAudit(this.knex, filter, page);
  }

  countAudit(filter: AuditFilter, upTo?: number): Promise<number> {
    return countAudit(this.knex, filter, upTo);
  }

  listAudit(
    filter: AuditFilter & { requestId?: string },
  ): Promise<AuditRecord[]> {
    return listAudit(this.knex, filter);
  }
}
