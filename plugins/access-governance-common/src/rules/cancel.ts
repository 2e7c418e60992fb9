import { AccessCaller, isSelf } from './entityRefs';

/**
 * What cancelling a request needs to know about it.
 *
 * @public
 */
export interface CancellableRequest {
  requester: string;
  status: string;
  /** The IdP groups the request gives; none for a role fulfilled by hand. */
  groups: readonly string[];
}

/**
 * Whether a request is fulfilled by hand: it gives no IdP group, so an approver grants it
 * in the app and marks it fulfilled.
 *
 * @public
 */
export function isManualRequest(request: {
  groups: readonly string[];
}): boolean {
  return request.groups.length === 0;
}

/**
 * Whether a request can still be cancelled, and when not, why:
 *
 * - `not-requester`: only the requester cancels a request
 * - `not-cancellable`: the request is past the point of cancelling (`status` says where)
 *
 * @public
 */
export type CancelCheck =
  | { allowed: true }
  | { allowed: false; reason: 'not-requester' }
  | { allowed: false; reason: 'not-cancellable'; status: string };

/**
 * May this person cancel this request? Only the requester may (an administrator no more
 * than anyone else: an approver rejects a request, and a stale one is rejected once it
 * is older than `requests.maxPendingAge`), while it is pending, or approved and waiting
 * to be fulfilled by hand.
 *
 * @public
 */
export function checkCanCancel(
  request: CancellableRequest,
  caller: Pick<AccessCaller, 'userEntityRef'>,
): CancelCheck {
  if (!isSelf(caller, request.requester)) {
    return { allowed: false, reason: 'not-requester' };
  }
  const cancellable =
    request.status === 'pending' ||
    (request.status === 'approved' && isManualRequest(request));
  if (!cancellable) {
    return {
      allowed: false,
      reason: 'not-cancellable',
      status: request.status,
    };
  }
  return { allowed: true };
}
