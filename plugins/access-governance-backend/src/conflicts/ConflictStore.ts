import { Knex } from 'knex';
import { Db } from '../database/rows';
import { readDate } from '../database/time';

export const CONFLICT_EXCEPTIONS = 'access_conflict_exceptions';

/** A request approved (or waiting) as an exception to a pair of conflicting roles. */
export interface ConflictExceptionRecord {
  requestId: string;
  entityRef: string;
  roleId: string;
  user: string;
  heldEntityRef: string;
  heldRoleId: string;
  exceptionRef: string;
  createdAt: Date;
}

export class ConflictStore {
  constructor(private readonly knex: Knex) {}

  async insert(tx: Db, record: ConflictExceptionRecord): Promise<void> {
    await tx(CONFLICT_EXCEPTIONS).insert({
      request_id: record.requestId,
      entity_ref: record.entityRef,
      role_id: record.roleId,
      user_ref: record.user,
      held_entity_ref: record.heldEntityRef,
      held_role_id: record.heldRoleId,
      exception_ref: record.exceptionRef,
      created_at: record.createdAt,
    });
  }

  /** The exceptions of the given requests, by request id. */
  async forRequests(
    requestIds: string[],
  ): Promise<Map<string, ConflictExceptionRecord>> {
    const result = new Map<string, ConflictExceptionRecord>();
    for (let i = 0; i < requestIds.length; i += 500) {
      const rows = await this.knex(CONFLICT_EXCEPTIONS).whereIn(
        'request_id',
        requestIds.slice(i, i + 500),
      );
      for (const row of rows) {
        result.set(row.request_id, {
          requestId: row.request_id,
          entityRef: row.entity_ref,
          roleId: row.role_id,
          user: row.user_ref,
          heldEntityRef: row.held_entity_ref,
          heldRoleId: row.held_role_id,
          exceptionRef: row.exception_ref,
          createdAt: readDate(row.created_at),
        });
      }
    }
    return result;
  }
}
