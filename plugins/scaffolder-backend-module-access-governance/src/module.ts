import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createRequestAccessAction } from './actions/requestAccess';

/**
 * Adds `access-governance:request` to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleAccessGovernance = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'access-governance',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, discovery, auth, catalog }) {
        scaffolder.addActions(
          createRequestAccessAction({ discovery, auth, catalog }),
        );
      },
    });
  },
});
