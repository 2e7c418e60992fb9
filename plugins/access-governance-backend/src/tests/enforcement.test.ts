import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { Knex } from 'knex';
import { inspect, startAccessBackend, waitFor } from '../__testUtils__/harness';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/**
 * The IdP is the enforcement layer: grants, expiries and revocations go through whatever
 * the record system does, and the record catches up once, in order, when it is back.
 */
describe.each(databases.eachSupportedId())(
  'enforcement apart from the record, %p',
  databaseId => {
    let emulators: Emulators;
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startAccessBackend>>;
    const look = () => inspect(emulators);

    const getRequest = async (id: string, user: string) =>
      (await backend.get(`/requests/${id}`, user)).body;
    const waitForStatus = (id: string, status: string, user: string) =>
      waitFor(`request ${id} to be ${status}`, async () => {
        const body = await getRequest(id, user);
        return body.status === status && body;
      });
    const grantOf = async (user: string, id: string) =>
      (await backend.get('/grants?user=me', user)).body.items.find(
        (g: any) => g.id === id,
      );
    const unfinishedJobs = async (requestId: string) =>
      Number(
        (
          await knex('access_jobs')
            .where({ request_id: requestId })
            .whereNot({ status: 'done' })
            .count({ n: '*' })
        )[0].n,
      );
    const issuesOf = (requestId: string) =>
      Object.values(emulators.jira.state.issues).filter(i =>
        i.labels.includes(`accessgov-${requestId}`),
      );
    const commentsOf = (requestId: string) =>
      issuesOf(requestId).flatMap(i =>
        i.comments.map(c => JSON.stringify(c.body)),
      );
    const ask = async (user: string, entityRef: string, roleId: string) => {
      const res = await backend.post('/requests', user, {
        entityRef,
        roleId,
        justification: 'Quarterly numbers',
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const expire = async (grantId: string) => {
      await knex('access_grants')
        .where({ id: grantId })
        .update({ expires_at: new Date(Date.now() - 1000) });
      await backend.runTask('access-governance-expiry');
    };

    beforeAll(async () => {
      emulators = await startEmulators({ seed: 'demo' });
      knex = await databases.init(databaseId);
      backend = await startAccessBackend({
        emulators,
        knex,
        config: {
          accessGovernance: {
            jobs: {
              maxAttempts: 3,
              initialBackoff: 'PT0.02S',
              maxBackoff: 'PT0.1S',
            },
          },
        },
      });
    });

    afterAll(async () => {
      await backend?.stop();
      await emulators?.close();
    });

    it('grants, expires and revokes while Jira is down, and completes every issue once when it is back', async () => {
      const issuesBefore = look().issueCount();
      const down = emulators.jira.faults.add({ path: '/**', status: 503 });

      const priya = await ask(
        'priya',
        'component:default/salesforce',
        'viewer',
      );
      const marco = await ask(
        'marco',
        'component:default/salesforce',
        'viewer',
      );
      const omar = await ask('omar', 'component:default/salesforce', 'viewer');
      const granted = {
        priya: await waitForStatus(priya, 'granted', 'priya'),
        marco: await waitForStatus(marco, 'granted', 'marco'),
        omar: await waitForStatus(omar, 'granted', 'omar'),
      };
      expect(look().oktaMembers('SF-Viewer')).toEqual(
        expect.arrayContaining([
          'priya@example.com',
          'marco@example.com',
          'omar@example.com',
        ]),
      );
      for (const request of Object.values(granted))
        expect(request.jiraKey).toBeNull();

      // An expiry and a revocation while Jira still answers nothing but 503.
      await expire(granted.priya.grantId);
      await waitFor(
        'the expiry removal',
        async () =>
          !look().oktaMembers('SF-Viewer').includes('priya@example.com'),
      );
      await waitFor('the expired grant removed', async () => {
        const grant = await grantOf('priya', granted.priya.grantId);
        return grant?.status === 'expired' && grant.removal === 'done';
      });
      const revoked = await backend.post(
        `/grants/${granted.marco.grantId}/revoke`,
        'marco',
        { reason: 'Done with it' },
      );
      expect(revoked.status).toBe(200);
      await waitFor(
        'the revocation removal',
        async () =>
          !look().oktaMembers('SF-Viewer').includes('marco@example.com'),
      );
      await waitFor('the revoked grant removed', async () => {
        const grant = await grantOf('marco', granted.marco.grantId);
        return grant?.status === 'revoked' && grant.removal === 'done';
      });
      expect(look().oktaMembers('SF-Viewer')).toContain('omar@example.com');
      expect(look().issueCount()).toBe(issuesBefore);
      expect(
        emulators.jira.faults.list().find(r => r.id === down.id)!.hits,
      ).toBeGreaterThan(0);

      // Jira is back: every record catches up.
      emulators.jira.faults.remove(down.id);
      for (const [user, id] of [
        ['priya', priya],
        ['marco', marco],
        ['omar', omar],
      ] as const) {
        await waitFor(
          `the record of ${user}`,
          async () =>
            (await unfinishedJobs(id)) === 0 &&
            (await getRequest(id, user)).jiraKey,
        );
      }
      expect(look().issueCount()).toBe(issuesBefore + 3);
      for (const [user, id] of [
        ['priya', priya],
        ['marco', marco],
        ['omar', omar],
      ] as const) {
        expect(issuesOf(id)).toHaveLength(1);
        const comments = commentsOf(id);
        // Each comment once: no event is written twice.
        const events = issuesOf(id).flatMap(i =>
          i.comments.map(c =>
            JSON.stringify(
              c.properties.find(p => p.key === 'accessGovernance.event')?.value,
            ),
          ),
        );
        expect(events.every(e => e !== undefined)).toBe(true);
        expect(new Set(events).size).toBe(comments.length);
        const added = comments.findIndex(c =>
          c.includes(`Added ${user}@example.com`),
        );
        expect(added).toBeGreaterThanOrEqual(0);
        expect(
          comments.filter(c => c.includes(`Added ${user}@example.com`)),
        ).toHaveLength(1);
        expect(comments.filter(c => c.includes('Access granted'))).toHaveLength(
          1,
        );
      }
      for (const [user, id] of [
        ['priya', priya],
        ['marco', marco],
      ] as const) {
        const comments = commentsOf(id);
        const added = comments.findIndex(c =>
          c.includes(`Added ${user}@example.com`),
        );
        const removed = comments.findIndex(c =>
          c.includes(`Removed ${user}@example.com`),
        );
        // In the order things happened: added, then removed.
        expect(removed).toBeGreaterThan(added);
        expect(
          comments.filter(c => c.includes(`Removed ${user}@example.com`)),
        ).toHaveLength(1);
      }
      expect(commentsOf(omar).some(c => c.includes('Removed'))).toBe(false);
      // Comments are written in the order of their jobs.
      const priyaEvents = issuesOf(priya).flatMap(i =>
        i.comments.map(c =>
          Number(
            /job-(\d+)/.exec(
              JSON.stringify(
                c.properties.find(p => p.key === 'accessGovernance.event')
                  ?.value,
              ),
            )![1],
          ),
        ),
      );
      expect(priyaEvents).toEqual([...priyaEvents].sort((a, b) => a - b));
    });

    it('ends a grant with one IdP call', async () => {
      const id = await ask('lena', 'component:default/crm-lab', 'reports');
      const granted = await waitForStatus(id, 'granted', 'lena');
      await waitFor('the record', async () => (await unfinishedJobs(id)) === 0);
      expect(look().oktaMembers('SF-Viewer')).toContain('lena@example.com');

      // A fault rule with no effect counts every call to Okta.
      const calls = emulators.okta.faults.add({ path: '/**', latencyMs: 0 });
      const hits = () =>
        emulators.okta.faults.list().find(r => r.id === calls.id)!.hits;
      await expire(granted.grantId);
      await waitFor(
        'the removal',
        async () =>
          (await grantOf('lena', granted.grantId))?.removal === 'done',
      );
      expect(look().oktaMembers('SF-Viewer')).not.toContain('lena@example.com');
      expect(hits()).toBe(1);
      emulators.okta.faults.remove(calls.id);
    });

    it('writes the record of an auto-approved request with a comment and a property update per step', async () => {
      const counters = {
        create: emulators.jira.faults.add({
          method: 'POST',
          path: '/rest/api/3/issue',
          latencyMs: 0,
        }),
        comment: emulators.jira.faults.add({
          method: 'POST',
          path: '/rest/api/3/issue/*/comment',
          latencyMs: 0,
        }),
        property: emulators.jira.faults.add({
          method: 'PUT',
          path: '/rest/api/3/issue/*/properties/*',
          latencyMs: 0,
        }),
        transition: emulators.jira.faults.add({
          method: 'POST',
          path: '/rest/api/3/issue/*/transitions',
          latencyMs: 0,
        }),
        other: emulators.jira.faults.add({ path: '/**', latencyMs: 0 }),
      };
      const id = await ask('sam', 'component:default/salesforce', 'viewer');
      await waitForStatus(id, 'granted', 'sam');
      await waitFor(
        'the record',
        async () =>
          (await unfinishedJobs(id)) === 0 &&
          (await getRequest(id, 'sam')).jiraKey,
      );
      const hits = Object.fromEntries(
        Object.entries(counters).map(([name, rule]) => [
          name,
          emulators.jira.faults.list().find(r => r.id === rule.id)!.hits,
        ]),
      );
      for (const rule of Object.values(counters))
        emulators.jira.faults.remove(rule.id);
      const comments = commentsOf(id).length;
      expect(hits).toEqual({
        create: 1,
        comment: comments,
        property: comments + 1,
        transition: comments,
        other: 0,
      });
    });
  },
);
