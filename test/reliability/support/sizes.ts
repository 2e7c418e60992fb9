/*
 * Campaign sizes. The full mode meets the figures of the done-when list; the short mode
 * (RELIABILITY_SHORT=1, or `npm run test:reliability -- --short`) runs each campaign at a
 * size that fits a CI job. Every size can be set on its own through the environment.
 */
export const PG_URL =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';

export const short = process.env.RELIABILITY_SHORT === '1';

function size(name: string, full: number, quick: number): number {
  const value = process.env[`RELIABILITY_${name}`];
  if (value !== undefined && value !== '') {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0)
      throw new Error(`RELIABILITY_${name}: ${value} is not a number`);
    return n;
  }
  return short ? quick : full;
}

export const sizes = {
  /** Generated bad inputs per database. */
  badInputs: size('BAD_INPUTS', 1000, 1000),
  /** kill -9 trials per database. */
  killTrials: size('KILL_TRIALS', 20, 2),
  /** Requests driven through each fault mode. */
  faultRequests: size('FAULT_REQUESTS', 6, 2),
  /** The share of calls a fault rule affects. */
  faultRate: size('FAULT_RATE', 0.3, 0.3),
  /** Rounds of each race. */
  raceRounds: size('RACE_ROUNDS', 20, 3),
  /** Requests driven through two replicas. */
  replicaRequests: size('REPLICA_REQUESTS', 20, 5),
  /** How long side effects may take to converge once faults are off or a backend is back. */
  convergeTimeoutMs: size('CONVERGE_TIMEOUT_MS', 180_000, 150_000),
  /** The goal of the kill -9 trials: converged within this long of the restart. */
  convergeGoalMs: size('CONVERGE_GOAL_MS', 15_000, 15_000),
  startTimeoutMs: size('START_TIMEOUT_MS', 300_000, 300_000),
};

/** The databases to run on: RELIABILITY_DBS=sqlite,postgres (the default). */
export const databases = (process.env.RELIABILITY_DBS ?? 'sqlite,postgres')
  .split(',')
  .map(s => s.trim())
  .filter(Boolean) as Array<'sqlite' | 'postgres'>;
