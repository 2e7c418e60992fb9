// @ts-check

/**
 * The access lifecycle: requests, their approval decisions, grants, the append-only
 * audit log and the durable job queue that carries every side effect.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('access_requests', table => {
    table.comment(
      'A request for a role of an app, from creation to its final state',
    );
    table.string('id', 36).primary().notNullable();
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The app (catalog entity ref)');
    table.string('role_id', 63).notNullable();
    table.string('requester', 255).notNullable().comment('User entity ref');
    table.text('justification').notNullable();
    table
      .string('duration', 63)
      .nullable()
      .comment('ISO-8601 duration; null = permanent');
    table
      .string('status', 16)
      .notNullable()
      .comment('pending | approved | granted | rejected | cancelled | failed');
    table
      .string('provider', 63)
      .nullable()
      .comment('IdP provider id; null for roles fulfilled by hand');
    table
      .text('groups')
      .notNullable()
      .comment('JSON: the role groups when the request was made');
    table
      .text('stages')
      .notNullable()
      .comment('JSON: the approval stages resolved at creation');
    table.integer('current_stage').nullable();
    table.string('jira_key', 63).nullable();
    table.string('grant_id', 36).nullable();
    table.text('failure').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['entity_ref', 'status'], 'access_requests_entity_status_idx');
    table.index(
      ['requester', 'status'],
      'access_requests_requester_status_idx',
    );
    table.index(['status', 'created_at'], 'access_requests_status_created_idx');
  });

  await knex.schema.createTable('access_approvals', table => {
    table.comment('One decision on one stage of a request');
    table.bigIncrements('id').primary();
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('access_requests')
      .onDelete('CASCADE');
    table.integer('stage').notNullable();
    table.string('decision', 16).notNullable().comment('approved | rejected');
    table.string('decided_by', 255).notNullable();
    table.timestamp('decided_at', { useTz: true }).notNullable();
    table.text('comment').nullable();
    table.unique(['request_id', 'stage'], {
      indexName: 'access_approvals_request_stage_uniq',
    });
  });

  await knex.schema.createTable('access_grants', table => {
    table.comment('A role held by a user, with its window');
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('role_id', 63).notNullable();
    table.string('user_ref', 255).notNullable();
    table.text('groups').notNullable().comment('JSON: IdP group names');
    table.string('provider', 63).nullable();
    table.string('request_id', 36).nullable();
    table.string('jira_key', 63).nullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('active | expired | revoked');
    table.timestamp('granted_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).nullable();
    table.timestamp('ended_at', { useTz: true }).nullable();
    table.text('end_reason').nullable();
    table
      .string('removal', 16)
      .nullable()
      .comment('pending | done | failed | manual, once ended');
    table.timestamp('reminded_at', { useTz: true }).nullable();
    table.index(['status', 'expires_at'], 'access_grants_status_expires_idx');
    table.index(['entity_ref', 'status'], 'access_grants_entity_status_idx');
    table.index(['user_ref', 'status'], 'access_grants_user_status_idx');
    table.index(['request_id'], 'access_grants_request_idx');
  });

  await knex.schema.createTable('access_audit_events', table => {
    table.comment('Append-only log of everything that happened to access');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('type', 63).notNullable();
    table.string('actor', 255).notNullable();
    table.string('request_id', 36).nullable();
    table.string('grant_id', 36).nullable();
    table.text('details').notNullable().comment('JSON');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(
      ['entity_ref', 'created_at'],
      'access_audit_entity_created_idx',
    );
  });

  await knex.schema.createTable('access_jobs', table => {
    table.comment(
      'Durable side effects: IdP changes, record writes, notifications',
    );
    table.bigIncrements('id').primary();
    table
      .string('chain', 255)
      .notNullable()
      .comment('Jobs of one chain run one at a time, in id order');
    table.string('type', 63).notNullable();
    table.text('payload').notNullable().comment('JSON');
    table
      .string('status', 16)
      .notNullable()
      .comment('pending | running | done | failed');
    table.integer('attempts').notNullable().defaultTo(0);
    table.timestamp('run_after', { useTz: true }).notNullable();
    table.string('locked_by', 255).nullable();
    table.timestamp('locked_until', { useTz: true }).nullable();
    table.text('last_error').nullable();
    table.string('request_id', 36).nullable();
    table.string('grant_id', 36).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['status', 'run_after'], 'access_jobs_status_run_after_idx');
    table.index(['chain', 'status'], 'access_jobs_chain_status_idx');
    table.index(['request_id'], 'access_jobs_request_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('access_jobs');
  await knex.schema.dropTable('access_audit_events');
  await knex.schema.dropTable('access_grants');
  await knex.schema.dropTable('access_approvals');
  await knex.schema.dropTable('access_requests');
};
