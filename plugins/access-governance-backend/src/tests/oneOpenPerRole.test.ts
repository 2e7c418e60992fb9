import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { Knex } from 'knex';
import { inspect, startAccessBackend, waitFor } from '../__testUtils__/harness';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/**
 * One open request or active grant per person and role, under concurrency: the database
 * holds the rule, so identical requests made at once give one request, one Jira issue and
 * one grant.
 */
describe.each(databases.eachSupportedId())(
  'one open request or grant per person and role, %p',
  databaseId => {
    let emulators: Emulators;
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startAccessBackend>>;

    const issuesOf = (requestId: string) =>
      Object.values(emulators.jira.state.issues).filter(i =>
        i.labels.includes(`accessgov-${requestId}`),
      );
    const unfinishedJobs = async () =>
      Number(
        (
          await knex('access_jobs')
            .whereIn('status', ['pending', 'running'])
            .count({ n: '*' })
        )[0].n,
      );
    const askAtOnce = (user: string, roleId: string, times: number) =>
      Promise.all(
        Array.from({ length: times }, () =>
          backend.post('/requests', user, {
            entityRef: 'component:default/salesforce',
            roleId,
            justification: 'Pipeline review',
          }),
        ),
      );

    beforeAll(async () => {
      emulators = await startEmulators({ seed: 'demo' });
      knex = await databases.init(databaseId);
      backend = await startAccessBackend({ emulators, knex });
    });

    afterAll(async () => {
      await backend?.stop();
      await emulators?.close();
    });

    it('answers five identical requests made at once with one 201 and four 409s, and grants once', async () => {
      const issuesBefore = inspect(emulators).issueCount();
      const answers = await askAtOnce('priya', 'viewer', 5);
      const statuses = answers.map(a => a.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409]);
      for (const refused of answers.filter(a => a.status === 409)) {
        expect(refused.body.error.message).toMatch(
          /^You already (have an? \w+ request for|hold) viewer on component:default\/salesforce/,
        );
      }
      const created = answers.find(a => a.status === 201)!.body;
      await waitFor('the request to be granted', async () => {
        const res = await backend.get(`/requests/${created.id}`, 'priya');
        return res.body.status === 'granted';
      });
      await waitFor(
        'every job to finish',
        async () => (await unfinishedJobs()) === 0,
      );

      const requests = await knex('access_requests').where({
        entity_ref: 'component:default/salesforce',
        role_id: 'viewer',
        requester: 'user:default/priya',
      });
      expect(requests).toHaveLength(1);
      const grants = await knex('access_grants').where({
        entity_ref: 'component:default/salesforce',
        role_id: 'viewer',
        user_ref: 'user:default/priya',
        status: 'active',
      });
      expect(grants).toHaveLength(1);
      expect(issuesOf(created.id)).toHaveLength(1);
      expect(inspect(emulators).issueCount()).toBe(issuesBefore + 1);
      expect(
        inspect(emulators)
          .oktaMembers('SF-Viewer')
          .filter(login => login === 'priya@example.com'),
      ).toHaveLength(1);

      // Asking again while holding the role is the same 409.
      const again = await askAtOnce('priya', 'viewer', 3);
      expect(again.map(a => a.status)).toEqual([409, 409, 409]);
      expect(again[0].body.error.message).toMatch(/^You already hold viewer/);
    });

    it('keeps one pending request when five wait for approval', async () => {
      const answers = await askAtOnce('marco', 'standard', 5);
      expect(answers.map(a => a.status).sort()).toEqual([
        201, 409, 409, 409, 409,
      ]);
      const open = await knex('access_requests').where({
        role_id: 'standard',
        requester: 'user:default/marco',
        status: 'pending',
      });
      expect(open).toHaveLength(1);
    });

    it('answers a 409 when a failed request is retried while its requester has another open one', async () => {
      const now = new Date();
      await knex('access_requests').insert({
        id: 'failed-billing',
        entity_ref: 'component:default/figma',
        role_id: 'billing',
        requester: 'user:default/priya',
        justification: 'Invoices',
        duration: null,
        status: 'failed',
        groups: '[]',
        stages: '[]',
        failure: 'Provisioning failed',
        created_at: now,
        updated_at: now,
      });
      const again = await backend.post('/requests', 'priya', {
        entityRef: 'component:default/figma',
        roleId: 'billing',
        justification: 'Invoices, again',
      });
      expect(again.status).toBe(201);
      const retried = await backend.post(
        '/requests/failed-billing/retry',
        'ada',
      );
      expect(retried.status).toBe(409);
      expect(retried.body.error.message).toBe(
        'The requester has another open request for this role; it must end first',
      );
      expect(
        (await knex('access_requests').where({ id: 'failed-billing' }).first())
          .status,
      ).toBe('failed');
    });

    it('refuses a second open request or active grant written straight to the database, whatever the case of the person', async () => {
      const now = new Date();
      const request = (id: string, requester: string, status: string) => ({
        id,
        entity_ref: 'component:default/figma',
        role_id: 'editor',
        requester,
        justification: 'Design review',
        duration: 'PT1H',
        status,
        groups: '["Figma-Editors"]',
        stages: '[]',
        created_at: now,
        updated_at: now,
      });
      const grant = (id: string, user: string, status: string) => ({
        id,
        entity_ref: 'component:default/figma',
        role_id: 'editor',
        user_ref: user,
        groups: '["Figma-Editors"]',
        status,
        granted_at: now,
      });
      const attempt = (write: Promise<unknown>) =>
        write.then(
          () => 'written',
          (error: { message: string }) => error.message,
        );

      await knex('access_requests').insert(
        request('dup-1', 'user:default/yuki', 'pending'),
      );
      expect(
        await attempt(
          knex('access_requests').insert(
            request('dup-2', 'User:default/Yuki', 'approved'),
          ),
        ),
      ).toMatch(/unique|duplicate/i);
      // Closed requests do not count.
      await knex('access_requests').insert(
        request('dup-3', 'user:default/yuki', 'rejected'),
      );

      await knex('access_grants').insert(
        grant('dup-g1', 'user:default/yuki', 'active'),
      );
      expect(
        await attempt(
          knex('access_grants').insert(
            grant('dup-g2', 'User:default/YUKI', 'active'),
          ),
        ),
      ).toMatch(/unique|duplicate/i);
      await knex('access_grants').insert(
        grant('dup-g3', 'user:default/yuki', 'expired'),
      );
      expect(
        await knex('access_grants').where({
          role_id: 'editor',
          status: 'active',
        }),
      ).toHaveLength(1);
    });
  },
);
