import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { AccessConflict } from '@accessgov/plugin-access-governance-common';

function ref(text: string, key: string, defaultKind: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(text, { defaultKind, defaultNamespace: 'default' }),
    );
  } catch {
    throw new Error(`${key}: ${text} is not an entity ref`);
  }
}

/**
 * Reads `accessGovernance.conflicts`: pairs of roles across apps, each
 * `{ roles: [{ app, role }, { app, role }], exception?, reason? }`; a bad entry stops the
 * start with an error naming its key.
 */
export function readConfiguredConflicts(config: Config): AccessConflict[] {
  const entries =
    config.getOptionalConfigArray('accessGovernance.conflicts') ?? [];
  return entries.map((entry, index) => {
    const key = `accessGovernance.conflicts[${index}]`;
    const roles = entry.getConfigArray('roles');
    if (roles.length !== 2) {
      throw new Error(`${key}.roles: name exactly two roles`);
    }
    const [a, b] = roles.map((role, position) => ({
      entityRef: ref(
        role.getString('app'),
        `${key}.roles[${position}].app`,
        'component',
      ),
      roleId: role.getString('role'),
    }));
    const exception = entry.getOptionalString('exception');
    const reason = entry.getOptionalString('reason');
    return {
      roles: [a, b] as [typeof a, typeof b],
      ...(exception && {
        exception: ref(exception, `${key}.exception`, 'group'),
      }),
      ...(reason && { reason }),
    };
  });
}
