import { LoggerService } from '@backstage/backend-plugin-api';
import { SideEffectError } from '@accessgov/plugin-access-governance-node';
import { Knex } from 'knex';
import { ClaimedJob, DatabaseJobQueue } from './DatabaseJobQueue';

/**
 * What a job type does. `run` carries out the side effect (outside any transaction) and
 * may return a function that records its outcome: that function runs in the same
 * transaction that marks the job done, so the state change and the job's completion
 * commit together. `onFailure` runs, in the transaction that marks the job failed, when
 * the job will not be tried again.
 */
export interface JobHandler {
  run(
    job: ClaimedJob,
  ): Promise<void | ((tx: Knex.Transaction) => Promise<void>)>;
  onFailure?(
    job: ClaimedJob,
    error: Error,
    tx: Knex.Transaction,
  ): Promise<void>;
}

export interface JobRunnerOptions {
  knex: Knex;
  queue: DatabaseJobQueue;
  handlers: Record<string, JobHandler>;
  logger: LoggerService;
  workerId: string;
  maxAttempts: number;
  /** First retry delay; doubles with each attempt, with jitter. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** How long a claimed job is held before another worker may take it over. */
  leaseMs?: number;
  /** How often the queue is polled for due jobs (retries, missed kicks). */
  pollIntervalMs?: number;
  now?: () => Date;
  random?: () => number;
}

/** The wait before the next attempt: exponential with jitter, never shorter than the service asked. */
export function backoffDelay(options: {
  attempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  retryAfterMs?: number;
  random: () => number;
}): number {
  const exponential = Math.min(
    options.maxBackoffMs,
    options.initialBackoffMs * 2 ** Math.max(0, options.attempts - 1),
  );
  const jittered = exponential / 2 + (options.random() * exponential) / 2;
  return Math.max(jittered, options.retryAfterMs ?? 0);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Runs durable jobs: claims them under a lease, runs their handler, and retries with
 * backoff until they succeed or run out of attempts.
 */
export class JobRunner {
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly now: () => Date;
  private readonly random: () => number;
  private running?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: JobRunnerOptions) {
    this.leaseMs = options.leaseMs ?? 120_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
  }

  /** Polls the queue in the background until {@link JobRunner.stop}. */
  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.kick();
      this.timer = setTimeout(tick, this.pollIntervalMs);
      this.timer.unref?.();
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Asks for a run soon (right after a commit that enqueued jobs). */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch(error =>
        this.options.logger.error('Access governance job run failed', error),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Runs jobs until none is due. Resolves when done (also used by tests and sweeps). */
  async runUntilIdle(): Promise<void> {
    if (this.running) await this.running;
    await this.drain();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const jobs = await this.options.queue.claim({
        workerId: this.options.workerId,
        now: this.now(),
        leaseMs: this.leaseMs,
        limit: 10,
      });
      if (jobs.length === 0) return;
      await Promise.all(jobs.map(job => this.runJob(job)));
    }
  }

  private async runJob(job: ClaimedJob): Promise<void> {
    const { queue, knex, workerId, logger } = this.options;
    const handler = this.options.handlers[job.type];
    try {
      if (!handler) {
        throw new SideEffectError(`No handler for job type ${job.type}`, {
          retryable: false,
        });
      }
      const record = await handler.run(job);
      await knex.transaction(async tx => {
        if (record) await record(tx);
        const held = await queue.complete(tx, job.id, workerId, this.now());
        if (!held) {
          throw new Error(
            `Lease on job ${job.id} was lost; another worker runs it`,
          );
        }
      });
    } catch (error) {
      const retryable = !(error instanceof SideEffectError) || error.retryable;
      const message = describe(error);
      if (retryable && job.attempts < this.options.maxAttempts) {
        const delay = backoffDelay({
          attempts: job.attempts,
          initialBackoffMs: this.options.initialBackoffMs,
          maxBackoffMs: this.options.maxBackoffMs,
          retryAfterMs:
            error instanceof SideEffectError ? error.retryAfterMs : undefined,
          random: this.random,
        });
        logger.warn(
          `Job ${job.type} #${job.id} failed (attempt ${job.attempts} of ${this.options.maxAttempts}), retrying in ${Math.round(delay / 1000)} s: ${message}`,
        );
        await queue.retryLater(
          job.id,
          workerId,
          new Date(this.now().getTime() + delay),
          message,
          this.now(),
        );
        return;
      }
      logger.error(
        `Job ${job.type} #${job.id} failed for good after ${job.attempts} attempt(s): ${message}`,
      );
      const failure = error instanceof Error ? error : new Error(message);
      await knex.transaction(async tx => {
        const held = await queue.fail(
          tx,
          job.id,
          workerId,
          message,
          this.now(),
        );
        if (held && handler?.onFailure) {
          await handler.onFailure(job, failure, tx);
        }
      });
    }
  }
}
