// @ts-check

/**
 * When the approvers were told that the review after the fact of a break-glass grant is
 * overdue: they are told once.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('access_break_glass_reviews', table => {
    table
      .dateTime('overdue_notified_at')
      .nullable()
      .comment('When the reviewers were told the review is overdue');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('access_break_glass_reviews', table => {
    table.dropColumn('overdue_notified_at');
  });
};
