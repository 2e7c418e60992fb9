import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { z } from 'zod';
import { describeIssues } from './issues';
import { AccessRoleRef, AccessSpecError } from './types';

/**
 * The `spec.type` of a Resource entity that is an access bundle.
 *
 * @public
 */
export const ACCESS_BUNDLE_TYPE = 'access-bundle';

/**
 * The schema of one role of a bundle (`spec.roles` of an access-bundle Resource).
 *
 * @public
 */
export const accessBundleRoleSchema = z
  .strictObject(
    {
      app: z.string().min(1).meta({
        description:
          'The entity ref of the app that declares the role, such as component:default/salesforce.',
      }),
      role: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
        .meta({ description: 'The id of a role in the app’s spec.access.' }),
    },
    {
      error: issue =>
        issue.code === 'unrecognized_keys'
          ? 'unknown field; the fields here are app, role'
          : undefined,
    },
  )
  .meta({ description: 'One role of the bundle.' });

/**
 * The schema of the roles of an access bundle.
 *
 * @public
 */
export const accessBundleRolesSchema = z
  .array(accessBundleRoleSchema)
  .min(1, { error: 'a bundle lists at least one role' })
  .meta({
    description:
      'Access bundles (kind Resource, spec.type access-bundle): the roles, across apps, requested together.',
  });

/**
 * True when the entity is an access bundle: a Resource of type `access-bundle`.
 *
 * @public
 */
export function isAccessBundle(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === ACCESS_BUNDLE_TYPE
  );
}

/**
 * What {@link readAccessBundle} returns. Paths of errors are relative to `spec`.
 *
 * @public
 */
export type AccessBundleResult =
  | { ok: true; roles: AccessRoleRef[] }
  | { ok: false; errors: AccessSpecError[] };

/**
 * Reads and checks the roles of an access bundle: each names an app by entity ref and a
 * role id, and no role is listed twice. Whether the apps declare those roles is checked
 * when the bundle is requested, since the apps are other entities.
 *
 * @public
 */
export function readAccessBundle(entity: Entity): AccessBundleResult {
  const parsed = accessBundleRolesSchema.safeParse(entity.spec?.roles, {
    reportInput: true,
  });
  if (!parsed.success) {
    return {
      ok: false,
      errors: describeIssues(parsed.error.issues, ['roles']),
    };
  }
  const errors: AccessSpecError[] = [];
  const seen = new Map<string, number>();
  const roles: AccessRoleRef[] = [];
  parsed.data.forEach((item, index) => {
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(
        parseEntityRef(item.app, {
          defaultKind: 'component',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      );
    } catch {
      errors.push({
        path: `roles[${index}].app`,
        message: `${item.app} is not an entity ref such as component:default/salesforce`,
      });
      return;
    }
    const key = `${entityRef}#${item.role}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({
        path: `roles[${index}]`,
        message: `${item.role} of ${entityRef} is already roles[${first}]`,
      });
      return;
    }
    seen.set(key, index);
    roles.push({ entityRef, roleId: item.role });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, roles };
}
