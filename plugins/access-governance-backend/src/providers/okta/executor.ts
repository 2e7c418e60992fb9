import { RequestExecutor } from '@okta/okta-sdk-nodejs';
import { RateBudget, RateWindowState } from '../rateBudget';

interface HeadersLike {
  get(name: string): string | null;
}

/**
 * The rate-limit bucket of an Okta call: its path with ids in place of `*`, after Okta's
 * per-endpoint limits (`/api/v1/groups/*\/users/*` is one bucket, whichever group).
 */
export function oktaBucket(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split('?')[0];
  }
  return path
    .split('/')
    .map((segment, index) => (index > 3 && isIdLike(segment) ? '*' : segment))
    .join('/');
}

function isIdLike(segment: string): boolean {
  return (
    /^0[0-9a-z]{2}[A-Za-z0-9]{10,}$/.test(segment) ||
    segment.includes('@') ||
    segment.includes('%40')
  );
}

/**
 * Okta's clock as read from the `Date` of its answers. A `Date` is in whole seconds, so one
 * answer places Okta's clock within a second; the latest reading many answers allow (each
 * `Date` minus the local time it arrived, the largest of the last minute or two) places it
 * within a few milliseconds. A window's reset read against it is then waited for exactly,
 * not up to a second longer, whether or not the two clocks agree.
 */
export class OktaClock {
  private current = -Infinity;
  private previous = -Infinity;
  private periodStartMs: number;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly periodMs = 60_000,
  ) {
    this.periodStartMs = now();
  }

  /** Takes in the `Date` of an answer that arrived now. */
  observe(date: string | null | undefined): void {
    const serverMs = Date.parse(date ?? '');
    if (Number.isNaN(serverMs)) return;
    const now = this.now();
    if (now - this.periodStartMs >= this.periodMs) {
      // Readings are kept for one to two periods, so that a clock that was set back is
      // followed within minutes.
      this.previous = this.current;
      this.current = -Infinity;
      this.periodStartMs = now;
    }
    this.current = Math.max(this.current, serverMs - now);
  }

  /** How far Okta's clock is ahead of this machine's, in milliseconds (0 before any answer). */
  offsetMs(): number {
    const best = Math.max(this.current, this.previous);
    return Number.isFinite(best) ? best : 0;
  }
}

/**
 * The window Okta reports on an answer: `X-Rate-Limit-Remaining` and `X-Rate-Limit-Reset`
 * (epoch seconds of Okta's clock, read against `clock`, which has taken in the answer).
 */
export function oktaWindow(
  headers: HeadersLike,
  clock: OktaClock,
  now: number = Date.now(),
): RateWindowState | undefined {
  const remaining = Number(headers.get('x-rate-limit-remaining'));
  const reset = Number(headers.get('x-rate-limit-reset'));
  if (
    headers.get('x-rate-limit-remaining') === null ||
    !Number.isFinite(remaining) ||
    !Number.isFinite(reset) ||
    reset <= 0
  ) {
    return undefined;
  }
  const resetAtMs = reset * 1000 - clock.offsetMs();
  return { remaining, resetAtMs: Math.max(now, resetAtMs) };
}

/**
 * Sends the Okta SDK's calls through the provider's rate budget, learning each bucket's
 * window from Okta's answers. A 429 is tried again once its window starts again, as long
 * as that is within the request timeout; otherwise the 429 is given back, and its
 * `X-Rate-Limit-Reset` tells the job when to try again.
 */
export class PacedRequestExecutor extends RequestExecutor {
  private readonly clock = new OktaClock();

  constructor(
    private readonly budget: RateBudget,
    private readonly options: { maxRetries: number; requestTimeoutMs: number },
  ) {
    super();
  }

  async fetch(request: any): Promise<any> {
    const started = Date.now();
    const bucket = oktaBucket(String(request.url));
    for (let attempt = 0; ; attempt++) {
      request.timeout = Math.max(
        1,
        this.options.requestTimeoutMs - (Date.now() - started),
      );
      const response: any = await this.budget.run(bucket, () =>
        super.fetch(request),
      );
      this.clock.observe(response.headers?.get?.('date'));
      const window = oktaWindow(response.headers, this.clock);
      if (response.status !== 429) {
        if (window) this.budget.observe(bucket, window);
        return response;
      }
      // Spent: nothing more goes to this bucket until its window starts again.
      const resetAtMs = window?.resetAtMs ?? Date.now() + 1000;
      this.budget.spent(bucket, resetAtMs);
      const wait = resetAtMs - Date.now();
      if (
        attempt >= this.options.maxRetries ||
        Date.now() - started + wait >= this.options.requestTimeoutMs
      ) {
        return response;
      }
    }
  }
}
