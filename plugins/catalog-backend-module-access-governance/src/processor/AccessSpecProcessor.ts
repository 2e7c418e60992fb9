import { Entity } from '@backstage/catalog-model';
import { AlphaEntity, EntityStatusItem } from '@backstage/catalog-model/alpha';
import { CatalogProcessor } from '@backstage/plugin-catalog-node';
import {
  ACCESS_ENTITY_KINDS,
  AccessSpecError,
  formatAccessSpecError,
  isAccessBundle,
  readAccessBundle,
  readAccessSpec,
} from '@accessgov/plugin-access-governance-common';

/**
 * The status item type that the catalog uses for processing errors, and that the entity
 * page's processing-errors panel shows (`ENTITY_STATUS_CATALOG_PROCESSING_TYPE`).
 */
export const CATALOG_PROCESSING_STATUS_TYPE = 'backstage.io/catalog-processing';

/**
 * Checks the `spec.access` block of Component, Resource and System entities, and the
 * `spec.roles` of access bundles (Resources of type `access-bundle`).
 *
 * Each problem becomes an error in the entity's `status.items`, written the way the catalog
 * writes its own processing errors, so that it shows on the entity page and through the
 * catalog API, naming the field: `spec.access.roles[1].duration.default: PT48H is longer
 * than max PT24H`.
 *
 * Why not emit `processingResult.inputError(...)`: with catalog-backend 4, any emitted (or
 * thrown) error makes the catalog drop the result of that processing run. A new entity is
 * then never served at all (its page does not exist, so nobody sees the error there), and an
 * entity that was valid before keeps being served as it was, with its previous roles still
 * in force, until the block is fixed. Both go against what platform teams rely on: the
 * error shows on the entity, and a broken declaration grants nothing. So the entity is
 * served as it is, with the errors attached; `readAccessSpec` reports the same errors to the
 * backend and the frontend, which then offer no roles of that entity. The catalog test of
 * this module checks both behaviours.
 *
 * @public
 */
export class AccessSpecProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'AccessSpecProcessor';
  }

  async postProcessEntity(entity: Entity): Promise<Entity> {
    if (isAccessBundle(entity)) {
      const bundle = readAccessBundle(entity);
      if (!bundle.ok) {
        return withErrors(entity, bundle.errors, 'spec');
      }
    }
    if (
      !ACCESS_ENTITY_KINDS.includes(entity.kind.toLocaleLowerCase('en-US')) ||
      entity.spec?.access === undefined
    ) {
      return entity;
    }
    const result = readAccessSpec(entity);
    if (result.ok) {
      return entity;
    }
    return withErrors(entity, result.errors);
  }
}

function describeError(error: AccessSpecError, root: string): string {
  return formatAccessSpecError({
    path: error.path ? `${root}.${error.path}` : '',
    message: error.message,
  });
}

function withErrors(
  entity: AlphaEntity,
  errors: AccessSpecError[],
  root = 'spec.access',
): Entity {
  const items: EntityStatusItem[] = errors.map(error => {
    const message = describeError(error, root);
    return {
      type: CATALOG_PROCESSING_STATUS_TYPE,
      level: 'error',
      message: `InputError: ${message}`,
      error: { name: 'InputError', message },
    };
  });
  return {
    ...entity,
    status: {
      ...entity.status,
      items: [...(entity.status?.items ?? []), ...items],
    },
  } as AlphaEntity;
}
