import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import mcpPlugin from '@backstage/plugin-mcp-actions-backend';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { inspect, startAccessBackend, waitFor } from '../__testUtils__/harness';
import { userRef } from '../__testUtils__/fixtures';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** The MCP tool of one of our actions: the actions backend names tools `<pluginId>.<name>`. */
const tool = (name: string) => `access-governance.${name}`;

const OUR_TOOLS = [
  'explain-request',
  'give-back-access',
  'list-my-access',
  'list-my-requests',
  'list-pending-approvals',
  'list-roles',
  'request-access',
].map(tool);

type ToolResult = { isError?: boolean; structuredContent?: any; content?: any };

describe.each(databases.eachSupportedId())('actions for AI agents over MCP, %p', databaseId => {
  let emulators: Emulators;
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startAccessBackend>>;
  const clients: Client[] = [];

  /** An MCP client signed in as one of the test company's people, over streamable HTTP. */
  async function connect(name: string, clientName = 'test-agent'): Promise<Client> {
    const { port } = backend.server.address() as AddressInfo;
    const transport = new StreamableHTTPClientTransport(
      new URL(`http://localhost:${port}/api/mcp-actions/v1`),
      { requestInit: { headers: { Authorization: mockCredentials.user.header(userRef(name)) } } },
    );
    const client = new Client({ name: clientName, version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  const call = async (client: Client, name: string, args: object): Promise<ToolResult> =>
    (await client.callTool({ name: tool(name), arguments: args as Record<string, unknown> })) as ToolResult;

  beforeAll(async () => {
    emulators = await startEmulators({ seed: 'demo' });
    knex = await databases.init(databaseId);
    backend = await startAccessBackend({
      emulators,
      knex,
      config: { backend: { actions: { pluginSources: ['access-governance'] } } },
      features: [actionsRegistryServiceFactory, actionsServiceFactory, mcpPlugin],
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map(c => c.close()));
    await backend?.stop();
    await emulators?.close();
  });

  it('lists the tools, with their hints, and none that approves, rejects, revokes or decides', async () => {
    const client = await connect('priya');
    const { tools } = await client.listTools();
    const ours = tools.filter(t => OUR_TOOLS.includes(t.name));
    expect(ours.map(t => t.name).sort()).toEqual(OUR_TOOLS);
    expect(tools.filter(t => /approve|reject|revoke|decide|decision/.test(t.name) && t.name !== tool('list-pending-approvals'))).toEqual([]);
    const byName = Object.fromEntries(tools.map(t => [t.name, t]));
    expect(byName[tool('list-roles')].annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true });
    expect(byName[tool('request-access')].annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
    expect(byName[tool('give-back-access')].annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect((byName[tool('request-access')].inputSchema as any).required).toEqual(
      expect.arrayContaining(['app', 'role', 'justification']),
    );
  });

  it('lists the roles of an app by name, with who approves', async () => {
    const client = await connect('priya');
    const result = await call(client, 'list-roles', { app: 'component:default/salesforce' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent.app).toEqual({ ref: 'component:default/salesforce', title: 'SALESFORCE' });
    const viewer = result.structuredContent.roles.find((r: any) => r.id === 'viewer');
    expect(viewer).toMatchObject({ title: 'Viewer', risk: 'low', approval: 'granted at once, no approval needed' });
    const standard = result.structuredContent.roles.find((r: any) => r.id === 'standard');
    expect(standard.approval).toBe('approved by the app’s approvers');

    const missing = await call(client, 'list-roles', { app: 'component:default/nothing' });
    expect(missing.isError).toBe(true);
  });

  it('requires a justification to request access, and writes nothing without one', async () => {
    const client = await connect('priya');
    const before = inspect(emulators).issueCount();
    const missing = await call(client, 'request-access', { app: 'component:default/salesforce', role: 'standard' });
    expect(missing.isError).toBe(true);
    const blank = await call(client, 'request-access', {
      app: 'component:default/salesforce',
      role: 'standard',
      justification: '   ',
    });
    expect(blank.isError).toBe(true);
    expect(JSON.stringify(blank.content)).toContain('justification');
    const mine = await backend.get('/requests?requester=me', 'priya');
    expect(mine.body.items).toEqual([]);
    expect(inspect(emulators).issueCount()).toBe(before);
  });

  it('requests access, sees it pending, and the Jira issue names the action and the client', async () => {
    const client = await connect('priya', 'Claude Code');
    const result = await call(client, 'request-access', {
      app: 'component:default/salesforce',
      role: 'standard',
      justification: 'Quarter-end pipeline review',
      duration: 'P1D',
      client: 'Claude Code',
    });
    expect(result.isError).toBeFalsy();
    const created = result.structuredContent.request;
    expect(created).toMatchObject({
      app: { ref: 'component:default/salesforce', title: 'SALESFORCE' },
      role: { ref: 'standard', title: 'Standard' },
      requester: 'Priya Shah',
      status: 'pending',
      state: 'Pending approval',
      justification: 'Quarter-end pipeline review',
      url: `http://localhost:3000/access/requests/${created.id}`,
    });

    const listed = await call(client, 'list-my-requests', { status: ['pending'] });
    expect(listed.structuredContent.requests.map((r: any) => r.id)).toEqual([created.id]);

    const rest = await backend.get(`/requests/${created.id}`, 'priya');
    expect(rest.body.status).toBe('pending');
    const key = await waitFor('the Jira issue', async () => (await backend.get(`/requests/${created.id}`, 'priya')).body.jiraKey);
    const issue = inspect(emulators).jiraIssue(key);
    expect(inspect(emulators).jiraText(key)).toContain(
      'Requested through: the access-governance:request-access action, from MCP client Claude Code',
    );
    expect(issue.labels).toEqual(expect.arrayContaining(['access-request', 'requested-through-action']));

    const approver = await connect('omar');
    const inbox = await call(approver, 'list-pending-approvals', {});
    expect(inbox.structuredContent.requests).toEqual([
      expect.objectContaining({ id: created.id, requester: 'Priya Shah', state: 'Pending approval' }),
    ]);
    const othersInbox = await call(await connect('sam'), 'list-pending-approvals', {});
    expect(othersInbox.structuredContent.requests).toEqual([]);
  });

  it('explains a request as text from its history, to those who may see it', async () => {
    const client = await connect('priya');
    const [pending] = (await call(client, 'list-my-requests', { status: ['pending'] })).structuredContent.requests;
    await waitFor('the record to be opened', async () =>
      (await backend.get(`/requests/${pending.id}/history`, 'priya')).body.items.some((e: any) => e.type === 'record-opened'),
    );
    const result = await call(client, 'explain-request', { requestId: pending.id });
    const story: string = result.structuredContent.story;
    expect(story).toContain('Priya Shah asked for Standard on SALESFORCE for 1 d.');
    expect(story).toContain('Justification: Quarter-end pipeline review');
    expect(story).toContain('Now: Pending approval, waiting for RevOps.');
    expect(story).toMatch(/- \S+Z: Priya Shah asked for access, through the access-governance:request-access action, from MCP client Claude Code/);
    expect(story).toMatch(/The Jira issue ACCESS-\d+ was opened/);

    const stranger = await call(await connect('sam'), 'explain-request', { requestId: pending.id });
    expect(stranger.isError).toBe(true);

    // While Omar, an approver, is out of office, Sam decides for him and reads the story too.
    const delegation = (method: 'put' | 'delete') =>
      request(backend.server)
        [method](backend.api('/delegations/me'))
        .set('Authorization', backend.as('omar'))
        .send(method === 'put' ? { delegate: 'user:default/sam', until: new Date(Date.now() + 86_400_000).toISOString() } : undefined);
    expect((await delegation('put')).status).toBe(200);
    const delegate = await call(await connect('sam'), 'explain-request', { requestId: pending.id });
    expect(delegate.isError).toBeFalsy();
    expect(delegate.structuredContent.story).toContain('Priya Shah asked for Standard on SALESFORCE');
    expect((await delegation('delete')).status).toBe(204);
  });

  it('lists my access once granted, and gives back only my own', async () => {
    const priya = await connect('priya');
    const result = await call(priya, 'request-access', {
      app: 'component:default/salesforce',
      role: 'viewer',
      justification: 'Read the pipeline dashboards',
      duration: 'PT6H',
    });
    const { id } = result.structuredContent.request;
    await waitFor('the grant', async () => (await backend.get(`/requests/${id}`, 'priya')).body.status === 'granted');
    const access = await call(priya, 'list-my-access', {});
    expect(access.structuredContent.grants).toEqual([
      expect.objectContaining({
        app: { ref: 'component:default/salesforce', title: 'SALESFORCE' },
        role: { ref: 'viewer', title: 'Viewer' },
        status: 'active',
        state: 'Active',
        requestId: id,
      }),
    ]);
    const grantId = access.structuredContent.grants[0].id;

    // Omar approves Salesforce and may revoke in Backstage, but not through an action.
    const omar = await call(await connect('omar'), 'give-back-access', { grantId });
    expect(omar.isError).toBe(true);
    expect((await backend.get(`/grants?user=${userRef('priya')}&status=active`, 'priya')).body.items).toHaveLength(1);

    const given = await call(priya, 'give-back-access', { grantId });
    // The access lasts, ending, until Okta accepted its removal; then it is gone from the list.
    expect(given.structuredContent.grant).toMatchObject({ id: grantId, status: 'active', state: 'Ending — removal pending' });
    await waitFor('the removal', async () => (await call(priya, 'list-my-access', {})).structuredContent.grants.length === 0);
  });

  it('hides the tools a permission policy denies', async () => {
    backend.denied.add('access-governance.actions.request');
    try {
      const { tools } = await (await connect('priya')).listTools();
      const names = tools.map(t => t.name);
      expect(names).not.toContain(tool('request-access'));
      expect(names).not.toContain(tool('give-back-access'));
      expect(names).toContain(tool('list-my-requests'));
    } finally {
      backend.denied.delete('access-governance.actions.request');
    }
  });

  it('refuses service credentials: actions act for a person, decisions only by a person', async () => {
    const [pending] = (await call(await connect('priya'), 'list-my-requests', { status: ['pending'] })).structuredContent.requests;
    const grant = (await backend.get('/grants?user=me', 'priya')).body.items[0];
    const service = mockCredentials.service.header();
    const invoke = await request(backend.server)
      .post('/api/access-governance/.backstage/actions/v1/actions/access-governance:request-access/invoke')
      .set('Authorization', service)
      .send({ app: 'component:default/salesforce', role: 'standard', justification: 'as a service' });
    expect(invoke.status).toBe(403);

    const decisions: Array<[string, object]> = [
      [`/requests/${pending.id}/approve`, { comment: 'ok' }],
      [`/requests/${pending.id}/reject`, { comment: 'no' }],
      [`/grants/${grant.id}/revoke`, { reason: 'no longer needed' }],
      ['/reviews/any-review/decisions', { decisions: [] }],
    ];
    for (const [path, body] of decisions) {
      const res = await request(backend.server)
        .post(`/api/access-governance${path}`)
        .set('Authorization', service)
        .send(body);
      expect([401, 403]).toContain(res.status);
    }
    expect((await backend.get(`/requests/${pending.id}`, 'priya')).body.status).toBe('pending');
  });
});
