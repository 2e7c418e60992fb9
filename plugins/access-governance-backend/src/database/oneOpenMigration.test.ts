import { TestDatabases } from '@backstage/backend-test-utils';
import { migrationsDir } from './migrations';

jest.setTimeout(60_000);

const migrationConfig = {
  directory: migrationsDir,
  tableName: 'access_governance_knex_migrations',
};

describe('the one-open-request-and-grant migration', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'settles duplicates written before it, then holds the rule, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      for (const name of [
        '20261126000000_init.js',
        '20261126010000_reviews.js',
        '20261201100000_idp_ids_and_job_progress.js',
        '20261201200000_indexes.js',
        '20261201300000_grant_end_kind.js',
        '20261201400000_extend_break_glass_on_behalf.js',
        '20261202100000_delegations.js',
        '20261202110000_bundles.js',
        '20261202120000_conflict_exceptions.js',
      ]) {
        await knex.migrate.up({ ...migrationConfig, name });
      }
      const at = (minutes: number) =>
        new Date(Date.UTC(2026, 10, 1, 9, minutes));
      const request = (
        id: string,
        status: string,
        minutes: number,
        requester = 'user:default/priya',
      ) => ({
        id,
        entity_ref: 'component:default/salesforce',
        role_id: 'viewer',
        requester,
        justification: 'Pipeline review',
        duration: 'PT1H',
        status,
        groups: '["SF-Viewer"]',
        stages: '[]',
        created_at: at(minutes),
        updated_at: at(minutes),
      });
      await knex('access_requests').insert([
        request('r-pending-old', 'pending', 1),
        request('r-approved', 'approved', 5, 'User:default/Priya'),
        request('r-pending-new', 'pending', 9),
        request('r-granted', 'granted', 0),
        request('r-other', 'pending', 2, 'user:default/marco'),
      ]);
      const grant = (id: string, expires: Date | null, minutes: number) => ({
        id,
        entity_ref: 'component:default/salesforce',
        role_id: 'viewer',
        user_ref: 'user:default/priya',
        groups: '["SF-Viewer"]',
        status: 'active',
        granted_at: at(minutes),
        expires_at: expires,
      });
      await knex('access_grants').insert([
        grant('g-short', at(30), 1),
        grant('g-permanent', null, 2),
        grant('g-long', at(50), 3),
      ]);

      await knex.migrate.latest(migrationConfig);

      const statusOf = async (table: string, id: string) =>
        (await knex(table).where({ id }).first()).status;
      expect(await statusOf('access_requests', 'r-approved')).toBe('approved');
      expect(await statusOf('access_requests', 'r-pending-old')).toBe(
        'cancelled',
      );
      expect(await statusOf('access_requests', 'r-pending-new')).toBe(
        'cancelled',
      );
      expect(await statusOf('access_requests', 'r-granted')).toBe('granted');
      expect(await statusOf('access_requests', 'r-other')).toBe('pending');
      expect(await statusOf('access_grants', 'g-permanent')).toBe('active');
      for (const id of ['g-short', 'g-long']) {
        const row = await knex('access_grants').where({ id }).first();
        expect(row).toMatchObject({
          status: 'revoked',
          end_kind: 'revoked',
          removal: 'done',
          end_reason: expect.stringContaining('g-permanent'),
        });
      }
      const events = await knex('access_audit_events')
        .select('type', 'actor', 'request_id', 'grant_id')
        .orderBy('id');
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            type: 'request-cancelled',
            actor: 'system',
            request_id: 'r-pending-old',
          }),
          expect.objectContaining({
            type: 'request-cancelled',
            actor: 'system',
            request_id: 'r-pending-new',
          }),
          expect.objectContaining({
            type: 'grant-revoked',
            actor: 'system',
            grant_id: 'g-short',
          }),
          expect.objectContaining({
            type: 'grant-revoked',
            actor: 'system',
            grant_id: 'g-long',
          }),
        ]),
      );
      expect(events).toHaveLength(4);

      const duplicate = await knex('access_requests')
        .insert(request('r-again', 'pending', 20))
        .then(
          () => 'inserted',
          (error: { message: string }) => error.message,
        );
      expect(duplicate).toMatch(/unique|duplicate/i);

      await knex.migrate.down({
        ...migrationConfig,
        name: '20261202200000_one_open_per_person_and_role.js',
      });
      await knex('access_requests').insert(request('r-again', 'pending', 20));
      await knex.destroy();
    },
  );
});
