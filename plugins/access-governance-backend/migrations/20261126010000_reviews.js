// @ts-check

/**
 * Access review campaigns and their items, and the inactivity-reclaim warning on grants.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('access_reviews', table => {
    table.comment('An access review campaign of one app');
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('status', 16).notNullable().comment('open | completed');
    table.timestamp('due_at', { useTz: true }).notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.string('completed_by', 255).nullable();
    table.timestamp('completed_at', { useTz: true }).nullable();
    table.string('jira_key', 63).nullable().comment("The campaign's record");
    table.timestamp('overdue_notified_at', { useTz: true }).nullable();
    table.index(
      ['entity_ref', 'created_at'],
      'access_reviews_entity_created_idx',
    );
    table.index(['status', 'due_at'], 'access_reviews_status_due_idx');
  });

  await knex.schema.createTable('access_review_items', table => {
    table.comment(
      'One member of one mapped group (or holder of a role) under review',
    );
    table.string('id', 36).primary().notNullable();
    table
      .string('review_id', 36)
      .notNullable()
      .references('id')
      .inTable('access_reviews')
      .onDelete('CASCADE');
    table.integer('position').notNullable();
    table
      .string('user_ref', 255)
      .nullable()
      .comment('null: an IdP user Backstage does not know');
    table.string('idp_user_id', 255).nullable();
    table
      .text('user')
      .notNullable()
      .comment(
        'JSON: email, display name, title, department, manager, last login',
      );
    table.string('role_id', 63).notNullable();
    table.text('groups').notNullable().comment('JSON: IdP group names');
    table.string('provider', 63).nullable();
    table.string('grant_id', 36).nullable();
    table.string('request_id', 36).nullable();
    table
      .text('request')
      .nullable()
      .comment('JSON: the original request and its approvers');
    table.string('jira_key', 63).nullable();
    table.string('recommendation', 16).notNullable().comment('keep | revoke');
    table.text('reason').notNullable();
    table.string('decision', 16).nullable().comment('keep | revoke');
    table.string('decided_by', 255).nullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.text('comment').nullable();
    table.index(['review_id', 'position'], 'access_review_items_review_idx');
  });

  await knex.schema.alterTable('access_grants', table => {
    table
      .timestamp('reclaim_warned_at', { useTz: true })
      .nullable()
      .comment('When the holder was warned of inactivity reclaim');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('access_grants', table => {
    table.dropColumn('reclaim_warned_at');
  });
  await knex.schema.dropTable('access_review_items');
  await knex.schema.dropTable('access_reviews');
};
