import { SideEffectError } from '@accessgov/plugin-access-governance-node';
import { Knex } from 'knex';
import { JOB_TYPES, JobPayload, JobType, readJobPayload } from './catalogue';
import { ClaimedJob } from './DatabaseJobQueue';
import { JobHandler } from './JobRunner';

/** What a handler may give back: the outcome to record with the job's completion. */
export type JobOutcome = void | ((tx: Knex.Transaction) => Promise<void>);

/** The handler of one job type, given the job's typed payload. */
export interface TypedJobHandler<T extends JobType> {
  run(payload: JobPayload<T>, job: ClaimedJob): Promise<JobOutcome>;
  onFailure?(
    payload: JobPayload<T>,
    job: ClaimedJob,
    error: Error,
    tx: Knex.Transaction,
  ): Promise<void>;
  onRetry?(
    payload: JobPayload<T>,
    job: ClaimedJob,
    error: Error,
    tx: Knex.Transaction,
  ): Promise<void>;
}

/** A handler for every job type. */
export type JobHandlers = { [T in JobType]: TypedJobHandler<T> };

function payloadOf<T extends JobType>(type: T, job: ClaimedJob): JobPayload<T> {
  const read = readJobPayload(type, job.payload);
  if (!read.ok) {
    throw new SideEffectError(
      `Job ${type} #${job.id} has an unreadable payload: ${read.message}`,
      {
        retryable: false,
      },
    );
  }
  return read.payload;
}

function bind<T extends JobType>(
  type: T,
  handler: TypedJobHandler<T>,
): JobHandler {
  const { onFailure, onRetry } = handler;
  return {
    run: async job => handler.run(payloadOf(type, job), job),
    onFailure: onFailure
      ? async (job, error, tx) =>
          onFailure.call(handler, payloadOf(type, job), job, error, tx)
      : undefined,
    onRetry: onRetry
      ? async (job, error, tx) =>
          onRetry.call(handler, payloadOf(type, job), job, error, tx)
      : undefined,
  };
}

/** The job runner's view of the handlers: one per stored job type. */
export function createJobRegistry(
  handlers: JobHandlers,
): Record<string, JobHandler> {
  return Object.fromEntries(
    JOB_TYPES.map(type => [type, bind(type, handlers[type])]),
  );
}
