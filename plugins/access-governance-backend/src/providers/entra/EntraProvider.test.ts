import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { GraphEmulator, Seed, startGraphEmulator } from '@accessgov/emulators';
import { EntraProvider } from './EntraProvider';
import { collect, failure } from '../../__testUtils__/calls';

describe('EntraProvider against the Graph emulator', () => {
  let graph: GraphEmulator;
  const logger = mockServices.logger.mock();

  const provider = (extra: JsonObject = {}) =>
    EntraProvider.fromConfig({
      id: 'entra',
      config: new ConfigReader({
        tenantId: 'acme-demo-tenant',
        clientId: 'access-governance-demo',
        clientSecret: 'demo-entra-secret',
        authorityHost: graph.authorityHost,
        graphBaseUrl: graph.baseUrl,
        caFile: graph.caFile,
        ...extra,
      }),
      logger,
    });

  beforeAll(async () => {
    graph = await startGraphEmulator({ port: 0, seed: 'demo' });
  });
  afterAll(() => graph.close());
  beforeEach(() => graph.seed('demo'));

  it('signs in with the client secret over TLS trusted through caFile and resolves users', async () => {
    const p = provider();
    const priya = await p.resolveUser({ email: 'priya@example.com' });
    expect(priya).toMatchObject({
      id: graph.findUser('priya@example.com').id,
      email: 'priya@example.com',
      displayName: 'Priya Shah',
      title: 'Software Engineer',
      department: 'Engineering',
      active: true,
    });
    expect((await p.resolveUser({ idpId: priya!.id }))?.email).toBe(
      'priya@example.com',
    );
    expect(
      await p.resolveUser({ email: 'nobody@example.com' }),
    ).toBeUndefined();
    expect(
      await p.resolveUser({ idpId: '00000000-0000-0000-0000-000000000000' }),
    ).toBeUndefined();
  });

  it('finds a user whose UPN is not the email by mail', async () => {
    const omar = graph.findUser('omar@example.com');
    omar.userPrincipalName = 'omar.haddad@acme.onmicrosoft.com';
    const found = await provider().resolveUser({ email: 'omar@example.com' });
    expect(found?.id).toBe(omar.id);
  });

  it('refuses hosts whose certificate is not trusted when caFile is not given', async () => {
    const withoutCa = EntraProvider.fromConfig({
      id: 'entra',
      config: new ConfigReader({
        tenantId: 'acme-demo-tenant',
        clientId: 'access-governance-demo',
        clientSecret: 'demo-entra-secret',
        authorityHost: graph.authorityHost,
        graphBaseUrl: graph.baseUrl,
      }),
      logger,
    });
    const signIn = await failure(withoutCa.resolveGroup('Figma-Editors'));
    expect(signIn.message).toMatch(/signing in to Entra ID failed/);
    expect(signIn.retryable).toBe(true);

    // Graph itself, with a token from elsewhere.
    const tokenFromElsewhere = new EntraProvider({
      id: 'entra',
      tenantId: 'acme-demo-tenant',
      clientId: 'access-governance-demo',
      graphBaseUrl: graph.baseUrl,
      credential: {
        getToken: async () => ({
          token: 'token',
          expiresOnTimestamp: Date.now() + 3_600_000,
        }),
      },
      logger,
    });
    const tlsError = await failure(
      tokenFromElsewhere.resolveGroup('Figma-Editors'),
    );
    expect(tlsError.message).toMatch(/certificate/i);
  });

  it('resolves groups by name (quotes escaped) and by id', async () => {
    const p = provider();
    const group = await p.resolveGroup('Figma-Editors');
    expect(group).toEqual({
      id: graph.findGroup('Figma-Editors').id,
      name: 'Figma-Editors',
    });
    expect(await p.resolveGroup(group!.id)).toEqual(group);
    expect(await p.resolveGroup("O'Brien's group")).toBeUndefined();
    expect(await p.resolveGroup('Figma')).toBeUndefined();
  });

  it('adds and removes a member; a duplicate add and a non-member remove succeed', async () => {
    const p = provider();
    const user = (await p.resolveUser({ email: 'priya@example.com' }))!;
    const group = (await p.resolveGroup('Figma-Admins'))!;
    expect(await p.isMember(group.id, user.id)).toBe(false);
    await p.addMember(group.id, user.id);
    await p.addMember(group.id, user.id);
    expect(graph.state.groups[group.id].members).toEqual([user.id]);
    // The membership as the IdP reads it back.
    expect(await p.isMember(group.id, user.id)).toBe(true);
    await p.removeMember(group.id, user.id);
    await p.removeMember(group.id, user.id);
    expect(graph.state.groups[group.id].members).toEqual([]);
    expect(await p.isMember(group.id, user.id)).toBe(false);

    const missing = await failure(
      p.removeMember('00000000-0000-0000-0000-000000000000', user.id),
    );
    expect(missing.retryable).toBe(false);
    const unknownUser = await failure(
      p.addMember(group.id, '00000000-0000-0000-0000-000000000000'),
    );
    expect(unknownUser.retryable).toBe(false);
    expect(unknownUser.status).toBe(404);
  });

  it('lists the members of a big group in pages of 999, following nextLink', async () => {
    const people = Array.from({ length: 2050 }, (_, i) => ({
      email: `person${i}@example.com`,
      firstName: 'Person',
      lastName: String(i),
    }));
    const seed: Seed = {
      people,
      entra: {
        tenantId: 'acme-demo-tenant',
        clients: [
          {
            clientId: 'access-governance-demo',
            clientSecret: 'demo-entra-secret',
          },
        ],
        groups: [{ name: 'Everyone', members: people.map(x => x.email) }],
      },
    };
    graph.seed(seed);
    const p = provider();
    const group = (await p.resolveGroup('Everyone'))!;
    const pages = await collect(p.listMembers(group.id));
    expect(pages.map(page => page.length)).toEqual([999, 999, 52]);
    const emails = new Set(pages.flat().map(u => u.email));
    expect(emails.size).toBe(2050);
  });

  it('gives the user context: manager, last successful sign-in; none for the manager-less', async () => {
    const p = provider();
    const priya = graph.findUser('priya@example.com');
    const context = await p.getUserContext(priya.id);
    expect(context.manager?.email).toBe('marco@example.com');
    expect(context.managerId).toBe(graph.findUser('marco@example.com').id);
    expect(context.lastLoginAt).toBe(
      priya.signInActivity!.lastSuccessfulSignInDateTime,
    );
    const ada = await p.getUserContext(graph.findUser('ada@example.com').id);
    expect(ada.manager).toBeUndefined();

    priya.signInActivity = null;
    expect((await p.getUserContext(priya.id)).lastLoginAt).toBeNull();
  });

  it('falls back to the last sign-in when there is no successful one', async () => {
    const priya = graph.findUser('priya@example.com');
    priya.signInActivity!.lastSuccessfulSignInDateTime = null;
    priya.signInActivity!.lastSignInDateTime = '2024-02-03T04:05:06Z';
    const context = await provider().getUserContext(priya.id);
    expect(context.lastLoginAt).toBe('2024-02-03T04:05:06Z');
  });

  it('without a premium licence gives no last sign-in and stops asking for it', async () => {
    graph.state.settings.premium = false;
    const p = provider();
    const priya = graph.findUser('priya@example.com');
    const first = await p.getUserContext(priya.id);
    expect(first.title).toBe('Software Engineer');
    expect(first.lastLoginAt).toBeUndefined();
    // Count the reads of the user from here on: one per lookup, no licence probe first.
    const rule = graph.faults.add({
      method: 'GET',
      path: '/v1.0/users/*',
      latencyMs: 1,
    });
    expect((await p.getUserContext(priya.id)).lastLoginAt).toBeUndefined();
    const bulk = await p.getUsersContext([priya.id]);
    expect(bulk.get(priya.id)?.title).toBe('Software Engineer');
    expect(bulk.get(priya.id)?.lastLoginAt).toBeUndefined();
    expect(graph.faults.list().find(r => r.id === rule.id)?.hits).toBe(2);
  });

  it('reads many users in bulk through $batch, leaving unknown ones out', async () => {
    const emails = [
      'priya@example.com',
      'omar@example.com',
      'ada@example.com',
      'jonas@example.com',
      'marco@example.com',
      'yuki@example.com',
      'lena@example.com',
      'sam@example.com',
      'noah@example.com',
      'fatima@example.com',
      'chris.contractor@example.com',
    ];
    const ids = emails.map(e => graph.findUser(e).id);
    const p = provider();
    const contexts = await p.getUsersContext([
      ...ids,
      '00000000-0000-0000-0000-000000000000',
    ]);
    expect(contexts.size).toBe(11);
    const priya = contexts.get(ids[0])!;
    expect(priya.manager?.email).toBe('marco@example.com');
    expect(priya.lastLoginAt).toBe(
      graph.findUser('priya@example.com').signInActivity!
        .lastSuccessfulSignInDateTime,
    );
    expect(contexts.get(ids[2])?.manager).toBeUndefined();
  });

  it('retries a throttled request inside a $batch after Retry-After', async () => {
    const priya = graph.findUser('priya@example.com');
    graph.faults.add({
      method: 'GET',
      path: `/v1.0/users/${priya.id}`,
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    const started = Date.now();
    const contexts = await provider().getUsersContext([priya.id]);
    expect(contexts.get(priya.id)?.email).toBe('priya@example.com');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('waits out a 429 through the SDK retry and succeeds', async () => {
    graph.faults.add({
      method: 'GET',
      path: '/v1.0/groups',
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    expect((await provider().resolveGroup('Figma-Editors'))?.name).toBe(
      'Figma-Editors',
    );
  });

  it('reports a 429 that outlasts the retries as retryable with Retry-After', async () => {
    graph.faults.add({
      method: 'GET',
      path: '/v1.0/groups',
      status: 429,
      retryAfterSeconds: 1,
      times: 4,
    });
    const err = await failure(provider().resolveGroup('Figma-Editors'));
    expect(err.retryable).toBe(true);
    expect(err.status).toBe(429);
    expect(err.retryAfterMs).toBe(1000);
  }, 20_000);

  it('reports a 500 and a dropped connection as retryable', async () => {
    const p = provider();
    graph.faults.add({
      path: '/v1.0/groups/*/members/$ref',
      status: 500,
      times: 1,
    });
    const group = graph.findGroup('Figma-Editors');
    const priya = graph.findUser('priya@example.com');
    const err = await failure(p.addMember(group.id, priya.id));
    expect(err.retryable).toBe(true);
    expect(err.status).toBe(500);

    graph.faults.add({ path: '/v1.0/groups', drop: true, times: 1 });
    const dropped = await failure(p.resolveGroup('Figma-Editors'));
    expect(dropped.retryable).toBe(true);
  });

  it('reports a wrong client secret as not retryable, without the secret', async () => {
    const err = await failure(
      provider({ clientSecret: 'not-the-secret' }).resolveGroup(
        'Figma-Editors',
      ),
    );
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/sign/i);
    expect(err.message).not.toContain('not-the-secret');
  });
});

describe('EntraProvider configuration', () => {
  const logger = mockServices.logger.mock();
  const read = (config: JsonObject) => () =>
    EntraProvider.fromConfig({
      id: 'corp',
      config: new ConfigReader(config),
      logger,
    });

  it('names the missing or bad key', () => {
    expect(read({ clientId: 'c', clientSecret: 's' })).toThrow(
      'accessGovernance.providers.corp.tenantId is required',
    );
    expect(
      read({
        tenantId: 't',
        clientId: 'c',
        clientSecret: 's',
        caFile: '/does/not/exist.pem',
      }),
    ).toThrow('accessGovernance.providers.corp.caFile cannot be read');
    expect(
      read({
        tenantId: 't',
        clientId: 'c',
        clientSecret: 's',
        graphBaseUrl: 'https://graph.microsoft.com',
      }),
    ).toThrow('accessGovernance.providers.corp.graphBaseUrl must be');
  });
});
