import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { migrationsDir } from './migrations';

jest.setTimeout(60_000);

const migrationConfig = {
  directory: migrationsDir,
  tableName: 'access_governance_knex_migrations',
};

async function tableNames(knex: Knex): Promise<string[]> {
  const names = ['access_requests', 'access_approvals', 'access_grants'];
  names.push('access_audit_events', 'access_jobs');
  const present: string[] = [];
  for (const name of names) {
    if (await knex.schema.hasTable(name)) present.push(name);
  }
  return present;
}

describe('migrations', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'creates the schema, keeps data and rolls back, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);

      await knex.migrate.up({
        ...migrationConfig,
        name: '20261126000000_init.js',
      });
      expect(await tableNames(knex)).toEqual([
        'access_requests',
        'access_approvals',
        'access_grants',
        'access_audit_events',
        'access_jobs',
      ]);

      const now = new Date();
      await knex('access_requests').insert({
        id: 'r-1',
        entity_ref: 'component:default/salesforce',
        role_id: 'admin',
        requester: 'user:default/priya',
        justification: 'Quarter close',
        duration: 'PT1H',
        status: 'pending',
        groups: '["SF-Admin"]',
        stages: '[]',
        created_at: now,
        updated_at: now,
      });
      await knex('access_approvals').insert({
        request_id: 'r-1',
        stage: 0,
        decision: 'approved',
        decided_by: 'user:default/omar',
        decided_at: now,
      });
      // One decision per stage of a request.
      const duplicate = await knex('access_approvals')
        .insert({
          request_id: 'r-1',
          stage: 0,
          decision: 'rejected',
          decided_by: 'user:default/sam',
          decided_at: now,
        })
        .then(
          () => 'inserted',
          // The driver's error class may come from another realm; its message is what counts.
          (error: { message: string }) => error.message,
        );
      expect(duplicate).toMatch(/unique|duplicate/i);
      expect(
        await knex('access_approvals').where({ request_id: 'r-1' }),
      ).toHaveLength(1);

      const rows = await knex('access_requests').where({ id: 'r-1' });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ role_id: 'admin', status: 'pending' });

      await knex.migrate.down(migrationConfig);
      expect(await tableNames(knex)).toEqual([]);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'adds reviews and the reclaim warning, keeping existing grants, and rolls back, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({
        ...migrationConfig,
        name: '20261126000000_init.js',
      });
      const now = new Date();
      await knex('access_grants').insert({
        id: 'g-1',
        entity_ref: 'component:default/salesforce',
        role_id: 'viewer',
        user_ref: 'user:default/priya',
        groups: '["SF-Viewer"]',
        provider: 'okta',
        status: 'active',
        granted_at: now,
      });

      await knex.migrate.up({
        ...migrationConfig,
        name: '20261126010000_reviews.js',
      });
      expect(await knex.schema.hasTable('access_reviews')).toBe(true);
      expect(await knex.schema.hasTable('access_review_items')).toBe(true);
      const grant = await knex('access_grants').where({ id: 'g-1' }).first();
      expect(grant).toMatchObject({
        role_id: 'viewer',
        status: 'active',
        reclaim_warned_at: null,
      });

      await knex.migrate.down(migrationConfig);
      expect(await knex.schema.hasTable('access_reviews')).toBe(false);
      expect(
        await knex.schema.hasColumn('access_grants', 'reclaim_warned_at'),
      ).toBe(false);
      expect(
        await knex('access_grants').where({ id: 'g-1' }).first(),
      ).toMatchObject({ status: 'active' });
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'records how grants ended, read from the status and reason of those that ended before, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      for (const name of [
        '20261126000000_init.js',
        '20261126010000_reviews.js',
      ]) {
        await knex.migrate.up({ ...migrationConfig, name });
      }
      const now = new Date();
      const grant = (id: string, status: string, endReason: string | null) => ({
        id,
        entity_ref: 'component:default/salesforce',
        role_id: 'viewer',
        user_ref: 'user:default/priya',
        groups: '["SF-Viewer"]',
        provider: 'okta',
        status,
        granted_at: now,
        end_reason: endReason,
      });
      await knex('access_grants').insert([
        grant('active', 'active', null),
        grant('expired', 'expired', 'the requested window ended at 12:00'),
        grant(
          'given-back',
          'revoked',
          'Given back by user:default/priya: done',
        ),
        grant(
          'review',
          'revoked',
          'revoked in the access review of 2026-12-01 by x',
        ),
        grant(
          'inactivity',
          'revoked',
          'reclaimed for inactivity: never signed in',
        ),
        grant('revoked', 'revoked', 'Revoked by user:default/omar: left'),
      ]);
      await knex.migrate.up({
        ...migrationConfig,
        name: '20261201300000_grant_end_kind.js',
      });
      const rows = await knex('access_grants').select('id', 'end_kind');
      expect(
        Object.fromEntries(rows.map(r => [r.id, r.end_kind ?? null])),
      ).toEqual({
        active: null,
        expired: 'expired',
        'given-back': 'given-back',
        review: 'review',
        inactivity: 'inactivity',
        revoked: 'revoked',
      });
      await knex.migrate.down({
        ...migrationConfig,
        name: '20261201300000_grant_end_kind.js',
      });
      expect(await knex.schema.hasColumn('access_grants', 'end_kind')).toBe(
        false,
      );
      await knex.destroy();
    },
  );
});
