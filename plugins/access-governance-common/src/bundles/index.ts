export type { AccessBundleResult } from './bundle';
export {
  ACCESS_BUNDLE_TYPE,
  accessBundleRoleSchema,
  accessBundleRolesSchema,
  isAccessBundle,
  readAccessBundle,
} from './bundle';
