import { TestDatabases } from '@backstage/backend-test-utils';
import { AdfNode, Emulators, startEmulators } from '@accessgov/emulators';
import { Knex } from 'knex';
import { inspect, startAccessBackend, waitFor } from '../__testUtils__/harness';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** The words of a comment body, as a reader of the issue sees them. */
function textOf(node: AdfNode | undefined): string {
  if (!node) return '';
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  const inner = (node.content ?? []).map(textOf).join('');
  return node.type === 'paragraph' || node.type === 'doc'
    ? `${inner}\n`
    : inner;
}

/** What no reader of a Jira comment should meet: refs, role ids, ISO times, job ids. */
function expectReadable(comment: string) {
  expect(comment).not.toMatch(/\b(user|group|component):[a-z]/);
  expect(comment).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  expect(comment).not.toMatch(/\d\d:\d\d(:\d\d)?(\.\d+)?Z/);
  expect(comment).not.toMatch(/job-\d+/);
  expect(comment).not.toMatch(/Event:/);
  expect(comment).not.toMatch(/⟦/);
}

describe.each(databases.eachSupportedId())(
  'the Jira record of a request, %p',
  databaseId => {
    let emulators: Emulators;
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startAccessBackend>>;
    const issue = (key: string) => inspect(emulators).jiraIssue(key);
    const property = (key: string) =>
      issue(key).properties.accessGovernance as any;
    const statusName = (key: string) =>
      emulators.jira.statusOf(issue(key)).name;
    const comments = (key: string) =>
      issue(key).comments.map(c => ({
        author: emulators.jira.state.accounts[c.authorId]?.displayName,
        text: textOf(c.body).trim(),
      }));
    const getRequest = async (id: string, user = 'priya') =>
      (await backend.get(`/requests/${id}`, user)).body;
    const keyOf = (id: string, user = 'priya') =>
      waitFor(
        `the Jira key of ${id}`,
        async () => (await getRequest(id, user)).jiraKey as string | undefined,
      );
    const propertyReads = (key: string, status: string) =>
      waitFor(
        `the property of ${key} to read ${status}`,
        async () => property(key)?.status === status && property(key),
      );

    beforeAll(async () => {
      emulators = await startEmulators({ seed: 'demo' });
      knex = await databases.init(databaseId);
      backend = await startAccessBackend({ emulators, knex });
    });

    afterAll(async () => {
      await backend?.stop();
      await emulators?.close();
    });

    it('tells a two-stage request by names: requested, approved twice, granted, given back', async () => {
      const created = await backend.post('/requests', 'lena', {
        entityRef: 'component:default/salesforce',
        roleId: 'admin',
        duration: 'PT6H',
        justification: 'Quarter close',
      });
      expect(created.status).toBe(201);
      const id = created.body.id;
      const key = await keyOf(id, 'lena');
      expect(property(key)).toMatchObject({
        status: 'pending',
        requestStatus: 'pending',
        grant: null,
      });
      expect(issue(key).summary).toBe(
        'Lena Fischer requests System Admin on SALESFORCE',
      );

      await backend.post(`/requests/${id}/approve`, 'omar', {
        comment: 'ok for the close',
      });
      await backend.post(`/requests/${id}/approve`, 'sam', {});
      const granted = await propertyReads(key, 'granted');
      expect(granted).toMatchObject({
        statusLabel: 'Granted',
        grant: { status: 'active', endKind: null },
      });
      await waitFor(
        'the Granted status',
        async () => statusName(key) === 'Granted',
      );

      const grantId = (await getRequest(id, 'lena')).grantId;
      const back = await backend.post(`/grants/${grantId}/revoke`, 'lena', {
        reason: 'done with the close',
      });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ endKind: 'given-back' });
      const given = await propertyReads(key, 'given-back');
      expect(given).toMatchObject({
        statusLabel: expect.stringMatching(/^Given back/),
        requestStatus: 'granted',
      });
      await waitFor(
        'the issue to be done',
        async () => statusName(key) === 'Done',
      );
      await waitFor(
        'the removal in the property',
        async () => property(key).grant?.removal === 'done',
      );

      const texts = comments(key).map(c => c.text);
      expect(
        texts.some(t =>
          /^Approved by Omar Haddad at \d{4}-\d\d-\d\d \d\d:\d\d UTC: stage 1 of 2/.test(
            t,
          ),
        ),
      ).toBe(true);
      expect(texts.some(t => /Comment: ok for the close/.test(t))).toBe(true);
      expect(
        texts.some(t => /^Approved by Sam Lee .*stage 2 of 2/.test(t)),
      ).toBe(true);
      expect(
        texts.some(t =>
          /^Access granted until \d{4}-\d\d-\d\d \d\d:\d\d UTC/m.test(t),
        ),
      ).toBe(true);
      expect(
        texts.some(t =>
          /^Given back by Lena Fischer: done with the close/.test(t),
        ),
      ).toBe(true);
      expect(texts.some(t => /Revoked/.test(t))).toBe(false);
      for (const text of [
        ...texts,
        issue(key).summary,
        textOf(issue(key).description ?? undefined),
      ]) {
        expectReadable(text);
        // The role is "System Admin"; its id "admin" never shows.
        expect(text).not.toMatch(/\badmin\b/);
      }
      expect(textOf(issue(key).description ?? undefined)).toMatch(
        /the app's approvers \(RevOps\)/,
      );

      const mine = backend.sent.filter(n =>
        JSON.stringify(n.recipients).includes('user:default/lena'),
      );
      expect(mine.length).toBeGreaterThan(0);
      expect(
        mine
          .filter(n => n.payload.topic === 'access-decision')
          .map(n => n.payload.link),
      ).toContain(`/access/requests/${id}`);
      expect(
        mine.find(n => n.payload.topic === 'access-decision')?.payload.title,
      ).toBe('Your request for System Admin on SALESFORCE was approved');
      for (const n of mine) {
        expectReadable(`${n.payload.title} ${n.payload.description ?? ''}`);
      }
    });

    it('reads expired once the window passes, and the request says so', async () => {
      const created = await backend.post('/requests', 'marco', {
        entityRef: 'component:default/salesforce',
        roleId: 'viewer',
        duration: 'PT1H',
        justification: 'Pipeline dashboards',
      });
      const id = created.body.id;
      const key = await keyOf(id, 'marco');
      await propertyReads(key, 'granted');
      const grantId = (await getRequest(id, 'marco')).grantId;
      // A one-hour grant with the one-hour reminder window is not told it "ends soon".
      await backend.runTask('access-governance-expiry');
      const row = await knex('access_grants').where({ id: grantId }).first();
      expect(row.reminded_at ?? null).toBeNull();
      expect(
        backend.sent.filter(n => n.payload.topic === 'access-expiring'),
      ).toEqual([]);
      await knex('access_grants')
        .where({ id: grantId })
        .update({ expires_at: new Date(Date.now() - 1000) });
      await backend.runTask('access-governance-expiry');
      const expired = await propertyReads(key, 'expired');
      expect(expired).toMatchObject({
        statusLabel: expect.stringMatching(/^Expired/),
        grant: { status: 'expired', endKind: 'expired' },
      });
      await waitFor(
        'the issue to be done',
        async () => statusName(key) === 'Done',
      );
      const texts = comments(key).map(c => c.text);
      expect(
        texts.some(t =>
          /^Expired at \d{4}-\d\d-\d\d \d\d:\d\d UTC: the requested window ended/.test(
            t,
          ),
        ),
      ).toBe(true);
      texts.forEach(expectReadable);
    });

    it('reads revoked when an approver revokes, and failed when provisioning fails', async () => {
      const created = await backend.post('/requests', 'priya', {
        entityRef: 'component:default/salesforce',
        roleId: 'viewer',
        justification: 'Reports',
      });
      const key = await keyOf(created.body.id);
      await propertyReads(key, 'granted');
      const grantId = (await getRequest(created.body.id)).grantId;
      const revoked = await backend.post(`/grants/${grantId}/revoke`, 'omar', {
        reason: 'Left the project',
      });
      // The grant lasts, ending, until Okta accepted the removal.
      expect(revoked.body).toMatchObject({
        status: 'active',
        endKind: 'revoked',
        removal: 'pending',
      });
      await propertyReads(key, 'revoked');
      // The property and the comment are two writes: the comment may follow the property.
      await waitFor('the revocation comment', async () =>
        comments(key).some(c =>
          /^Revoked by Omar Haddad: Left the project/.test(c.text),
        ),
      );

      const ghost = await backend.post('/requests', 'sam', {
        entityRef: 'component:default/salesforce',
        roleId: 'ghost',
        justification: 'x',
      });
      const ghostKey = await keyOf(ghost.body.id, 'sam');
      const failed = await propertyReads(ghostKey, 'failed');
      expect(failed.failure).toMatch(/No-Such-Group/);
      await waitFor(
        'the Failed status',
        async () => statusName(ghostKey) === 'Failed',
      );
      comments(ghostKey)
        .map(c => c.text)
        .forEach(expectReadable);
    });

    it('names the requester\'s manager and the app\'s approvers in the issue, not "Your manager"', async () => {
      const created = await backend.post('/requests', 'priya', {
        entityRef: 'resource:default/aws-production',
        roleId: 'admin',
        justification: 'Incident 4711',
      });
      expect(created.status).toBe(201);
      const key = await keyOf(created.body.id);
      const description = textOf(issue(key).description ?? undefined);
      expect(description).toContain(
        "Approval: stage 1, the requester's manager (Marco Rossi); then stage 2, the app's approvers (Platform)",
      );
      expect(description).not.toMatch(/Your manager/);
      expect(description).toMatch(
        /Requested at \d{4}-\d\d-\d\d \d\d:\d\d UTC\. In Backstage: http:\/\/localhost:3000\/access\/requests\//,
      );
      expectReadable(description);
    });

    it('writes each event once: a comment carries its event as a property, not in its text', async () => {
      const all = Object.values(emulators.jira.state.issues).flatMap(
        i => i.comments,
      );
      expect(all.length).toBeGreaterThan(0);
      for (const c of all) {
        expect(c.properties).toEqual([
          {
            key: 'accessGovernance.event',
            value: { eventId: expect.any(String) },
          },
        ]);
      }
      const ids = all.map(c => (c.properties[0].value as any).eventId);
      expect(new Set(ids).size).toBe(ids.length);
    });
  },
);
