import { sleep } from './util';

/** What an IdP said about one rate-limit window: calls left and when the window starts again. */
export interface RateWindowState {
  /** Calls left in the window. */
  remaining: number;
  /** When the window starts again, in epoch milliseconds of this machine's clock. */
  resetAtMs: number;
}

/** Caps of one provider's calls. */
export interface RateBudgetOptions {
  /** Calls in flight at once (default 10). */
  maxConcurrency?: number;
  /** Calls started per second at most; unlimited when not set. */
  maxRequestsPerSecond?: number;
  now?: () => number;
}

/**
 * Paces the calls of one IdP: at most `maxConcurrency` in flight, at most
 * `maxRequestsPerSecond` started, none sent into a window the IdP said is spent (until it
 * starts again), and none while the IdP asked to wait. Many changes then run at once near
 * the IdP's ceiling without running into its limits.
 */
export class RateBudget {
  private readonly maxConcurrency: number;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly windows = new Map<string, RateWindowState>();
  private readonly waiting: Array<() => void> = [];
  private active = 0;
  private nextStartMs = 0;
  private pausedUntilMs = 0;

  constructor(options: RateBudgetOptions = {}) {
    this.maxConcurrency = Math.max(1, options.maxConcurrency ?? 10);
    this.intervalMs = options.maxRequestsPerSecond
      ? 1000 / options.maxRequestsPerSecond
      : 0;
    this.now = options.now ?? Date.now;
  }

  /** Runs one call against `bucket` when the budget allows it. */
  async run<T>(bucket: string, call: () => Promise<T>): Promise<T> {
    for (;;) {
      await this.windowOpen(bucket);
      await this.slot();
      if (this.take(bucket)) break;
      this.release();
    }
    try {
      await this.spaced();
      return await call();
    } finally {
      this.release();
    }
  }

  /** Takes in what the IdP said about a bucket's window after a call. */
  observe(bucket: string, window: RateWindowState): void {
    const known = this.windows.get(bucket);
    if (!known || window.resetAtMs > known.resetAtMs + 500) {
      this.windows.set(bucket, { ...window });
    } else {
      // Answers come back out of order: the lowest count left in the window holds.
      known.remaining = Math.min(known.remaining, window.remaining);
    }
  }

  /** The IdP refused a call of the bucket: nothing more is sent to it until `resetAtMs`. */
  spent(bucket: string, resetAtMs: number): void {
    this.windows.set(bucket, { remaining: 0, resetAtMs });
  }

  /** Holds every call until `ms` from now (a `Retry-After` that covers the whole IdP). */
  pause(ms: number): void {
    this.pausedUntilMs = Math.max(this.pausedUntilMs, this.now() + ms);
  }

  /** How long until the bucket may be called again; 0 when it may now. */
  waitMs(bucket: string): number {
    const now = this.now();
    const paused = Math.max(0, this.pausedUntilMs - now);
    const window = this.windows.get(bucket);
    if (!window) return paused;
    if (window.resetAtMs <= now) {
      this.windows.delete(bucket);
      return paused;
    }
    return window.remaining > 0
      ? paused
      : Math.max(paused, window.resetAtMs - now);
  }

  private async windowOpen(bucket: string): Promise<void> {
    for (let wait = this.waitMs(bucket); wait > 0; wait = this.waitMs(bucket)) {
      await sleep(wait);
    }
  }

  private take(bucket: string): boolean {
    if (this.waitMs(bucket) > 0) return false;
    const window = this.windows.get(bucket);
    if (window) window.remaining -= 1;
    return true;
  }

  private async slot(): Promise<void> {
    if (this.active < this.maxConcurrency) {
      this.active += 1;
      return;
    }
    await new Promise<void>(resolve => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }

  private async spaced(): Promise<void> {
    if (!this.intervalMs) return;
    const now = this.now();
    const start = Math.max(now, this.nextStartMs);
    this.nextStartMs = start + this.intervalMs;
    if (start > now) await sleep(start - now);
  }
}
