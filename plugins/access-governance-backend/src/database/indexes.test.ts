import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseJobQueue } from '../jobs/DatabaseJobQueue';
import { DatabaseAccessStore } from './DatabaseAccessStore';
import { DatabaseReviewStore } from './DatabaseReviewStore';
import { applyDatabaseMigrations } from './migrations';

jest.setTimeout(180_000);

/*
 * At 100,000 requests and grants, every list query the API and the sweeps make reads an
 * index, not the whole table. PostgreSQL only: SQLite plans differently and is not run at
 * this size.
 */
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const ids = databases.eachSupportedId();

const ROWS = 100_000;
const APPS = 200;
const PEOPLE = 2_000;
const BIG_TABLES = [
  'access_requests',
  'access_request_approvers',
  'access_approvals',
  'access_grants',
  'access_audit_events',
  'access_jobs',
  'access_review_items',
];

/**
 * Seeds with set-based SQL: a few statements, however many rows. Open requests and active
 * grants each have a role of their own (one per person and role).
 */
async function seed(knex: Knex) {
  await knex.raw(
    `insert into access_requests (id, entity_ref, role_id, requester, justification, duration,
       status, provider, groups, stages, current_stage, created_at, updated_at)
     select lpad(i::text, 36, '0'), 'component:default/app-' || (i % ${APPS}),
       case when i % 50 = 0 then 'role-' || i else 'viewer' end,
       'user:default/u' || (i % ${PEOPLE}), 'seeded', null,
       case when i % 50 = 0 then 'pending' when i % 3 = 0 then 'rejected' else 'granted' end,
       'okta', '["G"]',
       '[{"type":"owner","label":"Owners","approvers":["group:default/team-' || (i % ${APPS}) || '"]}]',
       case when i % 50 = 0 then 0 else null end,
       timestamp with time zone '2026-01-01 00:00:00+00' + i * interval '1 minute',
       timestamp with time zone '2026-01-01 00:00:00+00' + i * interval '1 minute'
     from generate_series(1, ${ROWS}) as i`,
  );
  await knex.raw(
    `insert into access_request_approvers (request_id, stage, approver_ref)
     select id, 0, 'group:default/team-' || substr(entity_ref, 23) from access_requests`,
  );
  await knex.raw(
    `insert into access_approvals (request_id, stage, decision, decided_by, decided_at)
     select id, 0, 'approved', 'user:default/boss', created_at from access_requests
     where status = 'granted'`,
  );
  await knex.raw(
    `insert into access_grants (id, entity_ref, role_id, user_ref, groups, provider, request_id,
       status, granted_at, expires_at)
     select lpad(i::text, 36, 'g'), 'component:default/app-' || (i % ${APPS}),
       case when i % 10 = 0 then 'role-' || i else 'viewer' end,
       'user:default/u' || (i % ${PEOPLE}), '["G"]', 'okta', lpad(i::text, 36, '0'),
       case when i % 10 = 0 then 'active' else 'expired' end,
       timestamp with time zone '2026-01-01 00:00:00+00' + i * interval '1 minute',
       timestamp with time zone '2026-01-01 00:00:00+00' + (i + 600) * interval '1 minute'
     from generate_series(1, ${ROWS}) as i`,
  );
  await knex.raw(
    `insert into access_audit_events (entity_ref, type, actor, details, created_at)
     select 'component:default/app-' || (i % ${APPS}), 'seeded', 'user:default/u1', '{}',
       timestamp with time zone '2026-01-01 00:00:00+00' + i * interval '30 seconds'
     from generate_series(1, ${2 * ROWS}) as i`,
  );
  await knex.raw(
    `insert into access_jobs (chain, type, payload, status, attempts, run_after, created_at,
       updated_at)
     select 'chain-' || i, 'notify', '{}', case when i % 100 = 0 then 'failed' else 'done' end,
       1, now(), now(), now()
     from generate_series(1, ${ROWS}) as i`,
  );
  await knex.raw(
    `insert into access_reviews (id, entity_ref, status, due_at, created_by, created_at)
     select 'review-' || i, 'component:default/app-' || i, 'open', now(), 'system', now()
     from generate_series(1, 5) as i`,
  );
  await knex.raw(
    `insert into access_review_items (id, review_id, position, user_ref, "user", role_id, groups,
       recommendation, reason, sort_name, search_text)
     select 'item-' || i, 'review-' || (1 + i % 5), i / 5, 'user:default/u' || i, '{}', 'viewer',
       '[]', case when i % 7 = 0 then 'revoke' else 'keep' end, 'seeded', 'person ' || i,
       'person ' || i
     from generate_series(1, ${ROWS}) as i`,
  );
  await knex.raw('analyze');
}

