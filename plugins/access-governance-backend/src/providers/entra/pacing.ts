import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { RateBudget } from '../rateBudget';
import { retryAfterMs } from '../util';

/**
 * A handler of the Graph client's middleware chain that sends each call (retries included)
 * through the provider's rate budget, and holds every call of the provider for as long as
 * a throttled answer's `Retry-After` asks, so that one 429 does not become a storm of them.
 */
export class PacingHandler implements Middleware {
  private next?: Middleware;

  constructor(private readonly budget: RateBudget) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    await this.budget.run('graph', async () => {
      await this.next?.execute(context);
    });
    const response = context.response;
    if (response && (response.status === 429 || response.status === 503)) {
      const wait = retryAfterMs(response.headers.get('retry-after'));
      if (wait !== undefined) this.budget.pause(wait);
    }
  }
}
