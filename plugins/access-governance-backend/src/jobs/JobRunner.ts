import { LoggerService } from '@backstage/backend-plugin-api';
import { SideEffectError } from '@accessgov/plugin-access-governance-node';
import { Knex } from 'knex';
import { ClaimedJob, DatabaseJobQueue } from './DatabaseJobQueue';

/**
 * What a job type does. `run` carries out the side effect (outside any transaction) and
 * may return a function that records its outcome: that function runs in the same
 * transaction that marks the job done, so the state change and the job's completion
 * commit together. `onFailure` runs, in the transaction that marks the job failed, when
 * the job will not be tried again; `onRetry`, in the transaction that puts it back, each
 * time a failed attempt is to be tried again.
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
  onRetry?(job: ClaimedJob, error: Error, tx: Knex.Transaction): Promise<void>;
}

/**
 * A lane of the job queue: the job types it runs and how many of them it keeps in flight.
 * Each lane claims on its own, so a slow service in one lane never holds up another.
 */
export interface JobLane {
  name: string;
  /** The job types of the lane; the lane without types runs every type no other lane names. */
  types?: readonly string[];
  /** Jobs of the lane in flight at once. */
  concurrency: number;
  /**
   * Retries retryable failures for as long as they last (at the longest backoff), for
   * side effects that must catch up however long their service is away.
   */
  retryForever?: boolean;
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
  /**
   * How long a claimed job is held without a heartbeat before another worker may take it
   * over. Default 10 s.
   */
  leaseMs?: number;
  /** How often a running job's lease is renewed. Default a third of the lease. */
  heartbeatMs?: number;
  /** How often the queue is polled for due jobs (retries, missed kicks). */
  pollIntervalMs?: number;
  /** The lanes; by default one lane of ten jobs for every type. */
  lanes?: readonly JobLane[];
  now?: () => Date;
  /**
   * The text of a failure that is stored on the job and shown to administrators; the
   * error itself goes to the log. Defaults to the error's message.
   */
  failureText?: (error: unknown) => string;
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

/** One lane's state in a runner: the jobs in flight and whether a claim is under way. */
class LaneState {
  readonly inFlight = new Set<Promise<void>>();
  claiming?: Promise<void>;
  again = false;

  constructor(
    readonly lane: JobLane,
    /** Restricts a claim to the lane's types. */
    readonly filter: { types?: string[]; excludeTypes?: string[] },
  ) {}
}

/**
 * Runs durable jobs: claims them under a lease, runs their handler, and retries with
 * backoff until they succeed or run out of attempts. Each lane keeps up to its
 * concurrency of jobs in flight and claims the next as soon as one finishes.
 */
export class JobRunner {
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly pollIntervalMs: number;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly lanes: LaneState[];
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: JobRunnerOptions) {
    this.leaseMs = options.leaseMs ?? 10_000;
    this.heartbeatMs = Math.max(
      10,
      Math.min(options.heartbeatMs ?? this.leaseMs / 3, this.leaseMs / 2),
    );
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    const lanes = options.lanes ?? [{ name: 'default', concurrency: 10 }];
    const named = lanes.flatMap(lane => lane.types ?? []);
    this.lanes = lanes.map(
      lane =>
        new LaneState(
          lane,
          lane.types ? { types: [...lane.types] } : { excludeTypes: named },
        ),
    );
    if (!this.lanes.some(l => !l.lane.types)) {
      this.lanes.push(
        new LaneState(
          { name: 'default', concurrency: 1 },
          { excludeTypes: named },
        ),
      );
    }
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
    await this.settled();
  }

  /** Asks for a run soon (right after a commit that enqueued jobs). */
  kick(): void {
    for (const lane of this.lanes) {
      this.fill(lane).catch(error =>
        this.options.logger.error('Access governance job run failed', error),
      );
    }
  }

  /** Runs jobs until none is due. Resolves when done (also used by tests and sweeps). */
  async runUntilIdle(): Promise<void> {
    for (;;) {
      await Promise.all(this.lanes.map(lane => this.fill(lane)));
      const busy = this.lanes.some(l => l.inFlight.size > 0 || l.claiming);
      if (!busy) return;
      await this.settled();
    }
  }

  /** Waits for the claims and jobs under way now. */
  private async settled(): Promise<void> {
    await Promise.all(
      this.lanes.flatMap(l => [
        ...l.inFlight,
        ...(l.claiming ? [l.claiming.catch(() => undefined)] : []),
      ]),
    );
  }

