import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  demoSeed,
  Emulators,
  Seed,
  startEmulators,
} from '@accessgov/emulators';
import { Knex } from 'knex';
import { entities } from '../__testUtils__/fixtures';
import { inspect, startAccessBackend, waitFor } from '../__testUtils__/harness';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const BULK = 2000;
const DAY = 86_400_000;

/** The demo company, plus a group of 2,000 people that nobody requested. */
function seedWithBulkGroup(): Seed {
  const bulk = Array.from({ length: BULK }, (_, i) => ({
    email: `temp.worker.${i}@example.com`,
    firstName: 'Temp',
    lastName: `Worker ${i}`,
    title: 'Temporary worker',
    department: 'Operations',
    lastLogin: { daysAgo: i % 90 },
    directories: ['okta' as const],
  }));
  return {
    ...demoSeed,
    people: [...demoSeed.people, ...bulk],
    okta: {
      ...demoSeed.okta,
      groups: [
        ...(demoSeed.okta?.groups ?? []),
        { name: 'Ledger-Clerks', members: bulk.map(p => p.email) },
      ],
    },
  };
}

const ledger: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'ledger', namespace: 'default', title: 'Ledger' },
  spec: {
    type: 'saas',
    owner: 'group:default/revops',
    access: {
      provider: 'okta',
      reclaim: { inactiveAfter: 'P30D', gracePeriod: 'P7D' },
      roles: [
        {
          id: 'clerk',
          groups: ['Ledger-Clerks'],
          risk: 'low',
          approval: 'auto',
        },
        { id: 'ap', groups: ['NetSuite-AP'], risk: 'low', approval: 'auto' },
        {
          id: 'controller',
          groups: ['NetSuite-Controller'],
          risk: 'low',
          approval: 'auto',
          reclaim: false,
        },
      ],
    },
  },
};

