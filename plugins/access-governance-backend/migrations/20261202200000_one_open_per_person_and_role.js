// @ts-check

/**
 * One open request and one active grant per person and role, held by the database so
 * that it holds under concurrency on every engine: partial unique indexes on
 * (entity_ref, role_id, lower(person)) over open requests (pending, approved) and over
 * active grants.
 *
 * Rows that already break the rule are settled first, so that the indexes can be made:
 *
 * - Of several open requests of one person for one role, the one furthest along
 *   (approved before pending), then the oldest, stays open; the others are cancelled,
 *   with a `request-cancelled` audit event by `system` that names the request kept.
 * - Of several active grants of one person for one role, the one that lasts longest
 *   (no expiry first, then the latest expiry), then the oldest, stays active; the others
 *   end as revoked, removal `done` (their IdP groups stay: the grant kept gives the same
 *   role), with a `grant-revoked` audit event by `system` that names the grant kept.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const now = new Date();
  const key = (/** @type {any} */ row) =>
    `${row.entity_ref}\u0001${row.role_id}\u0001${String(
      row.requester ?? row.user_ref,
    ).toLocaleLowerCase('en-US')}`;
  const time = (/** @type {any} */ value) =>
    value === null || value === undefined ? null : new Date(value).getTime();

  const openRequests = await knex('access_requests')
    .select('id', 'entity_ref', 'role_id', 'requester', 'status', 'created_at')
    .whereIn('status', ['pending', 'approved']);
  /** @type {Map<string, any[]>} */
  const requestGroups = new Map();
  for (const row of openRequests) {
    const list = requestGroups.get(key(row)) ?? [];
    list.push(row);
    requestGroups.set(key(row), list);
  }
  for (const rows of requestGroups.values()) {
    if (rows.length < 2) continue;
    rows.sort(
      (a, b) =>
        (a.status === 'approved' ? 0 : 1) - (b.status === 'approved' ? 0 : 1) ||
        (time(a.created_at) ?? 0) - (time(b.created_at) ?? 0) ||
        String(a.id).localeCompare(String(b.id)),
    );
    const [kept, ...others] = rows;
    for (const row of others) {
      await knex('access_requests')
        .where({ id: row.id })
        .update({ status: 'cancelled', updated_at: now });
      await knex('access_audit_events').insert({
        entity_ref: row.entity_ref,
        type: 'request-cancelled',
        actor: 'system',
        request_id: row.id,
        grant_id: null,
        details: JSON.stringify({
          reason: `Duplicate of open request ${kept.id}: one open request per person and role`,
        }),
        created_at: now,
      });
    }
  }

  const activeGrants = await knex('access_grants')
    .select(
      'id',
      'entity_ref',
      'role_id',
      'user_ref',
      'granted_at',
      'expires_at',
    )
    .where({ status: 'active' });
  /** @type {Map<string, any[]>} */
  const grantGroups = new Map();
  for (const row of activeGrants) {
    const list = grantGroups.get(key(row)) ?? [];
    list.push(row);
    grantGroups.set(key(row), list);
  }
  for (const rows of grantGroups.values()) {
    if (rows.length < 2) continue;
    const lasts = (/** @type {any} */ row) =>
      time(row.expires_at) ?? Number.POSITIVE_INFINITY;
    /** Longest first; two permanent grants are as long. */
    const longer = (/** @type {any} */ a, /** @type {any} */ b) => {
      if (lasts(a) === lasts(b)) return 0;
      return lasts(b) > lasts(a) ? 1 : -1;
    };
    rows.sort(
      (a, b) =>
        longer(a, b) ||
        (time(a.granted_at) ?? 0) - (time(b.granted_at) ?? 0) ||
        String(a.id).localeCompare(String(b.id)),
    );
    const [kept, ...others] = rows;
    for (const row of others) {
      const reason = `Duplicate of active grant ${kept.id}: one active grant per person and role`;
      await knex('access_grants').where({ id: row.id }).update({
        status: 'revoked',
        end_kind: 'revoked',
        end_reason: reason,
        ended_at: now,
        removal: 'done',
      });
      await knex('access_audit_events').insert({
        entity_ref: row.entity_ref,
        type: 'grant-revoked',
        actor: 'system',
        request_id: null,
        grant_id: row.id,
        details: JSON.stringify({ reason, keptGrantId: kept.id }),
        created_at: now,
      });
    }
  }

  await knex.raw(
    `CREATE UNIQUE INDEX access_requests_one_open_uniq
       ON access_requests (entity_ref, role_id, lower(requester))
       WHERE status IN ('pending', 'approved')`,
  );
  await knex.raw(
    `CREATE UNIQUE INDEX access_grants_one_active_uniq
       ON access_grants (entity_ref, role_id, lower(user_ref))
       WHERE status = 'active'`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX access_grants_one_active_uniq');
  await knex.raw('DROP INDEX access_requests_one_open_uniq');
};
