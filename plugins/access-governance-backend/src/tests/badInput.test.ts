import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { Knex } from 'knex';
import request from 'supertest';
import { startAccessBackend, waitFor } from '../__testUtils__/harness';

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

interface Case {
  method: 'get' | 'post';
  path: string;
  user: string;
  body?: unknown;
}

const NUL = '\u0000';
const cursor = (...parts: unknown[]) =>
  encodeURIComponent(Buffer.from(JSON.stringify(parts)).toString('base64url'));
const FAR_PAST = '-271821-04-20T00:00:00.000Z';
const FAR_FUTURE = '+275760-09-13T00:00:00.000Z';

/** Every route with ids, bodies and queries no database stores or reads. */
function cases(ids: {
  request: string;
  grant: string;
  review: string;
  item: string;
  job: string;
}): Case[] {
  const all: Case[] = [];
  const badIds = [
    'abc',
    '%00',
    `${ids.request}%00`,
    '%00abc',
    'x'.repeat(300),
    '%01',
    '-1',
    '99999999999999999999',
    "'%20or%201=1--",
  ];
  const idRoutes: Array<[Case['method'], string, string]> = [
    ['get', '/requests/:id', 'omar'],
    ['get', '/requests/:id/history', 'omar'],
    ['post', '/requests/:id/approve', 'omar'],
    ['post', '/requests/:id/reject', 'omar'],
    ['post', '/requests/:id/cancel', 'priya'],
    ['post', '/requests/:id/fulfil', 'omar'],
    ['post', '/requests/:id/retry', 'ada'],
    ['post', '/grants/:id/revoke', 'ada'],
    ['post', '/grants/:id/confirm-removal', 'ada'],
    ['get', '/reviews/:id', 'omar'],
    ['get', '/reviews/:id/items', 'omar'],
    ['post', '/reviews/:id/decisions', 'omar'],
    ['post', '/reviews/:id/complete', 'omar'],
    ['post', '/jobs/:id/retry', 'ada'],
  ];
  for (const [method, route, user] of idRoutes) {
    for (const id of [...badIds, '1.5', '0', '%201']) {
      all.push({
        method,
        path: route.replace(':id', id),
        user,
        body: route.endsWith('reject') ? { comment: 'No' } : {},
      });
    }
  }
  for (const path of [
    `/apps/${NUL}/component/salesforce`,
    '/apps/default/component/%00',
    '/apps/default/%00/salesforce',
    `/apps/default/component/${'x'.repeat(300)}`,
  ]) {
    all.push({ method: 'get', path: path.replace(NUL, '%00'), user: 'priya' });
  }

  const asked = {
    entityRef: 'component:default/salesforce',
    roleId: 'standard',
    justification: 'Pipeline review',
  };
  const requestBodies: unknown[] = [
    { ...asked, justification: NUL },
    { ...asked, justification: `fine${NUL}` },
    { ...asked, entityRef: `component:default/salesforce${NUL}` },
    { ...asked, roleId: `standard${NUL}` },
    { ...asked, duration: `PT1H${NUL}` },
    { ...asked, duration: 'P300000Y' },
    { ...asked, duration: 'P99999999999999999999Y' },
    { ...asked, justification: 12 },
    { ...asked, justification: ['a'] },
    { ...asked, entityRef: 'x'.repeat(300) },
    { ...asked, [`extra${NUL}`]: 1 },
    { ...asked, nested: { deep: [NUL] } },
  ];
  for (const body of requestBodies) {
    all.push({ method: 'post', path: '/requests', user: 'yuki', body });
  }
  const r = ids.request;
  for (const comment of [NUL, `ok${NUL}`, 5, ['x']]) {
    all.push({
      method: 'post',
      path: `/requests/${r}/approve`,
      user: 'omar',
      body: { comment },
    });
    all.push({
      method: 'post',
      path: `/requests/${r}/reject`,
      user: 'omar',
      body: { comment },
    });
    all.push({
      method: 'post',
      path: `/requests/${r}/fulfil`,
      user: 'omar',
      body: { comment },
    });
    all.push({
      method: 'post',
      path: `/grants/${ids.grant}/revoke`,
      user: 'priya',
      body: { reason: comment },
    });
    all.push({
      method: 'post',
      path: `/grants/${ids.grant}/revoke`,
      user: 'ada',
      body: { reason: comment },
    });
  }
  const rv = ids.review;
  for (const body of [
    { decisions: [{ itemId: ids.item, decision: 'keep', comment: NUL }] },
    { decisions: [{ itemId: `${ids.item}${NUL}`, decision: 'keep' }] },
    { decisions: [{ itemId: ids.item, decision: 'maybe' }] },
    { decisions: [] },
    { filter: { q: NUL }, decision: 'keep' },
    { filter: {}, decision: 'revoke', comment: `why${NUL}` },
  ]) {
    all.push({
      method: 'post',
      path: `/reviews/${rv}/decisions`,
      user: 'omar',
      body,
    });
  }
  for (const body of [
    { entityRef: `component:default/figma${NUL}` },
    { entityRef: 'component:default/figma', dueAt: FAR_PAST },
    { entityRef: 'component:default/figma', dueAt: FAR_FUTURE },
    { entityRef: 'component:default/figma', dueAt: 'tomorrow' },
    { entityRef: 'component:default/figma', dueAt: `2027-01-01${NUL}` },
  ]) {
    all.push({ method: 'post', path: '/reviews', user: 'ada', body });
  }

  const app = encodeURIComponent('component:default/salesforce');
  const queries: Array<[string, string]> = [
    ['/requests?entityRef=%00', 'omar'],
    ['/requests?requester=%00', 'omar'],
    ['/requests?status=%00', 'omar'],
    ['/requests?approver=%00', 'omar'],
    ['/requests?limit=%00', 'omar'],
    ['/requests?cursor=%00', 'omar'],
    [`/requests?cursor=${cursor('requests', 'abc', 'x')}`, 'omar'],
    [`/requests?cursor=${cursor('requests', 1e20, 'x')}`, 'omar'],
    [`/requests?cursor=${cursor('requests', 5, 5)}`, 'omar'],
    [`/requests?cursor=${cursor('requests', 5, `a${NUL}`)}`, 'omar'],
    [`/requests?approver=me&cursor=${cursor('requests', -9e15, 'x')}`, 'omar'],
    ['/grants?entityRef=%00', 'omar'],
    ['/grants?user=%00', 'omar'],
    [`/grants?cursor=${cursor('grants', 'x', 1)}`, 'omar'],
    [`/grants?user=me&cursor=${cursor('grants', 1e300, 'x')}`, 'priya'],
    ['/reviews?entityRef=%00', 'omar'],
    ['/reviews?reviewer=%00', 'omar'],
    [`/reviews?cursor=${cursor('reviews', 'x', 1)}`, 'omar'],
    [`/reviews/${rv}?format=%00`, 'omar'],
    [`/reviews/${rv}/items?q=%00`, 'omar'],
    [
      `/reviews/${rv}/items?cursor=${cursor('review-items:position', 'a', 1)}`,
      'omar',
    ],
    [
      `/reviews/${rv}/items?sort=name&cursor=${cursor('review-items:name', 5, 'x')}`,
      'omar',
    ],
    [
      `/reviews/${rv}/items?sort=name&cursor=${cursor('review-items:name', `a${NUL}`, 1)}`,
      'omar',
    ],
    [`/audit?entityRef=${app}&from=${FAR_PAST}`, 'omar'],
    [`/audit?entityRef=${app}&to=${encodeURIComponent(FAR_FUTURE)}`, 'omar'],
    [`/audit?entityRef=${app}&from=%00`, 'omar'],
    [`/audit?entityRef=${app}&format=csv&from=${FAR_PAST}`, 'omar'],
    [
      `/audit?entityRef=${app}&format=ndjson&to=${encodeURIComponent(FAR_FUTURE)}`,
      'omar',
    ],
    [`/audit?entityRef=${app}&cursor=${cursor('audit', 'x', 'y')}`, 'omar'],
    [`/audit?entityRef=${app}&cursor=${cursor('audit', -8.64e15, 1)}`, 'omar'],
    ['/audit?entityRef=%00', 'omar'],
    ['/jobs?status=%00', 'ada'],
    [`/jobs?cursor=${cursor('jobs', 0, 'abc')}`, 'ada'],
    [`/jobs?cursor=${cursor('jobs', 0, 1e30)}`, 'ada'],
  ];
  for (const [path, user] of queries) all.push({ method: 'get', path, user });
  return all;
}

