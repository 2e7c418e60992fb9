// @ts-check

/**
 * Requests made on someone's behalf name who asked; break-glass requests are marked and
 * reviewed afterwards; a request for more time names the grant it extends.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('access_requests', table => {
    table
      .string('requested_by', 255)
      .nullable()
      .comment(
        'Who asked on the requester’s behalf (a manager or an administrator)',
      );
    table
      .boolean('break_glass')
      .notNullable()
      .defaultTo(false)
      .comment('Granted at once under the role’s break-glass rules');
    table
      .string('extends_grant_id', 36)
      .nullable()
      .comment('The grant this request asks more time for');
    table
      .text('extension')
      .nullable()
      .comment(
        'JSON: the original request, the end when asked and the end asked for',
      );
    table.index(['extends_grant_id', 'status'], 'access_requests_extends_idx');
  });
  await knex.schema.createTable('access_break_glass_reviews', table => {
    table.string('id', 36).primary();
    table.string('request_id', 36).notNullable().unique();
    table.string('entity_ref', 255).notNullable();
    table.string('role_id', 63).notNullable();
    table.string('holder', 255).notNullable();
    table.text('reviewers').notNullable().comment('JSON: group or user refs');
    table.dateTime('due_at').notNullable();
    table.string('decision', 16).nullable().comment('confirmed | flagged');
    table.string('decided_by', 255).nullable();
    table.dateTime('decided_at').nullable();
    table.text('comment').nullable();
    table.dateTime('created_at').notNullable();
    table.index(['decision', 'due_at'], 'access_break_glass_reviews_open_idx');
  });
  await knex.schema.createTable('access_break_glass_reviewers', table => {
    table.string('review_id', 36).notNullable();
    table.string('reviewer_ref', 255).notNullable();
    table.primary(['review_id', 'reviewer_ref']);
    table.index(['reviewer_ref'], 'access_break_glass_reviewers_ref_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('access_break_glass_reviewers');
  await knex.schema.dropTable('access_break_glass_reviews');
  await knex.schema.alterTable('access_requests', table => {
    table.dropIndex(
      ['extends_grant_id', 'status'],
      'access_requests_extends_idx',
    );
    table.dropColumn('extension');
    table.dropColumn('extends_grant_id');
    table.dropColumn('break_glass');
    table.dropColumn('requested_by');
  });
};
