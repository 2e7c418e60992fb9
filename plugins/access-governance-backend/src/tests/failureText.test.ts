import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { Knex } from 'knex';
import { inspect, startAccessBackend, waitFor } from '../__testUtils__/harness';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** A database error whose text must stay in the log. */
const RAW = 'insert into access_grants refused by trigger xyzzy';

async function failGrantInserts(knex: Knex, user: string) {
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE OR REPLACE FUNCTION access_grants_refuse() RETURNS trigger AS $$
      BEGIN
        IF NEW.user_ref = '${user}' THEN RAISE EXCEPTION '${RAW}'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await knex.raw(`
      CREATE TRIGGER access_grants_refuse BEFORE INSERT ON access_grants
      FOR EACH ROW EXECUTE FUNCTION access_grants_refuse()`);
  } else {
    await knex.raw(`
      CREATE TRIGGER access_grants_refuse BEFORE INSERT ON access_grants
      WHEN NEW.user_ref = '${user}'
      BEGIN SELECT RAISE(ABORT, '${RAW}'); END`);
  }
}

/**
 * Durations are bounded before anything happens, and error texts of the database never
 * reach people, the audit trail or Jira.
 */
describe.each(databases.eachSupportedId())(
  'durations and failure texts, %p',
  databaseId => {
    let emulators: Emulators;
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startAccessBackend>>;

    const counts = async () => ({
      requests: (await knex('access_requests').count({ n: '*' }))[0].n,
      grants: (await knex('access_grants').count({ n: '*' }))[0].n,
      jobs: (await knex('access_jobs').count({ n: '*' }))[0].n,
      issues: inspect(emulators).issueCount(),
      members: inspect(emulators).oktaMembers('SF-Viewer').length,
    });

    beforeAll(async () => {
      emulators = await startEmulators({ seed: 'demo' });
      knex = await databases.init(databaseId);
      backend = await startAccessBackend({
        emulators,
        knex,
        config: {
          accessGovernance: {
            // Roles without a max may then ask for up to 100 years, the bound of any duration.
            requests: { maxDuration: 'P100Y' },
            jobs: {
              maxAttempts: 2,
              initialBackoff: 'PT0.02S',
              maxBackoff: 'PT0.05S',
            },
          },
        },
      });
    });

    afterAll(async () => {
      await backend?.stop();
      await emulators?.close();
    });

    it('refuses durations past the representable range with a 400 and changes nothing', async () => {
      const before = await counts();
      for (const duration of [
        'P300000Y',
        'P99999999999999999999Y',
        `PT${'9'.repeat(400)}S`,
        'P101Y',
      ]) {
        const res = await backend.post('/requests', 'priya', {
          entityRef: 'component:default/crm-lab',
          roleId: 'reports',
          duration,
          justification: 'Long audit',
        });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(
          /^duration: The reports role can be granted for at most 36500 d, not /,
        );
      }
      expect(await counts()).toEqual(before);
    });

    it('tells the requester, the audit trail and Jira a plain sentence when recording a grant fails in the database', async () => {
      await failGrantInserts(knex, 'user:default/marco');
      const created = await backend.post('/requests', 'marco', {
        entityRef: 'component:default/salesforce',
        roleId: 'viewer',
        justification: 'Pipeline review',
      });
      expect(created.status).toBe(201);
      const failed = await waitFor('the request to fail', async () => {
        const res = await backend.get(`/requests/${created.body.id}`, 'marco');
        return res.body.status === 'failed' && res.body;
      });
      await waitFor('its jobs to finish', async () => {
        const open = await knex('access_jobs')
          .whereIn('status', ['pending', 'running'])
          .whereNot('type', 'idp.remove')
          .count({ n: '*' });
        return Number(open[0].n) === 0;
      });
      expect(failed.failure).toBe(
        'Provisioning failed after 2 attempts: an internal error of the access-governance backend (the details are in its log)',
      );
      const seen = JSON.stringify({
        request: (await backend.get(`/requests/${created.body.id}`, 'marco'))
          .body,
        history: (
          await backend.get(`/requests/${created.body.id}/history`, 'marco')
        ).body,
        audit: await knex('access_audit_events').where({
          request_id: created.body.id,
        }),
        notifications: backend.sent,
        jira: Object.values(emulators.jira.state.issues),
      });
      expect(seen).toContain(
        'an internal error of the access-governance backend',
      );
      expect(seen).not.toContain('xyzzy');
      expect(seen).not.toMatch(/insert into/i);
    });
  },
);
