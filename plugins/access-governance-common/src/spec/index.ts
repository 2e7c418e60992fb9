export * from './types';
export {
  ACCESS_RISKS,
  ACCESS_RISK_DEFAULTS,
  DEFAULT_ACCESS_RISK,
} from './defaults';
export {
  accessSpecDeclarationSchema,
  accessRoleDeclarationSchema,
} from './schema';
export type { AccessSpecDeclaration, AccessRoleDeclaration } from './schema';
export { readAccessSpec, formatAccessSpecError } from './readAccessSpec';
export { checkRequestedDuration } from './checkRequestedDuration';
export type { RequestedDurationResult } from './checkRequestedDuration';
export type { AccessBundleResult } from './bundle';
export {
  ACCESS_BUNDLE_TYPE,
  accessBundleRoleSchema,
  accessBundleRolesSchema,
  isAccessBundle,
  readAccessBundle,
} from './bundle';
