import { ConflictError } from '@backstage/errors';

/** The unique index that keeps one open request per person and role. */
export const ONE_OPEN_REQUEST_INDEX = 'access_requests_one_open_uniq';
/** The unique index that keeps one active grant per person and role. */
export const ONE_ACTIVE_GRANT_INDEX = 'access_grants_one_active_uniq';

/**
 * Whether a database error is a unique violation of the named index: PostgreSQL names it
 * in `constraint` (code 23505), SQLite in the message ("UNIQUE constraint failed: index
 * '…'"). Driver errors may come from another realm, so only their fields are read.
 */
export function isUniqueViolation(error: unknown, index: string): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, constraint, message } = error as {
    code?: unknown;
    constraint?: unknown;
    message?: unknown;
  };
  if (code === '23505') return constraint === index;
  return (
    typeof message === 'string' &&
    /UNIQUE constraint failed/i.test(message) &&
    message.includes(index)
  );
}

/**
 * A request was not recorded because the person has an open request for the role
 * already (another one was recorded at the same time).
 */
export class OpenRequestExistsError extends ConflictError {
  constructor(request: { roleId: string; entityRef: string }) {
    super(
      `You already have an open request for ${request.roleId} on ${request.entityRef}`,
    );
  }
}

/** The error to throw for a failed insert of a request. */
export function requestConflict(
  error: unknown,
  request: { roleId: string; entityRef: string },
): unknown {
  return isUniqueViolation(error, ONE_OPEN_REQUEST_INDEX)
    ? new OpenRequestExistsError(request)
    : error;
}

/** The error to throw for a failed insert of a grant. */
export function grantConflict(
  error: unknown,
  grant: { user: string; roleId: string; entityRef: string },
): unknown {
  return isUniqueViolation(error, ONE_ACTIVE_GRANT_INDEX)
    ? new ConflictError(
        `${grant.user} already holds ${grant.roleId} on ${grant.entityRef}`,
      )
    : error;
}

/**
 * The error to throw for a failed update of a request or grant: reopening one (a failed
 * request retried, say) while the person has another open request or active grant of
 * the role is a 409.
 */
export function updateConflict(error: unknown): unknown {
  if (isUniqueViolation(error, ONE_OPEN_REQUEST_INDEX)) {
    return new ConflictError(
      'The requester has another open request for this role; it must end first',
    );
  }
  if (isUniqueViolation(error, ONE_ACTIVE_GRANT_INDEX)) {
    return new ConflictError(
      'The holder has another active grant of this role',
    );
  }
  return error;
}
