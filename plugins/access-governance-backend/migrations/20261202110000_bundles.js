// @ts-check

/**
 * Access bundles: the requests opened together from one bundle, with its own record.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('access_bundle_requests', table => {
    table.comment('One ask for a bundle: the requests it opened, one per role');
    table.string('id', 36).primary().notNullable();
    table.string('bundle_ref', 255).notNullable().comment('Catalog entity ref');
    table.string('requester', 255).notNullable().comment('User entity ref');
    table.text('justification').notNullable();
    table.string('duration', 63).nullable();
    table
      .text('request_ids')
      .notNullable()
      .comment('JSON: the requests, in the order of the bundle roles');
    table.string('jira_key', 63).nullable().comment('The parent record');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['bundle_ref', 'requester'], 'access_bundle_requests_ref_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('access_bundle_requests');
};
