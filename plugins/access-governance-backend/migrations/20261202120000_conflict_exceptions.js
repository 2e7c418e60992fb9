// @ts-check

/**
 * Requests approved as exceptions to a pair of conflicting roles: the role held, and who
 * approves the exception stage.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('access_conflict_exceptions', table => {
    table.comment(
      'A request that would make someone hold two conflicting roles',
    );
    table.string('request_id', 36).primary().notNullable();
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The app of the request');
    table.string('role_id', 63).notNullable();
    table.string('user_ref', 255).notNullable();
    table.string('held_entity_ref', 255).notNullable();
    table.string('held_role_id', 63).notNullable();
    table
      .string('exception_ref', 255)
      .notNullable()
      .comment('Who approves the exception');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(
      ['entity_ref', 'user_ref'],
      'access_conflict_exceptions_user_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('access_conflict_exceptions');
};
