import { jsonResponse } from '../__testUtils__/responses';
import { AccessGovernanceClient } from './AccessGovernanceClient';

function setup(response: Response | Response[]) {
  const responses = Array.isArray(response) ? [...response] : undefined;
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const client = new AccessGovernanceClient({
    discoveryApi: {
      getBaseUrl: async (pluginId: string) =>
        `http://backstage.test/api/${pluginId}`,
    },
    fetchApi: {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        calls.push({ url: String(input), init });
        return responses ? responses.shift()! : (response as Response);
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

  it('reads a whole list page after page, following the cursor', async () => {
    const { client, calls } = setup([
      jsonResponse(200, { items: [{ id: 'g1' }], nextCursor: 'c1', total: 2 }),
      jsonResponse(200, { items: [{ id: 'g2' }], nextCursor: null, total: 2 }),
    ]);
    const items = await client.listGrants({ user: 'me' });
    expect(items).toEqual([{ id: 'g1' }, { id: 'g2' }]);
    expect(calls.map(c => new URL(c.url).search)).toEqual([
      '?user=me&limit=1000',
      '?user=me&cursor=c1&limit=1000',
    ]);
  });

  it('asks for one page with its cursor and size, and for review items by filter', async () => {
    const page = { items: [{ id: 'r1' }], nextCursor: 'next', total: 7 };
    const { client, calls } = setup(jsonResponse(200, page));
    await expect(
      client.pageRequests({ approver: 'me', cursor: 'abc', limit: 25 }),
    ).resolves.toEqual(page);
    await client.listReviewItems('rev 1', {
      recommendation: 'revoke',
      decision: 'undecided',
      q: 'ann',
      sort: 'name',
      limit: 50,
    });
    await client.decideMatchingReviewItems('rev 1', {
      filter: { recommendation: 'revoke' },
      decision: 'keep',
    });
    await client.pageAudit({
      entityRef: 'component:default/salesforce',
      from: '2026-01-01T00:00:00.000Z',
      limit: 10,
    });
    expect(
      calls.map(c =>
        c.url.replace('http://backstage.test/api/access-governance', ''),
      ),
    ).toEqual([
      '/requests?approver=me&cursor=abc&limit=25',
      '/reviews/rev%201/items?recommendation=revoke&decision=undecided&q=ann&sort=name&limit=50',
      '/reviews/rev%201/decisions',
      '/audit?entityRef=component%3Adefault%2Fsalesforce&from=2026-01-01T00%3A00%3A00.000Z&limit=10',
    ]);
    expect(JSON.parse(String(calls[2].init?.body))).toEqual({
      filter: { recommendation: 'revoke' },
      decision: 'keep',
    });
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

  it('creates, lists, decides and completes review campaigns', async () => {
    const { client, calls } = setup(jsonResponse(200, { items: [] }));
    await client.createReview({
      entityRef: 'component:default/salesforce',
      dueAt: '2025-02-01T00:00:00.000Z',
    });
    await client.listReviews({
      entityRef: 'component:default/salesforce',
      status: ['open', 'completed'],
      reviewer: 'me',
    });
    await client.getReview('rev 1');
    await client.decideReviewItems('rev 1', [
      { itemId: 'i1', decision: 'revoke', comment: 'left' },
      { itemId: 'i2', decision: 'keep' },
    ]);
    await client.completeReview('rev 1');
    expect(
      calls.map(c => [
        c.init?.method,
        c.url.replace('http://backstage.test/api/access-governance', ''),
      ]),
    ).toEqual([
      ['POST', '/reviews'],
      [
        'GET',
        '/reviews?entityRef=component%3Adefault%2Fsalesforce&status=open%2Ccompleted&reviewer=me&limit=1000',
      ],
      ['GET', '/reviews/rev%201'],
      ['POST', '/reviews/rev%201/decisions'],
      ['POST', '/reviews/rev%201/complete'],
    ]);
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({
      entityRef: 'component:default/salesforce',
      dueAt: '2025-02-01T00:00:00.000Z',
    });
    expect(JSON.parse(String(calls[3].init?.body))).toEqual({
      decisions: [
        { itemId: 'i1', decision: 'revoke', comment: 'left' },
        { itemId: 'i2', decision: 'keep' },
      ],
    });
  });

  it('downloads a campaign as CSV with the signed-in fetch', async () => {
    const csv = new Blob(['user,decision\n'], { type: 'text/csv' });
    const { client, calls } = setup({
      ok: true,
      status: 200,
      blob: async () => csv,
    } as unknown as Response);
    await expect(client.downloadReviewCsv('rev-1')).resolves.toBe(csv);
    expect(calls[0].url).toBe(
      'http://backstage.test/api/access-governance/reviews/rev-1?format=csv',
    );
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
