import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { Knex } from 'knex';
import { entities } from '../__testUtils__/fixtures';
import { inspect, startAccessBackend, waitFor } from '../__testUtils__/harness';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

function lab(
  name: string,
  owner: string,
  provider: string,
  roles: object[],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', title: name },
    spec: {
      type: 'saas',
      lifecycle: 'production',
      owner,
      access: { provider, roles },
    },
  } as Entity;
}

const labs: Entity[] = [
  lab('okta-lab', 'group:default/revops', 'okta', [
    {
      id: 'admin',
      groups: ['SF-Admin'],
      risk: 'high',
      approval: 'owner',
      duration: { options: ['PT1H', 'PT6H'], max: 'PT6H', permanent: false },
      breakGlass: { allowed: ['group:default/security'], max: 'PT2H' },
    },
    {
      id: 'standard',
      groups: ['SF-Standard'],
      risk: 'medium',
      approval: 'owner',
      duration: { max: 'PT24H', permanent: false, extend: 'auto' },
    },
  ]),
  lab('entra-lab', 'group:default/platform', 'entra', [
    {
      id: 'editor',
      groups: ['Figma-Editors'],
      risk: 'medium',
      approval: 'owner',
      duration: { max: 'PT4H', permanent: false },
      breakGlass: { allowed: ['group:default/security'], max: 'PT1H' },
    },
  ]),
];

const HOUR = 3_600_000;

