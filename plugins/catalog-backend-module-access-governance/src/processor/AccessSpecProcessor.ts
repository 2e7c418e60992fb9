import { Entity } from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { ACCESS_ENTITY_KINDS } from '@accessgov/plugin-access-governance-common';

/**
 * Checks the `spec.access` block of the entities that may carry one.
 *
 * @public
 */
export class AccessSpecProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'AccessSpecProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!ACCESS_ENTITY_KINDS.includes(entity.kind.toLocaleLowerCase('en-US'))) {
      return entity;
    }
    const access = entity.spec?.access;
    if (access === undefined) {
      return entity;
    }
    if (typeof access !== 'object' || access === null || Array.isArray(access)) {
      emit(
        processingResult.inputError(
          location,
          `spec.access of ${entity.kind}:${entity.metadata.name} must be an object`,
        ),
      );
    }
    return entity;
  }
}
