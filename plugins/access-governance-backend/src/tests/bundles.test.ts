import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { Knex } from 'knex';
import { startAccessBackend, waitFor } from '../__testUtils__/harness';
import { lifecycleEntities } from '../__testUtils__/lifecycleEntities';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const bundlePath = '/bundles/default/revops-onboarding';

describe.each(databases.eachSupportedId())('access bundles, %p', databaseId => {
  let emulators: Emulators;
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startAccessBackend>>;

  beforeAll(async () => {
    emulators = await startEmulators({ seed: 'demo' });
    knex = await databases.init(databaseId);
    backend = await startAccessBackend({
      emulators,
      knex,
      entities: lifecycleEntities,
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await emulators?.close();
  });

  it('shows the roles of a bundle by name, none asked for yet', async () => {
    const res = await backend.get(bundlePath, 'priya');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'RevOps onboarding',
      asks: [],
      roles: [
        { appTitle: 'SALESFORCE', roleTitle: 'Standard', state: 'available' },
        { appTitle: 'FIGMA', roleTitle: 'editor', state: 'available' },
        { appTitle: 'NetSuite', roleTitle: 'Viewer', state: 'available' },
      ],
    });
    expect(
      (await backend.get('/bundles/default/salesforce', 'priya')).status,
    ).toBe(404);
  });

  it('refuses a bundle ask without a justification or with a duration a role does not allow, and opens nothing', async () => {
    const missing = await backend.post(`${bundlePath}/requests`, 'priya', {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/justification: is required/);
    const tooLong = await backend.post(`${bundlePath}/requests`, 'priya', {
      justification: 'Onboarding',
      duration: '6h',
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toMatch(
      /^duration: Standard on SALESFORCE: /,
    );
    expect(Number((await knex('access_requests').count({ n: '*' }))[0].n)).toBe(
      0,
    );
  });

  it('opens one request per role, each decided by its own app, grouped under one parent issue', async () => {
    const res = await backend.post(`${bundlePath}/requests`, 'priya', {
      justification: 'Joining RevOps',
    });
    expect(res.status).toBe(201);
    expect(res.body.asks).toHaveLength(1);
    const [ask] = res.body.asks;
    expect(ask.requestIds).toHaveLength(3);
    const requests = await Promise.all(
      ask.requestIds.map(
        async (id: string) =>
          (await backend.get(`/requests/${id}`, 'priya')).body,
      ),
    );
    expect(requests.map(r => [r.entityRef, r.roleId, r.justification])).toEqual(
      [
        ['component:default/salesforce', 'standard', 'Joining RevOps'],
        ['component:default/figma', 'editor', 'Joining RevOps'],
        ['component:default/netsuite', 'viewer', 'Joining RevOps'],
      ],
    );
    expect(requests[0].stages[0].approvers).toEqual(['group:default/revops']);

    const parent = await waitFor('the parent issue', async () =>
      Object.values(emulators.jira.state.issues).find(i =>
        i.labels.includes('access-bundle'),
      ),
    );
    const children = await waitFor('the roles’ issues', async () => {
      const all = await Promise.all(
        ask.requestIds.map(
          async (id: string) =>
            (await backend.get(`/requests/${id}`, 'priya')).body.jiraKey,
        ),
      );
      return all.every(Boolean) && all;
    });
    const text = JSON.stringify(parent);
    expect(text).toContain('Access bundle RevOps onboarding for Priya Shah');
    for (const key of children) expect(text).toContain(key);
    await waitFor('each role’s issue names the parent', async () =>
      children.every((key: string) =>
        JSON.stringify(
          Object.values(emulators.jira.state.issues).find(i => i.key === key),
        ).includes(`grouped in ${parent.key}`),
      ),
    );

    // Omar (RevOps) approves Salesforce; the page shows where each role stands.
    expect(
      (await backend.post(`/requests/${requests[0].id}/approve`, 'omar', {}))
        .status,
    ).toBe(200);
    const view = await waitFor('the progress', async () => {
      const body = (await backend.get(bundlePath, 'priya')).body;
      return (
        body.roles[0].state === 'held' && body.roles[1].state === 'held' && body
      );
    });
    expect(view.roles[2]).toMatchObject({
      state: 'requested',
      request: { status: 'approved' },
    });
    expect(view.asks[0].jiraKey).toBe(parent.key);

    const again = await backend.post(`${bundlePath}/requests`, 'priya', {
      justification: 'Again',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      'You already hold or have asked for every role of RevOps onboarding',
    );
  });
});
