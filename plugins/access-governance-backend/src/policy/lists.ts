import { isSelf } from '@accessgov/plugin-access-governance-common';
import { AccessPolicy, Actor, AppCache } from './AccessPolicy';

/**
 * Whether the actor sees every row of a list, so that it can be counted in SQL: their own
 * rows, the lists of an app they oversee, or anything for an administrator.
 */
export async function seesWholeList(
  policy: AccessPolicy,
  actor: Actor,
  list: { owner?: string; entityRef?: string },
  cache: AppCache,
): Promise<boolean> {
  if (list.owner !== undefined && isSelf(actor, list.owner)) return true;
  if (
    list.entityRef !== undefined &&
    (await policy.mayOversee(
      await policy.appFor(list.entityRef, actor, cache),
      actor,
    ))
  ) {
    return true;
  }
  return policy.isAdmin(actor);
}