(ids.length > 0
  ? describe.each(ids)
  : describe.skip.each(['POSTGRES_15' as const]))(
  'list queries at 100,000 rows use an index, %p',
  databaseId => {
    let knex: Knex;
    let store: DatabaseAccessStore;
    let reviews: DatabaseReviewStore;
    let queue: DatabaseJobQueue;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      await seed(knex);
      store = new DatabaseAccessStore(knex);
      reviews = new DatabaseReviewStore(knex);
      queue = new DatabaseJobQueue(knex);
    });

    /** The plans of every statement `run` sends. */
    async function plansOf(run: () => Promise<unknown>): Promise<string[]> {
      const statements: { sql: string; bindings: unknown[] }[] = [];
      const listen = (query: { sql: string; bindings?: unknown[] }) => {
        statements.push({ sql: query.sql, bindings: query.bindings ?? [] });
      };
      knex.on('query', listen);
      try {
        await run();
      } finally {
        knex.removeListener('query', listen);
      }
      expect(statements.length).toBeGreaterThan(0);
      const plans: string[] = [];
      for (const { sql, bindings } of statements) {
        const result = await knex.raw(
          `explain ${sql.replace(/\$\d+/g, '?')}`,
          bindings as any[],
        );
        plans.push(result.rows.map((r: any) => r['QUERY PLAN']).join('\n'));
      }
      return plans;
    }

    const page = { limit: 101 };
    const cases: [string, () => Promise<unknown>][] = [
      [
        'my requests',
        () => store.pageRequests({ requester: 'user:default/u42' }, page),
      ],
      [
        'my requests of one app',
        () =>
          store.pageRequests(
            {
              requester: 'user:default/u42',
              entityRef: 'component:default/app-42',
            },
            page,
          ),
      ],
      [
        'the approver inbox',
        () =>
          store.pageRequests({}, page, {
            approverRefs: ['user:default/u7', 'group:default/team-7'],
            self: 'user:default/u7',
          }),
      ],
      [
        'counting the approver inbox',
        () =>
          store.countRequests(
            {},
            {
              approverRefs: ['user:default/u7', 'group:default/team-7'],
              self: 'user:default/u7',
            },
          ),
      ],
      [
        'the open requests of an app',
        () =>
          store.pageRequests(
            {
              entityRef: 'component:default/app-9',
              statuses: ['pending', 'approved'],
            },
            page,
          ),
      ],
      [
        'the holders of an app',
        () =>
          store.pageGrants(
            { entityRef: 'component:default/app-3', statuses: ['active'] },
            page,
          ),
      ],
      ['my grants', () => store.pageGrants({ user: 'user:default/u42' }, page)],
      [
        'the active grants of an app, for a campaign',
        () => store.activeGrantsByUser('component:default/app-3'),
      ],
      [
        'the audit of an app for a period',
        () =>
          store.pageAudit(
            {
              entityRef: 'component:default/app-5',
              from: new Date('2026-01-10T00:00:00Z'),
              to: new Date('2026-01-20T00:00:00Z'),
            },
            page,
          ),
      ],
      [
        'the expiry sweep',
        () => store.listExpiredGrants(new Date('2026-02-01T00:00:00Z'), 100),
      ],
      [
        'the reminder sweep',
        () => store.listGrantsToRemind(new Date('2026-02-01T00:00:00Z'), 100),
      ],
      [
        'stale pending requests',
        () =>
          store.listRequests({
            statuses: ['pending'],
            createdBefore: new Date('2026-01-05T00:00:00Z'),
            limit: 100,
          }),
      ],
      ['failed jobs', () => queue.list({ statuses: ['failed'], limit: 101 })],
      [
        'the items of a campaign to revoke, by name',
        () =>
          reviews.pageItems(
            'review-3',
            { recommendation: 'revoke' },
            'name',
            page,
          ),
      ],
      [
        'the undecided items of a campaign',
        () =>
          reviews.pageItems(
            'review-3',
            { decision: 'undecided' },
            'position',
            page,
          ),
      ],
    ];

    it.each(cases)('%s', async (_name, run) => {
      for (const plan of await plansOf(run)) {
        for (const table of BIG_TABLES) {
          expect(plan).not.toMatch(new RegExp(`Seq Scan on ${table}\\b`));
        }
      }
    });
  },
);
