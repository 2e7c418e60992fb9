import { ActiveDelegation } from '@accessgov/plugin-access-governance-common';
import { Knex } from 'knex';
import { Db, fold, json } from '../database/rows';
import { readDate } from '../database/time';

export const DELEGATIONS = 'access_delegations';
export const ESCALATIONS = 'access_escalations';

/** A delegation as stored. */
export interface DelegationRecord extends ActiveDelegation {
  delegate: string;
  until: Date;
  createdAt: Date;
}

function toDelegation(row: any): DelegationRecord {
  return {
    delegator: row.delegator,
    delegate: row.delegate,
    delegatorRefs: json<string[]>(row.delegator_refs, []),
    until: readDate(row.until),
    createdAt: readDate(row.created_at),
  };
}

/** The delegations of approvers and reviewers, and the escalated stages of requests. */
export class DelegationStore {
  constructor(private readonly knex: Knex) {}

  async get(delegator: string): Promise<DelegationRecord | undefined> {
    const row = await this.knex(DELEGATIONS)
      .whereRaw('lower(delegator) = ?', [fold(delegator)])
      .first();
    return row ? toDelegation(row) : undefined;
  }

  /** Sets (or replaces) the one delegation of a person. */
  async put(tx: Db, delegation: DelegationRecord): Promise<void> {
    await tx(DELEGATIONS)
      .whereRaw('lower(delegator) = ?', [fold(delegation.delegator)])
      .delete();
    await tx(DELEGATIONS).insert({
      delegator: delegation.delegator,
      delegate: delegation.delegate,
      delegator_refs: JSON.stringify(delegation.delegatorRefs),
      until: delegation.until,
      created_at: delegation.createdAt,
    });
  }

  async remove(tx: Db, delegator: string): Promise<boolean> {
    const count = await tx(DELEGATIONS)
      .whereRaw('lower(delegator) = ?', [fold(delegator)])
      .delete();
    return count > 0;
  }

  /** The delegations in force to a person at `now`. */
  async activeTo(delegate: string, now: Date): Promise<DelegationRecord[]> {
    const rows = await this.knex(DELEGATIONS)
      .whereRaw('lower(delegate) = ?', [fold(delegate)])
      .where('until', '>', now);
    return rows.map(toDelegation);
  }

  /** Pending requests whose current stage has not been escalated, oldest first. */
  async unescalatedPending(
    waitingSince: Date,
    limit = 500,
  ): Promise<
    Array<{ id: string; entityRef: string; stage: number; waitingSince: Date }>
  > {
    const rows = await this.knex('access_requests as r')
      .leftJoin(`${ESCALATIONS} as e`, function join() {
        this.on('e.request_id', '=', 'r.id').andOn(
          'e.stage',
          '=',
          'r.current_stage',
        );
      })
      .where('r.status', 'pending')
      .whereNotNull('r.current_stage')
      .whereNull('e.request_id')
      .where('r.updated_at', '<', waitingSince)
      .orderBy('r.updated_at', 'asc')
      .limit(limit)
      .select('r.id', 'r.entity_ref', 'r.current_stage', 'r.updated_at');
    return rows.map(row => ({
      id: row.id,
      entityRef: row.entity_ref,
      stage: row.current_stage,
      waitingSince: readDate(row.updated_at),
    }));
  }

  /**
   * Adds the fallback approvers to a stage of a request (its stored stages and the rows the
   * inbox reads), once: false when the stage was escalated already.
   */
  async escalate(
    tx: Db,
    requestId: string,
    stage: number,
    fallback: string[],
    now: Date,
  ): Promise<boolean> {
    const done = await tx(ESCALATIONS)
      .where({ request_id: requestId, stage })
      .first();
    if (done) return false;
    await tx(ESCALATIONS).insert({
      request_id: requestId,
      stage,
      fallback_approvers: JSON.stringify(fallback),
      escalated_at: now,
    });
    const row = await tx('access_requests').where({ id: requestId }).first();
    const stages = json<Array<{ approvers: string[] }>>(row.stages, []);
    const current = stages[stage];
    const known = new Set(current.approvers.map(fold));
    const added = fallback.filter(ref => !known.has(fold(ref)));
    current.approvers = [...current.approvers, ...added];
    await tx('access_requests')
      .where({ id: requestId })
      .update({ stages: JSON.stringify(stages) });
    if (added.length > 0) {
      await tx('access_request_approvers').insert(
        [...new Set(added.map(fold))].map(ref => ({
          request_id: requestId,
          stage,
          approver_ref: ref,
        })),
      );
    }
    return true;
  }

  /** The stages of a request that were escalated, with their fallback approvers. */
  async escalationsOf(
    requestId: string,
  ): Promise<Array<{ stage: number; fallbackApprovers: string[]; at: Date }>> {
    const rows = await this.knex(ESCALATIONS).where({ request_id: requestId });
    return rows.map(row => ({
      stage: row.stage,
      fallbackApprovers: json<string[]>(row.fallback_approvers, []),
      at: readDate(row.escalated_at),
    }));
  }
}
