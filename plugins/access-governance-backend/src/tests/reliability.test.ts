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
  const removalJobs = (grantId: string) =>
    knex('access_jobs').where({ grant_id: grantId }).orderBy('id');
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

  it('keeps a grant ending while Okta refuses its removal with 503: active, shown pending, not ended twice, and ended once Okta accepts', async () => {
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
      // The access lasts: the grant is active, ending, and says so in plain words.
      const grant = await grantOf('priya', grantId);
      expect(grant).toMatchObject({
        status: 'active',
        endKind: 'given-back',
        removal: 'pending',
        endedAt: expect.any(String),
      });
      const holders = (
        await backend.get(
          '/grants?entityRef=component:default/salesforce&status=active',
          'omar',
        )
      ).body.items;
      expect(holders.find((g: any) => g.id === grantId)).toMatchObject({
        status: 'active',
        removal: 'pending',
      });
      const asked = (await backend.get(`/requests/${id}`, 'priya')).body;
      expect(asked).toMatchObject({
        status: 'granted',
        grant: { status: 'active', endKind: 'given-back', removal: 'pending' },
      });
      await waitFor('the record to show the removal pending', async () => {
        const property = issueOf(id)?.properties.accessGovernance as any;
        return property?.statusLabel === 'Ending — removal pending';
      });
      // Giving back twice, or revoking, says the access is ending already.
      const twice = await backend.post(
        `/grants/${grantId}/revoke`,
        'priya',
        {},
      );
      expect(twice.status).toBe(409);
      expect(twice.body.error.message).toMatch(
        /^This access is already ending: it was given back at .* UTC, and its removal from okta is under way\.$/,
      );
      const revoke = await backend.post(`/grants/${grantId}/revoke`, 'omar', {
        reason: 'Left the team',
      });
      expect(revoke.status).toBe(409);
      expect(revoke.body.error.message).toMatch(/already ending/);
      const extend = await backend.post(`/grants/${grantId}/extend`, 'priya', {
        duration: 'PT1H',
        justification: 'More',
      });
      expect(extend.status).toBe(409);
      // The expiry sweep leaves an ending grant alone.
      await knex('access_grants')
        .where({ id: grantId })
        .update({ expires_at: new Date(Date.now() - 1000) });
      await backend.runTask('access-governance-expiry');
      expect(await auditTypes(grantId)).not.toContain('grant-expired');
      expect(await auditTypes(grantId)).toContain('removal-pending');
      // Neither the record nor the holder hears that the access ended.
      expect(JSON.stringify(issueOf(id)?.comments ?? [])).not.toContain(
        'Access ended',
      );
      expect(
        backend.sent.filter(n =>
          n.payload.title.startsWith('Your access ended'),
        ),
      ).toEqual([]);
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
    // Only now has the grant ended, and the record says so, once.
    expect(await grantOf('priya', grantId)).toMatchObject({
      status: 'revoked',
      endKind: 'given-back',
    });
    expect(
      (await removalJobs(grantId)).filter(j => j.type === 'idp.remove'),
    ).toHaveLength(1);
    await waitFor('the end on the record', async () => {
      const property = issueOf(id)?.properties.accessGovernance as any;
      return (
        property?.status === 'given-back' &&
        JSON.stringify(issueOf(id)?.comments ?? []).includes('Access ended')
      );
    });
    expect(
      JSON.stringify(issueOf(id)!.comments).match(/Access ended/g),
    ).toHaveLength(1);
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
      // Refused for good: still active, ending, with the removal failed.
      expect(await grantOf('omar', grantId)).toMatchObject({
        status: 'active',
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
    expect((await grantOf('omar', grantId)).status).toBe('revoked');
  });

  it('takes back an add that lands after the give-back: the check after the removal reads the membership and removes it again', async () => {
    // The first add times out (client timeout 1 s) and lands at 3.5 s, after the give-back.
    const late = emulators.okta.faults.add({
      method: 'PUT',
      path: MEMBERSHIP,
      latencyMs: 3_500,
      applyThenDrop: true,
      times: 1,
    });
    const id = await ask('marco');
    const grantId = await granted(id, 'marco');
    expect(emulators.okta.faults.list().some(r => r.id === late.id)).toBe(
      false,
    );
    // The lost add was read back (not there yet) and made again.
    const provisioning = await knex('access_jobs')
      .where({ request_id: id, type: 'idp.provision' })
      .first();
    expect(provisioning.attempts).toBe(2);
    await giveBack(grantId, 'marco');
    await waitFor('the first removal', async () => {
      const grant = await grantOf('marco', grantId);
      return grant?.status === 'revoked' && grant.removal === 'done';
    });
    expect(inViewers('marco')).toBe(false);
    // The late add lands after the removal ...
    await waitFor('the late add', async () => inViewers('marco'));
    // ... and the check after the removal finds it and removes it again.
    await waitFor(
      'the check after the removal',
      async () =>
        (await auditTypes(grantId)).includes('access-removal-confirmed'),
      SETTLE_MS + 10_000,
    );
    await sleep(300);
    expect(inViewers('marco')).toBe(false);
    const checked = await knex('access_audit_events')
      .where({ grant_id: grantId, type: 'access-removal-confirmed' })
      .first();
    const details =
      typeof checked.details === 'string'
        ? JSON.parse(checked.details)
        : checked.details;
    expect(details).toMatchObject({
      removedAgain: ['SF-Viewer'],
    });
    const removals = await knex('access_jobs').where({
      grant_id: grantId,
      type: 'idp.remove',
    });
    expect(removals.map((j: any) => j.status)).toEqual(['done', 'done']);
    await waitFor('the late add on the record', async () =>
      JSON.stringify(issueOf(id)?.comments ?? []).includes(
        'landed after the removal',
      ),
    );
  });

  it('reads the membership back when the answer to a removal or an add is lost, and counts it done without trying again', async () => {
    // Okta applies the add, then drops the connection: the membership is read back.
    const add = emulators.okta.faults.add({
      method: 'PUT',
      path: MEMBERSHIP,
      applyThenDrop: true,
      times: 1,
    });
    const id = await ask('priya');
    const grantId = await granted(id, 'priya');
    expect(emulators.okta.faults.list().some(r => r.id === add.id)).toBe(false);
    const provisioning = await knex('access_jobs')
      .where({ request_id: id, type: 'idp.provision' })
      .first();
    expect(provisioning).toMatchObject({ status: 'done', attempts: 1 });
    expect(inViewers('priya')).toBe(true);

    // The same for the removal: applied, the answer lost, read back, done at once.
    const remove = emulators.okta.faults.add({
      method: 'DELETE',
      path: MEMBERSHIP,
      applyThenDrop: true,
      times: 1,
    });
    await giveBack(grantId, 'priya');
    await waitFor('the removal', async () => {
      const grant = await grantOf('priya', grantId);
      return grant?.status === 'revoked' && grant.removal === 'done';
    });
    expect(emulators.okta.faults.list().some(r => r.id === remove.id)).toBe(
      false,
    );
    expect(await removalJob(grantId)).toMatchObject({
      status: 'done',
      attempts: 1,
    });
    expect(inViewers('priya')).toBe(false);
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

  it('finds a comment that landed although its answer was lost, without waiting for it to settle', async () => {
    // Jira writes the first comment of the record, then drops the connection.
    const dropped = emulators.jira.faults.add({
      method: 'POST',
      path: '/rest/api/*/issue/*/comment',
      applyThenDrop: true,
      times: 1,
    });
    const id = await ask('ada');
    await granted(id, 'ada');
    await waitFor('every record write done', async () => {
      const open = await knex('access_jobs')
        .where({ request_id: id })
        .whereNot({ status: 'done' });
      return open.length === 0;
    });
    expect(emulators.jira.faults.list().some(r => r.id === dropped.id)).toBe(
      false,
    );
    // The job that lost the answer read the comments on its next attempt and was done:
    // a second attempt, not a third after the settling time.
    const retried = (
      await knex('access_jobs').where({ request_id: id }).orderBy('id')
    ).filter((j: any) => j.attempts > 1);
    expect(retried.map((j: any) => [j.type, j.attempts])).toEqual([
      ['record.update', 2],
    ]);
    const events = eventsOf(id);
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
