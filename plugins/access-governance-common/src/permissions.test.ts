import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  RESOURCE_TYPE_ACCESS_APP,
  accessAdministerPermission,
  accessGovernancePermissions,
} from './permissions';

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
      p => p !== accessAdministerPermission,
    );
    expect(appActions).toHaveLength(accessGovernancePermissions.length - 1);
    for (const permission of appActions) {
      expect(isResourcePermission(permission, RESOURCE_TYPE_ACCESS_APP)).toBe(
        true,
      );
    }
    expect(isResourcePermission(accessAdministerPermission)).toBe(false);
  });
});
