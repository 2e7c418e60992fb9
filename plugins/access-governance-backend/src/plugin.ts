import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { accessGovernancePermissions } from '@accessgov/plugin-access-governance-common';
import { Duration } from 'luxon';
import {
  AccessRecordSystemFactory,
  accessGovernanceProvidersExtensionPoint,
  accessGovernanceRecordsExtensionPoint,
  IdentityProviderFactory,
} from '@accessgov/plugin-access-governance-node';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { DatabaseAccessStore } from './database/DatabaseAccessStore';
import { DatabaseJobQueue } from './jobs/DatabaseJobQueue';
import { JobRunner } from './jobs/JobRunner';
import { createIdentityProviders } from './providers';
import { createRecordSystem } from './records';
import { AccessService } from './service/AccessService';
import { AppResolver } from './service/apps';
import { Directory } from './service/directory';
import { Effects, RecordStep } from './service/effects';
import { accessAppResourceType } from './service/permissions';
import { createRouter } from './service/router';
import { runExpirySweep } from './service/sweeps';

function schedule(
  config: Config,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  const block = config.getOptionalConfig(`accessGovernance.schedule.${key}`);
  return block ? readSchedulerServiceTaskScheduleDefinitionFromConfig(block) : fallback;
}

/** Reads an ISO-8601 duration setting; a bad value stops the start with an error naming the key. */
function isoSetting(config: Config, key: string, fallback: string): { iso: string; ms: number } {
  const value = config.getOptionalString(key) ?? fallback;
  const duration = Duration.fromISO(value);
  if (!duration.isValid || duration.toMillis() <= 0) {
    throw new Error(`${key}: ${value} is not an ISO-8601 duration such as P7D, PT1H or PT2S`);
  }
  return { iso: value, ms: duration.toMillis() };
}

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
          throw new Error(`Identity provider type ${type} is already registered`);
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
        config: coreServices.rootConfig,
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
      },
      async init(deps) {
        const { config, logger } = deps;
        const maxPendingAge = isoSetting(config, 'accessGovernance.requests.maxPendingAge', 'P7D').iso;
        const expiryReminder = isoSetting(config, 'accessGovernance.notifications.expiryReminder', 'PT1H').iso;
        const { providers, defaultProvider } = await createIdentityProviders({
          config,
          logger,
          extraTypes: providerTypes,
        });
        const records = recordFactory
          ? await recordFactory({ config, logger })
          : await createRecordSystem({ config, logger });

        const store = await DatabaseAccessStore.create({ database: deps.database });
        const queue = new DatabaseJobQueue(store.knex);
        const directory = new Directory(deps.catalog, deps.auth);
        const transitions: Partial<Record<RecordStep, string>> = {};
        const transitionConfig = config.getOptionalConfig('accessGovernance.jira.transitions');
        for (const key of transitionConfig?.keys() ?? []) {
          transitions[key as RecordStep] = transitionConfig!.getString(key);
        }
        const effects = new Effects({
          store,
          queue,
          directory,
          providers,
          records,
          notifications: deps.notifications,
          transitions,
          appBaseUrl: config.getOptionalString('app.baseUrl') ?? '',
          logger,
          now: () => new Date(),
        });
        const runner = new JobRunner({
          knex: store.knex,
          queue,
          handlers: effects.handlers(),
          logger,
          workerId: `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
          maxAttempts: config.getOptionalNumber('accessGovernance.jobs.maxAttempts') ?? 8,
          initialBackoffMs: isoSetting(config, 'accessGovernance.jobs.initialBackoff', 'PT2S').ms,
          maxBackoffMs: isoSetting(config, 'accessGovernance.jobs.maxBackoff', 'PT5M').ms,
        });

        const service = new AccessService({
          store,
          queue,
          apps: new AppResolver(deps.catalog, defaultProvider),
          directory,
          providers,
          permissions: deps.permissions,
          logger,
          admins: config.getOptionalStringArray('accessGovernance.admins') ?? [],
          recordUrl: records ? key => records.recordUrl(key) : undefined,
          onJobsEnqueued: () => runner.kick(),
          serviceCredentials: () => deps.auth.getOwnServiceCredentials(),
        });

        deps.permissionsRegistry.addPermissions(accessGovernancePermissions);
        deps.permissionsRegistry.addResourceType(
          accessAppResourceType({ catalog: deps.catalog, auth: deps.auth }),
        );

        deps.httpRouter.use(
          await createRouter({
            service,
            httpAuth: deps.httpAuth,
            userInfo: deps.userInfo,
            auditor: deps.auditor,
          }),
        );
        deps.httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        await deps.scheduler.scheduleTask({
          id: 'access-governance-expiry',
          scope: 'global',
          ...schedule(config, 'expiry', {
            frequency: { minutes: 1 },
            timeout: { minutes: 5 },
          }),
          fn: async () => {
            await runExpirySweep({ store, service, logger, maxPendingAge, expiryReminder });
            await runner.runUntilIdle();
          },
        });

        deps.lifecycle.addStartupHook(() => runner.start());
        deps.lifecycle.addShutdownHook(() => runner.stop());
      },
    });
  },
});
