import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { Knex } from 'knex';
import { inspect, startAccessBackend, waitFor } from '../__testUtils__/harness';
import { lifecycleEntities } from '../__testUtils__/lifecycleEntities';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const netsuite = 'component:default/netsuite';

describe.each(databases.eachSupportedId())(
  'conflicting roles, %p',
  databaseId => {
    let emulators: Emulators;
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startAccessBackend>>;

    const ask = (user: string, entityRef: string, roleId: string) =>
      backend.post('/requests', user, {
        entityRef,
        roleId,
        justification: 'Month-end close',
      });
    const granted = (id: string, user: string) =>
      waitFor(`request ${id} granted`, async () => {
        const body = (await backend.get(`/requests/${id}`, user)).body;
        return body.status === 'granted' && body.jiraKey && body;
      });

    beforeAll(async () => {
      emulators = await startEmulators({ seed: 'demo' });
      knex = await databases.init(databaseId);
      backend = await startAccessBackend({
        emulators,
        knex,
        entities: lifecycleEntities,
        config: {
          accessGovernance: {
            conflicts: [
              {
                roles: [
                  { app: 'component:default/salesforce', role: 'viewer' },
                  { app: netsuite, role: 'approve-payments' },
                ],
              },
            ],
          },
        },
      });
    });

    afterAll(async () => {
      await backend?.stop();
      await emulators?.close();
    });

    it('refuses a role that conflicts with one the person holds, naming the held role, and changes nothing', async () => {
      const first = await ask('priya', netsuite, 'create-vendors');
      expect(first.status).toBe(201);
      await granted(first.body.id, 'priya');
      const before = await knex('access_requests').count({ n: '*' });

      const refused = await ask('priya', netsuite, 'approve-payments');
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe(
        'Approve payments on NetSuite conflicts with Create vendors on NetSuite, which you hold (a vendor creator must not approve their payments): one person must not hold both',
      );
      expect(await knex('access_requests').count({ n: '*' })).toEqual(before);
      expect(
        inspect(emulators).oktaMembers('NetSuite-Controller'),
      ).not.toContain('priya@example.com');
    });

    it('refuses pairs declared across apps in configuration, also against an open request', async () => {
      const viewer = await ask(
        'lena',
        'component:default/salesforce',
        'viewer',
      );
      expect(viewer.status).toBe(201);
      const refused = await ask('lena', netsuite, 'approve-payments');
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(
        /conflicts with Viewer on SALESFORCE, which you (hold|have asked for)/,
      );
    });

    it('asks for the exception stage where the pair allows one, recorded as an exception in Jira', async () => {
      const res = await ask('priya', netsuite, 'pay-runs');
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('pending');
      expect(res.body.stages).toEqual([
        expect.objectContaining({
          label: 'Conflict exception (group:default/security)',
          approvers: ['group:default/security'],
        }),
      ]);
      expect(
        (await backend.post(`/requests/${res.body.id}/approve`, 'ada', {}))
          .status,
      ).toBe(403);
      const key = await waitFor(
        'the record',
        async () =>
          (await backend.get(`/requests/${res.body.id}`, 'priya')).body.jiraKey,
      );
      await waitFor('the exception in Jira', async () =>
        inspect(emulators)
          .jiraText(key)
          .includes(
            'Separation-of-duties exception: Priya Shah holds Create vendors',
          ),
      );
      const approved = await backend.post(
        `/requests/${res.body.id}/approve`,
        'sam',
        { comment: 'Month-end only' },
      );
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('approved');

      // Granted by hand, then flagged in the app's next access review.
      expect(
        (await backend.post(`/requests/${res.body.id}/fulfil`, 'ada', {}))
          .status,
      ).toBe(200);
      const review = await backend.post('/reviews', 'ada', {
        entityRef: netsuite,
      });
      expect(review.status).toBe(201);
      const items = (
        await backend.get(`/reviews/${review.body.id}/items`, 'ada')
      ).body.items;
      const flagged = items.find((i: any) => i.roleId === 'pay-runs');
      expect(flagged.reason).toMatch(
        /Separation-of-duties exception: granted beside Create vendors on NetSuite$/,
      );
      expect(
        items.find((i: any) => i.roleId === 'create-vendors').reason,
      ).not.toMatch(/exception/);
    });
  },
);
