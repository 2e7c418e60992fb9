/**
 * The request states in which a request is still open: waiting for a decision, or
 * approved and waiting to be fulfilled.
 *
 * @public
 */
export const OPEN_REQUEST_STATUSES: readonly ['pending', 'approved'] = [
  'pending',
  'approved',
];

/**
 * What stands in the way of a new request for a role, if anything:
 *
 * - `open-request`: the person has an open request for the role (`request`)
 * - `held`: the person holds the role already (`grant`)
 *
 * @public
 */
export type NewRequestCheck<
  R extends { roleId: string; status: string },
  G extends { roleId: string; status: string },
> =
  | { allowed: true }
  | { allowed: false; reason: 'open-request'; request: R }
  | { allowed: false; reason: 'held'; grant: G };

/**
 * May this person ask for this role of an app now? Given the person's own requests and
 * grants on the app, an open request or an active grant of the same role blocks a new
 * request.
 *
 * @public
 */
export function checkNewRequest<
  R extends { roleId: string; status: string },
  G extends { roleId: string; status: string },
>(
  roleId: string,
  requests: readonly R[],
  grants: readonly G[],
): NewRequestCheck<R, G> {
  const open = requests.find(
    r =>
      r.roleId === roleId &&
      (OPEN_REQUEST_STATUSES as readonly string[]).includes(r.status),
  );
  if (open) return { allowed: false, reason: 'open-request', request: open };
  const held = grants.find(g => g.roleId === roleId && g.status === 'active');
  if (held) return { allowed: false, reason: 'held', grant: held };
  return { allowed: true };
}
