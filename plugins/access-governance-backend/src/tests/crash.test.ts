import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { randomUUID } from 'node:crypto';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { applyDatabaseMigrations } from '../database/migrations';
import { RequestRecord } from '../database/types';
import { DatabaseJobQueue } from '../jobs/DatabaseJobQueue';
import { JobRunner } from '../jobs/JobRunner';
import { OktaProvider } from '../providers';
import { JiraRecordSystem } from '../records';
import { Directory } from '../catalog/directory';
import { createJobHandlers } from '../handlers';
import { AppResolver } from '../catalog/apps';
import { eventHandlers } from '../events';
import { jobs } from '../jobs/catalogue';
import { entities } from '../__testUtils__/fixtures';
import { inspect } from '../__testUtils__/harness';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/**
 * A worker dies after the IdP accepted the change and before anything was recorded: the
 * job's lease runs out, another worker takes it over, and the world converges with no
 * duplicate membership, grant, Jira issue or comment.
 */
describe.each(databases.eachSupportedId())(
  'a worker killed mid-job, %p',
  databaseId => {
    let emulators: Emulators;

    beforeAll(async () => {
      emulators = await startEmulators({ seed: 'demo' });
    });
    afterAll(async () => {
      await emulators?.close();
    });

    it('converges with every side effect once', async () => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const store = new DatabaseAccessStore(knex);
      const queue = new DatabaseJobQueue(knex);
      const logger = mockServices.logger.mock();
      const okta = new OktaProvider({
        id: 'okta',
        orgUrl: emulators.okta.url,
        token: 'demo-okta-token',
        logger,
      } as any);
      const records = new JiraRecordSystem({
        host: emulators.jira.url,
        email: 'access-bot@example.com',
        apiToken: 'demo-jira-token',
        projectKey: 'ACCESS',
        logger,
      });
      let clock = new Date();
      const handlers = createJobHandlers(
        {
          store,
          queue,
          directory: new Directory(
            catalogServiceMock({ entities }),
            mockServices.auth(),
          ),
          providers: new Map([['okta', okta]]),
          records,
          transitions: {},
          appBaseUrl: 'http://localhost:3000',
          logger,
          now: () => clock,
        },
        eventHandlers({
          store,
          queue,
          apps: new AppResolver(catalogServiceMock({ entities }), 'okta'),
          directory: new Directory(
            catalogServiceMock({ entities }),
            mockServices.auth(),
          ),
          serviceCredentials: async () => mockCredentials.service(),
          webhooks: [],
          logger,
          now: () => clock,
          onJobsEnqueued: () => undefined,
        }),
      );
      const worker = (id: string) =>
        new JobRunner({
          knex,
          queue,
          handlers,
          logger,
          workerId: id,
          maxAttempts: 5,
          initialBackoffMs: 1,
          maxBackoffMs: 2,
          leaseMs: 60_000,
          now: () => clock,
        });

      const request: RequestRecord = {
        id: randomUUID(),
        entityRef: 'component:default/salesforce',
        roleId: 'standard',
        requester: 'user:default/priya',
        justification: 'Edit opportunities',
        duration: 'PT6H',
        status: 'approved',
        provider: 'okta',
        groups: ['SF-Standard'],
        stages: [],
        currentStage: null,
        approvals: [],
        jiraKey: null,
        grantId: null,
        failure: null,
        createdAt: clock,
        updatedAt: clock,
      };
      await store.transaction(async tx => {
        await store.insertRequest(tx, request);
        await queue.enqueue(tx, [jobs.recordOpen(request.id)], clock);
      });
      await worker('first').runUntilIdle();
      expect((await store.getRequest(request.id))!.jiraKey).toMatch(/^ACCESS-/);

      // A fault rule with no effect counts the calls that add a member to an Okta group.
      const adds = emulators.okta.faults.add({
        method: 'PUT',
        path: '/api/v1/groups/*/users/*',
        latencyMs: 0,
      });
      const addCalls = () =>
        emulators.okta.faults.list().find(r => r.id === adds.id)!.hits;

      // A worker claims the provisioning job and changes the IdP membership... and dies
      // before recording anything.
      await queue.enqueue(knex, [jobs.provision(request)], clock);
      const [provision] = await queue.claim({
        workerId: 'dying',
        now: clock,
        leaseMs: 60_000,
        limit: 1,
      });
      expect(provision.type).toBe('idp.provision');
      await handlers['idp.provision'].run(provision);
      const look = inspect(emulators);
      expect(
        look.oktaMembers('SF-Standard').filter(m => m === 'priya@example.com'),
      ).toHaveLength(1);
      expect(addCalls()).toBe(1);
      expect(
        await store.listGrants({ user: 'user:default/priya' }),
      ).toHaveLength(0);

      // A second worker finds nothing to take while the lease holds, then takes over.
      const second = worker('second');
      await second.runUntilIdle();
      expect((await store.getRequest(request.id))!.status).toBe('approved');
      expect(addCalls()).toBe(1);
      clock = new Date(clock.getTime() + 61_000);
      await second.runUntilIdle();
      await second.runUntilIdle();

      const done = (await store.getRequest(request.id))!;
      expect(done.status).toBe('granted');
      expect(
        await store.listGrants({ user: 'user:default/priya' }),
      ).toHaveLength(1);
      expect(
        look.oktaMembers('SF-Standard').filter(m => m === 'priya@example.com'),
      ).toHaveLength(1);
      // The worker that took over reads the membership first: the member is there, so it
      // adds nothing again.
      expect(addCalls()).toBe(1);
      const issues = Object.values(emulators.jira.state.issues).filter(i =>
        i.labels.some(l => l.includes(request.id)),
      );
      expect(issues).toHaveLength(1);
      const added = issues[0].comments.filter(c =>
        JSON.stringify(c.body).includes('Added priya@example.com'),
      );
      expect(added).toHaveLength(1);

      // The record job itself dies after writing its comment: run again, no second comment.
      const [recordJob] = await queue
        .list({ statuses: ['done'] })
        .then(list => list.filter(j => j.type === 'record.update'));
      await knex('access_jobs')
        .where({ id: recordJob.id })
        .update({ status: 'pending' });
      await second.runUntilIdle();
      const again = Object.values(emulators.jira.state.issues).find(
        i => i.key === issues[0].key,
      )!;
      expect(
        again.comments.filter(c =>
          JSON.stringify(c.body).includes('Added priya@example.com'),
        ),
      ).toHaveLength(1);
      expect(addCalls()).toBe(1);
      await knex.destroy();
    });
  },
);