  /** Claims jobs of the lane until it is full or none is due. */
  private fill(state: LaneState): Promise<void> {
    if (state.claiming) {
      state.again = true;
      return state.claiming;
    }
    const claiming = (async () => {
      do {
        state.again = false;
        while (!this.stopped && state.inFlight.size < state.lane.concurrency) {
          const jobs = await this.options.queue.claim({
            workerId: this.options.workerId,
            now: this.now(),
            leaseMs: this.leaseMs,
            limit: state.lane.concurrency - state.inFlight.size,
            ...state.filter,
          });
          if (jobs.length === 0) break;
          for (const job of jobs) this.launch(state, job);
        }
      } while (state.again && !this.stopped);
    })();
    state.claiming = claiming;
    return claiming.finally(() => {
      state.claiming = undefined;
    });
  }

  private launch(state: LaneState, job: ClaimedJob): void {
    const running: Promise<void> = this.runJob(job, state.lane)
      .catch(error =>
        this.options.logger.error(
          `Access governance job ${job.type} #${job.id} could not be recorded`,
          error,
        ),
      )
      .finally(() => {
        state.inFlight.delete(running);
        if (!this.stopped) {
          this.fill(state).catch(error =>
            this.options.logger.error(
              'Access governance job run failed',
              error,
            ),
          );
        }
      });
    state.inFlight.add(running);
  }

  /**
   * Renews the lease of a running job until the returned function is called, so that a
   * job outlives its lease only when its worker is gone.
   */
  private heartbeat(job: ClaimedJob): () => void {
    const { queue, workerId, logger } = this.options;
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let wake: (() => void) | undefined;
    const pause = () =>
      new Promise<void>(resolve => {
        wake = resolve;
        timer = setTimeout(resolve, this.heartbeatMs);
        timer.unref?.();
      });
    const beats = async () => {
      while (!stopped) {
        await pause();
        if (stopped) return;
        try {
          const held = await queue.renew(
            job.id,
            workerId,
            this.leaseMs,
            this.now(),
          );
          // A renewal that meets the job's own completion finds it done: not a loss.
          if (!held && !stopped) {
            stopped = true;
            logger.warn(
              `Lease on job ${job.type} #${job.id} was lost; another worker may run it`,
            );
          }
        } catch (error) {
          logger.warn(
            `Lease on job ${job.type} #${job.id} could not be renewed: ${describe(error)}`,
          );
        }
      }
    };
    beats();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
    };
  }

  private async runJob(job: ClaimedJob, lane: JobLane): Promise<void> {
    const stopHeartbeat = this.heartbeat(job);
    try {
      await this.attempt(job, lane);
    } finally {
      stopHeartbeat();
    }
  }

  /**
   * Whether a failed attempt is tried again: errors a service may get over (rate limits,
   * timeouts, server errors, no answer) are retried for as long as they last; errors of
   * our own making for up to `maxAttempts`; a refusal that cannot succeed never.
   */
  private triesAgain(error: unknown, job: ClaimedJob, lane: JobLane): boolean {
    if (error instanceof SideEffectError) return error.retryable;
    return (
      lane.retryForever === true || job.attempts < this.options.maxAttempts
    );
  }

  private async attempt(job: ClaimedJob, lane: JobLane): Promise<void> {
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
      const message = describe(error);
      const stored = this.options.failureText?.(error) ?? message;
      if (this.triesAgain(error, job, lane)) {
        const delay = backoffDelay({
          attempts: job.attempts,
          initialBackoffMs: this.options.initialBackoffMs,
          maxBackoffMs: this.options.maxBackoffMs,
          retryAfterMs:
            error instanceof SideEffectError ? error.retryAfterMs : undefined,
          random: this.random,
        });
        logger.warn(
          `Job ${job.type} #${job.id} failed (attempt ${job.attempts}), retrying in ${Math.round(delay / 1000)} s: ${message}`,
        );
        const failure = error instanceof Error ? error : new Error(message);
        await knex.transaction(async tx => {
          const held = await queue.retryLater(
            job.id,
            workerId,
            new Date(this.now().getTime() + delay),
            stored,
            this.now(),
            tx,
          );
          if (held && handler?.onRetry) {
            await handler.onRetry(job, failure, tx);
          }
        });
        return;
      }
      logger.error(
        `Job ${job.type} #${job.id} failed for good after ${job.attempts} attempt(s): ${message}`,
      );
      const failure = error instanceof Error ? error : new Error(message);
      await knex.transaction(async tx => {
        const held = await queue.fail(tx, job.id, workerId, stored, this.now());
        if (held && handler?.onFailure) {
          await handler.onFailure(job, failure, tx);
        }
      });
    }
  }
}
