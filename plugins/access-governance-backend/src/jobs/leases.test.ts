import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { SideEffectError } from '@accessgov/plugin-access-governance-node';
import knexFactory, { Knex } from 'knex';
import { applyDatabaseMigrations } from '../database/migrations';
import { DatabaseJobQueue } from './DatabaseJobQueue';
import { JobHandler, JobRunner } from './JobRunner';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** A queue whose heartbeats stop at `die()`, as those of a process killed with -9. */
class DyingQueue extends DatabaseJobQueue {
  dead = false;
  renewals = 0;

  async renew(
    id: string,
    workerId: string,
    leaseMs: number,
    now: Date,
  ): Promise<boolean> {
    if (this.dead) throw new Error('process is gone');
    this.renewals++;
    return super.renew(id, workerId, leaseMs, now);
  }
}

function runner(
  knex: Knex,
  queue: DatabaseJobQueue,
  handlers: Record<string, JobHandler>,
  workerId: string,
  extra: Partial<ConstructorParameters<typeof JobRunner>[0]> = {},
) {
  return new JobRunner({
    knex,
    queue,
    handlers,
    logger: mockServices.logger.mock(),
    workerId,
    maxAttempts: 3,
    initialBackoffMs: 1,
    maxBackoffMs: 5,
    leaseMs: 600,
    heartbeatMs: 100,
    pollIntervalMs: 50,
    ...extra,
  });
}

/** A second pool on the same database, as another replica has. */
function secondPool(knex: Knex): Knex {
  return knex.client.config.client === 'pg'
    ? knexFactory(knex.client.config)
    : knex;
}

describe('job leases', () => {
  it.each(databases.eachSupportedId())(
    'a job that runs longer than its lease keeps it while its worker heartbeats, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const other = secondPool(knex);
      const queue = new DyingQueue(knex);
      await queue.enqueue(
        knex,
        [{ type: 'long', chain: 'c', payload: {} }],
        new Date(),
      );

      const ranBy: string[] = [];
      const long = (worker: string): JobHandler => ({
        async run() {
          ranBy.push(worker);
          await sleep(2_000);
        },
      });
      const a = runner(knex, queue, { long: long('a') }, 'a');
      const b = runner(
        other,
        new DatabaseJobQueue(other),
        { long: long('b') },
        'b',
      );
      const running = a.runUntilIdle();
      await sleep(50);
      b.start();
      try {
        await running;
        await sleep(200);
        expect(ranBy).toEqual(['a']);
        expect(queue.renewals).toBeGreaterThanOrEqual(5);
        expect((await queue.list({}))[0].status).toBe('done');
      } finally {
        await b.stop();
        if (other !== knex) await other.destroy();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'the job of a worker that stops heartbeating is taken by another within the lease, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const other = secondPool(knex);
      const dying = new DyingQueue(knex);
      await dying.enqueue(
        knex,
        [{ type: 't', chain: 'c', payload: {} }],
        new Date(),
      );

      let hang!: () => void;
      const hung = new Promise<void>(resolve => {
        hang = resolve;
      });
      const a = runner(
        knex,
        dying,
        {
          t: {
            async run() {
              await hung;
              throw new Error('never finishes');
            },
          },
        },
        'a',
      );
      let takenAt: number | undefined;
      const b = runner(
        other,
        new DatabaseJobQueue(other),
        {
          t: {
            async run() {
              takenAt = Date.now();
            },
          },
        },
        'b',
      );
      const aRun = a.runUntilIdle();
      await sleep(300);
      b.start();
      try {
        // Alive: the lease holds well past its length.
        await sleep(900);
        expect(takenAt).toBeUndefined();
        const diedAt = Date.now();
        dying.dead = true;
        const deadline = diedAt + 5_000;
        while (takenAt === undefined && Date.now() < deadline) await sleep(25);
        expect(takenAt).toBeDefined();
        // Within the lease (600 ms) plus a poll and the last heartbeat's reach.
        expect(takenAt! - diedAt).toBeLessThan(600 + 100 + 50 + 1_000);
        await sleep(100);
        const [job] = await dying.list({});
        expect(job.status).toBe('done');
        expect(job.attempts).toBe(2);
      } finally {
        hang();
        await aRun;
        await b.stop();
        if (other !== knex) await other.destroy();
      }
    },
  );
});

describe('retries', () => {
  it.each(databases.eachSupportedId())(
    'retries what a service may get over past maxAttempts, waits what it asked, never retries a refusal, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const queue = new DatabaseJobQueue(knex);
      await queue.enqueue(
        knex,
        ['429', '503', 'none', '408', '409', '400', '403', '404'].map(kind => ({
          type: 'call',
          chain: kind,
          payload: { kind },
        })),
        new Date(),
      );
      const calls = new Map<string, number>();
      const times429: number[] = [];
      const retried: string[] = [];
      const failedFor: string[] = [];
      const r = runner(
        knex,
        queue,
        {
          call: {
            async run(job) {
              const kind = String(job.payload.kind);
              const n = (calls.get(kind) ?? 0) + 1;
              calls.set(kind, n);
              if (kind === '429') times429.push(Date.now());
              if (n > 6) return;
              const status = kind === 'none' ? undefined : Number(kind);
              throw new SideEffectError(`answered ${kind}`, {
                retryable:
                  status === undefined ||
                  [408, 409, 429].includes(status) ||
                  status >= 500,
                status,
                retryAfterMs: kind === '429' && n === 1 ? 400 : undefined,
              });
            },
            async onRetry(job) {
              retried.push(String(job.payload.kind));
            },
            async onFailure(job) {
              failedFor.push(String(job.payload.kind));
            },
          },
        },
        'w',
      );
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        await r.runUntilIdle();
        const jobs = await queue.list({});
        if (jobs.every(j => j.status === 'done' || j.status === 'failed'))
          break;
        await sleep(20);
      }
      const jobs = await queue.list({});
      const byKind = Object.fromEntries(
        jobs.map(j => [String(j.payload.kind), j.status]),
      );
      expect(byKind).toEqual({
        '429': 'done',
        '503': 'done',
        none: 'done',
        '408': 'done',
        '409': 'done',
        '400': 'failed',
        '403': 'failed',
        '404': 'failed',
      });
      // Seven attempts, where maxAttempts is 3.
      expect(calls.get('503')).toBe(7);
      expect(retried.filter(k => k === '503')).toHaveLength(6);
      expect(failedFor.sort()).toEqual(['400', '403', '404']);
      expect(calls.get('404')).toBe(1);
      // The 429's second attempt waited out its Retry-After.
      expect(times429[1] - times429[0]).toBeGreaterThanOrEqual(390);
    },
  );
});
