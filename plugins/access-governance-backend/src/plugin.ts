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
import { DatabaseReviewStore } from './reviews/DatabaseReviewStore';
import { ReviewService } from './reviews/ReviewService';
import { runInactivitySweep } from './reviews/reclaim';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';

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
        const reviewStore = new DatabaseReviewStore(store.knex);
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
          reviews: reviewStore,
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

        const apps = new AppResolver(deps.catalog, defaultProvider);
        const service = new AccessService({
          store,
          queue,
          apps,
          directory,
          providers,
          permissions: deps.permissions,
          logger,
          admins: config.getOptionalStringArray('accessGovernance.admins') ?? [],
          recordUrl: records ? key => records.recordUrl(key) : undefined,
          onJobsEnqueued: () => runner.kick(),
          serviceCredentials: () => deps.auth.getOwnServiceCredentials(),
        });

        const defaultDecision = config.getOptionalString('accessGovernance.reviews.defaultDecision') ?? 'keep';
        if (defaultDecision !== 'keep' && defaultDecision !== 'revoke') {
          throw new Error(`accessGovernance.reviews.defaultDecision: ${defaultDecision} is not keep or revoke`);
        }
        const reviews = new ReviewService({
          store,
          reviews: reviewStore,
          queue,
          apps,
          directory,
          providers,
          permissions: deps.permissions,
          access: service,
          logger,
          defaultDecision,
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
            reviews,
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

        await deps.scheduler.scheduleTask({
          id: 'access-governance-inactivity',
          scope: 'global',
          ...schedule(config, 'inactivity', {
            frequency: { hours: 24 },
            timeout: { hours: 1 },
            initialDelay: { minutes: 5 },
          }),
          fn: async () => {
            await runInactivitySweep({
              store,
              queue,
              access: service,
              apps,
              directory,
              providers,
              logger,
              onJobsEnqueued: () => runner.kick(),
              serviceCredentials: () => deps.auth.getOwnServiceCredentials(),
            });
          },
        });

        await deps.scheduler.scheduleTask({
          id: 'access-governance-reviews',
          scope: 'global',
          ...schedule(config, 'reviews', {
            frequency: { hours: 6 },
            timeout: { minutes: 30 },
            initialDelay: { minutes: 1 },
          }),
          fn: async () => {
            const { items } = await deps.catalog.getEntities(
              {
                filter: { 'spec.access.review.every': CATALOG_FILTER_EXISTS },
                fields: ['kind', 'metadata.name', 'metadata.namespace'],
              },
              { credentials: await deps.auth.getOwnServiceCredentials() },
            );
            await reviews.startScheduled(items.map(e => stringifyEntityRef(e)));
            await reviews.flagOverdue();
          },
        });

        deps.lifecycle.addStartupHook(() => runner.start());
        deps.lifecycle.addShutdownHook(() => runner.stop());
      },
    });
  },
});
