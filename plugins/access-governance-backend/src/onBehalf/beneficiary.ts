import { InputError, NotAllowedError } from '@backstage/errors';
import { checkCanRequestFor } from '@accessgov/plugin-access-governance-common';
import { IdentityProvider } from '@accessgov/plugin-access-governance-node';
import { Directory } from '../catalog/directory';
import { AccessPolicy, Actor } from '../policy/AccessPolicy';
import { findManager } from '../catalog/managers';

/** `priya`, `user:priya` or `user:default/priya` as a full user ref; undefined for any other kind. */
export function toUserRef(text: string): string | undefined {
  const match = /^(?:([A-Za-z]+):)?(?:([^/:]+)\/)?([^/:]+)$/.exec(text.trim());
  if (!match) return undefined;
  const [, kind = 'user', namespace = 'default', name] = match;
  if (kind.toLocaleLowerCase('en-US') !== 'user') return undefined;
  return `user:${namespace}/${name}`.toLocaleLowerCase('en-US');
}

/**
 * Who a request is for and who asked. Without `requestedFor` (or naming themselves) the
 * caller asks for themselves; otherwise the caller must be that person's manager (as the
 * identity provider names them, the same manager that decides `manager` stages) or an
 * administrator.
 */
export async function resolveBeneficiary(
  options: {
    directory: Directory;
    providers: Map<string, IdentityProvider>;
    policy: AccessPolicy;
  },
  requestedFor: string | undefined,
  actor: Actor,
  providerId: string,
): Promise<{ holder: string; requestedBy: string | null }> {
  if (!requestedFor) return { holder: actor.userEntityRef, requestedBy: null };
  const holder = toUserRef(requestedFor);
  if (!holder) {
    throw new InputError(
      `requestedFor: ${requestedFor} is not a user; name a person such as user:default/priya`,
    );
  }
  const user = await options.directory.getUser(holder);
  if (!user.entity) {
    throw new InputError(
      `requestedFor: there is no user ${holder} in the catalog`,
    );
  }
  const ref = `user:${user.entity.metadata.namespace ?? 'default'}/${user.entity.metadata.name}`;
  const manager = await findManager(options, ref, providerId);
  const admin = await options.policy.isAdmin(actor);
  const check = checkCanRequestFor(actor, ref, { manager, admin });
  if (!check.allowed && check.reason === 'self') {
    return { holder: actor.userEntityRef, requestedBy: null };
  }
  if (!check.allowed) {
    throw new NotAllowedError(
      `Only ${user.displayName}'s manager or an administrator can request access for them`,
    );
  }
  return { holder: ref, requestedBy: actor.userEntityRef };
}