describe.each(databases.eachSupportedId())(
  'extend, break glass and on behalf over HTTP, %p',
  databaseId => {
    let emulators: Emulators;
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startAccessBackend>>;

    const entraMembers = (name: string) => {
      const group = Object.values(emulators.graph.state.groups).find(
        (g: any) => g.displayName === name,
      ) as any;
      return group.members.map(
        (id: string) => (emulators.graph.state.users as any)[id].mail,
      );
    };
    const granted = (id: string, user: string) =>
      waitFor(`request ${id} granted`, async () => {
        const body = (await backend.get(`/requests/${id}`, user)).body;
        return body.status === 'granted' && body.grantId && body;
      });
    const jiraOf = (id: string, user: string) =>
      waitFor(
        `the record of ${id}`,
        async () => (await backend.get(`/requests/${id}`, user)).body.jiraKey,
      );
    const grantOf = async (grantId: string, user: string) =>
      (await backend.get('/grants?user=me', user)).body.items.find(
        (g: any) => g.id === grantId,
      );
    const auditTypes = async (entity: string) =>
      (
        await backend.get(`/audit?entityRef=${entity}&limit=1000`, 'ada')
      ).body.items.map((e: any) => e.type);

    /** Requests a role and has it approved by `approver`; answers the granted request. */
    async function grantedRequest(
      user: string,
      entityRef: string,
      roleId: string,
      duration: string,
      approver: string,
    ) {
      const created = await backend.post('/requests', user, {
        entityRef,
        roleId,
        duration,
        justification: 'Quarter close',
      });
      expect(created.status).toBe(201);
      expect(
        (await backend.post(`/requests/${created.body.id}/approve`, approver))
          .status,
      ).toBe(200);
      return granted(created.body.id, user);
    }

    beforeAll(async () => {
      emulators = await startEmulators({ seed: 'demo' });
      knex = await databases.init(databaseId);
      backend = await startAccessBackend({
        emulators,
        knex,
        entities: [...entities, ...labs],
        config: {
          accessGovernance: {
            breakGlass: {
              securityContacts: ['user:default/ada'],
              reviewWithin: 'PT4H',
            },
          },
        },
      });
    });

    afterAll(async () => {
      await backend?.stop();
      await emulators?.close();
    });

    it('extends an Okta grant through the approvers again, keeping the old end while pending', async () => {
      const original = await grantedRequest(
        'priya',
        'component:default/okta-lab',
        'admin',
        'PT1H',
        'omar',
      );
      const key = await jiraOf(original.id, 'priya');
      const before = await grantOf(original.grantId, 'priya');

      expect(
        (
          await backend.post(`/grants/${original.grantId}/extend`, 'omar', {
            duration: 'PT1H',
            justification: 'x',
          })
        ).status,
      ).toBe(403);
      const tooLong = await backend.post(
        `/grants/${original.grantId}/extend`,
        'priya',
        { duration: 'PT12H', justification: 'More' },
      );
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.error.message).toMatch(/^duration: /);
      expect(
        (
          await backend.post(`/grants/${original.grantId}/extend`, 'priya', {
            duration: 'PT1H',
          })
        ).status,
      ).toBe(400);

      const asked = await backend.post(
        `/grants/${original.grantId}/extend`,
        'priya',
        {
          duration: 'PT1H',
          justification: 'The migration runs late',
        },
      );
      expect(asked.status).toBe(202);
      expect(asked.body.request).toMatchObject({
        status: 'pending',
        requester: 'user:default/priya',
        extension: {
          grantId: original.grantId,
          originalRequestId: original.id,
          fromExpiresAt: before.expiresAt,
        },
      });
      expect(
        Date.parse(asked.body.request.extension.toExpiresAt) -
          Date.parse(before.expiresAt),
      ).toBe(HOUR);
      expect((await grantOf(original.grantId, 'priya')).expiresAt).toBe(
        before.expiresAt,
      );
      expect(
        (
          await backend.post(`/grants/${original.grantId}/extend`, 'priya', {
            duration: 'PT1H',
            justification: 'again',
          })
        ).status,
      ).toBe(409);

      const inbox = (await backend.get('/requests?approver=me', 'omar')).body
        .items;
      expect(
        inbox.find((r: any) => r.id === asked.body.request.id)?.extension
          ?.grantId,
      ).toBe(original.grantId);
      expect(
        (
          await backend.post(
            `/requests/${asked.body.request.id}/approve`,
            'priya',
          )
        ).status,
      ).toBe(403);

      expect(
        (
          await backend.post(
            `/requests/${asked.body.request.id}/approve`,
            'omar',
            { comment: 'ok' },
          )
        ).status,
      ).toBe(200);
      const after = await grantOf(original.grantId, 'priya');
      expect(after.status).toBe('active');
      expect(Date.parse(after.expiresAt) - Date.parse(before.expiresAt)).toBe(
        HOUR,
      );
      expect(
        (await backend.get(`/requests/${asked.body.request.id}`, 'priya')).body
          .status,
      ).toBe('granted');
      expect(inspect(emulators).oktaMembers('SF-Admin')).toContain(
        'priya@example.com',
      );

      await waitFor('the extension on the original record', async () => {
        const text = inspect(emulators).jiraText(key);
        return (
          text.includes('more: from') &&
          text.includes('Extension: Approved') &&
          text.includes('Access extended: it now ends at')
        );
      });
      expect(await auditTypes('component:default/okta-lab')).toEqual(
        expect.arrayContaining(['grant.extension-requested', 'grant.extended']),
      );
    });

    it('extends at once where the role says extend: auto, counted from the current end', async () => {
      const original = await grantedRequest(
        'priya',
        'component:default/okta-lab',
        'standard',
        'PT2H',
        'omar',
      );
      const before = await grantOf(original.grantId, 'priya');
      expect(
        (
          await backend.post(`/grants/${original.grantId}/extend`, 'priya', {
            duration: 'PT25H',
            justification: 'x',
          })
        ).status,
      ).toBe(400);
      const res = await backend.post(
        `/grants/${original.grantId}/extend`,
        'priya',
        { duration: 'PT24H', justification: 'Audit week' },
      );
      expect(res.status).toBe(200);
      expect(res.body.request).toBeNull();
      expect(
        Date.parse(res.body.grant.expiresAt) - Date.parse(before.expiresAt),
      ).toBe(24 * HOUR);
    });

    it('extends an Entra ID grant after the approvers agree, and not after a rejection', async () => {
      const original = await grantedRequest(
        'priya',
        'component:default/entra-lab',
        'editor',
        'PT1H',
        'ada',
      );
      expect(entraMembers('Figma-Editors')).toContain('priya@example.com');
      const before = await grantOf(original.grantId, 'priya');
      const first = await backend.post(
        `/grants/${original.grantId}/extend`,
        'priya',
        { duration: 'PT2H', justification: 'Design review' },
      );
      expect(first.status).toBe(202);
      expect(
        (
          await backend.post(
            `/requests/${first.body.request.id}/reject`,
            'ada',
            { comment: 'Not needed' },
          )
        ).status,
      ).toBe(200);
      expect((await grantOf(original.grantId, 'priya')).expiresAt).toBe(
        before.expiresAt,
      );

      const second = await backend.post(
        `/grants/${original.grantId}/extend`,
        'priya',
        { duration: 'PT2H', justification: 'Design review, really' },
      );
      expect(second.status).toBe(202);
      expect(
        (
          await backend.post(
            `/requests/${second.body.request.id}/approve`,
            'ada',
          )
        ).status,
      ).toBe(200);
      expect(
        Date.parse((await grantOf(original.grantId, 'priya')).expiresAt) -
          Date.parse(before.expiresAt),
      ).toBe(2 * HOUR);
    });

    it('lets an allowed group break the glass on Okta: granted at once, told, labelled, flagged and revoked', async () => {
      const outsider = await backend.post('/requests', 'priya', {
        entityRef: 'component:default/okta-lab',
        roleId: 'admin',
        justification: 'Prod down',
        breakGlass: true,
      });
      expect(outsider.status).toBe(403);
      expect(outsider.body.error.message).toContain('group:default/security');
      expect(
        (await backend.get('/requests?requester=me', 'priya')).body.items.some(
          (r: any) => r.breakGlass,
        ),
      ).toBe(false);
      const tooLong = await backend.post('/requests', 'sam', {
        entityRef: 'component:default/okta-lab',
        roleId: 'admin',
        duration: 'PT4H',
        justification: 'Prod down',
        breakGlass: true,
      });
      expect(tooLong.status).toBe(400);
      expect(
        (
          await backend.post('/requests', 'sam', {
            entityRef: 'component:default/okta-lab',
            roleId: 'standard',
            justification: 'x',
            breakGlass: true,
          })
        ).status,
      ).toBe(400);

      const sent = backend.sent.length;
      const res = await backend.post('/requests', 'sam', {
        entityRef: 'component:default/okta-lab',
        roleId: 'admin',
        justification: 'Incident 42: payments down',
        breakGlass: true,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        breakGlass: true,
        duration: 'PT2H',
        stages: [],
      });
      const done = await granted(res.body.id, 'sam');
      expect(inspect(emulators).oktaMembers('SF-Admin')).toContain(
        'sam@example.com',
      );
      const told = backend.sent
        .slice(sent)
        .filter(n => n.payload.topic === 'access-break-glass');
      expect(told.flatMap(n => (n.recipients as any).entityRef)).toEqual(
        expect.arrayContaining(['group:default/revops', 'user:default/ada']),
      );
      const key = await jiraOf(res.body.id, 'sam');
      await waitFor('the break-glass label', async () =>
        inspect(emulators).jiraText(key).includes('break-glass'),
      );

      const review = (
        await backend.get('/break-glass/reviews?status=open', 'omar')
      ).body.items.find((r: any) => r.requestId === res.body.id);
      expect(review).toMatchObject({
        holder: 'user:default/sam',
        decision: null,
        grantId: done.grantId,
        overdue: false,
      });
      expect(
        (await backend.get('/break-glass/reviews', 'priya')).body.items,
      ).toEqual([]);
      expect(
        (await backend.post(`/break-glass/reviews/${review.id}/confirm`, 'sam'))
          .status,
      ).toBe(403);
      expect(
        (
          await backend.post(
            `/break-glass/reviews/${review.id}/flag`,
            'omar',
            {},
          )
        ).status,
      ).toBe(400);
      const flagged = await backend.post(
        `/break-glass/reviews/${review.id}/flag`,
        'omar',
        { comment: 'No incident on record' },
      );
      expect(flagged.status).toBe(200);
      expect(flagged.body.decision).toBe('flagged');
      expect(await grantOf(done.grantId, 'sam')).toMatchObject({
        endKind: 'revoked',
      });
      await waitFor(
        'the removal from Okta',
        async () =>
          !inspect(emulators)
            .oktaMembers('SF-Admin')
            .includes('sam@example.com'),
      );
      await waitFor(
        'the grant revoked once Okta accepted the removal',
        async () => (await grantOf(done.grantId, 'sam')).status === 'revoked',
      );
      expect(
        (
          await backend.post(
            `/break-glass/reviews/${review.id}/confirm`,
            'omar',
          )
        ).status,
      ).toBe(409);

      const csv = await backend.get(
        '/audit?entityRef=component:default/okta-lab&format=csv',
        'ada',
      );
      expect(csv.text).toContain('request-break-glass');
      expect(csv.text).toContain('break-glass-flagged');
    });

    it('breaks the glass on Entra ID and the approvers confirm it', async () => {
      const res = await backend.post('/requests', 'sam', {
        entityRef: 'component:default/entra-lab',
        roleId: 'editor',
        justification: 'Incident 43',
        breakGlass: true,
      });
      expect(res.status).toBe(201);
      const done = await granted(res.body.id, 'sam');
      expect(entraMembers('Figma-Editors')).toContain('sam@example.com');
      const review = (
        await backend.get('/break-glass/reviews', 'ada')
      ).body.items.find((r: any) => r.requestId === res.body.id);
      const confirmed = await backend.post(
        `/break-glass/reviews/${review.id}/confirm`,
        'ada',
        { comment: 'Incident 43 is real' },
      );
      expect(confirmed.status).toBe(200);
      expect((await grantOf(done.grantId, 'sam')).status).toBe('active');
    });

    it('reminds the approvers once when nobody reviews a break-glass use in time', async () => {
      const res = await backend.post('/requests', 'sam', {
        entityRef: 'component:default/okta-lab',
        roleId: 'admin',
        justification: 'Incident 44: checkout down',
        breakGlass: true,
      });
      expect(res.status).toBe(201);
      await granted(res.body.id, 'sam');
      const key = await jiraOf(res.body.id, 'sam');
      const reviewOf = async () =>
        (await backend.get('/break-glass/reviews', 'ada')).body.items.find(
          (r: any) => r.requestId === res.body.id,
        );
      const review = await reviewOf();
      expect(review.overdue).toBe(false);
      await knex('access_break_glass_reviews')
        .where({ id: review.id })
        .update({ due_at: new Date(Date.now() - 60_000) });

      const sent = backend.sent.length;
      await backend.runTask('access-governance-reviews');
      await backend.runTask('access-governance-reviews');
      const reminders = () =>
        backend.sent
          .slice(sent)
          .filter(n => /^Overdue: confirm or flag/.test(n.payload.title));
      await waitFor('the reminder', async () => reminders().length > 0);
      await waitFor('the overdue comment', async () =>
        inspect(emulators)
          .jiraText(key)
          .includes('nobody has confirmed or flagged it'),
      );
      expect(reminders()).toHaveLength(1);
      expect(reminders().flatMap(n => (n.recipients as any).entityRef)).toEqual(
        expect.arrayContaining(['group:default/revops', 'user:default/ada']),
      );
      expect((await reviewOf()).overdue).toBe(true);
      expect(await auditTypes('component:default/okta-lab')).toContain(
        'break-glass-overdue',
      );
    });

    it('lists whom a person may request for: their reports, or everyone for an administrator', async () => {
      const omar = await backend.get(
        '/apps/default/component/okta-lab/beneficiaries',
        'omar',
      );
      expect(omar.status).toBe(200);
      expect(omar.body.items).toEqual([
        { ref: 'user:default/lena', displayName: 'Lena Fischer' },
      ]);
      expect(
        (
          await backend.get(
            '/apps/default/component/okta-lab/beneficiaries',
            'priya',
          )
        ).body.items,
      ).toEqual([]);
      const ada = (
        await backend.get(
          '/apps/default/component/okta-lab/beneficiaries',
          'ada',
        )
      ).body.items;
      expect(ada.map((p: any) => p.ref)).toEqual(
        expect.arrayContaining(['user:default/priya', 'user:default/omar']),
      );
      expect(ada.map((p: any) => p.ref)).not.toContain('user:default/ada');
    });

    it('takes requests on behalf of someone from their manager, who cannot approve them', async () => {
      const refused = await backend.post('/requests', 'priya', {
        entityRef: 'component:default/okta-lab',
        roleId: 'standard',
        duration: 'PT1H',
        justification: 'x',
        requestedFor: 'user:default/lena',
      });
      expect(refused.status).toBe(403);
      const sent = backend.sent.length;
      const res = await backend.post('/requests', 'omar', {
        entityRef: 'component:default/okta-lab',
        roleId: 'standard',
        duration: 'PT1H',
        justification: 'Lena covers the forecast',
        requestedFor: 'user:default/lena',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        requester: 'user:default/lena',
        requestedBy: 'user:default/omar',
        status: 'pending',
      });
      await waitFor('the notice to Lena', async () =>
        backend.sent
          .slice(sent)
          .some(n =>
            (n.recipients as any).entityRef?.includes('user:default/lena'),
          ),
      );
      expect(
        (await backend.post(`/requests/${res.body.id}/approve`, 'omar')).status,
      ).toBe(403);
      expect(
        (await backend.post(`/requests/${res.body.id}/approve`, 'lena')).status,
      ).toBe(403);
      // Omar approves for the app, but not what he asked for: it waits on the others only.
      const inbox = await backend.get(
        '/requests?approver=me&limit=200',
        'omar',
      );
      expect(inbox.status).toBe(200);
      expect(inbox.body.items.map((r: any) => r.id)).not.toContain(res.body.id);
      const key = await jiraOf(res.body.id, 'lena');
      await waitFor('both names on the record', async () => {
        const text = inspect(emulators).jiraText(key);
        return (
          text.includes('Omar Haddad') &&
          text.includes('Lena Fischer') &&
          text.includes('on behalf of')
        );
      });
    });
  },
);
