import { checkCanDecide, DecidableRequest, DecisionCheck } from './decide';
import { AccessCaller, isSelf } from './entityRefs';

/**
 * A person who has handed their decisions to someone else for a while, with the groups
 * they decide through.
 *
 * @public
 */
export interface ActiveDelegation {
  delegator: string;
  delegatorRefs: readonly string[];
  until: string | Date;
}

/**
 * Whether a delegation is in force at `now`.
 *
 * @public
 */
export function isDelegationActive(
  delegation: Pick<ActiveDelegation, 'until'>,
  now: Date,
): boolean {
  return new Date(delegation.until).getTime() > now.getTime();
}

/**
 * May this person decide the request, themselves or standing in for someone who delegated
 * to them? The delegate decides what the delegator could decide, never a request of
 * their own and never one of the delegator's. `onBehalfOf` names the delegator when the
 * decision is theirs.
 *
 * @public
 */
export function checkCanDecideAsDelegate(
  request: DecidableRequest,
  caller: AccessCaller,
  delegations: readonly ActiveDelegation[],
  now: Date,
): DecisionCheck & { onBehalfOf?: string } {
  const own = checkCanDecide(request, caller);
  if (own.allowed || own.reason !== 'not-approver') return own;
  for (const delegation of delegations) {
    if (!isDelegationActive(delegation, now)) continue;
    if (isSelf(caller, delegation.delegator)) continue;
    const check = checkCanDecide(request, {
      userEntityRef: delegation.delegator,
      ownershipEntityRefs: delegation.delegatorRefs,
    });
    if (check.allowed) return { ...check, onBehalfOf: delegation.delegator };
  }
  return own;
}
