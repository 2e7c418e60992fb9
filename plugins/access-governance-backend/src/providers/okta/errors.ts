import { IdpErrors, IdpFailure } from '../errors';
import { retryAfterMs } from '../util';

/** What the Okta SDK throws: an HTTP error with Okta's error body, or a plain error. */
interface OktaErrorLike {
  status?: number;
  errorCode?: string;
  errorSummary?: string;
  message?: string;
  name?: string;
  headers?: { get(name: string): string | null };
}

/** The HTTP status of an Okta SDK error, when Okta answered. */
export function oktaStatus(error: unknown): number | undefined {
  const status = (error as OktaErrorLike | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Reads an Okta SDK error, with the wait Okta asked for: `X-Rate-Limit-Reset` on a 429,
 * `Retry-After` on a 503. When the SDK gives up on a 429 because its wait would exceed the
 * request timeout it throws without a status, which counts as no answer (worth trying again).
 */
export function readOktaFailure(error: unknown): IdpFailure {
  const e = (error ?? {}) as OktaErrorLike;
  const status = oktaStatus(error);
  const detail = e.errorCode
    ? `${status} ${e.errorCode} ${e.errorSummary ?? ''}`.trim()
    : (e.message ?? String(error));
  return {
    status,
    detail,
    retryAfterMs: waitOf(status, e.headers),
    cause: error,
  };
}

/** How long a 429 asks to wait: `X-Rate-Limit-Reset` (epoch seconds) minus the `Date` header. */
export function oktaRetryAfterMs(
  headers: OktaErrorLike['headers'],
): number | undefined {
  const reset = Number(headers?.get('x-rate-limit-reset'));
  if (!headers || !Number.isFinite(reset) || reset <= 0) {
    return undefined;
  }
  const dateHeader = headers.get('date');
  const now = dateHeader ? Date.parse(dateHeader) : NaN;
  const base = Number.isNaN(now) ? Date.now() : now;
  return Math.max(0, reset * 1000 - base);
}

/** The wait an answer asks for: `X-Rate-Limit-Reset` on a 429, `Retry-After` on a 503. */
function waitOf(
  status: number | undefined,
  headers: OktaErrorLike['headers'],
): number | undefined {
  if (status === 429) return oktaRetryAfterMs(headers);
  if (status === 503) return retryAfterMs(headers?.get('retry-after'));
  return undefined;
}

/** The error mapping of one Okta provider. */
export function oktaErrors(id: string): IdpErrors {
  return new IdpErrors(`Okta provider '${id}'`, readOktaFailure);
}
