import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
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
      },
      async init({ scaffolder, discovery, auth }) {
        scaffolder.addActions(createRequestAccessAction({ discovery, auth }));
      },
    });
  },
});
