import { GraphEmulator, startGraphEmulator } from '@accessgov/emulators';
import { Client, GraphError } from '@microsoft/microsoft-graph-client';
import {
  BatchItem,
  BatchRequest,
  BatchResponse,
  batchError,
  postBatch,
  runBatch,
} from './batch';
import { createGraphClient } from './client';
import { UNLICENSED_CODE } from './errors';

describe('runBatch through the Graph client against the Graph emulator', () => {
  let graph: GraphEmulator;
  let client: Client;

  const read = (id: string, url: string): BatchItem => ({ id, url: () => url });
  const send = (requests: BatchRequest[]) => postBatch(client, requests);
  const refuse = (item: BatchItem, response: BatchResponse): never => {
    throw new Error(`unexpected answer to ${item.id}: ${response.status}`);
  };
  const userId = (email: string) => graph.findUser(email).id;
  /** Counts the calls that reach a path from here on (a rule that only adds 1 ms). */
  const count = (method: string, path: string) => {
    const rule = graph.faults.add({ method, path, latencyMs: 1 });
    return () => graph.faults.list().find(r => r.id === rule.id)?.hits ?? 0;
  };

  /** Makes Graph answer 429 to the next reads of a user, asking to wait. */
  const throttle = (id: string, retryAfterSeconds: number, times = 1) =>
    graph.faults.add({
      method: 'GET',
      path: `/v1.0/users/${id}`,
      status: 429,
      retryAfterSeconds,
      times,
    });

  /** Reads of Priya and of Omar, in that order. */
  const twoReads = () => {
    const priya = userId('priya@example.com');
    const omar = userId('omar@example.com');
    const items = [
      read('priya', `/users/${priya}`),
      read('omar', `/users/${omar}`),
    ];
    return { priya, omar, items };
  };
  /** Runs the engine over `items` and says how long it took. */
  const timed = async (
    items: BatchItem[],
    options: { rounds?: number; maxWaitMs?: number } = {},
  ) => {
    const started = Date.now();
    const run = await runBatch(items, { send, settle: refuse, ...options });
    return { run, ms: Date.now() - started };
  };

  beforeAll(async () => {
    graph = await startGraphEmulator({ port: 0, seed: 'demo' });
  });
  afterAll(() => graph.close());
  // A fresh seed issues tokens anew, so each test signs in with a client of its own.
  beforeEach(() => {
    graph.seed('demo');
    ({ client } = createGraphClient({
      id: 'entra',
      tenantId: 'acme-demo-tenant',
      clientId: 'access-governance-demo',
      clientSecret: 'demo-entra-secret',
      authorityHost: graph.authorityHost,
      graphBaseUrl: graph.baseUrl,
      caPem: graph.caPem,
    }));
  });

  it('sends at most 20 requests per $batch and gives each answer with the URL it was sent to', async () => {
    const priya = userId('priya@example.com');
    const url = `/users/${priya}?$select=id,mail`;
    const items = Array.from({ length: 45 }, (_, i) => read(`r${i}`, url));
    const posts = count('POST', '/v1.0/$batch');

    const run = await runBatch(items, { send, settle: refuse });

    expect(posts()).toBe(3);
    expect(run.unfinished).toEqual([]);
    expect(run.retryAfterMs).toBeUndefined();
    expect([...run.answers.keys()]).toEqual(items.map(item => item.id));
    const answer = run.answers.get('r44')!;
    expect(answer.item).toBe(items[44]);
    expect(answer.url).toBe(url);
    expect(answer.body).toMatchObject({ id: priya, mail: 'priya@example.com' });
  });

  it('leaves out what Graph answers 404 for, without sending it again', async () => {
    const ada = userId('ada@example.com');
    const missing = '00000000-0000-0000-0000-000000000000';
    const unknownReads = count('GET', `/v1.0/users/${missing}`);

    const run = await runBatch(
      [
        read('user', `/users/${ada}`),
        read('manager', `/users/${ada}/manager`),
        read('unknown', `/users/${missing}`),
      ],
      { send, settle: refuse },
    );

    expect([...run.answers.keys()]).toEqual(['user']);
    expect(run.unfinished).toEqual([]);
    expect(unknownReads()).toBe(1);
  });

  it('sends again only the throttled sub-request, after its Retry-After', async () => {
    const { priya, omar, items } = twoReads();
    throttle(priya, 1);
    const priyaReads = count('GET', `/v1.0/users/${priya}`);
    const omarReads = count('GET', `/v1.0/users/${omar}`);
    const posts = count('POST', '/v1.0/$batch');

    const { run, ms } = await timed(items);

    expect(ms).toBeGreaterThanOrEqual(900);
    expect(run.answers.get('priya')?.body).toMatchObject({ id: priya });
    expect(run.answers.get('omar')?.body).toMatchObject({ id: omar });
    expect(posts()).toBe(2);
    // The first read of Priya was the throttled one; the second round held only hers.
    expect(priyaReads()).toBe(1);
    expect(omarReads()).toBe(1);
  });

  it('waits the longest Retry-After of a round, but no longer than maxWaitMs', async () => {
    const { priya, omar, items } = twoReads();

    throttle(priya, 2);
    throttle(omar, 1);
    const longest = await timed(items);
    expect(longest.ms).toBeGreaterThanOrEqual(1900);
    expect(longest.run.answers.size).toBe(2);

    throttle(priya, 30);
    const capped = await timed(items, { maxWaitMs: 100 });
    expect(capped.ms).toBeLessThan(5000);
    expect(capped.run.answers.size).toBe(2);
  });

  it('sends a 503 or 504 again, after 1 s when Graph gives no Retry-After', async () => {
    const { priya, omar, items } = twoReads();
    graph.faults.add({ path: `/v1.0/users/${priya}`, status: 503, times: 1 });
    graph.faults.add({ path: `/v1.0/users/${omar}`, status: 504, times: 1 });

    const { run, ms } = await timed(items);

    expect(ms).toBeGreaterThanOrEqual(900);
    expect(run.answers.size).toBe(2);
  });

  it('gives up after the last round, naming the unfinished reads and the wait asked for', async () => {
    const { priya, items } = twoReads();
    throttle(priya, 1, 10);
    const posts = count('POST', '/v1.0/$batch');

    const { run } = await timed(items, { rounds: 2, maxWaitMs: 50 });

    expect(posts()).toBe(2);
    expect(run.unfinished).toEqual([items[0]]);
    expect(run.retryAfterMs).toBe(1000);
    expect([...run.answers.keys()]).toEqual(['omar']);
  });

  it('lets settle send a read again with a new URL, at once', async () => {
    graph.state.settings.premium = false;
    const priya = userId('priya@example.com');
    let withSignIn = true;
    const item: BatchItem = {
      id: 'priya',
      url: () =>
        `/users/${priya}?$select=id,jobTitle${withSignIn ? ',signInActivity' : ''}`,
    };
    const settled: Array<{ status: number; code?: string }> = [];

    const started = Date.now();
    const run = await runBatch([item], {
      send,
      settle: (_, response) => {
        settled.push({
          status: response.status,
          code: batchError(response)?.code,
        });
        withSignIn = false;
        return { kind: 'again', waitMs: 0 };
      },
    });

    expect(Date.now() - started).toBeLessThan(900);
    expect(settled).toEqual([{ status: 403, code: UNLICENSED_CODE }]);
    expect(run.answers.get('priya')).toMatchObject({
      url: `/users/${priya}?$select=id,jobTitle`,
      body: { jobTitle: 'Software Engineer' },
    });
  });

  it('fails when settle refuses an answer, and when Graph fails the whole $batch', async () => {
    const priya = userId('priya@example.com');
    const items = [read('priya', `/users/${priya}`)];

    graph.faults.add({ path: `/v1.0/users/${priya}`, status: 403, times: 1 });
    await expect(runBatch(items, { send, settle: refuse })).rejects.toThrow(
      'unexpected answer to priya: 403',
    );

    graph.faults.add({ path: `/v1.0/users/${priya}`, drop: true, times: 1 });
    const whole = await runBatch(items, { send, settle: refuse }).catch(e => e);
    expect(whole).toBeInstanceOf(GraphError);
    expect(whole.statusCode).toBe(500);
  });
});
