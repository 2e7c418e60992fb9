import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import {
  emulatorConfig,
  inspect,
  startAccessBackend,
  waitFor,
} from '../__testUtils__/harness';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const MEMBERSHIP = '/api/v1/groups/*/users/*';
const SETTLE_MS = 4_000;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Side effects under faults: removals that never give up while the grant says it ended,
 * writes whose answers were lost recognised on retry, and the drift check.
 */
describe.each(databases.eachSupportedId())('reliability, %p', databaseId => {
  let emulators: Emulators;
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startAccessBackend>>;
  const look = () => inspect(emulators);

  const ask = async (user: string) => {
    const res = await backend.post('/requests', user, {
      entityRef: 'component:default/salesforce',
      roleId: 'viewer',
      justification: 'Pipeline dashboards',
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const granted = (id: string, user: string) =>
    waitFor(`request ${id} granted`, async () => {
      const body = (await backend.get(`/requests/${id}`, user)).body;
      return body.status === 'granted' && (body.grantId as string);
    });
  const grantOf = async (user: string, id: string) =>
    (await backend.get('/grants?user=me', user)).body.items.find(
      (g: any) => g.id === id,
    );
  const giveBack = async (grantId: string, user: string) => {
    const res = await backend.post(`/grants/${grantId}/revoke`, user, {
      reason: 'Done with it',
    });
    expect(res.status).toBe(200);
  };
  const removalJob = (grantId: string) =>
    knex('access_jobs')
      .where({ grant_id: grantId, type: 'idp.remove' })
      .orderBy('id')
      .first();
  const auditTypes = async (grantId: string) =>
    (await knex('access_audit_events').where({ grant_id: grantId })).map(
      (e: any) => e.type as string,
    );
  const inViewers = (user: string) =>
    look().oktaMembers('SF-Viewer').includes(`${user}@example.com`);
  const issueOf = (requestId: string) =>
    Object.values(emulators.jira.state.issues).find(i =>
      i.labels.includes(`accessgov-${requestId}`),
    );
  const eventsOf = (requestId: string) =>
    (issueOf(requestId)?.comments ?? []).map(c =>
      JSON.stringify(
        c.properties.find(p => p.key === 'accessGovernance.event')?.value,
      ),
    );

  beforeAll(async () => {
    emulators = await startEmulators({ seed: 'demo' });
    knex = await databases.init(databaseId);
    const base = emulatorConfig(emulators).accessGovernance as JsonObject;
    const providers = base.providers as JsonObject;
    backend = await startAccessBackend({
      emulators,
      knex,
      config: {
        accessGovernance: {
          providers: {
            ...providers,
            okta: { ...(providers.okta as JsonObject), requestTimeout: 1000 },
          },
          jira: { ...(base.jira as JsonObject), requestTimeout: 1000 },
          jobs: {
            maxAttempts: 3,
            initialBackoff: 'PT0.02S',
            maxBackoff: 'PT0.1S',
            settle: `PT${SETTLE_MS / 1000}S`,
          },
        },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await emulators?.close();
  });

  it('keeps retrying a removal Okta keeps refusing with 503, shows it pending, tells once, and completes when Okta is back', async () => {
    const id = await ask('priya');
    const grantId = await granted(id, 'priya');
    const down = emulators.okta.faults.add({
      method: 'DELETE',
      path: MEMBERSHIP,
      status: 503,
    });
    try {
      await giveBack(grantId, 'priya');
      // Well past maxAttempts (3), the removal is still being tried.
      await waitFor('six attempts of the removal', async () => {
        const job = await removalJob(grantId);
        return job && job.attempts >= 6;
      });
      const job = await removalJob(grantId);
      expect(job.status).not.toBe('failed');
      expect(inViewers('priya')).toBe(true);
      const grant = await grantOf('priya', grantId);
      expect(grant).toMatchObject({ status: 'revoked', removal: 'pending' });
      expect(await auditTypes(grantId)).toContain('removal-pending');
      const told = backend.sent.filter(n =>
        n.payload.title.startsWith('Removal pending'),
      );
      expect(told).toHaveLength(1);
      expect(told[0].recipients).toEqual({
        type: 'entity',
        entityRef: expect.arrayContaining([
          'group:default/revops',
          'user:default/ada',
        ]),
      });
      await waitFor('the pending removal on the record', async () =>
        JSON.stringify(issueOf(id)?.comments ?? []).includes('Removal pending'),
      );
    } finally {
      emulators.okta.faults.remove(down.id);
    }
    await waitFor('the removal once Okta answers', async () => {
      const grant = await grantOf('priya', grantId);
      return grant?.removal === 'done' && !inViewers('priya');
    });
    expect((await removalJob(grantId)).status).toBe('done');
  });

  it('fails a removal Okta refuses with 403 for good, tells, and an administrator retries it', async () => {
    const id = await ask('omar');
    const grantId = await granted(id, 'omar');
    const refused = emulators.okta.faults.add({
      method: 'DELETE',
      path: MEMBERSHIP,
      status: 403,
    });
    try {
      await giveBack(grantId, 'omar');
      await waitFor('the removal failed', async () => {
        const job = await removalJob(grantId);
        return job?.status === 'failed';
      });
      expect((await removalJob(grantId)).attempts).toBe(1);
      expect(await grantOf('omar', grantId)).toMatchObject({
        removal: 'failed',
      });
      await waitFor('the administrators told', async () =>
        backend.sent.some(n => n.payload.title.startsWith('Removal failed')),
      );
      expect(
        backend.sent.filter(n => n.payload.title.startsWith('Removal failed')),
      ).toHaveLength(1);
      const failed = await backend.get('/jobs?status=failed', 'ada');
      expect(failed.status).toBe(200);
      const listed = failed.body.items.find((j: any) => j.grantId === grantId);
      expect(listed).toMatchObject({ type: 'idp.remove', status: 'failed' });
      expect((await backend.get('/jobs?status=failed', 'omar')).status).toBe(
        403,
      );
      emulators.okta.faults.remove(refused.id);
      const retried = await backend.post(`/jobs/${listed.id}/retry`, 'ada');
      expect(retried.status).toBe(200);
    } finally {
      emulators.okta.faults.remove(refused.id);
    }
    await waitFor('the retried removal', async () => {
      const grant = await grantOf('omar', grantId);
      return grant?.removal === 'done' && !inViewers('omar');
    });
  });

  it('takes back an add that lands after the give-back, once it can no longer land', async () => {
    // The first add times out (client timeout 1 s) and lands at 2.5 s.
    const late = emulators.okta.faults.add({
      method: 'PUT',
      path: MEMBERSHIP,
      latencyMs: 2_500,
      applyThenDrop: true,
      times: 1,
    });
    const id = await ask('marco');
    const grantId = await granted(id, 'marco');
    expect(late.id).toBeTruthy();
    await giveBack(grantId, 'marco');
    await waitFor('the first removal', async () => {
      const grant = await grantOf('marco', grantId);
      return grant?.removal === 'done';
    });
    // The late add lands (the rule is gone once it matched) ...
    expect(emulators.okta.faults.list().some(r => r.id === late.id)).toBe(
      false,
    );
    await waitFor(
      'the second removal',
      async () =>
        (await auditTypes(grantId)).includes('access-removal-confirmed'),
      SETTLE_MS + 10_000,
    );
    // ... and is taken back: nothing is left in the group once it has settled.
    await sleep(300);
    expect(inViewers('marco')).toBe(false);
    const removals = await knex('access_jobs').where({
      grant_id: grantId,
      type: 'idp.remove',
    });
    expect(removals.map((j: any) => j.status)).toEqual(['done', 'done']);
  });

  it('writes a comment whose answer was lost once, reading back after it could land', async () => {
    // The first comment of the record lands at 2.5 s; the client gives up at 1 s.
    const late = emulators.jira.faults.add({
      method: 'POST',
      path: '/rest/api/*/issue/*/comment',
      latencyMs: 2_500,
      applyThenDrop: true,
      times: 1,
    });
    const id = await ask('lena');
    await granted(id, 'lena');
    await waitFor('the late comment', async () =>
      emulators.jira.faults.list().every(r => r.id !== late.id),
    );
    await waitFor('every record write done', async () => {
      const open = await knex('access_jobs')
        .where({ request_id: id })
        .whereNot({ status: 'done' });
      return open.length === 0;
    });
    await sleep(3_000);
    const events = eventsOf(id);
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events).size).toBe(events.length);
    expect(
      JSON.stringify(issueOf(id)!.comments).match(/Access granted/g),
    ).toHaveLength(1);
  });

  it('reports members no grant explains and removals that did not hold, to approvers and administrators', async () => {
    const id = await ask('sam');
    const grantId = await granted(id, 'sam');
    await giveBack(grantId, 'sam');
    await waitFor('the removal', async () => {
      const grant = await grantOf('sam', grantId);
      return grant?.removal === 'done';
    });
    // Someone adds Sam back in Okta by hand.
    const okta = emulators.okta.state;
    const samId = Object.values(okta.users).find(
      u => u.profile.login === 'sam@example.com',
    )!.id;
    Object.values(okta.groups)
      .find(g => g.profile.name === 'SF-Viewer')!
      .members.push(samId);

    const before = backend.sent.length;
    await backend.runTask('access-governance-drift');
    const res = await backend.get('/drift', 'ada');
    expect(res.status).toBe(200);
    const salesforce = res.body.items.find(
      (r: any) => r.entityRef === 'component:default/salesforce',
    );
    expect(salesforce.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          group: 'SF-Viewer',
          member: 'sam@example.com',
          kind: 'removal-not-held',
        }),
        expect.objectContaining({
          group: 'SF-Standard',
          member: expect.stringMatching(/^chris/),
          kind: 'unexplained',
        }),
      ]),
    );
    // Members with active grants are explained.
    expect(
      salesforce.findings.filter((f: any) => f.kind === 'unexplained'),
    ).toHaveLength(1);
    expect((await backend.get('/drift', 'priya')).status).toBe(403);
    await waitFor('the drift notification', async () =>
      backend.sent
        .slice(before)
        .find(
          n =>
            n.payload.title.startsWith('Access drift on SALESFORCE') ||
            n.payload.title.startsWith(
              'Access drift on component:default/salesforce',
            ),
        ),
    );
    const drift = backend.sent
      .slice(before)
      .filter(n => n.payload.title.startsWith('Access drift'));
    expect(
      drift.some(n =>
        (n.recipients as any).entityRef.includes('group:default/revops'),
      ),
    ).toBe(true);
    // Nothing changed: the approvers are not told again.
    const told = backend.sent.length;
    await backend.runTask('access-governance-drift');
    await sleep(500);
    expect(
      backend.sent
        .slice(told)
        .filter(n => n.payload.title.startsWith('Access drift')),
    ).toHaveLength(0);
  });

  it('sends each notification under a scope of its own job', async () => {
    const scopes = backend.sent.map(n => n.payload.scope);
    expect(scopes.length).toBeGreaterThan(0);
    for (const scope of scopes) {
      expect(scope).toMatch(/^access-governance:job:\d+$/);
    }
    expect(new Set(scopes).size).toBe(scopes.length);
  });
});
