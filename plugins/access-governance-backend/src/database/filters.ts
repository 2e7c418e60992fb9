import { Knex } from 'knex';
import { APPROVERS, fold, InboxFilter, REQUESTS } from './rows';
import { GrantFilter, RequestFilter } from './types';

/** Narrows a query of requests to a filter and, for the inbox, to what the person decides now. */
export function filterRequests(
  q: Knex.QueryBuilder,
  filter: RequestFilter,
  inbox?: InboxFilter,
): void {
  if (filter.entityRef) q.where(`${REQUESTS}.entity_ref`, filter.entityRef);
  if (filter.requester) q.where(`${REQUESTS}.requester`, filter.requester);
  if (filter.statuses) q.whereIn(`${REQUESTS}.status`, filter.statuses);
  if (filter.roleIds) q.whereIn(`${REQUESTS}.role_id`, filter.roleIds);
  if (filter.createdBefore)
    q.where(`${REQUESTS}.created_at`, '<', filter.createdBefore);
  if (inbox) {
    const decides = (sub: Knex.QueryBuilder, approverRefs: string[]) => {
      const refs = [...new Set(approverRefs.map(fold))];
      sub
        .select(1)
        .from(APPROVERS)
        .whereRaw(`${APPROVERS}.request_id = ${REQUESTS}.id`)
        .whereRaw(`${APPROVERS}.stage = ${REQUESTS}.current_stage`)
        .whereIn(`${APPROVERS}.approver_ref`, refs.length ? refs : ['']);
    };
    // Nobody decides a request they asked for, for themselves or on someone's behalf.
    const notAskedBy = (sub: Knex.QueryBuilder, person: string) =>
      sub
        .whereRaw(`lower(${REQUESTS}.requester) <> ?`, [fold(person)])
        .where(by =>
          by
            .whereNull(`${REQUESTS}.requested_by`)
            .orWhereRaw(`lower(${REQUESTS}.requested_by) <> ?`, [fold(person)]),
        );
    q.where(`${REQUESTS}.status`, 'pending')
      .where(sub => notAskedBy(sub, inbox.self))
      .where(any => {
        any.whereExists(sub => decides(sub, inbox.approverRefs));
        for (const other of inbox.delegated ?? []) {
          any.orWhere(alt =>
            notAskedBy(alt, other.self).whereExists(sub =>
              decides(sub, other.approverRefs),
            ),
          );
        }
      });
  }
}

/** Narrows a query of grants to a filter. */
export function filterGrants(q: Knex.QueryBuilder, filter: GrantFilter): void {
  if (filter.entityRef) q.where('entity_ref', filter.entityRef);
  if (filter.user) q.where('user_ref', filter.user);
  if (filter.statuses) q.whereIn('status', filter.statuses);
  if (filter.removals) q.whereIn('removal', filter.removals);
  if (filter.roleId) q.where('role_id', filter.roleId);
  if (filter.provider) q.where('provider', filter.provider);
  if (filter.ids) q.whereIn('id', filter.ids);
  if (filter.ending === false) q.where(open => notEnding(open));
  if (filter.ending === true)
    q.where('status', 'active').whereNotNull('removal');
}

/**
 * Grants whose end is not decided: ended ones, and active ones with no removal under
 * way. An active grant with a removal is ending: it lasts until the IdP accepted it.
 */
export function notEnding(q: Knex.QueryBuilder): Knex.QueryBuilder {
  return q.whereNot('status', 'active').orWhereNull('removal');
}
