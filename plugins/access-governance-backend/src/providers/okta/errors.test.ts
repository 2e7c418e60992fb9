import { readOktaFailure } from './errors';

const headers = (values: Record<string, string>) => ({
  get: (name: string) => values[name.toLowerCase()] ?? null,
});

describe('readOktaFailure', () => {
  it('carries the wait Okta asked for: the rate-limit reset on a 429, Retry-After on a 503', () => {
    const date = 'Tue, 01 Dec 2026 14:00:00 GMT';
    const reset = Date.parse(date) / 1000 + 30;
    expect(
      readOktaFailure({
        status: 429,
        errorCode: 'E0000047',
        headers: headers({ date, 'x-rate-limit-reset': String(reset) }),
      }).retryAfterMs,
    ).toBe(30_000);
    expect(
      readOktaFailure({
        status: 503,
        errorCode: 'E0000009',
        headers: headers({ 'retry-after': '12' }),
      }).retryAfterMs,
    ).toBe(12_000);
    expect(
      readOktaFailure({ status: 500, headers: headers({ 'retry-after': '5' }) })
        .retryAfterMs,
    ).toBeUndefined();
  });
});
