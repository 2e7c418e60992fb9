import { OktaClock, oktaBucket, oktaWindow } from './executor';

const headers = (values: Record<string, string>) => ({
  get: (name: string) => values[name.toLowerCase()] ?? null,
});

describe('oktaWindow', () => {
  it('reads the reset against the Date of the answers, to the millisecond once several have come', () => {
    // Okta's clock is 5,250 ms ahead of this machine's; answers arrive 2 ms after they leave.
    const okta = (local: number) => local + 5_250;
    let local = 1_000_000_000_000;
    const clock = new OktaClock(() => local);
    const answer = (remaining: number, resetSeconds: number) => {
      clock.observe(
        new Date(Math.floor(okta(local - 2) / 1000) * 1000).toUTCString(),
      );
      return oktaWindow(
        headers({
          'x-rate-limit-remaining': String(remaining),
          'x-rate-limit-reset': String(resetSeconds),
        }),
        clock,
        local,
      );
    };
    const reset = Math.ceil(okta(local) / 1000) + 60;
    const trueResetAt = reset * 1000 - 5_250;

    // One answer: late by up to a second (the Date's fraction), never early.
    const first = answer(599, reset)!;
    expect(first.remaining).toBe(599);
    expect(first.resetAtMs).toBeGreaterThanOrEqual(trueResetAt);
    expect(first.resetAtMs - trueResetAt).toBeLessThan(1_000);

    // Answers over a few seconds: the reset within the answers' transit time.
    for (let i = 0; i < 40; i++) {
      local += 97;
      answer(598 - i, reset);
    }
    const later = answer(500, reset)!;
    expect(later.resetAtMs).toBeGreaterThanOrEqual(trueResetAt);
    expect(later.resetAtMs - trueResetAt).toBeLessThan(100);
  });

  it('trusts this machine’s clock when Okta sends no Date, and knows no window without the headers', () => {
    const clock = new OktaClock(() => 5_000);
    clock.observe(null);
    expect(
      oktaWindow(
        headers({ 'x-rate-limit-remaining': '3', 'x-rate-limit-reset': '65' }),
        clock,
        5_000,
      ),
    ).toEqual({ remaining: 3, resetAtMs: 65_000 });
    expect(
      oktaWindow(headers({ 'x-rate-limit-reset': '65' }), clock, 5_000),
    ).toBeUndefined();
  });

  it('follows a clock that was set back within two periods', () => {
    let local = 0;
    const clock = new OktaClock(() => local, 60_000);
    clock.observe(new Date(10_000).toUTCString());
    expect(clock.offsetMs()).toBe(10_000);
    // Okta's clock goes back by 8 s.
    for (local = 1_000; local <= 130_000; local += 1_000) {
      clock.observe(new Date(local + 2_000).toUTCString());
    }
    expect(clock.offsetMs()).toBe(2_000);
  });
});

describe('oktaBucket', () => {
  it('is one bucket for the membership of any user in any group', () => {
    expect(
      oktaBucket(
        'https://x.okta.com/api/v1/groups/00g1a2b3c4d5e6f7g8h9/users/00u1a2b3c4d5e6f7g8h9',
      ),
    ).toBe('/api/v1/groups/*/users/*');
  });
});
