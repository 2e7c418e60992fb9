import { AccessRoleDeclaration } from './schema';
import { AccessRoleBreakGlass } from './types';

/** A role's break-glass block with its refs in full. */
export function readBreakGlass(
  declared: NonNullable<AccessRoleDeclaration['breakGlass']>,
  toRef: (text: string, kindRequired: boolean) => string,
): AccessRoleBreakGlass {
  return {
    allowed: declared.allowed.map(ref => toRef(ref, false)),
    max: declared.max,
  };
}
