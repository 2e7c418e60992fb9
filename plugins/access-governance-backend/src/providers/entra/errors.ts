import { AuthenticationError } from '@azure/identity';
import {
  GraphClientError,
  GraphError,
} from '@microsoft/microsoft-graph-client';
import { IdpErrors, IdpFailure } from '../errors';
import { retryAfterMs } from '../util';

/** The error code of a tenant without the Entra ID P1/P2 licence that sign-in activity needs. */
export const UNLICENSED_CODE =
  'Authentication_RequestFromNonPremiumTenantOrB2CTenant';

/** OAuth and Entra ID answers that mean the tenant, client or secret is wrong. */
const REJECTED_SIGN_IN =
  /\b(invalid_client|unauthorized_client|invalid_request|invalid_grant|invalid_scope|AADSTS(7000215|700016|90002|7000222|700027|50034|1002012))\b/;

/** Whether Graph answered 404 to a call. */
export function isGraphNotFound(error: unknown): boolean {
  return error instanceof GraphError && error.statusCode === 404;
}

/** Graph answers 400 "... added object references already exist ..." for a member. */
export function isAlreadyMember(error: unknown): boolean {
  return (
    error instanceof GraphError &&
    error.statusCode === 400 &&
    /already exist/i.test(error.message)
  );
}

/** Whether Graph refused a call because the tenant has no premium licence. */
export function isUnlicensed(error: unknown): boolean {
  return error instanceof GraphError && error.code === UNLICENSED_CODE;
}

/**
 * Reads what the Graph client threw: a failed sign-in, Graph's answer (its `Retry-After`
 * read on 429 and 503) or no answer at all.
 */
export function readGraphFailure(error: unknown): IdpFailure {
  if (error instanceof GraphClientError && error.customError) {
    return signInFailure(error.customError);
  }
  if (error instanceof GraphError) {
    const status = error.statusCode > 0 ? error.statusCode : undefined;
    return {
      status,
      detail: `${status ?? 'no answer'} ${error.code ?? ''} ${error.message}`
        .replace(/\s+/g, ' ')
        .trim(),
      retryAfterMs:
        status === 429 || status === 503
          ? retryAfterMs(error.headers?.get('retry-after'))
          : undefined,
      cause: error,
    };
  }
  return { detail: String((error as Error)?.message ?? error), cause: error };
}

/**
 * A refused secret, client or tenant: trying again won't help. An unreachable or untrusted
 * authority, a throttled or failing token endpoint: it may. The credential's error is not
 * kept, and only the first line of its message is.
 */
function signInFailure(error: unknown): IdpFailure {
  const status =
    error instanceof AuthenticationError ? error.statusCode : undefined;
  const message = (error as Error)?.message ?? String(error);
  const rejected =
    REJECTED_SIGN_IN.test(message) ||
    (status !== undefined && (status === 400 || status === 401));
  return {
    status,
    detail: `signing in to Entra ID failed: ${message.split('\n')[0]}`,
    retryable: !rejected,
  };
}

/** The error mapping of one Entra provider. */
export function entraErrors(id: string): IdpErrors {
  return new IdpErrors(`Entra provider '${id}'`, readGraphFailure);
}
