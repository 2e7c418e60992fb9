import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { accessGovernancePermissions } from '@accessgov/plugin-access-governance-common';
import {
  AccessRecordSystemFactory,
  accessGovernanceProvidersExtensionPoint,
  accessGovernanceRecordsExtensionPoint,
  IdentityProviderFactory,
} from '@accessgov/plugin-access-governance-node';
import { registerActions } from './actions';
import { accessAppResourceType } from './catalog/permissions';
import { readAccessGovernanceConfig } from './config';
import { createAccessGovernanceContext } from './context';
import { createIdentityProviders } from './providers';
import { createRecordSystem } from './records';
import { createRouter } from './service/router';

/**
 * The access-governance backend plugin.
 *
 * @public
 */
export const accessGovernancePlugin = createBackendPlugin({
  pluginId: 'access-governance',
  register(env) {
    const providerTypes = new Map<string, IdentityProviderFactory>();
    let recordFactory: AccessRecordSystemFactory | undefined;
    env.registerExtensionPoint(accessGovernanceProvidersExtensionPoint, {
      addProviderType(type, factory) {
        if (providerTypes.has(type)) {
          throw new Error(
            `Identity provider type ${type} is already registered`,
          );
        }
        providerTypes.set(type, factory);
      },
    });
    env.registerExtensionPoint(accessGovernanceRecordsExtensionPoint, {
      setRecordSystem(factory) {
        if (recordFactory) throw new Error('A record system is already set');
        recordFactory = factory;
      },
    });

    env.registerInit({
      deps: {
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
        events: eventsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { rootConfig, logger } = deps;
        const config = readAccessGovernanceConfig(rootConfig);
        const { providers, defaultProvider } = await createIdentityProviders({
          config: rootConfig,
          logger,
          extraTypes: providerTypes,
        });
        const records = recordFactory
          ? await recordFactory({ config: rootConfig, logger })
          : await createRecordSystem({ config: rootConfig, logger });
        const { services, runner, tasks, apps, directory } =
          await createAccessGovernanceContext(
          {
            ...deps,
            config,
            providers,
            defaultProvider,
            records,
          },
        );

        deps.permissionsRegistry.addPermissions(accessGovernancePermissions);
        deps.permissionsRegistry.addResourceType(
          accessAppResourceType({ catalog: deps.catalog, auth: deps.auth }),
        );
        deps.httpRouter.use(
          await createRouter({
            services,
            httpAuth: deps.httpAuth,
            userInfo: deps.userInfo,
            auditor: deps.auditor,
          }),
        );
        registerActions(deps.actionsRegistry, {
          services,
          userInfo: deps.userInfo,
          auth: deps.auth,
          auditor: deps.auditor,
          apps,
          directory,
          appBaseUrl: config.appBaseUrl,
        });
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });

        for (const task of tasks) {
          await deps.scheduler.scheduleTask({
            id: task.id,
            scope: 'global',
            ...config.schedules[task.key],
            fn: () => task.run(),
          });
        }
        deps.lifecycle.addStartupHook(() => runner.start());
        deps.lifecycle.addShutdownHook(() => runner.stop());
      },
    });
  },
});
