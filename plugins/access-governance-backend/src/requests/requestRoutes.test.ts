import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { startAccessBackend, waitFor } from '../__testUtils__/harness';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('request routes', () => {
  let emulators: Emulators;
  let backend: Awaited<ReturnType<typeof startAccessBackend>>;

  beforeAll(async () => {
    emulators = await startEmulators({ seed: 'demo' });
    backend = await startAccessBackend({
      emulators,
      knex: await databases.init('SQLITE_3'),
      config: { accessGovernance: { requests: { maxDuration: 'P30D' } } },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await emulators?.close();
  });

  const ask = (duration: string | null) =>
    backend.post('/requests', 'priya', {
      entityRef: 'component:default/salesforce',
      roleId: 'standard',
      duration,
      justification: 'Quarterly forecast',
    });

  // accessGovernance.requests.maxDuration bounds roles that declare no max.
  it('refuses a longer grant of a role without a max, with a 400 naming the field', async () => {
    const res = await ask('P99999D');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message:
        'duration: The Standard role can be granted for at most 30 d, not 99999 d',
    });
    expect((await ask('P31D')).status).toBe(400);
  });

  it('accepts a grant up to the maximum', async () => {
    const res = await ask('P30D');
    expect(res.status).toBe(201);
    expect(res.body.duration).toBe('P30D');
    expect(
      (await backend.post(`/requests/${res.body.id}/cancel`, 'priya')).status,
    ).toBe(200);
  });

  // GET /requests/:id/history
  it('tells a request story in order: asked, decided, granted in the IdP, given back', async () => {
    const created = await backend.post('/requests', 'priya', {
      entityRef: 'component:default/salesforce',
      roleId: 'standard',
      justification: 'Quarterly forecast',
    });
    const id = created.body.id;
    await backend.post(`/requests/${id}/approve`, 'omar', {
      comment: 'Fine for Q3',
    });
    const granted = await waitFor('the grant', async () => {
      const body = (await backend.get(`/requests/${id}`, 'priya')).body;
      return body.status === 'granted' && body;
    });
    expect(
      (await backend.post(`/grants/${granted.grantId}/revoke`, 'priya', {}))
        .status,
    ).toBe(200);

    // The request tells how its grant ended, read alone and in a list.
    expect(granted.grant).toMatchObject({ status: 'active', endKind: null });
    // It is revoked once Okta accepted the removal.
    const read = await waitFor('the removal', async () => {
      const body = (await backend.get(`/requests/${id}`, 'priya')).body;
      return body.grant?.removal === 'done' && body;
    });
    expect(read.status).toBe('granted');
    expect(read.grant).toMatchObject({
      status: 'revoked',
      endKind: 'given-back',
      endedAt: expect.any(String),
    });
    const mine = (await backend.get('/requests?requester=me', 'priya')).body;
    expect(
      mine.items.find((r: { id: string }) => r.id === id).grant,
    ).toMatchObject({ endKind: 'given-back' });
    for (const other of mine.items.filter(
      (r: { grantId: string | null }) => !r.grantId,
    )) {
      expect(other.grant).toBeNull();
    }

    const res = await backend.get(`/requests/${id}/history`, 'priya');
    expect(res.status).toBe(200);
    const types = res.body.items.map((e: { type: string }) => e.type);
    // The Jira issue is opened in the background, at some point after the request.
    expect(
      types.filter((t: string) => t !== 'record-opened').slice(0, 4),
    ).toEqual([
      'request-created',
      'request-approved',
      'access-granted',
      'grant-revoked',
    ]);
    const grantedEvent = res.body.items.find(
      (e: { type: string }) => e.type === 'access-granted',
    );
    expect(grantedEvent).toMatchObject({
      requestId: id,
      grantId: granted.grantId,
      details: {
        provider: 'okta',
        groups: ['SF-Standard'],
        idpGroups: [{ name: 'SF-Standard', id: expect.any(String) }],
      },
    });
    expect(
      res.body.items.find(
        (e: { type: string }) => e.type === 'request-approved',
      ),
    ).toMatchObject({
      actor: 'user:default/omar',
      details: { comment: 'Fine for Q3' },
    });

    // The approver reads it too; someone with no part in it gets a 404, as for the request.
    expect((await backend.get(`/requests/${id}/history`, 'omar')).status).toBe(
      200,
    );
    expect((await backend.get(`/requests/${id}/history`, 'sam')).status).toBe(
      404,
    );
    expect((await backend.get('/requests/nope/history', 'priya')).status).toBe(
      404,
    );
  });
});