describe.each(databases.eachSupportedId())(
  'access reviews and inactivity reclaim, %p',
  databaseId => {
    let emulators: Emulators;
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startAccessBackend>>;
    const look = () => inspect(emulators);

    const granted = async (user: string, entityRef: string, roleId: string) => {
      const created = await backend.post('/requests', user, {
        entityRef,
        roleId,
        justification: `${roleId} work`,
      });
      expect(created.status).toBe(201);
      return waitFor(`${user}'s ${roleId} grant`, async () => {
        const body = (await backend.get(`/requests/${created.body.id}`, user))
          .body;
        return body.status === 'granted' && body.jiraKey && body;
      });
    };

    const setLastLogin = (email: string, daysAgo: number) => {
      const user = Object.values(emulators.okta.state.users).find(
        u => u.profile.login === email,
      )!;
      user.lastLogin = new Date(Date.now() - daysAgo * DAY).toISOString();
    };

    beforeAll(async () => {
      emulators = await startEmulators({ seed: seedWithBulkGroup() });
      knex = await databases.init(databaseId);
      backend = await startAccessBackend({
        emulators,
        knex,
        entities: [...entities, ledger],
      });
    });

    afterAll(async () => {
      await backend?.stop();
      await emulators?.close();
    });

    it('reviews salesforce: live IdP members joined with grants, drift flagged, revoke enforced, default decision on completion', async () => {
      await granted('priya', 'component:default/salesforce', 'viewer');
      const lenaRequest = await backend.post('/requests', 'lena', {
        entityRef: 'component:default/salesforce',
        roleId: 'standard',
        justification: 'Forecasts',
      });
      await backend.post(`/requests/${lenaRequest.body.id}/approve`, 'omar', {
        comment: 'ok',
      });
      await waitFor(
        'lena granted',
        async () =>
          (await backend.get(`/requests/${lenaRequest.body.id}`, 'lena')).body
            .status === 'granted',
      );

      expect(
        (
          await backend.post('/reviews', 'priya', {
            entityRef: 'component:default/salesforce',
          })
        ).status,
      ).toBe(403);
      const created = await backend.post('/reviews', 'omar', {
        entityRef: 'component:default/salesforce',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        status: 'open',
        overdue: false,
        progress: { decided: 0 },
      });
      expect(
        (
          await backend.post('/reviews', 'omar', {
            entityRef: 'component:default/salesforce',
          })
        ).status,
      ).toBe(409);

      const review = (await backend.get(`/reviews/${created.body.id}`, 'omar'))
        .body;
      const byEmail = (email: string) =>
        review.items.find((i: any) => i.user.email === email);
      const chris = byEmail('chris.contractor@example.com');
      expect(chris).toMatchObject({
        grantId: null,
        roleId: 'standard',
        groups: ['SF-Standard'],
        recommendation: 'revoke',
        reason: expect.stringMatching(/^No request on record/),
        user: {
          ref: null,
          title: 'Contractor',
          department: 'Revenue Operations',
          manager: 'Omar Haddad',
        },
      });
      expect(chris.user.lastLoginAt).toBeTruthy();
      const priya = byEmail('priya@example.com');
      expect(priya).toMatchObject({
        roleId: 'viewer',
        grantId: expect.any(String),
        recommendation: 'keep',
        user: {
          ref: 'user:default/priya',
          title: 'Software Engineer',
          manager: 'Marco Rossi',
        },
        request: { justification: 'viewer work' },
      });
      expect(priya.jiraKey).toMatch(/^ACCESS-\d+$/);
      const lena = byEmail('lena@example.com');
      expect(lena.request.approvedBy).toEqual(['user:default/omar']);

      const own = await backend.post(
        `/reviews/${review.id}/decisions`,
        'lena',
        { decisions: [{ itemId: lena.id, decision: 'keep' }] },
      );
      expect(own.status).toBe(403);
      const bad = await backend.post(
        `/reviews/${review.id}/decisions`,
        'omar',
        { decisions: [{ itemId: chris.id, decision: 'maybe' }] },
      );
      expect(bad.status).toBe(400);
      const unknown = await backend.post(
        `/reviews/${review.id}/decisions`,
        'omar',
        { decisions: [{ itemId: 'nope', decision: 'keep' }] },
      );
      expect(unknown.status).toBe(400);

      const decided = await backend.post(
        `/reviews/${review.id}/decisions`,
        'omar',
        {
          decisions: [
            { itemId: chris.id, decision: 'revoke', comment: 'Contract ended' },
            { itemId: priya.id, decision: 'keep' },
          ],
        },
      );
      expect(decided.status).toBe(200);
      expect(decided.body.progress).toMatchObject({
        decided: 2,
        revoke: 1,
        keep: 1,
      });
      await waitFor(
        'chris removed from SF-Standard',
        async () =>
          !look()
            .oktaMembers('SF-Standard')
            .includes('chris.contractor@example.com'),
      );
      expect(look().oktaMembers('SF-Standard')).toContain('lena@example.com');

      const completed = await backend.post(
        `/reviews/${review.id}/complete`,
        'omar',
      );
      expect(completed.status).toBe(200);
      expect(completed.body.status).toBe('completed');
      const lenaAfter = completed.body.items.find((i: any) => i.id === lena.id);
      expect(lenaAfter).toMatchObject({
        decision: 'keep',
        decidedBy: 'system:default-decision',
      });
      expect(
        (
          await backend.post(`/reviews/${review.id}/decisions`, 'omar', {
            decisions: [{ itemId: priya.id, decision: 'revoke' }],
          })
        ).status,
      ).toBe(409);

      const key = await waitFor(
        'the campaign record',
        async () =>
          (await backend.get(`/reviews/${review.id}`, 'omar')).body.jiraKey,
      );
      await waitFor(
        'the summary and the evidence on the campaign issue',
        async () => {
          const text = look().jiraText(key);
          return (
            /Review completed by Omar Haddad/.test(text) &&
            /1 revoked/.test(text) &&
            /Removed .*chris.contractor@example.com/.test(text)
          );
        },
      );
      await waitFor(
        'the campaign issue to be done',
        async () =>
          emulators.jira.statusOf(look().jiraIssue(key)).name === 'Done',
      );
      await waitFor(
        'the campaign property to read completed',
        async () =>
          (look().jiraIssue(key).properties.accessGovernance as any)?.status ===
          'completed',
      );

      const csv = await backend.get(`/reviews/${review.id}?format=csv`, 'omar');
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.text).toContain('chris.contractor@example.com');
      expect(csv.text.split('\r\n')[0]).toMatch(
        /^user,email,displayName,title,department,manager,lastLoginAt,roleId/,
      );

      const listed = (
        await backend.get(
          '/reviews?entityRef=component:default/salesforce',
          'omar',
        )
      ).body.items;
      expect(listed).toEqual([
        expect.objectContaining({
          id: review.id,
          status: 'completed',
          progress: expect.objectContaining({
            decided: review.items.length,
            total: review.items.length,
          }),
        }),
      ]);
      expect(listed[0].items).toBeUndefined();
    });

    it('reads a 2,000-member group page by page into the campaign', async () => {
      const created = await backend.post('/reviews', 'omar', {
        entityRef: 'component:default/ledger',
      });
      expect(created.status).toBe(201);
      const first = (await backend.get(`/reviews/${created.body.id}`, 'omar'))
        .body;
      // The campaign answers with its first page; the rest follow by cursor.
      expect(first.items).toHaveLength(100);
      expect(first.itemsNextCursor).toEqual(expect.any(String));
      const items: any[] = [];
      let cursor: string | null = null;
      do {
        const page: any = (
          await backend.get(
            `/reviews/${created.body.id}/items?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
            'omar',
          )
        ).body;
        expect(page.total).toBe(first.progress.total);
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(items.slice(0, 100)).toEqual(first.items);
      const review = { ...first, items };
      expect(review.items).toHaveLength(first.progress.total);
      const clerks = review.items.filter((i: any) => i.roleId === 'clerk');
      expect(clerks).toHaveLength(BULK);
      expect(new Set(clerks.map((i: any) => i.user.email)).size).toBe(BULK);
      expect(
        clerks.every(
          (i: any) => i.grantId === null && i.recommendation === 'revoke',
        ),
      ).toBe(true);
      const id = created.body.id;
      const items$ = async (query: string) =>
        (await backend.get(`/reviews/${id}/items?${query}`, 'omar')).body;

      // Filters, search and sorts run on the server, counted there.
      const revoke = await items$('recommendation=revoke&limit=1');
      expect(revoke.total).toBe(
        items.filter(i => i.recommendation === 'revoke').length,
      );
      expect(first.recommended).toEqual({
        revoke: revoke.total,
        keep: first.progress.total - revoke.total,
      });
      // Temp Worker 17, 170-179 and 1700-1799
      const found = await items$('q=WORKER%2017&limit=1000');
      expect(found.total).toBe(111);
      expect(
        found.items.every((i: any) =>
          i.user.displayName.startsWith('Temp Worker 17'),
        ),
      ).toBe(true);
      const byName = await items$('sort=name&q=worker%2017&limit=20');
      const names = byName.items.map((i: any) => i.user.displayName);
      expect(names).toEqual(
        [...names].sort((a: string, b: string) =>
          a.toLowerCase().localeCompare(b.toLowerCase()),
        ),
      );
      const byRecommendation = await items$('sort=recommendation&limit=1000');
      expect(byRecommendation.items[0].recommendation).toBe('revoke');
      for (const bad of ['sort=age', 'decision=maybe', 'limit=0']) {
        const res = await backend.get(`/reviews/${id}/items?${bad}`, 'omar');
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(
          new RegExp(`^${bad.split('=')[0]}: `),
        );
      }

      // One decision on every item matching a filter, done on the server.
      const kept = await backend.post(`/reviews/${id}/decisions`, 'omar', {
        filter: { q: 'worker 17' },
        decision: 'keep',
        comment: 'Seasonal staff',
      });
      expect(kept.status).toBe(200);
      expect(kept.body.progress).toMatchObject({ decided: 111, keep: 111 });
      expect(kept.body.items).toHaveLength(100);
      expect((await items$('decision=keep&limit=1')).total).toBe(111);
      expect((await items$('decision=undecided&limit=1')).total).toBe(
        first.progress.total - 111,
      );

      const completed = await backend.post(
        `/reviews/${created.body.id}/complete`,
        'omar',
      );
      expect(completed.body.progress).toMatchObject({
        decided: review.items.length,
        keep: review.items.length,
      });
    });

    it('reclaims unused access: warning, grace, then revocation with evidence', async () => {
      const grant = await granted('priya', 'component:default/ledger', 'ap');
      setLastLogin('priya@example.com', 40);
      await backend.runTask('access-governance-inactivity');
      const warned = await knex('access_grants')
        .where({ id: grant.grantId })
        .first();
      expect(warned.reclaim_warned_at).toBeTruthy();
      await waitFor('the warning notification', async () =>
        backend.sent.some(n =>
          n.payload.title.startsWith('Unused access will be revoked: ap'),
        ),
      );
      await waitFor('the warning in Jira', async () =>
        /Inactivity reclaim warning/.test(look().jiraText(grant.jiraKey)),
      );

      // Still within the grace period: nothing changes.
      await backend.runTask('access-governance-inactivity');
      expect(look().oktaMembers('NetSuite-AP')).toContain('priya@example.com');

      await knex('access_grants')
        .where({ id: grant.grantId })
        .update({ reclaim_warned_at: new Date(Date.now() - 8 * DAY) });
      await backend.runTask('access-governance-inactivity');
      await waitFor(
        'the reclaim removal',
        async () =>
          !look().oktaMembers('NetSuite-AP').includes('priya@example.com'),
      );
      // Revoked once Okta accepted the removal.
      const ended = await waitFor('the grant revoked', async () => {
        const items = (
          await backend.get(
            '/grants?user=me&status=revoked&entityRef=component:default/ledger',
            'priya',
          )
        ).body.items;
        return items.length > 0 && items;
      });
      expect(ended).toEqual([
        expect.objectContaining({
          id: grant.grantId,
          endReason: expect.stringMatching(/reclaimed for inactivity/),
        }),
      ]);
    });

    it('cancels the reclaim when the holder signs in during the grace period; exempt roles are left alone', async () => {
      const grant = await granted('marco', 'component:default/ledger', 'ap');
      const exempt = await granted(
        'marco',
        'component:default/ledger',
        'controller',
      );
      setLastLogin('marco@example.com', 45);
      await backend.runTask('access-governance-inactivity');
      expect(
        (await knex('access_grants').where({ id: grant.grantId }).first())
          .reclaim_warned_at,
      ).toBeTruthy();
      expect(
        (await knex('access_grants').where({ id: exempt.grantId }).first())
          .reclaim_warned_at,
      ).toBeFalsy();

      setLastLogin('marco@example.com', 0);
      await backend.runTask('access-governance-inactivity');
      const after = await knex('access_grants')
        .where({ id: grant.grantId })
        .first();
      expect(after.reclaim_warned_at).toBeFalsy();
      expect(after.status).toBe('active');
      await waitFor('the cancellation in Jira', async () =>
        /Inactivity reclaim cancelled/.test(look().jiraText(grant.jiraKey)),
      );
      expect(look().oktaMembers('NetSuite-AP')).toContain('marco@example.com');
    });
  },
);
