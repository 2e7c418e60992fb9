import { AuthService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  RESOURCE_TYPE_ACCESS_APP,
  accessGovernancePermissions,
  isAccessGovernanceAvailable,
  sameEntityRef,
} from '@accessgov/plugin-access-governance-common';
import { z } from 'zod';
import { ownersOf } from './apps';

/** The app (a catalog entity that declares spec.access) that app permissions are about. */
export const accessAppResourceRef = createPermissionResourceRef<
  Entity,
  { ownedBy?: string[]; providers?: string[] }
>().with({
  pluginId: 'access-governance',
  resourceType: RESOURCE_TYPE_ACCESS_APP,
});

const isOwnedBy = createPermissionRule({
  name: 'IS_OWNED_BY',
  description:
    "Allow apps owned by the given users or groups (for example the caller's claims)",
  resourceRef: accessAppResourceRef,
  paramsSchema: z.object({
    claims: z.array(z.string()).describe('Entity refs of users or groups'),
  }),
  apply: (entity, { claims }) => {
    const owners = ownersOf(entity);
    return claims.some(c => owners.some(owner => sameEntityRef(c, owner)));
  },
  toQuery: ({ claims }) => ({ ownedBy: claims }),
});

const usesProvider = createPermissionRule({
  name: 'USES_PROVIDER',
  description:
    'Allow apps whose roles are fulfilled by one of the given identity providers',
  resourceRef: accessAppResourceRef,
  paramsSchema: z.object({
    providers: z
      .array(z.string())
      .describe('Provider ids under accessGovernance.providers'),
  }),
  apply: (entity, { providers }) => {
    const access = entity.spec?.access as { provider?: unknown } | undefined;
    return (
      typeof access?.provider === 'string' &&
      providers.includes(access.provider)
    );
  },
  toQuery: ({ providers }) => ({ providers }),
});

const accessAppPermissionRules = [isOwnedBy, usesProvider];

/** What the permissions registry needs to know about the plugin's permissions. */
export function accessAppResourceType(options: {
  catalog: CatalogService;
  auth: AuthService;
}) {
  return {
    resourceRef: accessAppResourceRef,
    permissions: accessGovernancePermissions,
    rules: accessAppPermissionRules,
    async getResources(refs: string[]) {
      const credentials = await options.auth.getOwnServiceCredentials();
      const { items } = await options.catalog.getEntitiesByRefs(
        { entityRefs: refs },
        { credentials },
      );
      return items.map(entity =>
        entity && isAccessGovernanceAvailable(entity) ? entity : undefined,
      );
    },
  };
}
