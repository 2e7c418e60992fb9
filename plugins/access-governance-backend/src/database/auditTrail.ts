import { Knex } from 'knex';
import { afterKeyset, pageOf, RowPage } from './cursor';
import { AUDIT, Db, PageQuery, toAudit } from './rows';
import { readDate } from './time';
import { AuditRecord, NewAuditEvent } from './types';

/** Which part of an app's audit trail a query reads. */
export interface AuditFilter {
  entityRef: string;
  from?: Date;
  to?: Date;
}

function within(q: Knex.QueryBuilder, filter: AuditFilter): void {
  q.where('entity_ref', filter.entityRef);
  if (filter.from) q.where('created_at', '>=', filter.from);
  if (filter.to) q.where('created_at', '<=', filter.to);
}

/** Told of an audit event once its write is committed. */
export type AuditCommitted = (event: NewAuditEvent) => void;

/** Writes beside an audit event, in the transaction that appends it. */
export type AuditAppended = (
  tx: Db,
  event: NewAuditEvent,
  now: Date,
) => Promise<void>;

/** Who hears of the audit events a store appends. */
export class AuditListeners {
  readonly committed: AuditCommitted[] = [];
  readonly appended: AuditAppended[] = [];

  async appendedIn(tx: Db, event: NewAuditEvent, now: Date): Promise<void> {
    for (const write of this.appended) await write(tx, event, now);
    const done =
      'executionPromise' in tx ? tx.executionPromise : Promise.resolve();
    done.then(
      () => this.committed.forEach(listener => listener(event)),
      () => undefined,
    );
  }
}

export async function insertAudit(
  tx: Db,
  event: NewAuditEvent,
  now: Date,
): Promise<void> {
  await tx(AUDIT).insert({
    entity_ref: event.entityRef,
    type: event.type,
    actor: event.actor,
    request_id: event.requestId,
    grant_id: event.grantId,
    details: JSON.stringify(event.details),
    created_at: event.createdAt ?? now,
  });
}

/** A page of an app's audit trail, oldest first (then by id). */
export async function pageAudit(
  db: Db,
  filter: AuditFilter,
  page: PageQuery,
): Promise<RowPage<AuditRecord>> {
  const rows = await db(AUDIT)
    .modify(q => {
      within(q, filter);
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

/**
 * How many events the period holds; with `upTo`, counting stops past that many (so a
 * long trail is not read to the end for its total) and answers `upTo + 1`.
 */
export async function countAudit(
  db: Db,
  filter: AuditFilter,
  upTo?: number,
): Promise<number> {
  const matching = db(AUDIT)
    .select(db.raw('1'))
    .modify(q => within(q, filter));
  if (upTo !== undefined) matching.limit(upTo + 1);
  const [row] = await db.count({ n: '*' }).from(matching.as('matching'));
  return Number((row as any).n);
}

export async function listAudit(
  db: Db,
  filter: AuditFilter & { requestId?: string },
): Promise<AuditRecord[]> {
  const q = db(AUDIT).modify(q2 => within(q2, filter));
  if (filter.requestId) q.where('request_id', filter.requestId);
  q.orderBy('created_at').orderBy('id');
  return (await q).map(toAudit);
}
