import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { Knex } from 'knex';
import { startAccessBackend, waitFor } from '../__testUtils__/harness';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const SALESFORCE = 'component:default/salesforce';

/**
 * An administrator (Ada, of Platform) administers the plugin on an app she neither
 * approves nor reviews (Salesforce, owned by RevOps): revoke, audit, jobs, removals by
 * hand. She does not cancel other people's requests, decide requests or review items, and
 * opens and completes reviews only where configured.
 */
describe.each(databases.eachSupportedId())(
  'administrator powers, %p',
  databaseId => {
    let emulators: Emulators;
    const backends: Array<Awaited<ReturnType<typeof startAccessBackend>>> = [];

    const start = async (config: object = {}) => {
      const knex: Knex = await databases.init(databaseId);
      const backend = await startAccessBackend({
        emulators,
        knex,
        config: { accessGovernance: config },
      });
      backends.push(backend);
      return { backend, knex };
    };
    const ask = async (
      backend: Awaited<ReturnType<typeof startAccessBackend>>,
      user: string,
      roleId: string,
    ) => {
      const res = await backend.post('/requests', user, {
        entityRef: SALESFORCE,
        roleId,
        justification: 'Pipeline review',
      });
      expect(res.status).toBe(201);
      return res.body;
    };

    beforeAll(async () => {
      emulators = await startEmulators({ seed: 'demo' });
    });

    afterAll(async () => {
      for (const backend of backends) await backend.stop();
      await emulators?.close();
    });

    it('administers the plugin: revokes any grant, reads any audit, sees and retries jobs', async () => {
      const { backend, knex } = await start();
      const viewer = await ask(backend, 'priya', 'viewer');
      const grantId = await waitFor('the grant', async () => {
        const res = await backend.get(`/requests/${viewer.id}`, 'priya');
        return res.body.grantId as string | undefined;
      });

      const audit = `/audit?entityRef=${encodeURIComponent(SALESFORCE)}`;
      expect((await backend.get(audit, 'ada')).status).toBe(200);
      expect((await backend.get(audit, 'marco')).status).toBe(403);
      expect((await backend.get('/jobs', 'ada')).status).toBe(200);
      expect((await backend.get('/jobs', 'marco')).status).toBe(403);
      const job = await knex('access_jobs').first('id');
      // Past the authorization check: only failed jobs are retried.
      expect((await backend.post(`/jobs/${job.id}/retry`, 'ada')).status).toBe(
        409,
      );
      expect(
        (await backend.post(`/jobs/${job.id}/retry`, 'marco')).status,
      ).toBe(403);
      expect(
        (await backend.post(`/grants/${grantId}/confirm-removal`, 'ada'))
          .status,
      ).toBe(409);
      expect(
        (await backend.post(`/grants/${grantId}/confirm-removal`, 'marco'))
          .status,
      ).toBe(403);

      expect(
        (
          await backend.post(`/grants/${grantId}/revoke`, 'marco', {
            reason: 'No',
          })
        ).status,
      ).toBe(403);
      const revoked = await backend.post(`/grants/${grantId}/revoke`, 'ada', {
        reason: 'Leaving the project',
      });
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({
        status: 'active',
        endKind: 'revoked',
        removal: 'pending',
      });

      // An approver confirms a removal by hand only where the policy lets them revoke.
      const confirm = () =>
        backend.post(`/grants/${grantId}/confirm-removal`, 'omar');
      expect((await confirm()).status).toBe(409);
      backend.denied.add('access-governance.grant.revoke');
      try {
        expect((await confirm()).status).toBe(403);
      } finally {
        backend.denied.delete('access-governance.grant.revoke');
      }

      // Without the administer permission, the same person has none of these powers.
      backend.denied.add('access-governance.administer');
      try {
        expect((await backend.get('/jobs', 'ada')).status).toBe(403);
        expect((await backend.get(audit, 'ada')).status).toBe(403);
      } finally {
        backend.denied.delete('access-governance.administer');
      }
    });

    it("does not cancel or decide other people's requests", async () => {
      const { backend } = await start();
      const pending = await ask(backend, 'priya', 'standard');
      const cancel = await backend.post(
        `/requests/${pending.id}/cancel`,
        'ada',
      );
      expect(cancel.status).toBe(403);
      expect(cancel.body.error.message).toBe(
        'Only the requester can cancel a request',
      );
      expect(
        (await backend.post(`/requests/${pending.id}/approve`, 'ada')).status,
      ).toBe(403);
      expect(
        (await backend.get(`/requests/${pending.id}`, 'priya')).body.status,
      ).toBe('pending');
      const own = await backend.post(`/requests/${pending.id}/cancel`, 'priya');
      expect(own.status).toBe(200);
      expect(own.body.status).toBe('cancelled');
    });

    it('does not open, decide or complete reviews of apps she does not review, by default', async () => {
      const { backend } = await start();
      await ask(backend, 'priya', 'viewer');
      const opened = await backend.post('/reviews', 'ada', {
        entityRef: SALESFORCE,
      });
      expect(opened.status).toBe(403);
      expect(opened.body.error.message).toBe(
        `Only the reviewers of ${SALESFORCE} can do this`,
      );

      const review = await backend.post('/reviews', 'omar', {
        entityRef: SALESFORCE,
      });
      expect(review.status).toBe(201);
      const items = (
        await backend.get(`/reviews/${review.body.id}/items`, 'ada')
      ).body.items;
      expect(items.length).toBeGreaterThan(0);
      const decide = await backend.post(
        `/reviews/${review.body.id}/decisions`,
        'ada',
        {
          decisions: [{ itemId: items[0].id, decision: 'revoke' }],
        },
      );
      expect(decide.status).toBe(403);
      expect(
        (await backend.post(`/reviews/${review.body.id}/complete`, 'ada'))
          .status,
      ).toBe(403);
      const decided = await backend.post(
        `/reviews/${review.body.id}/decisions`,
        'omar',
        {
          decisions: [{ itemId: items[0].id, decision: 'keep' }],
        },
      );
      expect(decided.status).toBe(200);
    });

    it('opens and completes reviews with adminsCanRunReviews, and still decides no item', async () => {
      const { backend } = await start({ adminsCanRunReviews: true });
      await ask(backend, 'priya', 'viewer');
      const review = await backend.post('/reviews', 'ada', {
        entityRef: SALESFORCE,
      });
      expect(review.status).toBe(201);
      const items = (
        await backend.get(`/reviews/${review.body.id}/items`, 'ada')
      ).body.items;
      const decide = await backend.post(
        `/reviews/${review.body.id}/decisions`,
        'ada',
        {
          decisions: [{ itemId: items[0].id, decision: 'revoke' }],
        },
      );
      expect(decide.status).toBe(403);
      const byFilter = await backend.post(
        `/reviews/${review.body.id}/decisions`,
        'ada',
        {
          filter: {},
          decision: 'revoke',
        },
      );
      expect(byFilter.status).toBe(403);
      // Someone unrelated gains nothing from the setting.
      expect(
        (await backend.post(`/reviews/${review.body.id}/complete`, 'marco'))
          .status,
      ).toBe(404);
      const completed = await backend.post(
        `/reviews/${review.body.id}/complete`,
        'ada',
      );
      expect(completed.status).toBe(200);
      expect(completed.body.status).toBe('completed');
    });
  },
);
