import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { Knex } from 'knex';
import { startAccessBackend } from '../__testUtils__/harness';
import { userRef } from '../__testUtils__/fixtures';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const APP = 'component:default/salesforce';
const T0 = Date.parse('2026-06-01T00:00:00Z');
const REQUESTS = 230;
const GRANTS = 170;
const EVENTS = 260;

const owner = {
  type: 'owner' as const,
  label: 'App approvers (group:default/revops)',
  approvers: ['group:default/revops'],
};
const security = {
  type: 'entity' as const,
  label: 'group:default/security',
  approvers: ['Group:default/Security'],
};

describe.each(databases.eachSupportedId())('paged lists, %p', databaseId => {
  let emulators: Emulators;
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startAccessBackend>>;

  /** Follows `nextCursor` to the end, answering every item and the first total. */
  async function walk(path: string, user: string) {
    const items: any[] = [];
    const totals: (number | undefined)[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res = await backend.get(
        `${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`,
        user,
      );
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      totals.push(res.body.total);
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 500);
    return { items, total: totals[0], pages };
  }

  // Who made each seeded request, its status and stage, newest first.
  const seeded: {
    id: string;
    requester: string;
    status: string;
    stage: number | null;
  }[] = [];

  let store: DatabaseAccessStore;

  beforeAll(async () => {
    emulators = await startEmulators({ seed: 'demo' });
    knex = await databases.init(databaseId);
    backend = await startAccessBackend({ emulators, knex });
    store = new DatabaseAccessStore(knex);
    const requesters = ['priya', 'marco', 'omar'];
    await store.transaction(async tx => {
      for (let i = 0; i < REQUESTS; i++) {
        // Three requests share each instant: the cursor must break ties by id.
        const at = new Date(T0 + Math.floor(i / 3) * 60_000);
        const status = i % 4 === 3 ? 'granted' : 'pending';
        const stage = status === 'pending' ? i % 2 : null;
        const request = {
          id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          entityRef: APP,
          // One open request per person and role: each seeded one is of a role of its own.
          roleId: `role-${i}`,
          requester: userRef(requesters[i % 3]),
          justification: `Seeded ${i}`,
          duration: 'PT1H',
          status: status as 'pending' | 'granted',
          provider: 'okta',
          groups: ['SF-Admin'],
          stages: [owner, security],
          currentStage: stage,
          jiraKey: null,
          grantId: null,
          failure: null,
          createdAt: at,
          updatedAt: at,
        };
        await store.insertRequest(tx, request);
        seeded.push({
          id: request.id,
          requester: request.requester,
          status,
          stage,
        });
      }
      for (let i = 0; i < GRANTS; i++) {
        const at = new Date(T0 + Math.floor(i / 2) * 60_000);
        await store.insertGrant(tx, {
          id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          entityRef: APP,
          roleId: `viewer-${i}`,
          user: userRef(i % 2 ? 'priya' : 'marco'),
          groups: ['SF-Viewer'],
          provider: 'okta',
          requestId: null,
          jiraKey: null,
          status: 'active',
          grantedAt: at,
          expiresAt: null,
          endedAt: null,
          endReason: null,
          endKind: null,
          removal: null,
          remindedAt: null,
          reclaimWarnedAt: null,
        });
      }
      for (let i = 0; i < EVENTS; i++) {
        await store.appendAudit(
          tx,
          {
            entityRef: APP,
            type: 'seeded',
            actor: userRef('ada'),
            requestId: null,
            grantId: null,
            details: { n: i, text: 'a, "quoted"\nline' },
            createdAt: new Date(T0 + Math.floor(i / 4) * 1000),
          },
          new Date(),
        );
      }
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await emulators?.close();
  });

  const order = (ids: { id: string; createdAt: string }[]) =>
    [...ids].sort(
      (a, b) =>
        Date.parse(b.createdAt) - Date.parse(a.createdAt) ||
        a.id.localeCompare(b.id),
    );

  it('walks my requests page by page: every request once, newest first, with the total', async () => {
    const mine = seeded.filter(r => r.requester === userRef('priya'));
    const { items, total, pages } = await walk(
      '/requests?requester=me&limit=7',
      'priya',
    );
    expect(total).toBe(mine.length);
    expect(pages).toBe(Math.ceil(mine.length / 7));
    expect(items.map(i => i.id).sort()).toEqual(mine.map(r => r.id).sort());
    expect(new Set(items.map(i => i.id)).size).toBe(items.length);
    expect(items.map(i => i.id)).toEqual(order(items).map(i => i.id));
  });

  it('keeps the first results for callers that pass no cursor', async () => {
    const first = await backend.get('/requests?requester=me', 'priya');
    const walked = await walk('/requests?requester=me&limit=5', 'priya');
    expect(first.body.items.map((i: any) => i.id)).toEqual(
      walked.items.slice(0, first.body.items.length).map(i => i.id),
    );
  });

  it("holds every request waiting on the approver, chosen in SQL, and none of the approver's own", async () => {
    // Omar is in revops: stage 0 waits on him; stage 1 waits on security; his own never count.
    const waiting = seeded.filter(
      r =>
        r.status === 'pending' &&
        r.stage === 0 &&
        r.requester !== userRef('omar'),
    );
    const { items, total } = await walk(
      '/requests?approver=me&limit=9',
      'omar',
    );
    expect(total).toBe(waiting.length);
    expect(items.map(i => i.id).sort()).toEqual(waiting.map(r => r.id).sort());

    // Sam is in security, which the stage names in another case.
    const atSecurity = seeded.filter(
      r => r.status === 'pending' && r.stage === 1,
    );
    const sam = await walk('/requests?approver=me&limit=50', 'sam');
    expect(sam.total).toBe(atSecurity.length);
    expect(sam.items.map(i => i.id).sort()).toEqual(
      atSecurity.map(r => r.id).sort(),
    );
  });

  it('walks the grants of an app, and filters by status', async () => {
    const { items, total } = await walk(
      `/grants?entityRef=${APP}&limit=40`,
      'omar',
    );
    expect(total).toBe(GRANTS);
    expect(new Set(items.map(i => i.id)).size).toBe(GRANTS);
    const none = await backend.get(
      `/grants?entityRef=${APP}&status=revoked`,
      'omar',
    );
    expect(none.body).toEqual({ items: [], nextCursor: null, total: 0 });
    const mine = await walk('/grants?user=me&limit=30', 'priya');
    expect(mine.total).toBe(GRANTS / 2);
    expect(mine.items.every(g => g.user === userRef('priya'))).toBe(true);
  });

  it('pages the audit trail of a period and streams it as CSV and NDJSON', async () => {
    const { items, total } = await walk(
      `/audit?entityRef=${APP}&limit=100`,
      'omar',
    );
    const seededEvents = items.filter(e => e.type === 'seeded');
    expect(seededEvents.map(e => e.details.n)).toEqual(
      Array.from({ length: EVENTS }, (_, i) => i),
    );
    expect(total).toBe(items.length);

    const from = new Date(T0 + 10_000).toISOString();
    const to = new Date(T0 + 19_999).toISOString();
    const period = await walk(
      `/audit?entityRef=${APP}&from=${from}&to=${to}&limit=6`,
      'omar',
    );
    expect(period.total).toBe(40);
    expect(period.items.map(e => e.details.n)).toEqual(
      Array.from({ length: 40 }, (_, i) => 40 + i),
    );

    const ndjson = await backend
      .get(`/audit?entityRef=${APP}&format=ndjson`, 'omar')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
        });
        res.on('end', () => done(null, text));
      });
    expect(ndjson.status).toBe(200);
    expect(ndjson.headers['content-type']).toMatch(/ndjson/);
    const lines = (ndjson.body as string).trimEnd().split('\n');
    expect(lines.map(l => JSON.parse(l).id)).toEqual(items.map(e => e.id));

    const csv = await backend.get(`/audit?entityRef=${APP}&format=csv`, 'omar');
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')[0]).toBe(
      'createdAt,type,actor,entityRef,requestId,grantId,details',
    );
    // One header, one line per event (the quoted newline stays inside its cell), a last CRLF.
    expect(csv.text.match(/\r\n/g)!.length).toBe(items.length + 1);

    const denied = await backend.get(
      `/audit?entityRef=${APP}&format=ndjson`,
      'priya',
    );
    expect(denied.status).toBe(403);
  });

  it('stops counting a long audit trail past the bound it is asked for', async () => {
    const all = await store.countAudit({ entityRef: APP });
    expect(all).toBeGreaterThanOrEqual(EVENTS);
    expect(await store.countAudit({ entityRef: APP }, all)).toBe(all);
    expect(await store.countAudit({ entityRef: APP }, 10)).toBe(11);
    const from = new Date(T0 + 10_000);
    const to = new Date(T0 + 19_999);
    expect(await store.countAudit({ entityRef: APP, from, to }, 39)).toBe(40);
    expect(await store.countAudit({ entityRef: APP, from, to }, 40)).toBe(40);
  });

  it('refuses a bad limit or cursor with a 400 naming the field', async () => {
    for (const limit of ['0', '1001', 'ten', '2.5', '-1']) {
      const res = await backend.get(`/requests?limit=${limit}`, 'priya');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^limit: /);
    }
    for (const path of ['/requests', '/grants', '/reviews', '/jobs']) {
      const res = await backend.get(`${path}?cursor=not-a-cursor`, 'ada');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^cursor: /);
    }
    // A cursor of one list is no cursor of another.
    const grants = await backend.get(
      `/grants?entityRef=${APP}&limit=1`,
      'omar',
    );
    const res = await backend.get(
      `/requests?cursor=${encodeURIComponent(grants.body.nextCursor)}`,
      'omar',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^cursor: /);
    const audit = await backend.get(`/audit?entityRef=${APP}&cursor=x`, 'omar');
    expect(audit.status).toBe(400);
  });

  it('pages jobs for administrators', async () => {
    const res = await backend.get('/jobs?limit=1000', 'ada');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: expect.any(Array), nextCursor: null });
  });
});
