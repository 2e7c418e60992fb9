import { ClientSecretCredential } from '@azure/identity';
import {
  BatchRequestContent,
  BatchResponseContent,
  Client,
  GraphError,
  PageIterator,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { Agent } from 'undici';
import { GraphEmulator, startGraphEmulator } from './server';

const TENANT = 'acme-demo-tenant';
const CLIENT_ID = 'access-governance-demo';
const SECRET = 'demo-entra-secret';

describe('Graph emulator, driven by @microsoft/microsoft-graph-client and @azure/identity', () => {
  let graph: GraphEmulator;
  let dispatcher: Agent;
  let client: Client;

  const credential = (secret = SECRET, clientId = CLIENT_ID) =>
    new ClientSecretCredential(TENANT, clientId, secret, {
      authorityHost: graph.authorityHost,
      disableInstanceDiscovery: true,
      // Trust the emulator's CA for the token calls, keeping certificate checks on.
      tlsOptions: { ca: graph.caPem },
    });

  const graphClient = (secret = SECRET) =>
    Client.initWithMiddleware({
      authProvider: new TokenCredentialAuthenticationProvider(
        credential(secret),
        {
          scopes: ['https://graph.microsoft.com/.default'],
        },
      ),
      baseUrl: graph.authorityHost,
      customHosts: new Set(['127.0.0.1']),
      // Trust the emulator's CA for Graph calls (global fetch, undici dispatcher).
      fetchOptions: { dispatcher } as RequestInit,
    });

  const userId = (upn: string) => graph.findUser(upn).id;
  const groupId = (name: string) => graph.findGroup(name).id;

  beforeAll(async () => {
    graph = await startGraphEmulator({ port: 0 });
    dispatcher = new Agent({ connect: { ca: graph.caPem } });
  });
  afterAll(async () => {
    await graph.close();
    await dispatcher.close();
  });
  beforeEach(() => {
    graph.reset();
    client = graphClient();
  });

  async function failure(promise: Promise<unknown>): Promise<GraphError> {
    try {
      await promise;
    } catch (e) {
      return e as GraphError;
    }
    throw new Error('Expected the call to fail');
  }

  it('authenticates with a client secret and reads a user with $select, including signInActivity', async () => {
    const user = await client
      .api('/users/priya@example.com')
      .select([
        'id',
        'displayName',
        'mail',
        'userPrincipalName',
        'jobTitle',
        'department',
        'accountEnabled',
        'signInActivity',
      ])
      .get();
    expect(user).toMatchObject({
      id: userId('priya@example.com'),
      displayName: 'Priya Shah',
      jobTitle: 'Software Engineer',
      department: 'Engineering',
      accountEnabled: true,
    });
    expect(user.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const lastSignIn = Date.parse(user.signInActivity.lastSignInDateTime);
    expect(Date.now() - lastSignIn).toBeLessThan(3 * 86_400_000);

    const defaults = await client.api(`/users/${user.id}`).get();
    expect(defaults.signInActivity).toBeUndefined();
    expect(defaults.department).toBeUndefined();
    expect(defaults.userPrincipalName).toBe('priya@example.com');
  });

  it('refuses a bad client secret with an Entra error', async () => {
    await expect(
      credential('wrong').getToken('https://graph.microsoft.com/.default'),
    ).rejects.toThrow(/AADSTS7000215/);
    await expect(
      credential(SECRET, 'someone-else').getToken(
        'https://graph.microsoft.com/.default',
      ),
    ).rejects.toThrow(/AADSTS700016/);
  });

  it('answers 403 for signInActivity on an unlicensed tenant, switched over HTTP', async () => {
    const res = await fetch(`${graph.url}/__emulator/settings`, {
      method: 'POST',
      body: JSON.stringify({ premium: false }),
      dispatcher,
    } as RequestInit);
    expect(res.status).toBe(200);
    const err = await failure(
      client.api('/users/yuki@example.com').select('id,signInActivity').get(),
    );
    expect(err.statusCode).toBe(403);
    expect(err.code).toBe(
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
    );
    expect(
      (await client.api('/users/yuki@example.com').select('id').get()).id,
    ).toBe(userId('yuki@example.com'));
  });

  it('reads a manager, and answers 404 when there is none', async () => {
    const manager = await client.api('/users/priya@example.com/manager').get();
    expect(manager.userPrincipalName).toBe('marco@example.com');
    const err = await failure(
      client.api('/users/ada@example.com/manager').get(),
    );
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe('Request_ResourceNotFound');
  });

  it('answers 404 for an unknown user or group', async () => {
    expect(
      (await failure(client.api('/users/nobody@example.com').get())).statusCode,
    ).toBe(404);
    expect(
      (
        await failure(
          client
            .api('/groups/00000000-0000-4000-8000-000000000000/members')
            .get(),
        )
      ).statusCode,
    ).toBe(404);
  });

  it('finds a group by displayName and pages its members with an absolute nextLink', async () => {
    const found = await client
      .api('/groups')
      .filter("displayName eq 'All-Employees'")
      .select('id,displayName')
      .get();
    expect(found.value).toEqual([
      { id: groupId('All-Employees'), displayName: 'All-Employees' },
    ]);

    const first = await client
      .api(`/groups/${groupId('All-Employees')}/members`)
      .select('id,userPrincipalName')
      .top(4)
      .get();
    expect(first['@odata.nextLink']).toMatch(
      new RegExp(`^${graph.baseUrl.replace(/[.]/g, '\\.')}/groups/`),
    );
    // Each page holds 4 of the 11 members: all of them means the SDK followed nextLink twice.
    const members: string[] = [];
    await new PageIterator(
      client,
      first,
      (member: { userPrincipalName: string }) => {
        members.push(member.userPrincipalName);
        return true;
      },
    ).iterate();
    expect(new Set(members).size).toBe(11);
  });

  it('adds a member (400 on a duplicate) and removes one (404 for a non-member)', async () => {
    const gid = groupId('Figma-Editors');
    const uid = userId('priya@example.com');
    const ref = {
      '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${uid}`,
    };
    await client.api(`/groups/${gid}/members/$ref`).post(ref);
    expect(graph.state.groups[gid].members).toEqual([uid]);

    const dup = await failure(
      client.api(`/groups/${gid}/members/$ref`).post(ref),
    );
    expect(dup.statusCode).toBe(400);
    expect(dup.message).toContain('already exist');

    await client.api(`/groups/${gid}/members/${uid}/$ref`).delete();
    expect(graph.state.groups[gid].members).toEqual([]);
    const gone = await failure(
      client.api(`/groups/${gid}/members/${uid}/$ref`).delete(),
    );
    expect(gone.statusCode).toBe(404);
    expect(gone.code).toBe('Request_ResourceNotFound');
  });

  it('refuses a member DELETE without /$ref, which would delete the user itself', async () => {
    const gid = groupId('All-Employees');
    const uid = userId('priya@example.com');
    const refused = await failure(
      client.api(`/groups/${gid}/members/${uid}`).delete(),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.message).toContain('/members/{id}/$ref');
    expect(graph.state.groups[gid].members).toContain(uid);
    expect(graph.state.users[uid]).toBeDefined();
  });

  it('runs a $batch with inner statuses, and refuses more than 20 requests', async () => {
    const gid = groupId('Figma-Admins');
    const batch = new BatchRequestContent([
      {
        id: '1',
        request: new Request(
          `${graph.baseUrl}/users/sam@example.com?$select=id,displayName`,
          { method: 'GET' },
        ),
      },
      {
        id: '2',
        request: new Request(`${graph.baseUrl}/users/nobody@example.com`, {
          method: 'GET',
        }),
      },
      {
        id: '3',
        request: new Request(`${graph.baseUrl}/groups/${gid}/members/$ref`, {
          method: 'POST',
          body: JSON.stringify({
            '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${userId('sam@example.com')}`,
          }),
          headers: { 'Content-Type': 'application/json' },
        }),
      },
    ]);
    const response = new BatchResponseContent(
      await client.api('/$batch').post(await batch.getContent()),
    );
    expect(response.getResponseById('1').status).toBe(200);
    expect((await response.getResponseById('1').json()).displayName).toBe(
      'Sam Lee',
    );
    expect(response.getResponseById('2').status).toBe(404);
    expect(response.getResponseById('3').status).toBe(204);
    expect(graph.state.groups[gid].members).toEqual([
      userId('sam@example.com'),
    ]);

    const tooMany = {
      requests: Array.from({ length: 21 }, (_, i) => ({
        id: String(i + 1),
        method: 'GET',
        url: '/users/ada@example.com',
      })),
    };
    expect(
      (await failure(client.api('/$batch').post(tooMany))).statusCode,
    ).toBe(400);
  });

  it('answers 429 with Retry-After, and the SDK retries by itself', async () => {
    graph.faults.add({
      method: 'GET',
      path: '/v1.0/users/*',
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    const user = await client.api('/users/omar@example.com').get();
    expect(user.displayName).toBe('Omar Haddad');
    expect(graph.faults.list()).toEqual([]);
  }, 15_000);

  it('fails single items of a $batch with a rule scoped to batch items, leaving the others applied', async () => {
    const gid = groupId('Figma-Editors');
    const lena = userId('lena@example.com');
    const omar = userId('omar@example.com');
    const rule = graph.faults.add({
      method: 'POST',
      path: `/v1.0/groups/${gid}/members/$ref`,
      scope: 'batch',
      status: 429,
      retryAfterSeconds: 7,
      times: 1,
    });
    // Outside a batch the rule does not match.
    const direct = graph.faults.add({
      method: 'GET',
      path: '/v1.0/users/*',
      scope: 'batch',
      status: 500,
    });
    expect((await client.api('/users/omar@example.com').get()).id).toBe(omar);
    const add = (id: string, user: string) => ({
      id,
      request: new Request(`${graph.baseUrl}/groups/${gid}/members/$ref`, {
        method: 'POST',
        body: JSON.stringify({
          '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${user}`,
        }),
        headers: { 'Content-Type': 'application/json' },
      }),
    });
    const batch = new BatchRequestContent([add('1', lena), add('2', omar)]);
    const response = new BatchResponseContent(
      await client.api('/$batch').post(await batch.getContent()),
    );
    expect(response.getResponseById('1').status).toBe(429);
    expect(response.getResponseById('1').headers.get('Retry-After')).toBe('7');
    expect(response.getResponseById('2').status).toBe(204);
    expect(graph.state.groups[gid].members).toEqual([omar]);
    expect(graph.faults.list().map(r => r.id)).toEqual([direct.id]);
    expect(rule.scope).toBe('batch');
    expect(() =>
      graph.faults.add({ path: '/v1.0/**', status: 500, scope: 'x' as any }),
    ).toThrow('scope must be direct, batch or any');
  });

  it('fails the call when a fault rule drops the connection', async () => {
    graph.faults.add({
      method: 'POST',
      path: '/v1.0/groups/*/members/$ref',
      drop: true,
      times: 1,
    });
    const gid = groupId('Figma-Editors');
    const ref = {
      '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${userId('lena@example.com')}`,
    };
    await expect(
      client.api(`/groups/${gid}/members/$ref`).post(ref),
    ).rejects.toThrow();
    expect(graph.state.groups[gid].members).toEqual([]);
    await client.api(`/groups/${gid}/members/$ref`).post(ref);
    expect(graph.state.groups[gid].members).toHaveLength(1);
  });

  it('sets a last sign-in over the control surface', async () => {
    const res = await fetch(
      `${graph.url}/__emulator/users/jonas@example.com/last-login`,
      {
        method: 'POST',
        body: JSON.stringify({ lastLogin: '2024-01-02T03:04:05.000Z' }),
        dispatcher,
      } as RequestInit,
    );
    expect(res.status).toBe(200);
    const user = await client
      .api('/users/jonas@example.com')
      .select('signInActivity')
      .get();
    expect(user.signInActivity.lastSignInDateTime).toBe(
      '2024-01-02T03:04:05.000Z',
    );
  });
});
