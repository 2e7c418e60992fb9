import { generateKeyPairSync } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { OktaEmulator, Seed, startOktaEmulator } from '@accessgov/emulators';
import { nextLink, OktaProvider } from './OktaProvider';
import { collect, failure } from '../../__testUtils__/calls';

/** A seed with one group, Everyone, of `size` people. */
function bigGroup(size: number): Seed {
  const people = Array.from({ length: size }, (_, i) => ({
    email: `person${i}@example.com`,
    firstName: 'Person',
    lastName: String(i),
  }));
  return {
    people,
    okta: {
      apiTokens: ['demo-okta-token'],
      groups: [{ name: 'Everyone', members: people.map(x => x.email) }],
    },
  };
}

describe('OktaProvider against the Okta emulator', () => {
  let okta: OktaEmulator;
  const logger = mockServices.logger.mock();

  const provider = (extra: JsonObject = {}) =>
    OktaProvider.fromConfig({
      id: 'okta',
      config: new ConfigReader({
        orgUrl: `${okta.url}/`,
        token: 'demo-okta-token',
        ...extra,
      }),
      logger,
    });

  beforeAll(async () => {
    okta = await startOktaEmulator({ port: 0, seed: 'demo' });
  });
  afterAll(() => okta.close());
  beforeEach(() => okta.seed('demo'));

  it('resolves a user by email and by IdP id, and an unknown one to undefined', async () => {
    const p = provider();
    const priya = await p.resolveUser({ email: 'Priya@example.com' });
    expect(priya).toMatchObject({
      email: 'priya@example.com',
      login: 'priya@example.com',
      displayName: 'Priya Shah',
      title: 'Software Engineer',
      department: 'Engineering',
      active: true,
    });
    expect(priya!.id).toMatch(/^00u/);
    const byId = await p.resolveUser({ idpId: priya!.id });
    expect(byId?.email).toBe('priya@example.com');
    // A stale IdP id falls back to the email.
    const stale = await p.resolveUser({
      idpId: '00u00000000000000000',
      email: 'priya@example.com',
    });
    expect(stale?.id).toBe(priya!.id);
    expect(
      await p.resolveUser({ email: 'nobody@example.com' }),
    ).toBeUndefined();
    expect(
      await p.resolveUser({ idpId: '00uxxxxxxxxxxxxxxxxx' }),
    ).toBeUndefined();
  });

  it('finds a user whose login is not the email by the email search', async () => {
    const user = Object.values(okta.state.users).find(
      u => u.profile.login === 'omar@example.com',
    )!;
    user.profile.login = 'omar.haddad';
    const found = await provider().resolveUser({ email: 'omar@example.com' });
    expect(found?.id).toBe(user.id);
  });

  it('resolves a group by exact name and by id', async () => {
    const p = provider();
    const group = await p.resolveGroup('SF-Admin');
    expect(group).toEqual({
      id: okta.findGroup('SF-Admin').id,
      name: 'SF-Admin',
    });
    expect(await p.resolveGroup(group!.id)).toEqual(group);
    expect(await p.resolveGroup('SF-Adm')).toBeUndefined();
    expect(await p.resolveGroup('No "such" group')).toBeUndefined();
  });

  it('adds and removes a member; a duplicate add and a non-member remove succeed', async () => {
    const p = provider();
    const user = (await p.resolveUser({ email: 'priya@example.com' }))!;
    const group = (await p.resolveGroup('SF-Admin'))!;
    expect(await p.isMember(group.id, user.id)).toBe(false);
    await p.addMember(group.id, user.id);
    await p.addMember(group.id, user.id);
    expect(okta.state.groups[group.id].members).toEqual([user.id]);
    // The membership as the IdP reads it back.
    expect(await p.isMember(group.id, user.id)).toBe(true);
    await p.removeMember(group.id, user.id);
    await p.removeMember(group.id, user.id);
    expect(okta.state.groups[group.id].members).toEqual([]);
    expect(await p.isMember(group.id, user.id)).toBe(false);
  });

  it('treats a duplicate add and a non-member remove as done when the org answers 400 / 404', async () => {
    okta.state.settings.membershipIdempotency = 'strict';
    const p = provider();
    const chris = (await p.resolveUser({
      email: 'chris.contractor@example.com',
    }))!;
    const standard = (await p.resolveGroup('SF-Standard'))!;
    await p.addMember(standard.id, chris.id);
    const admin = (await p.resolveGroup('SF-Admin'))!;
    await p.removeMember(admin.id, chris.id);
    expect(okta.state.groups[standard.id].members).toEqual([chris.id]);
    // A missing group is still an error.
    const err = await failure(p.removeMember('00g00000000000000000', chris.id));
    expect(err.retryable).toBe(false);
    expect(err.status).toBe(404);
  });

  it('refuses to change an APP_GROUP with a clear, non-retryable error', async () => {
    const p = provider();
    const fatima = (await p.resolveUser({ email: 'fatima@example.com' }))!;
    const group = (await p.resolveGroup('AD-Finance-Share'))!;
    const err = await failure(p.removeMember(group.id, fatima.id));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/APP_GROUP/);
    expect(okta.state.groups[group.id].members).toEqual([fatima.id]);
  });

  it('lists the members of a big group in pages of 1,000', async () => {
    okta.seed(bigGroup(2050));
    const p = provider();
    const group = (await p.resolveGroup('Everyone'))!;
    const pages = await collect(p.listMembers(group.id));
    expect(pages.map(page => page.length)).toEqual([1000, 1000, 50]);
    const emails = new Set(pages.flat().map(u => u.email));
    expect(emails.size).toBe(2050);
    expect(emails.has('person2049@example.com')).toBe(true);
  });

  it('fails the listing when a later page fails, with what Okta answered', async () => {
    okta.seed(bigGroup(2050));
    const p = provider({ maxRetries: 0 });
    const group = (await p.resolveGroup('Everyone'))!;
    // A rule of next to no effect counts the pages asked for.
    const counter = okta.faults.add({
      method: 'GET',
      path: '/api/v1/groups/*/users',
      latencyMs: 1,
    });
    const asked = () =>
      okta.faults.list().find(r => r.id === counter.id)?.hits ?? 0;
    const pages = p.listMembers(group.id)[Symbol.asyncIterator]();
    expect((await pages.next()).value).toHaveLength(1000);
    // The second page is asked for while the first is read; from the third on Okta fails.
    while (asked() < 2) await new Promise(r => setTimeout(r, 5));
    okta.faults.remove(counter.id);
    okta.faults.add({
      method: 'GET',
      path: '/api/v1/groups/*/users',
      status: 500,
    });
    expect((await pages.next()).value).toHaveLength(1000);
    const err = await failure(pages.next());
    expect(err.retryable).toBe(true);
    expect(err.status).toBe(500);
    expect(err.message).toMatch(/list members of group/);
  });

  it('gives the user context with the manager and the last login', async () => {
    const p = provider();
    const priya = (await p.resolveUser({ email: 'priya@example.com' }))!;
    const context = await p.getUserContext(priya.id);
    expect(context.manager?.email).toBe('marco@example.com');
    expect(context.managerId).toBe(context.manager?.id);
    expect(context.title).toBe('Software Engineer');
    const days = (Date.now() - Date.parse(context.lastLoginAt!)) / 86_400_000;
    expect(days).toBeGreaterThan(1);
    expect(days).toBeLessThan(2);

    const ada = (await p.resolveUser({ email: 'ada@example.com' }))!;
    const contexts = await p.getUsersContext([
      priya.id,
      ada.id,
      '00unknownunknownunk',
    ]);
    expect([...contexts.keys()].sort()).toEqual([ada.id, priya.id].sort());
    expect(contexts.get(ada.id)?.manager).toBeUndefined();
    expect(contexts.get(priya.id)?.manager?.email).toBe('marco@example.com');
  });

  it('waits out a 429 through the SDK retry and succeeds', async () => {
    okta.faults.add({
      method: 'GET',
      path: '/api/v1/groups',
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    const group = await provider().resolveGroup('SF-Admin');
    expect(group?.name).toBe('SF-Admin');
  });

  it('reports a 429 that outlasts the retries as retryable, with the wait', async () => {
    okta.faults.add({
      path: '/api/v1/users/*',
      status: 429,
      retryAfterSeconds: 7,
    });
    const err = await failure(
      provider({ maxRetries: 0 }).resolveUser({ email: 'priya@example.com' }),
    );
    expect(err.retryable).toBe(true);
    expect(err.status).toBe(429);
    expect(err.retryAfterMs).toBeGreaterThan(5_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(8_000);
  });

  it('gives back a 429 whose reset is beyond the request timeout with the wait until the reset', async () => {
    okta.faults.add({
      method: 'GET',
      path: '/api/v1/groups',
      status: 429,
      retryAfterSeconds: 40,
    });
    const started = Date.now();
    const err = await failure(
      provider({ requestTimeout: 2_000 }).resolveGroup('SF-Admin'),
    );
    // Not tried again in vain within the timeout: handed back at once, with Okta's wait.
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(err.retryable).toBe(true);
    expect(err.status).toBe(429);
    expect(err.retryAfterMs).toBeGreaterThan(35_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(41_000);
  });

  it('reports a 500 as retryable and a dropped connection as retryable', async () => {
    okta.faults.add({ path: '/api/v1/groups/**', status: 500, times: 1 });
    const p = provider();
    const err = await failure(p.addMember(okta.findGroup('SF-Admin').id, 'x'));
    expect(err.retryable).toBe(true);
    expect(err.status).toBe(500);

    okta.faults.add({ path: '/api/v1/users/*', drop: true, times: 1 });
    const dropped = await failure(
      p.resolveUser({ email: 'priya@example.com' }),
    );
    expect(dropped.retryable).toBe(true);
    expect(dropped.status).toBeUndefined();
  });

  it('reports bad credentials as not retryable, without the token', async () => {
    const err = await failure(
      provider({ token: 'wrong-token' }).resolveGroup('SF-Admin'),
    );
    expect(err.retryable).toBe(false);
    expect(err.status).toBe(401);
    expect(err.message).not.toContain('wrong-token');
  });

  it('times out a call that takes too long', async () => {
    okta.faults.add({ path: '/api/v1/groups', latencyMs: 1500, times: 1 });
    const err = await failure(
      provider({ requestTimeout: 300 }).resolveGroup('SF-Admin'),
    );
    expect(err.retryable).toBe(true);
  });

  it('authenticates with a private-key service app', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
    });
    okta.state.serviceApps.push({
      clientId: 'svc-app',
      keys: [
        {
          kid: 'k1',
          publicKey: publicKey
            .export({ type: 'spki', format: 'pem' })
            .toString(),
        },
      ],
      scopes: ['okta.groups.manage', 'okta.groups.read', 'okta.users.read'],
    });
    const p = OktaProvider.fromConfig({
      id: 'okta',
      config: new ConfigReader({
        orgUrl: okta.url,
        oauth: {
          clientId: 'svc-app',
          keyId: 'k1',
          privateKey: privateKey
            .export({ type: 'pkcs8', format: 'pem' })
            .toString(),
        },
      }),
      logger,
    });
    const user = (await p.resolveUser({ email: 'priya@example.com' }))!;
    const group = (await p.resolveGroup('SF-Viewer'))!;
    await p.addMember(group.id, user.id);
    expect(okta.state.groups[group.id].members).toEqual([user.id]);
  });
});

