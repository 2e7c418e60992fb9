import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { Knex } from 'knex';
import request from 'supertest';
import { inspect, startAccessBackend, waitFor } from '../__testUtils__/harness';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'access lifecycle over HTTP, %p',
  databaseId => {
    let emulators: Emulators;
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startAccessBackend>>;
    let server: typeof backend.server;
    let sent: typeof backend.sent;
    let tasks: typeof backend.tasks;
    let denied: typeof backend.denied;
    const as = (name: string) => backend.as(name);
    const api = (path: string) => `/api/access-governance${path}`;
    const oktaMembers = (group: string) =>
      inspect(emulators).oktaMembers(group);
    const jiraIssue = (key: string) => inspect(emulators).jiraIssue(key);
    const jiraText = (key: string) => inspect(emulators).jiraText(key);
    const issueCount = () => inspect(emulators).issueCount();

    const getRequest = async (id: string, user = 'priya') =>
      (
        await request(server)
          .get(api(`/requests/${id}`))
          .set('Authorization', as(user))
      ).body;
    const waitForStatus = (id: string, status: string, user = 'priya') =>
      waitFor(`request ${id} to be ${status}`, async () => {
        const body = await getRequest(id, user);
        return body.status === status && body;
      });

    beforeAll(async () => {
      emulators = await startEmulators({ seed: 'demo' });
      knex = await databases.init(databaseId);
      backend = await startAccessBackend({ emulators, knex });
      ({ server, sent, tasks, denied } = backend);
    });

    afterAll(async () => {
      await backend?.stop();
      await emulators?.close();
    });

    it('answers the health check without credentials', async () => {
      const res = await request(server).get(api('/health'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('refuses every other route without a user token', async () => {
      const res = await request(server)
        .get(api('/requests'))
        .set('Authorization', '');
      expect(res.status).toBe(401);
    });

    it('serves an app with its roles, approvers and what the viewer may do', async () => {
      const asOmar = await request(server)
        .get(api('/apps/default/component/salesforce'))
        .set('Authorization', as('omar'));
      expect(asOmar.status).toBe(200);
      expect(asOmar.body).toMatchObject({
        entityRef: 'component:default/salesforce',
        provider: 'okta',
        approvers: ['group:default/revops'],
        reviewers: ['group:default/revops'],
        viewer: { canApprove: true, canReview: true },
        health: { unresolvedGroups: ['No-Such-Group'] },
      });
      expect(asOmar.body.roles.map((r: any) => r.id)).toEqual([
        'viewer',
        'standard',
        'admin',
        'ghost',
      ]);

      const asPriya = await request(server)
        .get(api('/apps/default/component/salesforce'))
        .set('Authorization', as('priya'));
      expect(asPriya.body.viewer).toEqual({
        canApprove: false,
        canReview: false,
      });
      expect(asPriya.body.health.unresolvedGroups).toEqual([]);

      expect(
        (
          await request(server)
            .get(api('/apps/default/component/nothing'))
            .set('Authorization', as('priya'))
        ).status,
      ).toBe(404);
      expect(
        (
          await request(server)
            .get(api('/apps/default/component/wiki'))
            .set('Authorization', as('priya'))
        ).status,
      ).toBe(404);
    });

    it('grants a low-risk role at once: Okta membership, one Jira issue with the justification', async () => {
      const res = await request(server)
        .post(api('/requests'))
        .set('Authorization', as('priya'))
        .send({
          entityRef: 'component:default/salesforce',
          roleId: 'viewer',
          justification: 'Pipeline dashboards',
        });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'approved',
        requester: 'user:default/priya',
        duration: null,
      });

      const granted = await waitForStatus(res.body.id, 'granted');
      expect(granted.grantId).toBeTruthy();
      expect(oktaMembers('SF-Viewer')).toContain('priya@example.com');
      const withKey = await waitFor(
        'the Jira key',
        async () => (await getRequest(res.body.id)).jiraKey,
      );
      expect(jiraIssue(withKey).summary).toMatch(
        /Priya Shah.*Viewer.*SALESFORCE/,
      );
      expect(jiraIssue(withKey).labels).toContain('access-request');
      await waitFor('the grant comment', async () =>
        /Added priya@example.com/.test(jiraText(withKey)),
      );
      expect(jiraText(withKey)).toContain('Pipeline dashboards');
      expect(jiraIssue(withKey).properties.accessGovernance).toMatchObject({
        requestId: res.body.id,
      });

      const grants = await request(server)
        .get(api('/grants?user=me&status=active'))
        .set('Authorization', as('priya'));
      expect(grants.body.items).toEqual([
        expect.objectContaining({
          roleId: 'viewer',
          groups: ['SF-Viewer'],
          expiresAt: null,
          jiraKey: withKey,
        }),
      ]);
    });

    it('refuses bad input with a 400 naming the field, and writes nothing', async () => {
      const before = (
        await request(server)
          .get(api('/requests?requester=me'))
          .set('Authorization', as('priya'))
      ).body.items.length;
      const post = (body: object) =>
        request(server)
          .post(api('/requests'))
          .set('Authorization', as('priya'))
          .send(body);

      const missing = await post({
        entityRef: 'component:default/salesforce',
        roleId: 'standard',
      });
      expect(missing.status).toBe(400);
      expect(missing.body.error).toMatchObject({
        name: 'InputError',
        message: expect.stringContaining('justification'),
      });

      const blank = await post({
        entityRef: 'component:default/salesforce',
        roleId: 'standard',
        justification: '   ',
      });
      expect(blank.status).toBe(400);

      const unknownRole = await post({
        entityRef: 'component:default/salesforce',
        roleId: 'owner',
        justification: 'x',
      });
      expect(unknownRole.status).toBe(400);
      expect(unknownRole.body.error.message).toMatch(/roleId/);

      const tooLong = await post({
        entityRef: 'component:default/salesforce',
        roleId: 'admin',
        duration: 'PT48H',
        justification: 'x',
      });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.error.message).toMatch(/duration/);

      const permanent = await post({
        entityRef: 'component:default/salesforce',
        roleId: 'admin',
        duration: null,
        justification: 'x',
      });
      expect(permanent.status).toBe(400);

      const malformed = await post({
        entityRef: 'component:default/salesforce',
        roleId: 'admin',
        duration: 'an hour',
        justification: 'x',
      });
      expect(malformed.status).toBe(400);

      const badRef = await post({
        entityRef: 'not a ref',
        roleId: 'admin',
        justification: 'x',
      });
      expect(badRef.status).toBe(400);

      const after = (
        await request(server)
          .get(api('/requests?requester=me'))
          .set('Authorization', as('priya'))
      ).body.items.length;
      expect(after).toBe(before);
    });

    it('refuses a second request for a role already held (409)', async () => {
      const res = await request(server)
        .post(api('/requests'))
        .set('Authorization', as('priya'))
        .send({
          entityRef: 'component:default/salesforce',
          roleId: 'viewer',
          justification: 'again',
        });
      expect(res.status).toBe(409);
      expect(res.body.error.name).toBe('ConflictError');
    });

    it('walks a two-stage approval: nobody approves their own request, stages are decided in order', async () => {
      const created = await request(server)
        .post(api('/requests'))
        .set('Authorization', as('priya'))
        .send({
          entityRef: 'component:default/salesforce',
          roleId: 'admin',
          duration: 'PT1H',
          justification: 'Quarter close',
        });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        status: 'pending',
        currentStage: 0,
        duration: 'PT1H',
      });
      const id = created.body.id;

      const pendingTwice = await request(server)
        .post(api('/requests'))
        .set('Authorization', as('priya'))
        .send({
          entityRef: 'component:default/salesforce',
          roleId: 'admin',
          duration: 'PT1H',
          justification: 'again',
        });
      expect(pendingTwice.status).toBe(409);

      const inbox = await request(server)
        .get(api('/requests?approver=me'))
        .set('Authorization', as('omar'));
      expect(inbox.body.items.map((r: any) => r.id)).toContain(id);
      const notSams = await request(server)
        .get(api('/requests?approver=me'))
        .set('Authorization', as('sam'));
      expect(notSams.body.items.map((r: any) => r.id)).not.toContain(id);

      const self = await request(server)
        .post(api(`/requests/${id}/approve`))
        .set('Authorization', as('priya'))
        .send({});
      expect(self.status).toBe(403);
      const laterStage = await request(server)
        .post(api(`/requests/${id}/approve`))
        .set('Authorization', as('sam'))
        .send({});
      expect(laterStage.status).toBe(403);
      const stranger = await request(server)
        .post(api(`/requests/${id}/approve`))
        .set('Authorization', as('marco'))
        .send({});
      expect(stranger.status).toBe(403);
      // The refusal names the stage's approvers as people read them, not by ref.
      expect(stranger.body.error.message).toBe(
        'Only App approvers (RevOps) can decide this stage of the request',
      );

      const first = await request(server)
        .post(api(`/requests/${id}/approve`))
        .set('Authorization', as('omar'))
        .send({ comment: 'ok for the close' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ status: 'pending', currentStage: 1 });
      expect(first.body.approvals).toEqual([
        expect.objectContaining({
          stage: 0,
          decision: 'approved',
          decidedBy: 'user:default/omar',
          comment: 'ok for the close',
        }),
      ]);
      const again = await request(server)
        .post(api(`/requests/${id}/approve`))
        .set('Authorization', as('lena'))
        .send({});
      expect(again.status).toBe(403);

      const second = await request(server)
        .post(api(`/requests/${id}/approve`))
        .set('Authorization', as('sam'))
        .send({});
      expect(second.status).toBe(200);
      expect(second.body.status).toBe('approved');

      const granted = await waitForStatus(id, 'granted');
      expect(oktaMembers('SF-Admin')).toContain('priya@example.com');
      const grant = (
        await request(server)
          .get(api(`/grants?user=me&entityRef=component:default/salesforce`))
          .set('Authorization', as('priya'))
      ).body.items.find((g: any) => g.id === granted.grantId);
      const window = Date.parse(grant.expiresAt) - Date.parse(grant.grantedAt);
      expect(window).toBe(3_600_000);

      const decidedTwice = await request(server)
        .post(api(`/requests/${id}/approve`))
        .set('Authorization', as('sam'))
        .send({});
      expect(decidedTwice.status).toBe(409);

      // A request is visible to its requester and its approvers, and to nobody else.
      expect(
        (
          await request(server)
            .get(api(`/requests/${id}`))
            .set('Authorization', as('marco'))
        ).status,
      ).toBe(404);
      expect(
        (
          await request(server)
            .get(api(`/requests/${id}`))
            .set('Authorization', as('sam'))
        ).status,
      ).toBe(200);
      const strangersList = (
        await request(server)
          .get(api('/requests?entityRef=component:default/salesforce'))
          .set('Authorization', as('marco'))
      ).body.items;
      expect(strangersList.map((r: any) => r.id)).not.toContain(id);

      await waitFor('the approvals in Jira', async () => {
        const text = jiraText(
          granted.jiraKey ?? (await getRequest(id)).jiraKey,
        );
        return (
          /Approved by Omar Haddad .*stage 1 of 2/.test(text) &&
          /stage 2 of 2/.test(text) &&
          /Added priya@example.com/.test(text)
        );
      });
      expect(
        sent.some(
          n =>
            n.payload.title.includes('waiting for you') &&
            JSON.stringify(n.recipients).includes('group:default/security'),
        ),
      ).toBe(true);
    });

    it('gives access back: the group is removed, the grant ends and Jira says so', async () => {
      const grants = (
        await request(server)
          .get(
            api(
              '/grants?user=me&status=active&entityRef=component:default/salesforce',
            ),
          )
          .set('Authorization', as('priya'))
      ).body.items;
      const admin = grants.find((g: any) => g.roleId === 'admin');

      const stranger = await request(server)
        .post(api(`/grants/${admin.id}/revoke`))
        .set('Authorization', as('marco'))
        .send({ reason: 'x' });
      expect(stranger.status).toBe(403);

      const res = await request(server)
        .post(api(`/grants/${admin.id}/revoke`))
        .set('Authorization', as('priya'))
        .send({ reason: 'done with the close' });
      expect(res.status).toBe(200);
      // The access lasts, ending, until Okta accepted its removal.
      expect(res.body).toMatchObject({
        status: 'active',
        endKind: 'given-back',
        removal: 'pending',
      });
      await waitFor('the removal', async () => {
        const g = (
          await request(server)
            .get(api('/grants?user=me&status=revoked'))
            .set('Authorization', as('priya'))
        ).body.items.find((x: any) => x.id === admin.id);
        return g?.removal === 'done';
      });
      expect(oktaMembers('SF-Admin')).not.toContain('priya@example.com');
      await waitFor('the removal comment', async () =>
        /Removed priya@example.com .* SF-Admin/.test(jiraText(admin.jiraKey)),
      );

      const twice = await request(server)
        .post(api(`/grants/${admin.id}/revoke`))
        .set('Authorization', as('priya'))
        .send({});
      expect(twice.status).toBe(409);
    });

    it('rejects with a required comment; one rejection ends the request', async () => {
      const created = await request(server)
        .post(api('/requests'))
        .set('Authorization', as('priya'))
        .send({
          entityRef: 'component:default/salesforce',
          roleId: 'standard',
          justification: 'Edit opportunities',
        });
      const id = created.body.id;
      const noReason = await request(server)
        .post(api(`/requests/${id}/reject`))
        .set('Authorization', as('omar'))
        .send({});
      expect(noReason.status).toBe(400);
      const rejected = await request(server)
        .post(api(`/requests/${id}/reject`))
        .set('Authorization', as('omar'))
        .send({ comment: 'Use the viewer role' });
      expect(rejected.status).toBe(200);
      expect(rejected.body.status).toBe('rejected');
      const key = await waitFor(
        'the key',
        async () => (await getRequest(id)).jiraKey,
      );
      await waitFor('the rejection in Jira', async () =>
        /Rejected by Omar Haddad/.test(jiraText(key)),
      );
      expect(oktaMembers('SF-Standard')).not.toContain('priya@example.com');
    });

    it('cancels a pending request for its requester only', async () => {
      const created = await request(server)
        .post(api('/requests'))
        .set('Authorization', as('lena'))
        .send({
          entityRef: 'component:default/salesforce',
          roleId: 'standard',
          justification: 'Forecasts',
        });
      const id = created.body.id;
      const notHers = await request(server)
        .post(api(`/requests/${id}/cancel`))
        .set('Authorization', as('omar'));
      expect(notHers.status).toBe(403);
      const cancelled = await request(server)
        .post(api(`/requests/${id}/cancel`))
        .set('Authorization', as('lena'));
      expect(cancelled.body.status).toBe('cancelled');
      const approveCancelled = await request(server)
        .post(api(`/requests/${id}/approve`))
        .set('Authorization', as('omar'))
        .send({});
      expect(approveCancelled.status).toBe(409);
    });

    it('keeps a group another active grant still gives when one grant ends', async () => {
      const ask = (roleId: string) =>
        request(server)
          .post(api('/requests'))
          .set('Authorization', as('lena'))
          .send({
            entityRef: 'component:default/crm-lab',
            roleId,
            justification: 'Lab work',
          });
      const reports = await waitForStatus(
        (await ask('reports')).body.id,
        'granted',
        'lena',
      );
      const analyst = await waitForStatus(
        (await ask('analyst')).body.id,
        'granted',
        'lena',
      );
      expect(oktaMembers('SF-Viewer')).toContain('lena@example.com');
      expect(oktaMembers('SF-Standard')).toContain('lena@example.com');

      await request(server)
        .post(api(`/grants/${analyst.grantId}/revoke`))
        .set('Authorization', as('lena'))
        .send({});
      await waitFor(
        'the removal',
        async () => !oktaMembers('SF-Standard').includes('lena@example.com'),
      );
      await waitFor('the removal to be done', async () =>
        (
          await request(server)
            .get(api('/grants?user=me&status=revoked'))
            .set('Authorization', as('lena'))
        ).body.items.some(
          (g: any) => g.id === analyst.grantId && g.removal === 'done',
        ),
      );
      expect(oktaMembers('SF-Viewer')).toContain('lena@example.com');

      // The expiry sweep ends the other one when its window passes.
      await knex('access_grants')
        .where({ id: reports.grantId })
        .update({ expires_at: new Date(Date.now() - 1000) });
      await tasks.get('access-governance-expiry')!({} as any);
      await waitFor(
        'the expiry removal',
        async () => !oktaMembers('SF-Viewer').includes('lena@example.com'),
      );
      const ended = (
        await request(server)
          .get(api('/grants?user=me&status=expired'))
          .set('Authorization', as('lena'))
      ).body.items;
      expect(ended).toEqual([
        expect.objectContaining({
          id: reports.grantId,
          status: 'expired',
          endReason: expect.stringMatching(/window ended/),
        }),
      ]);
    });

    it("resolves the manager stage from the IdP: Priya's manager, then the owner", async () => {
      const created = await request(server)
        .post(api('/requests'))
        .set('Authorization', as('priya'))
        .send({
          entityRef: 'resource:default/aws-production',
          roleId: 'admin',
          justification: 'Incident 4711',
        });
      expect(created.status).toBe(201);
      expect(created.body.stages[0]).toMatchObject({
        type: 'manager',
        approvers: ['user:default/marco'],
      });
      const ada = await request(server)
        .post(api(`/requests/${created.body.id}/approve`))
        .set('Authorization', as('ada'))
        .send({});
      expect(ada.status).toBe(403);
      const marco = await request(server)
        .post(api(`/requests/${created.body.id}/approve`))
        .set('Authorization', as('marco'))
        .send({});
      expect(marco.body).toMatchObject({ status: 'pending', currentStage: 1 });
      await request(server)
        .post(api(`/requests/${created.body.id}/approve`))
        .set('Authorization', as('ada'))
        .send({});
      await waitForStatus(created.body.id, 'granted');
      expect(oktaMembers('AWS-Prod-Admin')).toContain('priya@example.com');
    });

    it('provisions Entra ID groups through Microsoft Graph', async () => {
      const created = await request(server)
        .post(api('/requests'))
        .set('Authorization', as('priya'))
        .send({
          entityRef: 'component:default/figma',
          roleId: 'editor',
          justification: 'Design review',
        });
      await waitForStatus(created.body.id, 'granted');
      const group = Object.values(emulators.graph.state.groups).find(
        (g: any) => g.displayName === 'Figma-Editors',
      ) as any;
      const members = group.members.map(
        (id: string) => (emulators.graph.state.users as any)[id].mail,
      );
      expect(members).toContain('priya@example.com');
    });

    it('fulfils a role by hand: an approver marks it done, and confirms its removal', async () => {
      const created = await request(server)
        .post(api('/requests'))
        .set('Authorization', as('priya'))
        .send({
          entityRef: 'component:default/figma',
          roleId: 'billing',
          justification: 'Seat planning',
        });
      expect(created.body.status).toBe('pending');
      await request(server)
        .post(api(`/requests/${created.body.id}/approve`))
        .set('Authorization', as('ada'))
        .send({});
      expect((await getRequest(created.body.id)).status).toBe('approved');
      const early = await request(server)
        .post(api(`/requests/${created.body.id}/fulfil`))
        .set('Authorization', as('priya'))
        .send({});
      expect(early.status).toBe(403);
      const fulfilled = await request(server)
        .post(api(`/requests/${created.body.id}/fulfil`))
        .set('Authorization', as('ada'))
        .send({ comment: 'Seat added' });
      expect(fulfilled.body.status).toBe('granted');
      const revoked = await request(server)
        .post(api(`/grants/${fulfilled.body.grantId}/revoke`))
        .set('Authorization', as('ada'))
        .send({ reason: 'No longer on the team' });
      // Ending until the removal by hand is confirmed; revoking it again says so.
      expect(revoked.body).toMatchObject({
        status: 'active',
        endKind: 'revoked',
        removal: 'manual',
      });
      const again = await request(server)
        .post(api(`/grants/${fulfilled.body.grantId}/revoke`))
        .set('Authorization', as('ada'))
        .send({ reason: 'Twice' });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(
        /already ending: it was revoked at .*an approver is to remove it by hand/,
      );
      const confirmed = await request(server)
        .post(api(`/grants/${fulfilled.body.grantId}/confirm-removal`))
        .set('Authorization', as('ada'));
      expect(confirmed.body).toMatchObject({
        status: 'revoked',
        removal: 'done',
      });
    });

    it('fails visibly when the IdP group does not exist, and takes nothing else down', async () => {
      const created = await request(server)
        .post(api('/requests'))
        .set('Authorization', as('sam'))
        .send({
          entityRef: 'component:default/salesforce',
          roleId: 'ghost',
          justification: 'x',
        });
      const failed = await waitForStatus(created.body.id, 'failed', 'sam');
      expect(failed.failure).toMatch(/No-Such-Group/);
      const key = await waitFor(
        'the key',
        async () => (await getRequest(created.body.id, 'sam')).jiraKey,
      );
      await waitFor('the failure in Jira', async () =>
        /Provisioning failed/.test(jiraText(key)),
      );
      const other = await request(server)
        .get(api('/apps/default/component/salesforce'))
        .set('Authorization', as('omar'));
      expect(other.status).toBe(200);
      const retryByStranger = await request(server)
        .post(api(`/requests/${created.body.id}/retry`))
        .set('Authorization', as('sam'));
      expect(retryByStranger.status).toBe(403);

      // An administrator sees the failed job and why, and can retry it.
      expect(
        (
          await request(server)
            .get(api('/jobs?status=failed'))
            .set('Authorization', as('sam'))
        ).status,
      ).toBe(403);
      const failedJobs = (
        await request(server)
          .get(api('/jobs?status=failed'))
          .set('Authorization', as('ada'))
      ).body.items;
      const job = failedJobs.find(
        (j: any) =>
          j.requestId === created.body.id && j.type === 'idp.provision',
      );
      expect(job.lastError).toMatch(/No-Such-Group/);
      const retried = await request(server)
        .post(api(`/jobs/${job.id}/retry`))
        .set('Authorization', as('ada'));
      expect(retried.status).toBe(200);
      await waitForStatus(created.body.id, 'failed', 'sam');
    });

    it('converges through 429 storms and 500s with no duplicate effects', async () => {
      emulators.okta.faults.add({
        method: 'PUT',
        path: '/api/v1/groups/*/users/*',
        status: 429,
        times: 3,
      });
      emulators.jira.faults.add({
        method: 'POST',
        path: '/rest/api/3/issue',
        status: 500,
        times: 2,
      });
      const issuesBefore = issueCount();
      const created = await request(server)
        .post(api('/requests'))
        .set('Authorization', as('marco'))
        .send({
          entityRef: 'component:default/salesforce',
          roleId: 'viewer',
          justification: 'Team metrics',
        });
      await waitForStatus(created.body.id, 'granted', 'marco');
      const key = await waitFor(
        'the key',
        async () => (await getRequest(created.body.id, 'marco')).jiraKey,
      );
      expect(issueCount()).toBe(issuesBefore + 1);
      expect(
        oktaMembers('SF-Viewer').filter(m => m === 'marco@example.com'),
      ).toHaveLength(1);
      await waitFor('the grant comment', async () =>
        /Added marco@example.com/.test(jiraText(key)),
      );
      const comments = jiraIssue(key)
        .comments.map(c => JSON.stringify(c.body))
        .filter(t => t.includes('Added marco'));
      expect(comments).toHaveLength(1);
    });

    it("lets an organisation's permission policy deny what ownership allows", async () => {
      denied.add('access-governance.request.create');
      try {
        const res = await request(server)
          .post(api('/requests'))
          .set('Authorization', as('omar'))
          .send({
            entityRef: 'component:default/salesforce',
            roleId: 'viewer',
            justification: 'x',
          });
        expect(res.status).toBe(403);
        expect(res.body.error.name).toBe('NotAllowedError');
      } finally {
        denied.clear();
      }
    });

    it('serves the audit trail to approvers, as JSON and CSV, and to nobody else', async () => {
      const json = await request(server)
        .get(api('/audit?entityRef=component:default/salesforce'))
        .set('Authorization', as('omar'));
      expect(json.status).toBe(200);
      const types = json.body.items.map((e: any) => e.type);
      expect(types).toEqual(
        expect.arrayContaining([
          'request-created',
          'request-approved',
          'access-granted',
          'grant-revoked',
          'access-removed',
          'request-rejected',
        ]),
      );
      const csv = await request(server)
        .get(api('/audit?entityRef=component:default/salesforce&format=csv'))
        .set('Authorization', as('omar'));
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.text.split('\r\n')[0]).toBe(
        'createdAt,type,actor,entityRef,requestId,grantId,details',
      );
      const priya = await request(server)
        .get(api('/audit?entityRef=component:default/salesforce'))
        .set('Authorization', as('priya'));
      expect(priya.status).toBe(403);
    });
  },
);
