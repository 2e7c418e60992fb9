import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { AccessSpecProcessor } from './processor/AccessSpecProcessor';

/**
 * Validates `spec.access` on Component, Resource and System entities and reports every
 * problem as a processing error on the entity.
 *
 * @public
 */
export const catalogModuleAccessGovernance = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'access-governance',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new AccessSpecProcessor());
      },
    });
  },
});
