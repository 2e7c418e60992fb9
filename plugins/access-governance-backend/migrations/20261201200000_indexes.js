// @ts-check

/**
 * Paged lists: indexes that serve each list in its order, the approvers of each stage of
 * a request (for the approver inbox), and the sort and search columns of review items.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('access_request_approvers', table => {
    table.comment(
      'Who may decide each stage of a request, for the approver inbox',
    );
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('access_requests')
      .onDelete('CASCADE');
    table.integer('stage').notNullable();
    table
      .string('approver_ref', 255)
      .notNullable()
      .comment('User or group entity ref, lower case');
    table.unique(['approver_ref', 'request_id', 'stage'], {
      indexName: 'access_request_approvers_uniq',
    });
    table.index(['request_id'], 'access_request_approvers_request_idx');
  });

  const fold = (/** @type {string} */ ref) => ref.toLocaleLowerCase('en-US');
  let last = '';
  for (;;) {
    const rows = await knex('access_requests')
      .select('id', 'stages')
      .where('id', '>', last)
      .orderBy('id')
      .limit(1000);
    if (rows.length === 0) break;
    last = rows[rows.length - 1].id;
    /** @type {{ request_id: string; stage: number; approver_ref: string }[]} */
    const approvers = [];
    for (const row of rows) {
      const stages =
        typeof row.stages === 'string' ? JSON.parse(row.stages) : row.stages;
      (stages ?? []).forEach(
        (/** @type {any} */ stage, /** @type {number} */ index) => {
          const refs = new Set((stage.approvers ?? []).map(fold));
          for (const ref of refs) {
            approvers.push({
              request_id: row.id,
              stage: index,
              approver_ref: ref,
            });
          }
        },
      );
    }
    for (let i = 0; i < approvers.length; i += 300) {
      await knex('access_request_approvers').insert(
        approvers.slice(i, i + 300),
      );
    }
  }

  await knex.schema.alterTable('access_requests', table => {
    table.index(['created_at', 'id'], 'access_requests_created_idx');
    table.index(
      ['requester', 'created_at'],
      'access_requests_requester_created_idx',
    );
    table.index(
      ['entity_ref', 'created_at'],
      'access_requests_entity_created_idx',
    );
  });
  await knex.schema.alterTable('access_grants', table => {
    table.index(['granted_at', 'id'], 'access_grants_granted_idx');
    table.index(['user_ref', 'granted_at'], 'access_grants_user_granted_idx');
    table.index(
      ['entity_ref', 'granted_at'],
      'access_grants_entity_granted_idx',
    );
  });
  await knex.schema.alterTable('access_audit_events', table => {
    table.index(
      ['entity_ref', 'created_at', 'id'],
      'access_audit_entity_created_id_idx',
    );
  });
  await knex.schema.alterTable('access_jobs', table => {
    table.index(['status', 'id'], 'access_jobs_status_id_idx');
  });
  await knex.schema.alterTable('access_reviews', table => {
    table.index(['created_at', 'id'], 'access_reviews_created_idx');
  });

  await knex.schema.alterTable('access_review_items', table => {
    table
      .string('sort_name', 255)
      .notNullable()
      .defaultTo('')
      .comment('Display name (or email), lower case, for sorting');
    table
      .text('search_text')
      .notNullable()
      .defaultTo('')
      .comment('Name, email and entity ref, lower case, for searching');
  });
  let lastItem = '';
  for (;;) {
    const rows = await knex('access_review_items')
      .select('id', 'user')
      .where('id', '>', lastItem)
      .orderBy('id')
      .limit(1000);
    if (rows.length === 0) break;
    lastItem = rows[rows.length - 1].id;
    for (const row of rows) {
      const user =
        typeof row.user === 'string' ? JSON.parse(row.user) : row.user;
      await knex('access_review_items')
        .where({ id: row.id })
        .update({
          sort_name: fold(user?.displayName ?? user?.email ?? '').slice(0, 255),
          search_text: fold(
            [user?.displayName, user?.email, user?.ref]
              .filter(Boolean)
              .join(' '),
          ),
        });
    }
  }
  await knex.schema.alterTable('access_review_items', table => {
    table.index(
      ['review_id', 'sort_name', 'position'],
      'access_review_items_name_idx',
    );
    table.index(
      ['review_id', 'recommendation', 'position'],
      'access_review_items_recommendation_idx',
    );
    table.index(['review_id', 'decision'], 'access_review_items_decision_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('access_review_items', table => {
    table.dropIndex([], 'access_review_items_name_idx');
    table.dropIndex([], 'access_review_items_recommendation_idx');
    table.dropIndex([], 'access_review_items_decision_idx');
  });
  await knex.schema.alterTable('access_review_items', table => {
    table.dropColumn('sort_name');
    table.dropColumn('search_text');
  });
  await knex.schema.alterTable('access_reviews', table => {
    table.dropIndex([], 'access_reviews_created_idx');
  });
  await knex.schema.alterTable('access_jobs', table => {
    table.dropIndex([], 'access_jobs_status_id_idx');
  });
  await knex.schema.alterTable('access_audit_events', table => {
    table.dropIndex([], 'access_audit_entity_created_id_idx');
  });
  await knex.schema.alterTable('access_grants', table => {
    table.dropIndex([], 'access_grants_granted_idx');
    table.dropIndex([], 'access_grants_user_granted_idx');
    table.dropIndex([], 'access_grants_entity_granted_idx');
  });
  await knex.schema.alterTable('access_requests', table => {
    table.dropIndex([], 'access_requests_created_idx');
    table.dropIndex([], 'access_requests_requester_created_idx');
    table.dropIndex([], 'access_requests_entity_created_idx');
  });
  await knex.schema.dropTable('access_request_approvers');
};
