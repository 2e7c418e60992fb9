import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { AccessRemovalStatus } from '@accessgov/plugin-access-governance-common';
import { Knex } from 'knex';
import { startAccessBackend } from '../__testUtils__/harness';
import { userRef } from '../__testUtils__/fixtures';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const APP = 'component:default/salesforce';
const T0 = Date.parse('2026-06-01T00:00:00Z');

const owner = {
  type: 'owner' as const,
  label: 'App approvers (group:default/revops)',
  approvers: ['group:default/revops'],
};

// The lists of an app's Access tab: approved requests of the roles granted by hand, and ended
// grants by where their removal from the identity provider stands.
describe.each(databases.eachSupportedId())(
  'filters of an app’s lists, %p',
  databaseId => {
    let emulators: Emulators;
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startAccessBackend>>;
    const removals: (AccessRemovalStatus | null)[] = [
      null,
      'pending',
      'failed',
      'manual',
      'done',
    ];

    beforeAll(async () => {
      emulators = await startEmulators({ seed: 'demo' });
      knex = await databases.init(databaseId);
      backend = await startAccessBackend({ emulators, knex });
      const store = new DatabaseAccessStore(knex);
      await store.transaction(async tx => {
        for (let i = 0; i < 12; i++) {
          const at = new Date(T0 + i * 60_000);
          await store.insertRequest(tx, {
            id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            entityRef: APP,
            roleId: ['by-hand', 'other-by-hand', 'automatic'][i % 3],
            requester: userRef(`person-${i}`),
            justification: `Seeded ${i}`,
            duration: 'PT1H',
            status: i % 2 ? 'approved' : 'pending',
            provider: 'okta',
            groups: [],
            stages: [owner],
            currentStage: i % 2 ? null : 0,
            jiraKey: null,
            grantId: null,
            failure: null,
            createdAt: at,
            updatedAt: at,
          });
        }
        for (let i = 0; i < 25; i++) {
          const at = new Date(T0 + i * 60_000);
          const removal = removals[i % removals.length];
          await store.insertGrant(tx, {
            id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            entityRef: APP,
            roleId: `role-${i}`,
            user: userRef(`holder-${i}`),
            groups: ['SF-Viewer'],
            provider: 'okta',
            requestId: null,
            jiraKey: null,
            status: removal ? 'revoked' : 'active',
            grantedAt: at,
            expiresAt: null,
            endedAt: removal ? at : null,
            endReason: removal ? 'Revoked' : null,
            endKind: removal ? 'revoked' : null,
            removal,
            remindedAt: null,
            reclaimWarnedAt: null,
          });
        }
      });
    });

    afterAll(async () => {
      await backend?.stop();
      await emulators?.close();
    });

    it('lists the approved requests of some roles, a page at a time, with their total', async () => {
      const path = `/requests?entityRef=${APP}&status=approved&roleId=by-hand,other-by-hand`;
      const first = await backend.get(`${path}&limit=3`, 'omar');
      expect(first.status).toBe(200);
      // Of the 12 requests, 6 are approved; 4 of them are of the two roles.
      expect(first.body.total).toBe(4);
      expect(first.body.items).toHaveLength(3);
      const next = await backend.get(
        `${path}&limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`,
        'omar',
      );
      const items = [...first.body.items, ...next.body.items];
      expect(next.body.nextCursor).toBeNull();
      expect(items).toHaveLength(4);
      expect(
        items.every(
          (r: any) =>
            r.status === 'approved' &&
            ['by-hand', 'other-by-hand'].includes(r.roleId),
        ),
      ).toBe(true);

      const one = await backend.get(
        `/requests?entityRef=${APP}&roleId=automatic`,
        'omar',
      );
      expect(one.body.total).toBe(4);
      expect(one.body.items.map((r: any) => r.roleId)).toEqual(
        Array(4).fill('automatic'),
      );
    });

    it('lists the ended grants whose removal is not done, or is to do by hand', async () => {
      const stuck = await backend.get(
        `/grants?entityRef=${APP}&removal=pending,failed&limit=4`,
        'omar',
      );
      expect(stuck.status).toBe(200);
      expect(stuck.body.total).toBe(10);
      expect(stuck.body.items).toHaveLength(4);
      expect(stuck.body.nextCursor).not.toBeNull();
      expect(
        stuck.body.items.every((g: any) =>
          ['pending', 'failed'].includes(g.removal),
        ),
      ).toBe(true);

      const byHand = await backend.get(
        `/grants?entityRef=${APP}&removal=manual`,
        'omar',
      );
      expect(byHand.body.total).toBe(5);
      expect(byHand.body.items.map((g: any) => g.removal)).toEqual(
        Array(5).fill('manual'),
      );

      const held = await backend.get(
        `/grants?entityRef=${APP}&status=active`,
        'omar',
      );
      expect(held.body.total).toBe(5);
    });

    it('refuses a removal state it does not know, naming the field', async () => {
      const res = await backend.get(
        `/grants?entityRef=${APP}&removal=gone`,
        'omar',
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'removal: gone is not one of pending, done, failed, manual',
      );
      const long = await backend.get(
        `/requests?entityRef=${APP}&roleId=${'r'.repeat(256)}`,
        'omar',
      );
      expect(long.status).toBe(400);
      expect(long.body.error.message).toMatch(/^roleId: /);
    });
  },
);