describe('OktaProvider configuration', () => {
  const logger = mockServices.logger.mock();
  const read = (config: JsonObject) => () =>
    OktaProvider.fromConfig({
      id: 'corp',
      config: new ConfigReader(config),
      logger,
    });

  it('names the missing key', () => {
    expect(read({ token: 't' })).toThrow(
      'accessGovernance.providers.corp.orgUrl is required',
    );
    expect(read({ orgUrl: 'https://x.okta.com' })).toThrow(
      'accessGovernance.providers.corp.token is required',
    );
    expect(read({ orgUrl: 'nope', token: 't' })).toThrow(
      'accessGovernance.providers.corp.orgUrl must be an http or https URL',
    );
    expect(
      read({ orgUrl: 'https://x.okta.com', oauth: { clientId: 'c' } }),
    ).toThrow('accessGovernance.providers.corp.oauth.privateKey is required');
  });

  it('ignores ambient Okta environment configuration', async () => {
    const saved = process.env.OKTA_CLIENT_AUTHORIZATIONMODE;
    process.env.OKTA_CLIENT_AUTHORIZATIONMODE = 'PrivateKey';
    try {
      const okta = await startOktaEmulator({ port: 0, seed: 'demo' });
      try {
        const p = read({ orgUrl: okta.url, token: 'demo-okta-token' })();
        expect((await p.resolveGroup('SF-Admin'))?.name).toBe('SF-Admin');
      } finally {
        await okta.close();
      }
    } finally {
      if (saved === undefined) delete process.env.OKTA_CLIENT_AUTHORIZATIONMODE;
      else process.env.OKTA_CLIENT_AUTHORIZATIONMODE = saved;
    }
  });
});

describe('nextLink', () => {
  it('finds the next page among the links of a Link header', () => {
    expect(
      nextLink(
        '<https://o.example/api/v1/groups/g/users?limit=2>; rel="self", <https://o.example/api/v1/groups/g/users?after=00u2&limit=2>; rel="next"',
      ),
    ).toBe('https://o.example/api/v1/groups/g/users?after=00u2&limit=2');
    expect(nextLink('<https://o.example/x>; rel="self"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});