/**
 * Bad input is a 400 (or 404 for an id that names nothing) on every route and every
 * database, never a 5xx, and changes nothing.
 */
describe.each(databases.eachSupportedId())('bad input, %p', databaseId => {
  let emulators: Emulators;
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startAccessBackend>>;

  const tables = async (): Promise<string[]> => {
    const rows =
      knex.client.config.client === 'pg'
        ? (
            await knex.raw(
              "select table_name as name from information_schema.tables where table_schema = current_schema() and table_name like 'access\\_%'",
            )
          ).rows
        : await knex.raw(
            "select name from sqlite_master where type = 'table' and name like 'access\\_%' escape '\\'",
          );
    return rows
      .map((r: { name: string }) => r.name)
      .filter((n: string) => !n.includes('knex'))
      .sort();
  };
  const state = async () => {
    const out: Record<string, string[]> = {};
    for (const table of await tables()) {
      out[table] = (await knex(table).select('*'))
        .map(row => JSON.stringify(row))
        .sort();
    }
    return JSON.stringify({
      db: out,
      jira: emulators.jira.state.issues,
      okta: Object.values(emulators.okta.state.groups).map(g => g.members),
    });
  };
  const idle = () =>
    waitFor('the job queue to be idle', async () => {
      const open = await knex('access_jobs')
        .whereIn('status', ['pending', 'running'])
        .count({ n: '*' });
      return Number(open[0].n) === 0;
    });

  beforeAll(async () => {
    emulators = await startEmulators({ seed: 'demo' });
    knex = await databases.init(databaseId);
    backend = await startAccessBackend({ emulators, knex });
  });

  afterAll(async () => {
    await backend?.stop();
    await emulators?.close();
  });

  it('answers every generated bad input with a 4xx and changes nothing', async () => {
    const ask = (user: string, roleId: string) =>
      backend.post('/requests', user, {
        entityRef: 'component:default/salesforce',
        roleId,
        justification: 'Pipeline review',
      });
    const pending = await ask('priya', 'standard');
    expect(pending.status).toBe(201);
    const viewer = await ask('priya', 'viewer');
    const granted = await waitFor('the grant', async () => {
      const res = await backend.get(`/requests/${viewer.body.id}`, 'priya');
      return res.body.grantId as string | undefined;
    });
    const review = await backend.post('/reviews', 'omar', {
      entityRef: 'component:default/salesforce',
    });
    expect(review.status).toBe(201);
    const items = await backend.get(`/reviews/${review.body.id}/items`, 'omar');
    await idle();
    const job = await knex('access_jobs').first('id');

    const all = cases({
      request: pending.body.id,
      grant: granted,
      review: review.body.id,
      item: items.body.items[0].id,
      job: String(job.id),
    });
    expect(all.length).toBeGreaterThan(200);
    const before = await state();
    const wrong: string[] = [];
    for (const c of all) {
      const call = request(backend.server)
        [c.method](backend.api(c.path))
        .set('Authorization', backend.as(c.user));
      const res =
        c.method === 'post' ? await call.send(c.body as object) : await call;
      const label = `${c.method.toUpperCase()} ${c.path.slice(0, 120)} ${JSON.stringify(c.body ?? '').slice(0, 120)}`;
      if (res.status < 400 || res.status >= 500) {
        wrong.push(
          `${res.status} ${label}: ${JSON.stringify(res.body).slice(0, 200)}`,
        );
      }
      if (res.status === 400 && !res.body?.error?.message) {
        wrong.push(`400 without a message: ${label}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await state()).toEqual(before);
  });

  it('names the field holding a NUL character', async () => {
    const res = await backend.post('/requests', 'yuki', {
      entityRef: 'component:default/salesforce',
      roleId: 'standard',
      justification: `Pipeline${NUL}review`,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'justification: must not contain a NUL character',
    );
    const job = await backend.post('/jobs/abc/retry', 'ada');
    expect(job.status).toBe(400);
    expect(job.body.error.message).toBe(
      'id: abc is not a job id (a whole number)',
    );
    const audit = await backend.get(
      `/audit?entityRef=component:default/salesforce&from=${FAR_PAST}`,
      'omar',
    );
    expect(audit.status).toBe(400);
    expect(audit.body.error.message).toBe(
      `from: ${FAR_PAST} is not a date in the years 0001 to 9999`,
    );
  });
});
