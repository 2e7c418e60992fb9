// @ts-check

/**
 * How a grant ended (expired, given back, revoked, revoked in a review, reclaimed for
 * inactivity), beside the reason in words. Grants that ended before are read from their
 * status and reason.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('access_grants', table => {
    table
      .string('end_kind', 16)
      .nullable()
      .comment('expired | given-back | revoked | review | inactivity');
  });
  await knex('access_grants')
    .where({ status: 'expired' })
    .update({ end_kind: 'expired' });
  const revoked = () =>
    knex('access_grants').where({ status: 'revoked' }).whereNull('end_kind');
  await revoked()
    .whereRaw('lower(end_reason) like ?', ['given back%'])
    .update({ end_kind: 'given-back' });
  await revoked()
    .whereRaw('lower(end_reason) like ?', ['%access review%'])
    .update({ end_kind: 'review' });
  await revoked()
    .whereRaw('lower(end_reason) like ?', ['%inactivity%'])
    .update({ end_kind: 'inactivity' });
  await revoked().update({ end_kind: 'revoked' });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('access_grants', table => {
    table.dropColumn('end_kind');
  });
};
