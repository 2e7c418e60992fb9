import {
  SideEffectError,
  isRetryableStatus,
} from '@accessgov/plugin-access-governance-node';

/**
 * What a failed IdP call amounts to, as an IdP's own adapter reads it from its SDK's error:
 * the status, the wait the IdP asked for (from its own headers) and what it said.
 */
export interface IdpFailure {
  /** The HTTP status; undefined when there was no answer (network error, timeout). */
  status?: number;
  /** What went wrong, in the IdP's words, e.g. `404 E0000007 Not found`. */
  detail: string;
  /** The wait the IdP asked for. */
  retryAfterMs?: number;
  /** Overrides what the status says about trying again. */
  retryable?: boolean;
  /** The SDK's error, kept on the SideEffectError when it is safe to keep. */
  cause?: unknown;
}

/** Reads one IdP's SDK errors; each provider has its own. */
export type IdpFailureReader = (error: unknown) => IdpFailure;

/**
 * Turns the failures of one provider's calls into `SideEffectError`s that name the provider
 * and the action. Rate limits, timeouts, server errors and calls with no answer at all are
 * worth trying again; any other answer is not, unless the adapter says otherwise.
 */
export class IdpErrors {
  constructor(
    /** e.g. `Okta provider 'okta'`. */
    readonly label: string,
    private readonly read: IdpFailureReader,
  ) {}

  /** The error of a failed action, from what the IdP's SDK threw. */
  failed(action: string, error: unknown): SideEffectError {
    if (error instanceof SideEffectError) {
      return error;
    }
    return this.answered(action, this.read(error));
  }

  /** The error of a failed action, from a failure already read. */
  answered(action: string, failure: IdpFailure): SideEffectError {
    return new SideEffectError(
      `${this.label}: could not ${action}: ${failure.detail}`,
      {
        retryable: failure.retryable ?? isRetryableStatus(failure.status),
        retryAfterMs: failure.retryAfterMs,
        status: failure.status,
        cause: failure.cause,
      },
    );
  }

  /** Runs one IdP call; whatever it throws becomes a SideEffectError. */
  async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw this.failed(action, error);
    }
  }

  /** The user whose context was asked for is not in the IdP. */
  missingUser(userId: string): SideEffectError {
    return new SideEffectError(`${this.label}: user ${userId} does not exist`, {
      retryable: false,
      status: 404,
    });
  }
}

/** A header of a plain header record, whatever the case of its name. */
export function headerValue(
  headers: Record<string, string> | undefined,
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(headers ?? {}).find(
    ([key]) => key.toLowerCase() === wanted,
  )?.[1];
}
