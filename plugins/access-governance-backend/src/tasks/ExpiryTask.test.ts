import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { inspect, startAccessBackend, waitFor } from '../__testUtils__/harness';
import { userRef } from '../__testUtils__/fixtures';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'the expiry sweep, %p',
  databaseId => {
    let emulators: Emulators;
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startAccessBackend>>;

    beforeAll(async () => {
      emulators = await startEmulators({ seed: 'demo' });
      knex = await databases.init(databaseId);
      backend = await startAccessBackend({ emulators, knex });
    });

    afterAll(async () => {
      await backend?.stop();
      await emulators?.close();
    });

    const grant = (over: Record<string, unknown>) => ({
      id: randomUUID(),
      role_id: 'reports',
      entity_ref: 'component:default/crm-lab',
      user_ref: userRef('lena'),
      groups: JSON.stringify(['SF-Viewer']),
      provider: 'okta',
      request_id: null,
      jira_key: null,
      status: 'active',
      granted_at: new Date(Date.now() - 3_600_000),
      expires_at: new Date(Date.now() - 60_000),
      ...over,
    });

    it('ends every due grant once, in batches, and asks the approvers to remove roles granted by hand', async () => {
      const { oktaMembers } = inspect(emulators);
      const okta = emulators.okta;
      const viewer = okta.findGroup('SF-Viewer');
      for (const name of ['lena', 'priya', 'marco']) {
        const id = okta.findUser(`${name}@example.com`).id;
        if (!viewer.members.includes(id)) viewer.members.push(id);
      }
      // More grants than one batch: three in Okta, the rest granted by hand.
      const inOkta = ['lena', 'priya', 'marco'].map(name =>
        grant({ user_ref: userRef(name) }),
      );
      // One active grant per person and role: each by-hand grant has a holder of its own.
      const byHand = Array.from({ length: 230 }, (_, i) =>
        grant({
          entity_ref: 'component:default/figma',
          role_id: 'billing',
          groups: '[]',
          provider: null,
          user_ref: userRef(`contractor-${i}`),
        }),
      );
      const later = grant({
        user_ref: userRef('omar'),
        expires_at: new Date(Date.now() + 3_600_000),
      });
      const rows = [...inOkta, ...byHand, later];
      for (let i = 0; i < rows.length; i += 100)
        await knex('access_grants').insert(rows.slice(i, i + 100));
      const notificationsBefore = backend.sent.length;

      await backend.runTask('access-governance-expiry');

      const statusOf = async (ids: string[]) =>
        (
          await knex('access_grants')
            .whereIn('id', ids)
            .select('status', 'removal')
        ).map(r => `${r.status}/${r.removal}`);
      // Roles granted by hand are ending until an approver confirms their removal.
      expect(new Set(await statusOf(byHand.map(g => g.id)))).toEqual(
        new Set(['active/manual']),
      );
      expect(await statusOf([later.id])).toEqual(['active/null']);
      await waitFor('the Okta removals', async () =>
        (await statusOf(inOkta.map(g => g.id))).every(
          s => s === 'expired/done',
        ),
      );
      expect(oktaMembers('SF-Viewer')).toEqual(
        expect.not.arrayContaining([
          'lena@example.com',
          'priya@example.com',
          'marco@example.com',
        ]),
      );

      const expiredEvents = await knex('access_audit_events')
        .where({ type: 'grant-expired' })
        .select('grant_id');
      expect(expiredEvents.map(e => e.grant_id).sort()).toEqual(
        [...inOkta, ...byHand].map(g => g.id).sort(),
      );
      const asked = backend.sent
        .slice(notificationsBefore)
        .filter(n =>
          n.payload.title.startsWith('Remove by hand: billing on FIGMA'),
        );
      expect(asked).toHaveLength(byHand.length);
      expect(asked[0].recipients).toEqual({
        type: 'entity',
        entityRef: ['group:default/platform'],
      });

      // A second sweep finds nothing left to end.
      await backend.runTask('access-governance-expiry');
      const [{ n }] = await knex('access_audit_events')
        .where({ type: 'grant-expired' })
        .count({ n: '*' });
      expect(Number(n)).toBe(inOkta.length + byHand.length);
    });
  },
);
