import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/** Users named in RELIABILITY_ALLOWED_USERS, as full entity refs. */
export function allowedUsers(
  value = process.env.RELIABILITY_ALLOWED_USERS ?? '',
): Set<string> {
  return new Set(
    value
      .split(',')
      .map(s => s.trim())
      .filter(Boolean)
      .map(s => (s.includes(':') ? s : `user:default/${s}`)),
  );
}

/**
 * Denies every access-governance permission unless the user is named; other plugins'
 * permissions (the catalog's) are allowed, so that apps and people can be read.
 */
export class DenyByDefaultPolicy implements PermissionPolicy {
  constructor(private readonly allowed: Set<string>) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!request.permission.name.startsWith('access-governance.')) {
      return { result: AuthorizeResult.ALLOW };
    }
    const ref = user?.info.userEntityRef;
    return {
      result:
        ref && this.allowed.has(ref)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    };
  }
}

export const denyByDefaultPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'reliability-deny-by-default',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new DenyByDefaultPolicy(allowedUsers()));
      },
    });
  },
});
