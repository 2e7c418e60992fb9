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
 * The window Okta reports on an answer: `X-Rate-Limit-Remaining` and `X-Rate-Limit-Reset`
 * (epoch seconds, read against the answer's `Date` so that the two clocks need not agree).
 */
export function oktaWindow(
  headers: HeadersLike,
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
  const date = Date.parse(headers.get('date') ?? '');
  const untilReset = reset * 1000 - (Number.isNaN(date) ? now : date);
  return { remaining, resetAtMs: now + Math.max(0, untilReset) };
}

/**
 * Sends the Okta SDK's calls through the provider's rate budget, learning each bucket's
 * window from Okta's answers. A 429 is tried again once its window starts again, as long
 * as that is within the request timeout; otherwise the 429 is given back, and its
 * `X-Rate-Limit-Reset` tells the job when to try again.
 */
export class PacedRequestExecutor extends RequestExecutor {
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
      const window = oktaWindow(response.headers);
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
