import { generateKeyPairSync } from 'node:crypto';
import { Client, DefaultRequestExecutor } from '@okta/okta-sdk-nodejs';
import { OktaEmulator, startOktaEmulator } from './server';

/** The status and Okta error code an SDK call failed with. */
async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (e) {
    const err = e as { status?: number; errorCode?: string; message: string };
    return {
      status: err.status,
      errorCode: err.errorCode,
      message: err.message,
    };
  }
  throw new Error('Expected the call to fail');
}

describe('Okta emulator, driven by @okta/okta-sdk-nodejs', () => {
  let okta: OktaEmulator;
  let client: Client;

  const sswsClient = (token = 'demo-okta-token', maxRetries?: number) =>
    new Client({
      orgUrl: okta.url,
      token,
      cacheMiddleware: null,
      requestExecutor: new DefaultRequestExecutor({
        maxRetries: maxRetries ?? 2,
        requestTimeout: 0,
      }),
    });

  beforeAll(async () => {
    okta = await startOktaEmulator({ port: 0 });
  });
  afterAll(() => okta.close());
  beforeEach(() => {
    okta.reset();
    client = sswsClient();
  });

  const groupId = (name: string) => okta.findGroup(name).id;

  it('gets a user by id, login and login short name, with HR attributes and last login', async () => {
    const byLogin = await client.userApi.getUser({
      userId: 'priya@example.com',
    });
    expect(byLogin.id).toMatch(/^00u[A-Za-z0-9]{17}$/);
    expect(byLogin.profile?.title).toBe('Software Engineer');
    expect(byLogin.profile?.department).toBe('Engineering');
    const marco = await client.userApi.getUser({ userId: 'marco' });
    expect(byLogin.profile?.managerId).toBe(marco.id);
    expect(byLogin.lastLogin).toBeInstanceOf(Date);
    const byId = await client.userApi.getUser({ userId: byLogin.id! });
    expect(byId.profile?.login).toBe('priya@example.com');

    const yuki = await client.userApi.getUser({ userId: 'yuki@example.com' });
    const daysAgo = (Date.now() - yuki.lastLogin!.getTime()) / 86_400_000;
    expect(daysAgo).toBeGreaterThan(44);
    expect(daysAgo).toBeLessThan(46);
  });

  it('keeps demo ids stable across restarts', async () => {
    const again = new OktaEmulator('demo');
    expect(again.findUser('ada@example.com').id).toBe(
      okta.findUser('ada@example.com').id,
    );
    expect(again.findGroup('SF-Admin').id).toBe(groupId('SF-Admin'));
    expect(groupId('SF-Admin')).toMatch(/^00g[A-Za-z0-9]{17}$/);
  });

  it('answers 404 E0000007 for an unknown user or group', async () => {
    expect(
      await failure(client.userApi.getUser({ userId: 'nobody@example.com' })),
    ).toMatchObject({
      status: 404,
      errorCode: 'E0000007',
    });
    expect(
      await failure(
        client.groupApi.getGroup({ groupId: '00gdoesnotexist00000' }),
      ),
    ).toMatchObject({ status: 404, errorCode: 'E0000007' });
    const user = okta.findUser('priya@example.com');
    expect(
      await failure(
        client.groupApi.assignUserToGroup({
          groupId: '00gdoesnotexist00000',
          userId: user.id,
        }),
      ),
    ).toMatchObject({ status: 404, errorCode: 'E0000007' });
  });

  it('finds users with search, filter and q', async () => {
    const engineering = [];
    for await (const u of await client.userApi.listUsers({
      search: 'profile.department eq "Engineering"',
    })) {
      engineering.push(u!.profile!.login);
    }
    expect(engineering.sort()).toEqual([
      'marco@example.com',
      'priya@example.com',
      'yuki@example.com',
    ]);

    const byFilter = [];
    for await (const u of await client.userApi.listUsers({
      filter: 'profile.login eq "lena@example.com"',
    })) {
      byFilter.push(u!.id);
    }
    expect(byFilter).toEqual([okta.findUser('lena').id]);

    const byQ = [];
    for await (const u of await client.userApi.listUsers({ q: 'Fisch' }))
      byQ.push(u!.profile!.email!);
    expect(byQ).toEqual(['lena@example.com']);

    expect(
      await failure(
        client.userApi
          .listUsers({ search: 'profile.department eq' })
          .then(c => c.next()),
      ),
    ).toMatchObject({ status: 400, errorCode: 'E0000031' });
  });

  it("finds groups by search and q, and lists a user's groups", async () => {
    const found = [];
    for await (const g of await client.groupApi.listGroups({
      search: 'profile.name eq "SF-Admin"',
    })) {
      found.push(g!.profile!.name);
    }
    expect(found).toEqual(['SF-Admin']);

    const byQ = [];
    for await (const g of await client.groupApi.listGroups({ q: 'GitHub' }))
      byQ.push(g!.profile!.name!);
    expect(byQ.sort()).toEqual([
      'GitHub-Maintainers',
      'GitHub-Members',
      'GitHub-Owners',
    ]);

    const adaGroups = [];
    for await (const g of await client.userApi.listUserGroups({
      userId: 'ada@example.com',
    })) {
      adaGroups.push(g!.profile!.name);
    }
    expect(adaGroups.sort()).toEqual([
      'AWS-Prod-Admin',
      'All-Employees',
      'GitHub-Owners',
    ]);
  });

  it('pages group members with absolute Link headers across several pages', async () => {
    const members = new Set<string>();
    const collection = await client.groupApi.listGroupUsers({
      groupId: groupId('All-Employees'),
      limit: 4,
    });
    for await (const u of collection) members.add(u!.profile!.login!);
    expect(members.size).toBe(11);

    const res = await fetch(
      `${okta.url}/api/v1/groups/${groupId('All-Employees')}/users?limit=4`,
      {
        headers: { Authorization: 'SSWS demo-okta-token' },
      },
    );
    const links = res.headers.get('link')!;
    expect(links).toContain(`<${okta.url}/api/v1/groups/`);
    expect(links).toMatch(/rel="next"/);
    expect((await res.json()).length).toBe(4);
  });

  it('adds and removes members; repeating either still answers 204 by default', async () => {
    const gid = groupId('SF-Viewer');
    const uid = okta.findUser('priya').id;
    await client.groupApi.assignUserToGroup({ groupId: gid, userId: uid });
    await client.groupApi.assignUserToGroup({ groupId: gid, userId: uid });
    expect(okta.state.groups[gid].members).toEqual([uid]);
    await client.groupApi.unassignUserFromGroup({ groupId: gid, userId: uid });
    await client.groupApi.unassignUserFromGroup({ groupId: gid, userId: uid });
    expect(okta.state.groups[gid].members).toEqual([]);
  });

  it('refuses repeated changes in strict idempotency mode, switched over HTTP', async () => {
    const res = await fetch(`${okta.url}/__emulator/settings`, {
      method: 'POST',
      body: JSON.stringify({ membershipIdempotency: 'strict' }),
    });
    expect(res.status).toBe(200);
    const gid = groupId('SF-Standard');
    const chris = okta.findUser('chris.contractor@example.com').id;
    expect(
      await failure(
        client.groupApi.assignUserToGroup({ groupId: gid, userId: chris }),
      ),
    ).toMatchObject({
      status: 400,
      errorCode: 'E0000001',
    });
    const priya = okta.findUser('priya').id;
    expect(
      await failure(
        client.groupApi.unassignUserFromGroup({ groupId: gid, userId: priya }),
      ),
    ).toMatchObject({ status: 404, errorCode: 'E0000007' });
  });

  it('refuses membership changes of an APP_GROUP', async () => {
    const uid = okta.findUser('priya').id;
    expect(
      await failure(
        client.groupApi.assignUserToGroup({
          groupId: groupId('AD-Finance-Share'),
          userId: uid,
        }),
      ),
    ).toMatchObject({ status: 400, errorCode: 'E0000060' });
  });

  it('rejects a bad SSWS token with 401 E0000011', async () => {
    expect(
      await failure(
        sswsClient('wrong-token').userApi.getUser({ userId: 'ada' }),
      ),
    ).toMatchObject({
      status: 401,
      errorCode: 'E0000011',
    });
  });

  it('sends Okta headers on every answer', async () => {
    const res = await fetch(`${okta.url}/api/v1/users/ada`, {
      headers: { Authorization: 'SSWS demo-okta-token' },
    });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('date')).toBeTruthy();
    expect(res.headers.get('x-okta-request-id')).toBeTruthy();
    expect(Number(res.headers.get('x-rate-limit-limit'))).toBeGreaterThan(0);
    expect(res.headers.get('x-rate-limit-remaining')).toMatch(/^\d+$/);
    expect(Number(res.headers.get('x-rate-limit-reset'))).toBeGreaterThan(
      Date.now() / 1000,
    );
  });

  it('enforces per-bucket rate limits with 429 E0000047 and a correct reset', async () => {
    okta.state.settings.rateLimits.groupById = 2;
    const noRetry = sswsClient('demo-okta-token', 0);
    const gid = groupId('SF-Admin');
    await noRetry.groupApi.getGroup({ groupId: gid });
    await noRetry.groupApi.getGroup({ groupId: gid });
    const before = Date.now() / 1000;
    const err = (await noRetry.groupApi
      .getGroup({ groupId: gid })
      .catch(e => e)) as {
      status: number;
      errorCode: string;
      headers: { get(name: string): string | null };
    };
    expect(err.status).toBe(429);
    expect(err.errorCode).toBe('E0000047');
    const reset = Number(err.headers.get('x-rate-limit-reset'));
    expect(reset).toBeGreaterThan(before);
    expect(reset).toBeLessThanOrEqual(before + 61);
    // Another bucket is unaffected.
    await noRetry.userApi.getUser({ userId: 'ada' });
  });

  it('retries a 429 by itself and then succeeds', async () => {
    okta.faults.add({
      method: 'GET',
      path: '/api/v1/users/*',
      status: 429,
      retryAfterSeconds: 0,
      times: 1,
    });
    const user = await client.userApi.getUser({ userId: 'ada' });
    expect(user.profile?.login).toBe('ada@example.com');
    expect(okta.faults.list()).toEqual([]);
  }, 15_000);

  it('fails the call when a fault rule drops the connection, then serves again', async () => {
    const res = await fetch(`${okta.url}/__emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({
        method: 'PUT',
        path: '/api/v1/groups/:g/users/:u',
        drop: true,
        times: 1,
      }),
    });
    expect(res.status).toBe(201);
    const gid = groupId('SF-Viewer');
    const uid = okta.findUser('noah').id;
    await expect(
      client.groupApi.assignUserToGroup({ groupId: gid, userId: uid }),
    ).rejects.toThrow();
    expect(okta.state.groups[gid].members).toEqual([]);
    await client.groupApi.assignUserToGroup({ groupId: gid, userId: uid });
    expect(okta.state.groups[gid].members).toEqual([uid]);
  });

  it('applies the call but drops the answer under applyThenDrop', async () => {
    okta.faults.add({
      method: 'PUT',
      path: '/api/v1/groups/:g/users/:u',
      applyThenDrop: true,
      times: 1,
    });
    const gid = groupId('SF-Viewer');
    const uid = okta.findUser('yuki').id;
    await expect(
      client.groupApi.assignUserToGroup({ groupId: gid, userId: uid }),
    ).rejects.toThrow();
    expect(okta.state.groups[gid].members).toContain(uid);
  });

  it('refuses a rule that both applies and refuses the call', () => {
    expect(() =>
      okta.faults.add({ path: '/api/**', applyThenDrop: true, status: 500 }),
    ).toThrow(/applyThenDrop/);
  });

  describe('private-key OAuth', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
    });
    const privatePem = privateKey
      .export({ type: 'pkcs8', format: 'pem' })
      .toString();

    const oauthClient = (scopes: string[], key = privatePem) =>
      new Client({
        orgUrl: okta.url,
        authorizationMode: 'PrivateKey',
        clientId: '0oaservice0000000000',
        scopes,
        privateKey: key,
        keyId: 'key-1',
        cacheMiddleware: null,
      });

    beforeEach(() => {
      okta.state.serviceApps.push({
        clientId: '0oaservice0000000000',
        keys: [
          { kid: 'key-1', publicKey: publicKey.export({ format: 'jwk' }) },
        ],
        scopes: ['okta.users.read', 'okta.groups.read'],
      });
    });

    it('exchanges a signed client assertion for a token and calls the API with it', async () => {
      const c = oauthClient(['okta.users.read', 'okta.groups.read']);
      const user = await c.userApi.getUser({ userId: 'sam@example.com' });
      expect(user.profile?.title).toBe('Head of Security');
    });

    it('refuses an assertion signed with another key', async () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      // The SDK does not surface the token endpoint's invalid_client answer: it calls
      // the API with no usable token, which answers 401 E0000011.
      const err = await failure(
        oauthClient(['okta.users.read'], other).userApi.getUser({
          userId: 'sam',
        }),
      );
      expect(err.status).toBe(401);
      expect(okta.state.accessTokens).toEqual({});
    });

    it('answers invalid_client on the wire for a bad signature or an unknown grant', async () => {
      const header = Buffer.from(
        JSON.stringify({ alg: 'RS256', kid: 'key-1' }),
      ).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const claims = Buffer.from(
        JSON.stringify({
          iss: '0oaservice0000000000',
          sub: '0oaservice0000000000',
          aud: `${okta.url}/oauth2/v1/token`,
          iat: now,
          exp: now + 300,
          jti: 'one',
        }),
      ).toString('base64url');
      const form = (fields: Record<string, string>) =>
        fetch(`${okta.url}/oauth2/v1/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields).toString(),
        });
      const forged = await form({
        grant_type: 'client_credentials',
        scope: 'okta.users.read',
        client_assertion_type:
          'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: `${header}.${claims}.${Buffer.from('not a signature').toString('base64url')}`,
      });
      expect(forged.status).toBe(401);
      expect(await forged.json()).toMatchObject({ error: 'invalid_client' });
      const wrongGrant = await form({ grant_type: 'password' });
      expect(wrongGrant.status).toBe(400);
      expect(await wrongGrant.json()).toMatchObject({
        error: 'unsupported_grant_type',
      });
    });

    it('answers 403 when the token lacks the scope of the call', async () => {
      const c = oauthClient(['okta.users.read']);
      const gid = groupId('SF-Viewer');
      const uid = okta.findUser('sam').id;
      expect(
        await failure(
          c.groupApi.assignUserToGroup({ groupId: gid, userId: uid }),
        ),
      ).toMatchObject({
        status: 403,
        errorCode: 'E0000006',
      });
    });
  });

  describe('control surface', () => {
    it('sets a last login, dumps state, lists and clears faults, reseeds', async () => {
      const set = await fetch(
        `${okta.url}/__emulator/users/lena@example.com/last-login`,
        {
          method: 'POST',
          body: JSON.stringify({ daysAgo: 90 }),
        },
      );
      expect(set.status).toBe(200);
      const lena = await client.userApi.getUser({ userId: 'lena' });
      expect(Date.now() - lena.lastLogin!.getTime()).toBeGreaterThan(
        89 * 86_400_000,
      );

      await fetch(`${okta.url}/__emulator/faults`, {
        method: 'POST',
        body: JSON.stringify({ path: '/api/v1/**', latencyMs: 1 }),
      });
      const faults = await (
        await fetch(`${okta.url}/__emulator/faults`)
      ).json();
      expect(faults).toHaveLength(1);
      await fetch(`${okta.url}/__emulator/faults`, { method: 'DELETE' });
      expect(okta.faults.list()).toEqual([]);

      const state = await (await fetch(`${okta.url}/__emulator/state`)).json();
      expect(Object.keys(state.users)).toHaveLength(11);

      const seeded = await fetch(`${okta.url}/__emulator/seed`, {
        method: 'POST',
        body: JSON.stringify({ generate: { users: 30, groups: 2 } }),
      });
      expect(seeded.status).toBe(204);
      expect(Object.keys(okta.state.users)).toHaveLength(30);
      await fetch(`${okta.url}/__emulator/seed`, {
        method: 'POST',
        body: JSON.stringify({ preset: 'demo' }),
      });
      expect(Object.keys(okta.state.users)).toHaveLength(11);
    });
  });
});
