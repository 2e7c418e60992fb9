import { AccessConflict, AccessRoleRef } from '../spec/types';
import { sameEntityRef } from './entityRefs';

/**
 * What a new request for a role runs into among the conflicting pairs, given the roles
 * the person holds or has asked for:
 *
 * - `refused`: holding both is not allowed; `held` is the role the person has
 * - `exception`: holding both needs the extra approval of `conflict.exception`
 *
 * @public
 */
export type ConflictCheck =
  | { allowed: true }
  | {
      allowed: false;
      reason: 'refused';
      held: AccessRoleRef;
      conflict: AccessConflict;
    }
  | {
      allowed: true;
      reason: 'exception';
      held: AccessRoleRef;
      conflict: AccessConflict & { exception: string };
    };

function same(a: AccessRoleRef, b: AccessRoleRef): boolean {
  return a.roleId === b.roleId && sameEntityRef(a.entityRef, b.entityRef);
}

/**
 * Would holding `wanted` together with one of `held` break a declared pair? A pair without
 * an exception refuses the request; a pair with one asks for an extra approval stage.
 * Refusals win over exceptions.
 *
 * @public
 */
export function checkConflicts(
  wanted: AccessRoleRef,
  held: readonly AccessRoleRef[],
  conflicts: readonly AccessConflict[],
): ConflictCheck {
  let exception: ConflictCheck | undefined;
  for (const conflict of conflicts) {
    const [a, b] = conflict.roles;
    let other: AccessRoleRef | undefined;
    if (same(a, wanted)) other = b;
    else if (same(b, wanted)) other = a;
    if (!other) continue;
    const holding = held.find(h => same(h, other));
    if (!holding) continue;
    if (!conflict.exception) {
      return { allowed: false, reason: 'refused', held: holding, conflict };
    }
    exception ??= {
      allowed: true,
      reason: 'exception',
      held: holding,
      conflict: { ...conflict, exception: conflict.exception },
    };
  }
  return exception ?? { allowed: true };
}
