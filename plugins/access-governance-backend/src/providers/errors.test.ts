import { SideEffectError } from '@accessgov/plugin-access-governance-node';
import { headerValue, IdpErrors, IdpFailure } from './errors';

describe('IdpErrors', () => {
  /** An SDK error that carries its status, as a test stand-in for one IdP's errors. */
  class SdkError extends Error {
    constructor(
      readonly status: number,
      message: string,
    ) {
      super(message);
    }
  }
  const read = (error: unknown): IdpFailure =>
    error instanceof SdkError
      ? { status: error.status, detail: `${error.status} ${error.message}` }
      : { detail: String(error) };
  const errors = new IdpErrors("Example provider 'corp'", read);

  it('names the provider and the action, and keeps what the adapter read', () => {
    const cause = new Error('sdk');
    const error = errors.answered('add user u to group g', {
      status: 429,
      detail: '429 Too many requests',
      retryAfterMs: 1500,
      cause,
    });
    expect(error).toBeInstanceOf(SideEffectError);
    expect(error.message).toBe(
      "Example provider 'corp': could not add user u to group g: 429 Too many requests",
    );
    expect(error).toMatchObject({
      retryable: true,
      retryAfterMs: 1500,
      status: 429,
    });
    expect(error.cause).toBe(cause);
  });

  it('tries again after rate limits, timeouts, conflicts, server errors and no answer, not after others', () => {
    const retryable = (status?: number) =>
      errors.answered('read', { status, detail: 'x' }).retryable;
    expect([408, 409, 429, 500, 503, 504, undefined].map(retryable)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([400, 401, 403, 404, 422].map(retryable)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(
      errors.answered('read', { status: 401, detail: 'x', retryable: true })
        .retryable,
    ).toBe(true);
  });

  it('passes a SideEffectError through and maps whatever a call throws', async () => {
    const own = new SideEffectError('already mapped', { retryable: false });
    expect(errors.failed('read', own)).toBe(own);
    await expect(
      errors.call('read group g', async () => {
        throw new SdkError(500, 'boom');
      }),
    ).rejects.toMatchObject({
      message: "Example provider 'corp': could not read group g: 500 boom",
      retryable: true,
      status: 500,
    });
    await expect(errors.call('read', async () => 'ok')).resolves.toBe('ok');
  });

  it('reports a missing user as not retryable 404', () => {
    expect(errors.missingUser('u1')).toMatchObject({
      message: "Example provider 'corp': user u1 does not exist",
      retryable: false,
      status: 404,
    });
  });
});

describe('headerValue', () => {
  it('finds a header whatever the case of its name', () => {
    expect(headerValue({ 'Retry-After': '3' }, 'retry-after')).toBe('3');
    expect(headerValue({}, 'retry-after')).toBeUndefined();
    expect(headerValue(undefined, 'retry-after')).toBeUndefined();
  });
});
