import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { Knex } from 'knex';
import request from 'supertest';
import { inspect, startAccessBackend, waitFor } from '../__testUtils__/harness';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const salesforce = 'component:default/salesforce';

describe.each(databases.eachSupportedId())(
  'delegation and escalation, %p',
  databaseId => {
    let emulators: Emulators;
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startAccessBackend>>;

    const put = (path: string, user: string, body: object) =>
      request(backend.server)
        .put(backend.api(path))
        .set('Authorization', backend.as(user))
        .send(body);
    const del = (path: string, user: string) =>
      request(backend.server)
        .delete(backend.api(path))
        .set('Authorization', backend.as(user));
    const ask = async (user: string, roleId = 'standard') => {
      const res = await backend.post('/requests', user, {
        entityRef: salesforce,
        roleId,
        justification: 'Pipeline reports',
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const inbox = async (user: string) =>
      (await backend.get('/requests?approver=me', user)).body.items.map(
        (r: any) => r.id,
      );
    const inDays = (days: number) =>
      new Date(Date.now() + days * 86_400_000).toISOString();

    beforeAll(async () => {
      emulators = await startEmulators({ seed: 'demo' });
      knex = await databases.init(databaseId);
      backend = await startAccessBackend({
        emulators,
        knex,
        config: {
          accessGovernance: {
            fallbackApprovers: ['user:default/marco'],
            requests: { escalateAfter: 'PT1M' },
          },
        },
      });
    });

    afterAll(async () => {
      await backend?.stop();
      await emulators?.close();
    });

    it('refuses a delegation that names nobody, oneself or a time gone by, and changes nothing', async () => {
      const cases: Array<[object, RegExp]> = [
        [{ until: inDays(1) }, /delegate: is required/],
        [
          { delegate: 'user:default/omar', until: inDays(1) },
          /delegate: you cannot delegate to yourself/,
        ],
        [
          { delegate: 'user:default/nobody', until: inDays(1) },
          /delegate: user:default\/nobody is not a user/,
        ],
        [
          { delegate: 'sam', until: '2020-01-01T00:00:00Z' },
          /until: must be in the future/,
        ],
        [
          { delegate: 'sam', until: 'next week' },
          /until: next week is not a date/,
        ],
        [
          { delegate: 'sam', until: inDays(200) },
          /until: a delegation lasts at most 90 days/,
        ],
      ];
      for (const [body, message] of cases) {
        const res = await put('/delegations/me', 'omar', body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
      }
      expect(
        (await backend.get('/delegations/me', 'omar')).body.delegation,
      ).toBeNull();
    });

    it('lets the delegate decide for the approver, recorded with both names, except the delegator’s own requests', async () => {
      const set = await put('/delegations/me', 'omar', {
        delegate: 'sam',
        until: inDays(3),
      });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({
        delegator: 'user:default/omar',
        delegate: 'user:default/sam',
      });
      expect(
        (await backend.get('/delegations/me', 'sam')).body.standingInFor,
      ).toEqual([expect.objectContaining({ delegator: 'user:default/omar' })]);
      await waitFor('the delegate told', async () =>
        backend.sent.find(
          n =>
            n.recipients.type === 'entity' &&
            n.recipients.entityRef.includes('user:default/sam') &&
            n.payload.title.includes('delegated'),
        ),
      );

      const priyas = await ask('priya');
      const omars = await ask('omar');
      const samsInbox = await inbox('sam');
      expect(samsInbox).toContain(priyas);
      expect(samsInbox).not.toContain(omars);

      const own = await backend.post(`/requests/${omars}/approve`, 'sam', {});
      expect(own.status).toBe(403);

      const approved = await backend.post(
        `/requests/${priyas}/approve`,
        'sam',
        { comment: 'Omar is away' },
      );
      expect(approved.status).toBe(200);
      expect(approved.body.approvals[0]).toMatchObject({
        decidedBy: 'user:default/sam',
        onBehalfOf: 'user:default/omar',
      });
      // The delegate reads what they decide: the request and its history.
      expect((await backend.get(`/requests/${priyas}`, 'sam')).status).toBe(
        200,
      );
      const history = await backend.get(`/requests/${priyas}/history`, 'sam');
      expect(history.status).toBe(200);
      expect(history.body.items.map((e: any) => e.type)).toEqual(
        expect.arrayContaining(['request-created', 'request-approved']),
      );
      const granted = await waitFor('the grant and its record', async () => {
        const body = (await backend.get(`/requests/${priyas}`, 'priya')).body;
        return body.status === 'granted' && body.jiraKey && body;
      });
      await waitFor('the decision in Jira', async () =>
        inspect(emulators)
          .jiraText(granted.jiraKey)
          .includes('Approved by Sam Lee for Omar Haddad'),
      );

      // Review items too: Sam decides for Omar, except Omar's own access.
      const omarsViewer = await ask('omar', 'viewer');
      await waitFor('Omar granted', async () => {
        const body = (await backend.get(`/requests/${omarsViewer}`, 'omar'))
          .body;
        return body.status === 'granted';
      });
      const campaign = await backend.post('/reviews', 'omar', {
        entityRef: salesforce,
      });
      expect(campaign.status).toBe(201);
      const items = (
        await backend.get(`/reviews/${campaign.body.id}/items`, 'sam')
      ).body.items;
      const itemOf = (ref: string) =>
        items.find((i: any) => i.user.ref === ref);
      const decide = (itemId: string) =>
        backend.post(`/reviews/${campaign.body.id}/decisions`, 'sam', {
          decisions: [{ itemId, decision: 'keep' }],
        });
      expect((await decide(itemOf('user:default/priya').id)).status).toBe(200);
      const ownItem = await decide(itemOf('user:default/omar').id);
      expect(ownItem.status).toBe(403);
      expect(ownItem.body.error.message).toBe(
        'Nobody reviews their own access',
      );

      // Lena, the other approver, still decides Omar's request; with the delegation gone, Sam no longer can.
      expect((await del('/delegations/me', 'omar')).status).toBe(204);
      const another = await ask('marco');
      expect(
        (await backend.post(`/requests/${another}/approve`, 'sam', {})).status,
      ).toBe(403);
      expect(await inbox('sam')).not.toContain(another);
      expect(
        (await backend.get(`/requests/${another}/history`, 'sam')).status,
      ).toBe(404);
      expect((await del('/delegations/me', 'omar')).status).toBe(404);
    });

    it('escalates a request that waited longer than escalateAfter to the fallback approvers, once, telling both', async () => {
      const id = await ask('lena', 'admin');
      expect(await inbox('marco')).not.toContain(id);
      await knex('access_requests')
        .where({ id })
        .update({ updated_at: new Date(Date.now() - 5 * 60_000) });
      await backend.runTask('access-governance-escalation');
      await backend.runTask('access-governance-escalation');

      expect(await inbox('marco')).toContain(id);
      const escalations = await knex('access_audit_events').where({
        request_id: id,
        type: 'request-escalated',
      });
      expect(escalations).toHaveLength(1);
      await waitFor('both told', async () => {
        const told = backend.sent
          .filter(n => n.payload.title.includes('escalated'))
          .flatMap(n =>
            n.recipients.type === 'entity'
              ? [n.recipients.entityRef].flat()
              : [],
          );
        return (
          told.includes('user:default/marco') &&
          told.includes('group:default/revops')
        );
      });
      const approved = await backend.post(
        `/requests/${id}/approve`,
        'marco',
        {},
      );
      expect(approved.status).toBe(200);
      expect(approved.body.currentStage).toBe(1);
    });
  },
);
