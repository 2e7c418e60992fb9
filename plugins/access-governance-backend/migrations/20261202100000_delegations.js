// @ts-check

/**
 * Delegation and escalation: who stands in for an approver or reviewer until when, the
 * delegator named beside the decider on each decision, and the stages of pending
 * requests already escalated to the fallback approvers.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('access_delegations', table => {
    table.comment(
      'An approver or reviewer away: their decisions go to a delegate',
    );
    table
      .string('delegator', 255)
      .primary()
      .notNullable()
      .comment('User entity ref of the person away');
    table.string('delegate', 255).notNullable().comment('User entity ref');
    table
      .text('delegator_refs')
      .notNullable()
      .comment('JSON: the delegator and the groups they decide through');
    table.timestamp('until', { useTz: true }).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['delegate', 'until'], 'access_delegations_delegate_idx');
  });
  await knex.schema.alterTable('access_approvals', table => {
    table
      .string('on_behalf_of', 255)
      .nullable()
      .comment('The approver the decider stood in for, as their delegate');
  });
  await knex.schema.createTable('access_escalations', table => {
    table.comment(
      'A stage of a pending request handed to the fallback approvers',
    );
    table.string('request_id', 36).notNullable();
    table.integer('stage').notNullable();
    table.text('fallback_approvers').notNullable().comment('JSON: entity refs');
    table.timestamp('escalated_at', { useTz: true }).notNullable();
    table.primary(['request_id', 'stage']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('access_escalations');
  await knex.schema.alterTable('access_approvals', table => {
    table.dropColumn('on_behalf_of');
  });
  await knex.schema.dropTable('access_delegations');
};
