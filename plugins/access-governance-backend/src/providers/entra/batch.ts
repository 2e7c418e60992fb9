import type { Client } from '@microsoft/microsoft-graph-client';
import { headerValue } from '../errors';
import { retryAfterMs, sleep } from '../util';

/** Graph's limit of requests in one `$batch`. */
export const BATCH_LIMIT = 20;
const DEFAULT_ROUNDS = 4;
const DEFAULT_MAX_WAIT_MS = 30_000;
/** The wait after a throttled sub-request that gives no `Retry-After`. */
const DEFAULT_THROTTLE_WAIT_MS = 1000;

/** One GET request of a `$batch`. */
export interface BatchRequest {
  id: string;
  method: 'GET';
  url: string;
}

/** One answer of a `$batch`. */
export interface BatchResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Posts one `$batch` through the Graph client and gives its answers. */
export async function postBatch(
  client: Client,
  requests: BatchRequest[],
): Promise<BatchResponse[]> {
  const answer: { responses?: BatchResponse[] } = await client
    .api('/$batch')
    .post({ requests });
  return answer.responses ?? [];
}

/** A read to make through `$batch`; its URL is asked for each time it is sent. */
export interface BatchItem {
  id: string;
  url(): string;
}

/** What to do with one sub-request's answer. */
export type BatchOutcome =
  { kind: 'ok' } | { kind: 'none' } | { kind: 'again'; waitMs?: number };

/** The body of a sub-request's error answer. */
export function batchError(
  response: BatchResponse,
): { code?: string; message?: string } | undefined {
  return (response.body as { error?: { code?: string; message?: string } })
    ?.error;
}

/** The answers of a run: the body of each read that succeeded, with the URL it was sent to. */
export interface BatchRun<T extends BatchItem> {
  answers: Map<string, { item: T; url: string; body: unknown }>;
  /** Reads that were still throttled after the last round. */
  unfinished: T[];
  /** The longest wait Graph asked for in the last round, when reads are unfinished. */
  retryAfterMs?: number;
}

/** How {@link runBatch} sends and what it does with answers it does not settle itself. */
export interface BatchEngineOptions<T extends BatchItem> {
  /** Posts one `$batch` (at most {@link BATCH_LIMIT} requests) and gives its answers. */
  send(requests: BatchRequest[]): Promise<BatchResponse[]>;
  /**
   * Decides about an answer that is neither a success, a 404 nor a throttling: another
   * round, or a thrown error.
   */
  settle(item: T, response: BatchResponse): BatchOutcome;
  /** Rounds of sending at most (default 4). */
  rounds?: number;
  /** The longest wait between two rounds (default 30 s). */
  maxWaitMs?: number;
}

/**
 * Reads many resources through Graph's JSON batching, {@link BATCH_LIMIT} at a time. A
 * sub-request that is throttled (429, 503, 504) or left unanswered is sent again in the next
 * round, alone with the others that failed so, after the longest `Retry-After` of the round
 * (1 s when a throttled answer gives none; capped by `maxWaitMs`). A 404 leaves the read out.
 */
export async function runBatch<T extends BatchItem>(
  items: readonly T[],
  options: BatchEngineOptions<T>,
): Promise<BatchRun<T>> {
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const answers: BatchRun<T>['answers'] = new Map();
  let pending = [...items];
  let lastWait: number | undefined;
  for (let round = 0; round < rounds && pending.length > 0; round++) {
    if (round > 0 && lastWait !== undefined) {
      await sleep(Math.min(lastWait, maxWaitMs));
    }
    lastWait = undefined;
    const again: T[] = [];
    for (let i = 0; i < pending.length; i += BATCH_LIMIT) {
      const chunk = pending
        .slice(i, i + BATCH_LIMIT)
        .map(item => ({ item, url: item.url() }));
      const responses = new Map(
        (
          await options.send(
            chunk.map(({ item, url }) => ({ id: item.id, method: 'GET', url })),
          )
        ).map(r => [String(r.id), r]),
      );
      for (const { item, url } of chunk) {
        const response = responses.get(item.id);
        const outcome = outcomeOf(item, response, options);
        if (outcome.kind === 'ok') {
          answers.set(item.id, { item, url, body: response!.body });
        } else if (outcome.kind === 'again') {
          again.push(item);
          if (outcome.waitMs !== undefined) {
            lastWait = Math.max(lastWait ?? 0, outcome.waitMs);
          }
        }
      }
    }
    pending = again;
    if (pending.length > 0 && lastWait === undefined) lastWait = 0;
  }
  return { answers, unfinished: pending, retryAfterMs: lastWait };
}

function outcomeOf<T extends BatchItem>(
  item: T,
  response: BatchResponse | undefined,
  options: BatchEngineOptions<T>,
): BatchOutcome {
  if (!response) {
    return { kind: 'again' };
  }
  if (response.status >= 200 && response.status < 300) {
    return { kind: 'ok' };
  }
  if (response.status === 404) {
    return { kind: 'none' };
  }
  if (
    response.status === 429 ||
    response.status === 503 ||
    response.status === 504
  ) {
    const wait = retryAfterMs(headerValue(response.headers, 'retry-after'));
    return { kind: 'again', waitMs: wait ?? DEFAULT_THROTTLE_WAIT_MS };
  }
  return options.settle(item, response);
}
