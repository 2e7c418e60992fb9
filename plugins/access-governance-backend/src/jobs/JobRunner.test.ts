import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { SideEffectError } from '@accessgov/plugin-access-governance-node';
import knexFactory, { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { ClaimedJob, DatabaseJobQueue } from './DatabaseJobQueue';
import { backoffDelay, JobHandler, JobRunner } from './JobRunner';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

function runner(
  knex: Knex,
  handlers: Record<string, JobHandler>,
  workerId: string,
  extra: Partial<ConstructorParameters<typeof JobRunner>[0]> = {},
) {
  return new JobRunner({
    knex,
    queue: new DatabaseJobQueue(knex),
    handlers,
    logger: mockServices.logger.mock(),
    workerId,
    maxAttempts: 3,
    initialBackoffMs: 1,
    maxBackoffMs: 5,
    ...extra,
  });
}

async function statuses(knex: Knex) {
  const rows = await knex('access_jobs')
    .select('status')
    .count({ n: '*' })
    .groupBy('status');
  return Object.fromEntries(rows.map((r: any) => [r.status, Number(r.n)]));
}

describe('durable jobs', () => {
  it.each(databases.eachSupportedId())(
    'two workers drain 500 jobs, each run exactly once and in order within its chain, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      // A second connection pool to the same database, as a second replica would have.
      const other =
        knex.client.config.client === 'pg'
          ? knexFactory(knex.client.config)
          : knex;

      const queue = new DatabaseJobQueue(knex);
      const specs = Array.from({ length: 500 }, (_, i) => ({
        type: 'count',
        chain: `chain-${i % 25}`,
        payload: { n: i },
      }));
      await queue.enqueue(knex, specs, new Date());

      const runs = new Map<number, string[]>();
      const runningChains = new Set<string>();
      const orderByChain = new Map<string, number[]>();
      const handler = (worker: string): JobHandler => ({
        async run(job: ClaimedJob) {
          if (runningChains.has(job.chain)) {
            throw new Error(`two jobs of ${job.chain} ran at once`);
          }
          runningChains.add(job.chain);
          await new Promise(r => setTimeout(r, Math.random() * 3));
          runningChains.delete(job.chain);
          const n = Number(job.payload.n);
          runs.set(n, [...(runs.get(n) ?? []), worker]);
          orderByChain.set(job.chain, [
            ...(orderByChain.get(job.chain) ?? []),
            n,
          ]);
        },
      });

      const a = runner(knex, { count: handler('a') }, 'worker-a');
      const b = runner(other, { count: handler('b') }, 'worker-b');
      await Promise.all([a.runUntilIdle(), b.runUntilIdle()]);
      await Promise.all([a.runUntilIdle(), b.runUntilIdle()]);

      expect(runs.size).toBe(500);
      for (const [, workers] of runs) expect(workers).toHaveLength(1);
      const ranBy = new Set([...runs.values()].flat());
      expect(ranBy).toEqual(new Set(['a', 'b']));
      for (const [, order] of orderByChain) {
        expect(order).toEqual([...order].sort((x, y) => x - y));
      }
      expect(await statuses(knex)).toEqual({ done: 500 });
      if (other !== knex) await other.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'retries retryable failures and fails for good after the last attempt, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const queue = new DatabaseJobQueue(knex);
      await queue.enqueue(
        knex,
        [
          { type: 'flaky', chain: 'x', payload: {} },
          { type: 'broken', chain: 'y', payload: {} },
          { type: 'refused', chain: 'z', payload: {} },
        ],
        new Date(),
      );
      let flakyCalls = 0;
      const failures: string[] = [];
      const jobRunner = runner(
        knex,
        {
          flaky: {
            async run() {
              flakyCalls++;
              if (flakyCalls < 3)
                throw new SideEffectError('503', {
                  retryable: true,
                  status: 503,
                });
            },
          },
          broken: {
            async run() {
              throw new Error('connection reset');
            },
            async onFailure(job, error) {
              failures.push(`${job.type}:${job.attempts}:${error.message}`);
            },
          },
          refused: {
            async run() {
              throw new SideEffectError('group does not exist', {
                retryable: false,
                status: 404,
              });
            },
            async onFailure(job) {
              failures.push(`${job.type}:${job.attempts}`);
            },
          },
        },
        'w',
      );
      for (let i = 0; i < 10; i++) {
        await jobRunner.runUntilIdle();
        await new Promise(r => setTimeout(r, 10));
      }
      expect(flakyCalls).toBe(3);
      expect(failures.sort()).toEqual([
        'broken:3:connection reset',
        'refused:1',
      ]);
      expect(await statuses(knex)).toEqual({ done: 1, failed: 2 });
      const [failed] = await queue.list({ statuses: ['failed'], limit: 1 });
      expect(failed.lastError).toBeTruthy();
    },
  );

  it.each(databases.eachSupportedId())(
    'stores the failure text it is given, not the raw error, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const queue = new DatabaseJobQueue(knex);
      await queue.enqueue(
        knex,
        [{ type: 'sql', chain: 's', payload: {} }],
        new Date(),
      );
      const jobRunner = runner(
        knex,
        {
          sql: {
            async run() {
              throw new Error(
                'insert into "access_grants" values ($1) - invalid input syntax',
              );
            },
          },
        },
        'w',
        { maxAttempts: 1, failureText: () => 'Recording the grant failed' },
      );
      await jobRunner.runUntilIdle();
      const [failed] = await queue.list({ statuses: ['failed'], limit: 1 });
      expect(failed.lastError).toBe('Recording the grant failed');
    },
  );

  it.each(databases.eachSupportedId())(
    'takes over the job of a worker that died once its lease runs out, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const queue = new DatabaseJobQueue(knex);
      const start = new Date('2026-11-26T10:00:00Z');
      await queue.enqueue(
        knex,
        [{ type: 't', chain: 'c', payload: {} }],
        start,
      );

      const [held] = await queue.claim({
        workerId: 'dead',
        now: start,
        leaseMs: 60_000,
        limit: 1,
      });
      expect(held).toBeDefined();
      // While the lease holds, nobody else gets it.
      expect(
        await queue.claim({
          workerId: 'b',
          now: new Date(start.getTime() + 30_000),
          leaseMs: 60_000,
          limit: 1,
        }),
      ).toEqual([]);

      let runs = 0;
      const later = new Date(start.getTime() + 61_000);
      const b = runner(
        knex,
        {
          t: {
            run: async () => {
              runs++;
            },
          },
        },
        'b',
        { now: () => later },
      );
      await b.runUntilIdle();
      expect(runs).toBe(1);
      // The dead worker's late completion is refused.
      expect(await queue.complete(knex, held.id, 'dead', later)).toBe(false);
      expect((await queue.get(held.id))?.status).toBe('done');
    },
  );

  it.each(databases.eachSupportedId())(
    'runs each lane on its own and never waits for a batch, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const queue = new DatabaseJobQueue(knex);
      let release!: () => void;
      const slowDone = new Promise<void>(resolve => {
        release = resolve;
      });
      const finished: string[] = [];
      const handlers: Record<string, JobHandler> = {
        slow: {
          run: async job => {
            await slowDone;
            finished.push(`slow-${job.payload.n}`);
          },
        },
        fast: {
          run: async job => {
            finished.push(`fast-${job.payload.n}`);
          },
        },
        idp: {
          run: async job => {
            finished.push(`idp-${job.payload.n}`);
          },
        },
      };
      // A slow job is ahead of everything else in the queue.
      await queue.enqueue(
        knex,
        [
          { type: 'slow', chain: 's', payload: { n: 1 } },
          ...Array.from({ length: 12 }, (_, i) => ({
            type: 'fast',
            chain: `f${i}`,
            payload: { n: i },
          })),
          ...[1, 2].map(n => ({ type: 'idp', chain: `i${n}`, payload: { n } })),
        ],
        new Date(),
      );
      const r = runner(knex, handlers, 'w', {
        lanes: [
          { name: 'idp', types: ['idp'], concurrency: 1 },
          { name: 'rest', concurrency: 2 },
        ],
      });
      r.start();
      try {
        // The other lane, and the free slot of the slow job's own lane, go on meanwhile:
        // more jobs than one claim takes, none of them waiting for the slow one.
        const deadline = Date.now() + 10_000;
        while (finished.length < 14 && Date.now() < deadline) {
          await new Promise(resolve => setTimeout(resolve, 10));
        }
        expect(finished.filter(f => f.startsWith('fast'))).toHaveLength(12);
        expect(finished.filter(f => f.startsWith('idp'))).toHaveLength(2);
        expect(finished).not.toContain('slow-1');
        release();
        await r.runUntilIdle();
        expect(finished).toContain('slow-1');
        expect(await statuses(knex)).toEqual({ done: 15 });
      } finally {
        release();
        await r.stop();
      }
    },
  );
});

describe('backoffDelay', () => {
  it('doubles with each attempt, caps, and never waits less than the service asked', () => {
    const base = {
      initialBackoffMs: 1000,
      maxBackoffMs: 60_000,
      random: () => 1,
    };
    expect(backoffDelay({ ...base, attempts: 1 })).toBe(1000);
    expect(backoffDelay({ ...base, attempts: 3 })).toBe(4000);
    expect(backoffDelay({ ...base, attempts: 20 })).toBe(60_000);
    expect(backoffDelay({ ...base, attempts: 1, random: () => 0 })).toBe(500);
    expect(backoffDelay({ ...base, attempts: 1, retryAfterMs: 30_000 })).toBe(
      30_000,
    );
  });
});
