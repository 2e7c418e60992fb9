import type { OktaRateLimitBucket } from './state';

/** Okta's per-minute rate limits, one window per bucket. */

export interface RateWindow {
  /** Epoch seconds when the window ends. */
  resetAt: number;
  used: number;
}

/** The bucket a call counts against, after Okta's rate-limit table. */
export function bucketFor(path: string): OktaRateLimitBucket {
  if (path === '/oauth2/v1/token') return 'oauthToken';
  if (/^\/api\/v1\/groups\/?$/.test(path)) return 'groups';
  if (/^\/api\/v1\/groups\/[^/]+\/?$/.test(path)) return 'groupById';
  if (/^\/api\/v1\/users\/[^/]+\/?$/.test(path)) return 'userById';
  return 'other';
}

export class RateWindows {
  private readonly windows = new Map<OktaRateLimitBucket, RateWindow>();

  /** The window of the bucket now; a fresh one once the last has ended. */
  current(bucket: OktaRateLimitBucket): RateWindow {
    const now = Date.now() / 1000;
    let window = this.windows.get(bucket);
    if (!window || window.resetAt <= now) {
      window = { resetAt: Math.ceil(now) + 60, used: 0 };
      this.windows.set(bucket, window);
    }
    return window;
  }

  clear(): void {
    this.windows.clear();
  }
}
