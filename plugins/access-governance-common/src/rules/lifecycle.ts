import { compareDurations } from '../duration';
import { AccessRole } from '../spec/types';
import { AccessCaller, isAmong, isSelf } from './entityRefs';

/**
 * Whether a person may grant a role to themselves under its break-glass rules:
 *
 * - `not-offered`: the role declares no `breakGlass`
 * - `not-allowed`: the person is in none of the allowed groups (`allowed` names them)
 * - `too-long`: the duration asked for is longer than the break-glass `max`
 *
 * @public
 */
export type BreakGlassCheck =
  | { allowed: true; duration: string }
  | { allowed: false; reason: 'not-offered' }
  | { allowed: false; reason: 'not-allowed'; allowedRefs: string[] }
  | { allowed: false; reason: 'too-long'; max: string };

/**
 * May this person break the glass for this role, and for how long? A request that names
 * no duration gets the break-glass `max`.
 *
 * @public
 */
export function checkCanBreakGlass(
  role: Pick<AccessRole, 'breakGlass'>,
  caller: AccessCaller,
  duration?: string | null,
): BreakGlassCheck {
  const rules = role.breakGlass;
  if (!rules) return { allowed: false, reason: 'not-offered' };
  if (!isAmong(caller, rules.allowed)) {
    return {
      allowed: false,
      reason: 'not-allowed',
      allowedRefs: rules.allowed,
    };
  }
  if (duration && compareDurations(duration, rules.max) > 0) {
    return { allowed: false, reason: 'too-long', max: rules.max };
  }
  return { allowed: true, duration: duration || rules.max };
}

/**
 * What extending a grant needs to know about it.
 *
 * @public
 */
export interface ExtendableGrant {
  user: string;
  status: string;
  expiresAt: string | Date | null;
  /** Set once the grant's end is decided: an active grant with a removal is ending. */
  removal?: string | null;
}

/**
 * Whether a person may ask for more time on a grant:
 *
 * - `not-holder`: only the holder extends their own access
 * - `not-active`: the grant has ended
 * - `permanent`: the grant has no end to move
 * - `pending`: an extension of it already waits for a decision
 *
 * @public
 */
export type ExtensionCheck =
  | { allowed: true }
  | { allowed: false; reason: 'not-holder' | 'not-active' | 'permanent' }
  | { allowed: false; reason: 'pending'; requestId: string };

/**
 * May this person extend this grant? `pendingExtensionId` is the id of an extension of the
 * grant that still waits, if there is one.
 *
 * @public
 */
export function checkCanExtend(
  grant: ExtendableGrant,
  caller: Pick<AccessCaller, 'userEntityRef'>,
  pendingExtensionId?: string,
): ExtensionCheck {
  if (!isSelf(caller, grant.user)) {
    return { allowed: false, reason: 'not-holder' };
  }
  if (grant.status !== 'active' || (grant.removal ?? null) !== null)
    return { allowed: false, reason: 'not-active' };
  if (!grant.expiresAt) return { allowed: false, reason: 'permanent' };
  if (pendingExtensionId) {
    return { allowed: false, reason: 'pending', requestId: pendingExtensionId };
  }
  return { allowed: true };
}

/**
 * Whether a person may request access for someone else:
 *
 * - `self`: a request for oneself needs no `requestedFor`
 * - `not-manager`: only the person's manager or an administrator asks on their behalf
 *
 * @public
 */
export type RequestForCheck =
  | { allowed: true; as: 'manager' | 'admin' }
  | { allowed: false; reason: 'self' | 'not-manager' };

/**
 * May the caller ask for access on behalf of `beneficiary`? `manager` is the
 * beneficiary's manager as the catalog knows it; `admin` whether the caller administers
 * access governance.
 *
 * @public
 */
export function checkCanRequestFor(
  caller: Pick<AccessCaller, 'userEntityRef'>,
  beneficiary: string,
  context: { manager?: string | null; admin: boolean },
): RequestForCheck {
  if (isSelf(caller, beneficiary)) return { allowed: false, reason: 'self' };
  if (context.manager && isSelf(caller, context.manager)) {
    return { allowed: true, as: 'manager' };
  }
  if (context.admin) return { allowed: true, as: 'admin' };
  return { allowed: false, reason: 'not-manager' };
}
