import {
  isResourcePermission,
  Permission,
} from '@backstage/plugin-permission-common';
import {
  RESOURCE_TYPE_ACCESS_APP,
  accessActionsReadPermission,
  accessActionsRequestPermission,
  accessAdministerPermission,
  accessGovernancePermissions,
} from './permissions';

const basicPermissions: Permission[] = [
  accessAdministerPermission,
  accessActionsReadPermission,
  accessActionsRequestPermission,
];

describe('permissions', () => {
  it('names every permission uniquely under the plugin id', () => {
    const names = accessGovernancePermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^access-governance\.[a-z.-]+$/);
    }
  });

  it('scopes every app action to the app resource type', () => {
    const appActions = accessGovernancePermissions.filter(
      p => !basicPermissions.includes(p),
    );
    expect(appActions).toHaveLength(
      accessGovernancePermissions.length - basicPermissions.length,
    );
    for (const permission of appActions) {
      expect(isResourcePermission(permission, RESOURCE_TYPE_ACCESS_APP)).toBe(
        true,
      );
    }
    for (const permission of basicPermissions) {
      expect(isResourcePermission(permission)).toBe(false);
    }
  });
});
