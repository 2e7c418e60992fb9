import {
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  AccessRecordSystem,
  IdentityProvider,
} from '@accessgov/plugin-access-governance-node';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { JobAdminService } from './admin/JobAdminService';
import { AppViewService } from './appView/AppViewService';
import { GroupHealth } from './appView/GroupHealth';
import { AuditService } from './audit/AuditService';
import { BreakGlassService } from './breakGlass/BreakGlassService';
import { BreakGlassStore } from './breakGlass/BreakGlassStore';
import { AppResolver } from './catalog/apps';
import { Directory } from './catalog/directory';
import { AccessGovernanceConfig } from './config';
import { DatabaseAccessStore } from './database/DatabaseAccessStore';
import { DatabaseReviewStore } from './database/DatabaseReviewStore';
import { ExtensionService } from './extensions/ExtensionService';
import { GrantService } from './grants/GrantService';
import { OnBehalfService } from './onBehalf/OnBehalfService';
import { createJobHandlers } from './handlers';
import { jobTypesOf } from './jobs/catalogue';
import { StateWriter } from './jobs/commit';
import { DatabaseJobQueue } from './jobs/DatabaseJobQueue';
import { JobRunner } from './jobs/JobRunner';
import { AccessPolicy } from './policy/AccessPolicy';
import { RequestDecisions } from './requests/RequestDecisions';
import { RequestFulfilment } from './requests/RequestFulfilment';
import { RequestService } from './requests/RequestService';
import { ReviewDecisions } from './reviews/ReviewDecisions';
import { ReviewSchedule } from './reviews/ReviewSchedule';
import { ReviewService } from './reviews/ReviewService';
import { RouterServices } from './service/router';
import { AccessSignals } from './signals';
import { ExpiryTask } from './tasks/ExpiryTask';
import { InactivityTask } from './tasks/InactivityTask';
import { ReviewsTask } from './tasks/ReviewsTask';

export interface AccessGovernanceContextOptions {
  config: AccessGovernanceConfig;
  logger: LoggerService;
  database: DatabaseService;
  auth: AuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  notifications?: NotificationService;
  /** Tells open pages what changed; without it they poll. */
  signals?: SignalsService;
  providers: Map<string, IdentityProvider>;
  defaultProvider: string | undefined;
  records?: AccessRecordSystem;
}

/** Everything the plugin runs: the services behind the router, the job runner, the tasks. */
export interface AccessGovernanceContext {
  services: RouterServices;
  runner: JobRunner;
  tasks: Array<ExpiryTask | InactivityTask | ReviewsTask>;
}

/** Builds the plugin's objects, in one place. */
export async function createAccessGovernanceContext(
  options: AccessGovernanceContextOptions,
): Promise<AccessGovernanceContext> {
  const { config, logger, providers, records, catalog, auth } = options;
  const now = () => new Date();
  const serviceCredentials = () => auth.getOwnServiceCredentials();
  const recordUrl = records
    ? (key: string) => records.recordUrl(key)
    : undefined;

  const store = await DatabaseAccessStore.create({
    database: options.database,
  });
  const queue = new DatabaseJobQueue(store.knex);
  const reviewStore = new DatabaseReviewStore(store.knex);
  const directory = new Directory(catalog, auth);
  const apps = new AppResolver(catalog, options.defaultProvider);
  if (options.signals) {
    new AccessSignals({
      signals: options.signals,
      store,
      apps,
      logger,
      serviceCredentials,
    }).listen();
  }

  const runner = new JobRunner({
    knex: store.knex,
    queue,
    handlers: createJobHandlers({
      store,
      queue,
      directory,
      providers,
      records,
      notifications: options.notifications,
      transitions: config.transitions,
      reviews: reviewStore,
      appBaseUrl: config.appBaseUrl,
      logger,
      now,
    }),
    logger,
    workerId: `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    maxAttempts: config.jobs.maxAttempts,
    initialBackoffMs: config.jobs.initialBackoffMs,
    maxBackoffMs: config.jobs.maxBackoffMs,
    lanes: [
      {
        name: 'idp',
        types: jobTypesOf('idp'),
        concurrency: config.jobs.concurrency.idp,
      },
      {
        // A record system away for any length of time only delays its own writes.
        name: 'record',
        types: jobTypesOf('record'),
        concurrency: config.jobs.concurrency.record,
        retryForever: true,
      },
      {
        name: 'notify',
        concurrency: config.jobs.concurrency.notify,
      },
    ],
  });
  const onJobsEnqueued = () => runner.kick();
  const writer = new StateWriter({ store, queue, onJobsEnqueued, now });
  const policy = new AccessPolicy({
    permissions: options.permissions,
    apps,
    admins: config.admins,
  });

  const grants = new GrantService({
    store,
    writer,
    apps,
    policy,
    recordUrl,
    serviceCredentials,
  });
  const breakGlass = new BreakGlassService({
    store,
    reviews: new BreakGlassStore(store.knex),
    writer,
    policy,
    grants,
    ...config.breakGlass,
  });
  const requestOptions = {
    store,
    writer,
    apps,
    directory,
    providers,
    policy,
    recordUrl,
    maxDuration: config.maxDuration,
    breakGlass,
  };
  const requests = new RequestService(requestOptions);
  const decisions = new RequestDecisions(requestOptions);
  const fulfilment = new RequestFulfilment(requestOptions);
  const extensions = new ExtensionService(requestOptions);
  const reviews = new ReviewService({
    ...requestOptions,
    reviews: reviewStore,
    serviceCredentials,
  });
  const reviewDecisions = new ReviewDecisions({
    store,
    reviews: reviewStore,
    writer,
    grants,
    campaigns: reviews,
    defaultDecision: config.defaultDecision,
  });
  const schedule = new ReviewSchedule({
    reviews: reviewStore,
    writer,
    apps,
    campaigns: reviews,
    logger,
    serviceCredentials,
  });

  return {
    services: {
      appView: new AppViewService({
        apps,
        providers,
        groupHealth: new GroupHealth(logger),
      }),
      requests,
      decisions,
      fulfilment,
      grants,
      reviews,
      reviewDecisions,
      jobs: new JobAdminService({ store, queue, writer, policy, fulfilment }),
      audit: new AuditService({ store, apps, policy }),
      extensions,
      breakGlass,
      onBehalf: new OnBehalfService({ apps, directory, providers, policy }),
    },
    runner,
    tasks: [
      new ExpiryTask({
        store,
        grants,
        decisions,
        logger,
        runner,
        maxPendingAge: config.maxPendingAge,
        expiryReminder: config.expiryReminder,
      }),
      new InactivityTask({
        store,
        queue,
        grants,
        apps,
        directory,
        providers,
        logger,
        onJobsEnqueued,
        serviceCredentials,
      }),
      new ReviewsTask({ catalog, auth, schedule }),
    ],
  };
}
