import { Entity } from '@backstage/catalog-model';

/**
 * The kinds of entity that may carry a `spec.access` block.
 *
 * @public
 */
export const ACCESS_ENTITY_KINDS = ['component', 'resource', 'system'];

/**
 * True when the entity declares access roles (`spec.access`), which turns on the Access
 * and Access review tabs.
 *
 * @public
 */
export function isAccessGovernanceAvailable(entity: Entity): boolean {
  if (!ACCESS_ENTITY_KINDS.includes(entity.kind.toLocaleLowerCase('en-US'))) {
    return false;
  }
  const access = entity.spec?.access;
  return (
    typeof access === 'object' && access !== null && !Array.isArray(access)
  );
}
