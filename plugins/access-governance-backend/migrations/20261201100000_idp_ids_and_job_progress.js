// @ts-check

/**
 * Grants keep the IdP ids of their user and groups, so that ending one is a single IdP call;
 * jobs keep what of their side effect is already done.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('access_grants', table => {
    table
      .string('idp_user_id', 255)
      .nullable()
      .comment('The user id in the IdP, when the grant was made');
    table
      .text('idp_group_ids')
      .nullable()
      .comment('JSON: group name to IdP group id, when the grant was made');
  });
  await knex.schema.alterTable('access_jobs', table => {
    table
      .text('progress')
      .nullable()
      .comment('JSON: the parts of the side effect already carried out');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('access_jobs', table => {
    table.dropColumn('progress');
  });
  await knex.schema.alterTable('access_grants', table => {
    table.dropColumn('idp_group_ids');
    table.dropColumn('idp_user_id');
  });
};
