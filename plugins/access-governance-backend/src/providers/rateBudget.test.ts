import { RateBudget } from './rateBudget';

describe('RateBudget', () => {
  it('keeps at most maxConcurrency calls in flight', async () => {
    const budget = new RateBudget({ maxConcurrency: 3 });
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        budget.run('b', async () => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise(r => setTimeout(r, 5));
          inFlight -= 1;
        }),
      ),
    );
    expect(most).toBe(3);
  });

  it('sends nothing into a spent window until it starts again, and only in that bucket', async () => {
    const budget = new RateBudget();
    const started = Date.now();
    budget.observe('spent', { remaining: 0, resetAtMs: started + 300 });
    let other = 0;
    await budget.run('other', async () => {
      other = Date.now() - started;
    });
    let spent = 0;
    await budget.run('spent', async () => {
      spent = Date.now() - started;
    });
    expect(other).toBeLessThan(100);
    expect(spent).toBeGreaterThanOrEqual(290);
  });

  it('counts the calls left in a window and waits once they are used', async () => {
    const budget = new RateBudget();
    const started = Date.now();
    budget.observe('b', { remaining: 2, resetAtMs: started + 300 });
    const at: number[] = [];
    await Promise.all(
      [1, 2, 3].map(() =>
        budget.run('b', async () => {
          at.push(Date.now() - started);
        }),
      ),
    );
    at.sort((x, y) => x - y);
    expect(at[1]).toBeLessThan(100);
    expect(at[2]).toBeGreaterThanOrEqual(290);
  });

  it('sends the calls waiting on a spent window at its reset, not later, all at once', async () => {
    const budget = new RateBudget({ maxConcurrency: 4 });
    const started = Date.now();
    budget.observe('b', { remaining: 0, resetAtMs: started + 1_000 });
    const at: number[] = [];
    await Promise.all(
      [1, 2, 3, 4].map(() =>
        budget.run('b', async () => {
          at.push(Date.now() - started);
        }),
      ),
    );
    for (const t of at) {
      expect(t).toBeGreaterThanOrEqual(995);
      // Timers run late on a loaded machine, but far less than the second of a reset
      // rounded to Okta's whole seconds.
      expect(t).toBeLessThan(1_200);
    }
    expect(Math.max(...at) - Math.min(...at)).toBeLessThan(100);
  });

  it('waits for the reset of a refusal, not for the end of the window known before', async () => {
    const budget = new RateBudget();
    const started = Date.now();
    budget.observe('b', { remaining: 100, resetAtMs: started + 60_000 });
    budget.spent('b', started + 200);
    let at = 0;
    await budget.run('b', async () => {
      at = Date.now() - started;
    });
    expect(at).toBeGreaterThanOrEqual(190);
    expect(at).toBeLessThan(1_000);
  });

  it('holds every call while the IdP asked to wait, and spaces calls per second', async () => {
    const budget = new RateBudget({ maxRequestsPerSecond: 20 });
    const started = Date.now();
    budget.pause(200);
    const at: number[] = [];
    await Promise.all(
      [1, 2, 3].map(() =>
        budget.run('any', async () => {
          at.push(Date.now() - started);
        }),
      ),
    );
    at.sort((x, y) => x - y);
    expect(at[0]).toBeGreaterThanOrEqual(190);
    expect(at[2] - at[0]).toBeGreaterThanOrEqual(90);
  });
});
