import { jsonResponse } from '../__testUtils__/responses';
import { AccessGovernanceClient } from './AccessGovernanceClient';

function setup(response: Response) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const client = new AccessGovernanceClient({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `http://backstage.test/api/${pluginId}`,
    },
    fetchApi: {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        calls.push({ url: String(input), init });
        return response;
      },
    },
  });
  return { client, calls };
}

describe('AccessGovernanceClient', () => {
  it('reads an app by the parts of its entity ref', async () => {
    const { client, calls } = setup(jsonResponse(200, { roles: [] }));
    await client.getApp('component:my-ns/sales force');
    expect(calls[0].url).toBe(
      'http://backstage.test/api/access-governance/apps/my-ns/component/sales%20force',
    );
  });

  it('lists requests with the filters as a query string', async () => {
    const { client, calls } = setup(
      jsonResponse(200, { items: [{ id: 'r1' }] }),
    );
    const items = await client.listRequests({
      entityRef: 'component:default/salesforce',
      status: ['pending', 'approved'],
      requester: 'me',
    });
    expect(items).toEqual([{ id: 'r1' }]);
    const url = new URL(calls[0].url);
    expect(url.pathname).toBe('/api/access-governance/requests');
    expect(url.searchParams.get('entityRef')).toBe(
      'component:default/salesforce',
    );
    expect(url.searchParams.get('status')).toBe('pending,approved');
    expect(url.searchParams.get('requester')).toBe('me');
    expect(url.searchParams.has('approver')).toBe(false);
  });

  it('posts a request as JSON', async () => {
    const { client, calls } = setup(jsonResponse(201, { id: 'r1' }));
    await client.createRequest({
      entityRef: 'component:default/salesforce',
      roleId: 'admin',
      duration: 'PT6H',
      justification: 'INC-42',
    });
    expect(calls[0].url).toBe(
      'http://backstage.test/api/access-governance/requests',
    );
    expect(calls[0].init?.method).toBe('POST');
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({
      entityRef: 'component:default/salesforce',
      roleId: 'admin',
      duration: 'PT6H',
      justification: 'INC-42',
    });
  });

  it('encodes ids in paths and sends decision comments', async () => {
    const { client, calls } = setup(jsonResponse(200, { id: 'a/b' }));
    await client.reject('a/b', 'not needed');
    await client.revoke('g 1', 'left the team');
    await client.confirmRemoval('g1');
    expect(calls.map(c => c.url.replace('http://backstage.test', ''))).toEqual([
      '/api/access-governance/requests/a%2Fb/reject',
      '/api/access-governance/grants/g%201/revoke',
      '/api/access-governance/grants/g1/confirm-removal',
    ]);
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({
      comment: 'not needed',
    });
    expect(JSON.parse(String(calls[1].init?.body))).toEqual({
      reason: 'left the team',
    });
  });

  it('throws a ResponseError carrying the server message', async () => {
    const { client } = setup(
      jsonResponse(400, {
        error: {
          name: 'InputError',
          message: 'justification: is required: say why you need this access',
        },
        response: { statusCode: 400 },
      }),
    );
    await expect(
      client.createRequest({
        entityRef: 'component:default/salesforce',
        roleId: 'admin',
        justification: '',
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      cause: {
        message: 'justification: is required: say why you need this access',
      },
    });
  });
});
