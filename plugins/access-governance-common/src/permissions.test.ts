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
    for (const permission of accessGovernancePermissions) {
      if (permission === accessAdministerPermission) {
        expect(isResourcePermission(permission)).toBe(false);
      } else {
        expect(isResourcePermission(permission, RESOURCE_TYPE_ACCESS_APP)).toBe(true);
      }
    }
  });
});
