/*
 * The access lifecycle driven over the REST API as a user would drive it: signing in
 * through the demo provider, requesting, approving, refusing bad input and waiting for a
 * one-minute grant to expire. The backend runs as `npm run start:backend -- --config …`
 * starts it, against an Okta-compatible and a Jira-compatible server named only in
 * configuration.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startEmulators, Emulators } from '@accessgov/emulators';
import { client, signIn } from '../support/api';
import { eventually, freePort, root, scratchDir, startProcess, waitForUrl, writeConfig } from '../support/backend';

describe('access lifecycle against Okta- and Jira-compatible servers', () => {
  let emulators: Emulators;
  let backendUrl: string;
  let stopBackend: () => Promise<void>;

  const members = (group: string) => {
    const g = Object.values(emulators.okta.state.groups).find(x => x.profile.name === group)!;
    return g.members.map(id => emulators.okta.state.users[id].profile.login);
  };
  const issue = (key: string) => Object.values(emulators.jira.state.issues).find(i => i.key === key)!;

  before(async () => {
    emulators = await startEmulators({ seed: 'demo' });
    const port = await freePort();
    backendUrl = `http://localhost:${port}`;
    const dir = scratchDir('acceptance');
    const config = writeConfig(dir, 'scenario.yaml', {
      backend: {
        baseUrl: backendUrl,
        listen: { port },
        database: { client: 'better-sqlite3', connection: { directory: path.join(dir, 'data') } },
      },
      catalog: {
        locations: [
          { type: 'file', target: path.join(root, 'packages/backend/catalog/org.yaml') },
          { type: 'file', target: path.join(root, 'packages/backend/catalog/apps.yaml') },
          { type: 'file', target: path.join(root, 'test/scenarios/catalog.yaml') },
        ],
      },
      accessGovernance: {
        emulators: { enabled: false },
        providers: { okta: { orgUrl: emulators.okta.url, token: 'demo-okta-token' } },
        jira: {
          host: emulators.jira.url,
          email: 'access-bot@example.com',
          apiToken: 'demo-jira-token',
          projectKey: 'ACCESS',
        },
        schedule: { expiry: { frequency: 'PT5S', timeout: 'PT1M' } },
      },
    });
    const backend = startProcess(process.execPath, ['packages/backend/scripts/start.js', '--config', config], {
      logFile: path.join(dir, 'backend.log'),
    });
    stopBackend = backend.stop;
    try {
      await waitForUrl(`${backendUrl}/api/access-governance/health`, 180_000, backend.child);
      // The catalog reads its files shortly after start.
      await eventually('the demo catalog', async () => {
        const token = await signIn(backendUrl, 'priya');
        return (await client(backendUrl, token).get('/apps/default/component/sandbox')).status === 200;
      }, 120_000);
    } catch (error) {
      throw new Error(`${error}\n${backend.tail()}`);
    }
  });

  after(async () => {
    await stopBackend?.();
    await emulators?.close();
  });

  it('signs in demo users as catalog users with their groups, and nobody else', async () => {
    const res = await fetch(`${backendUrl}/api/auth/demo/refresh`, { headers: { 'x-demo-user': 'omar' } });
    const body: any = await res.json();
    assert.equal(body.backstageIdentity.identity.userEntityRef, 'user:default/omar');
    assert.ok(body.backstageIdentity.identity.ownershipEntityRefs.includes('group:default/revops'));
    assert.equal(body.profile.displayName, 'Omar Haddad');
    const nobody = await fetch(`${backendUrl}/api/auth/demo/refresh`, { headers: { 'x-demo-user': 'mallory' } });
    assert.equal(nobody.status, 401);
  });

  it('grants a low-risk role at once and records it in Jira', async () => {
    const priya = client(backendUrl, await signIn(backendUrl, 'priya'));
    const created = await priya.post('/requests', {
      entityRef: 'component:default/salesforce',
      roleId: 'viewer',
      justification: 'Pipeline dashboards for the weekly review',
    });
    assert.equal(created.status, 201);
    const done = await eventually('the grant', async () => {
      const r = await priya.get(`/requests/${created.body.id}`);
      return r.body.status === 'granted' && r.body.jiraKey && r.body;
    });
    assert.ok(members('SF-Viewer').includes('priya@example.com'));
    assert.match(JSON.stringify(issue(done.jiraKey)), /Pipeline dashboards for the weekly review/);
    assert.ok(issue(done.jiraKey).labels.includes('access-request'));
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const priya = client(backendUrl, await signIn(backendUrl, 'priya'));
    const before = (await priya.get('/requests?requester=me')).body.items.length;
    for (const body of [
      { entityRef: 'component:default/salesforce', roleId: 'admin', duration: 'PT1H' },
      { entityRef: 'component:default/salesforce', roleId: 'superuser', justification: 'x' },
      { entityRef: 'component:default/salesforce', roleId: 'admin', duration: 'PT72H', justification: 'x' },
      { entityRef: 'component:default/salesforce', roleId: 'admin', duration: null, justification: 'x' },
    ]) {
      const res = await priya.post('/requests', body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.name, 'InputError');
    }
    assert.equal((await priya.get('/requests?requester=me')).body.items.length, before);
  });

  it('walks the approval stages; nobody approves their own request', async () => {
    const priya = client(backendUrl, await signIn(backendUrl, 'priya'));
    const omar = client(backendUrl, await signIn(backendUrl, 'omar'));
    const sam = client(backendUrl, await signIn(backendUrl, 'sam'));
    const created = await priya.post('/requests', {
      entityRef: 'component:default/salesforce',
      roleId: 'admin',
      duration: 'PT1H',
      justification: 'Quarter-end user cleanup',
    });
    assert.equal(created.body.status, 'pending');
    assert.equal((await priya.post(`/requests/${created.body.id}/approve`)).status, 403);
    assert.equal((await sam.post(`/requests/${created.body.id}/approve`)).status, 403);
    const first = await omar.post(`/requests/${created.body.id}/approve`, { comment: 'Fine for the close' });
    assert.equal(first.body.currentStage, 1);
    const second = await sam.post(`/requests/${created.body.id}/approve`);
    assert.equal(second.body.status, 'approved');
    await eventually('the admin grant', async () => (await priya.get(`/requests/${created.body.id}`)).body.status === 'granted');
    assert.ok(members('SF-Admin').includes('priya@example.com'));
  });

  it('ends a one-minute grant through the expiry sweep', async () => {
    const ada = client(backendUrl, await signIn(backendUrl, 'ada'));
    const created = await ada.post('/requests', {
      entityRef: 'component:default/sandbox',
      roleId: 'quick',
      justification: 'A quick look',
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.duration, 'PT1M');
    const granted = await eventually('the quick grant', async () => {
      const r = await ada.get(`/requests/${created.body.id}`);
      return r.body.status === 'granted' && r.body;
    });
    assert.ok(members('GitHub-Maintainers').includes('ada@example.com'));
    const grant = await eventually(
      'the grant to expire',
      async () => {
        const items = (await ada.get('/grants?user=me&status=expired')).body.items;
        return items.find((g: any) => g.id === granted.grantId && g.removal === 'done');
      },
      150_000,
    );
    assert.match(grant.endReason, /window ended/);
    assert.ok(!members('GitHub-Maintainers').includes('ada@example.com'));
  });
});
