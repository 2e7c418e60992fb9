import { createBackend } from '@backstage/backend-defaults';
import { authModuleDemoProvider } from './demoAuth';
import { rootConfigWithEmulators } from './emulators';

const backend = createBackend();

// Demo only: starts the bundled emulators when accessGovernance.emulators.enabled is true.
backend.add(rootConfigWithEmulators);

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(authModuleDemoProvider);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@accessgov/plugin-catalog-backend-module-access-governance'),
);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@accessgov/plugin-access-governance-backend'));

// Exposes the actions of the plugins in backend.actions.pluginSources as MCP tools.
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Software templates, with the access request action (the "Request access to an app" template).
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(
  import('@accessgov/plugin-scaffolder-backend-module-access-governance'),
);

backend.start();
