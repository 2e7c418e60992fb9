import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DefaultEventsService,
  EventParams,
} from '@backstage/plugin-events-node';
import { randomUUID } from 'node:crypto';
import { AppResolver } from '../catalog/apps';
import { Directory } from '../catalog/directory';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { applyDatabaseMigrations } from '../database/migrations';
import { readJobPayload } from '../jobs/catalogue';
import { DatabaseJobQueue } from '../jobs/DatabaseJobQueue';
import { entities } from '../__testUtils__/fixtures';
import { eventHandlers } from './handlers';
import { queueEventPublication } from './outbox';
import { AccessEventPayloadV1 } from './types';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'the event outbox, %p',
  databaseId => {
    it('queues a publication with each committed lifecycle audit event, extensions and break-glass included, and survives a crash', async () => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const store = new DatabaseAccessStore(knex);
      const queue = new DatabaseJobQueue(knex);
      let kicks = 0;
      queueEventPublication({
        store,
        queue,
        onJobsEnqueued: () => void kicks++,
      });

      const now = new Date('2026-12-01T09:00:00Z');
      const requestId = randomUUID();
      const grantId = randomUUID();
      const entityRef = 'component:default/salesforce';
      await store.transaction(async tx => {
        await store.insertRequest(tx, {
          id: requestId,
          entityRef,
          roleId: 'admin',
          requester: 'user:default/priya',
          justification: 'Incident INC-42',
          duration: 'PT1H',
          status: 'granted',
          provider: 'okta',
          groups: ['SF-Admin'],
          stages: [],
          currentStage: null,
          jiraKey: null,
          grantId,
          failure: null,
          createdAt: now,
          updatedAt: now,
        });
        await store.insertGrant(tx, {
          id: grantId,
          entityRef,
          roleId: 'admin',
          user: 'user:default/priya',
          groups: ['SF-Admin'],
          provider: 'okta',
          requestId,
          jiraKey: null,
          status: 'active',
          grantedAt: now,
          expiresAt: new Date('2026-12-01T12:00:00Z'),
          endedAt: null,
          endReason: null,
          endKind: null,
          removal: null,
          remindedAt: null,
          reclaimWarnedAt: null,
        });
        const audit = (
          type: string,
          actor: string,
          details: Record<string, unknown>,
        ) =>
          store.appendAudit(
            tx,
            { entityRef, type, actor, requestId, grantId, details },
            now,
          );
        await audit('request-break-glass', 'user:default/priya', {
          reason: 'INC-42 is down',
          apiToken: 'never-out',
        });
        await audit('grant.extended', 'user:default/omar', {
          duration: 'PT2H',
          idpUserId: '00u1',
        });
        await audit('record-opened', 'system', { jiraKey: 'ACCESS-1' });
      });
      // A change that is rolled back publishes nothing.
      await store
        .transaction(async tx => {
          await store.appendAudit(
            tx,
            {
              entityRef,
              type: 'request-created',
              actor: 'user:default/priya',
              requestId,
              grantId: null,
              details: {},
            },
            now,
          );
          throw new Error('rolled back');
        })
        .catch(() => undefined);

      await new Promise(resolve => setImmediate(resolve));
      expect(kicks).toBe(2);
      const claimed = await queue.claim({
        workerId: 'test',
        now: new Date(),
        leaseMs: 60_000,
        limit: 10,
        types: ['event.publish'],
      });
      // One chain per request: the second waits for the first.
      expect(claimed).toHaveLength(1);

      const events = DefaultEventsService.create({
        logger: mockServices.logger.mock(),
        useEventBus: 'never',
      });
      const published: EventParams[] = [];
      await events.subscribe({
        id: 'test',
        topics: ['access-governance'],
        onEvent: async e => void published.push(e),
      });
      const catalog = catalogServiceMock({ entities });
      const handlers = eventHandlers({
        store,
        queue,
        apps: new AppResolver(catalog, 'okta'),
        directory: new Directory(catalog, mockServices.auth()),
        serviceCredentials: async () => mockCredentials.service(),
        events,
        webhooks: [],
        logger: mockServices.logger.mock(),
        now: () => new Date(),
        onJobsEnqueued: () => undefined,
      });
      const run = async () => {
        const [job] = await queue.claim({
          workerId: 'test',
          now: new Date(),
          leaseMs: 60_000,
          limit: 10,
          types: ['event.publish'],
        });
        const read = readJobPayload('event.publish', job.payload);
        if (!read.ok) throw new Error(read.message);
        await handlers['event.publish'].run(read.payload, job);
        expect(await queue.complete(knex, job.id, 'test', new Date())).toBe(
          true,
        );
      };
      // The worker that claimed the first publication publishes it and dies before completing
      // the job: once its lease is gone the job runs again, with the same event id.
      const first = readJobPayload('event.publish', claimed[0].payload);
      if (!first.ok) throw new Error(first.message);
      await handlers['event.publish'].run(first.payload, claimed[0]);
      await knex('access_jobs').update({
        status: 'pending',
        locked_by: null,
        locked_until: null,
      });
      await run();
      expect(published).toHaveLength(2);
      expect((published[1].eventPayload as AccessEventPayloadV1).id).toBe(
        (published[0].eventPayload as AccessEventPayloadV1).id,
      );
      published.shift();
      await run();
      expect(
        await queue.claim({
          workerId: 'test',
          now: new Date(),
          leaseMs: 60_000,
          limit: 10,
          types: ['event.publish'],
        }),
      ).toEqual([]);

      const payloads = published.map(
        e => e.eventPayload as AccessEventPayloadV1,
      );
      expect(payloads.map(p => p.type)).toEqual([
        'break-glass-used',
        'extended',
      ]);
      expect(payloads[0]).toMatchObject({
        version: 1,
        app: { ref: entityRef, title: 'SALESFORCE' },
        role: { id: 'admin', title: 'System Admin' },
        requestId,
        grantId,
        occurredAt: now.toISOString(),
        actor: { ref: 'user:default/priya', name: 'Priya Shah' },
        subject: { ref: 'user:default/priya', name: 'Priya Shah' },
        details: { reason: 'INC-42 is down' },
      });
      expect(payloads[0].details).not.toHaveProperty('apiToken');
      expect(payloads[1]).toMatchObject({
        actor: { name: 'Omar Haddad' },
        details: { duration: 'PT2H', expiresAt: '2026-12-01T12:00:00.000Z' },
      });
      expect(payloads[1].details).not.toHaveProperty('idpUserId');
      expect(published.map(e => e.metadata)).toEqual([
        { type: 'break-glass-used', id: payloads[0].id },
        { type: 'extended', id: payloads[1].id },
      ]);
    });
  },
);
