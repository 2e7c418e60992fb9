import {
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { EventsService } from '@backstage/plugin-events-node';
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
import { eventHandlers, queueEventPublication } from './events';
import { ExtensionService } from './extensions/ExtensionService';
import { GrantService } from './grants/GrantService';
import { OnBehalfService } from './onBehalf/OnBehalfService';
import { createJobHandlers } from './handlers';
import { jobTypesOf } from './jobs/catalogue';
import { StateWriter } from './jobs/commit';
import { DatabaseJobQueue } from './jobs/DatabaseJobQueue';
import { failureText } from './messages';
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
import { DriftTask } from './tasks/DriftTask';
import { DriftService } from './drift/DriftService';
import { EscalationTask } from './tasks/EscalationTask';
import { BundleService } from './bundles/BundleService';
import { BundleStore } from './bundles/BundleStore';
import { ConflictService } from './conflicts/ConflictService';
import { ConflictStore } from './conflicts/ConflictStore';
import { DelegationService } from './delegation/DelegationService';
import { DelegationStore } from './delegation/DelegationStore';

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
  /** Where the lifecycle events are published, topic `access-governance`. */
  events?: EventsService;
  providers: Map<string, IdentityProvider>;
  defaultProvider: string | undefined;
  records?: AccessRecordSystem;
}

/** Everything the plugin runs: the services behind the router, the job runner, the tasks. */
export interface AccessGovernanceContext {
  services: RouterServices;
  runner: JobRunner;
  tasks: Array<
    ExpiryTask | InactivityTask | ReviewsTask | DriftTask | EscalationTask
  >;
  apps: AppResolver;
  directory: Directory;
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

  // The job runner is told of jobs that the outbox and the deliveries queue.
  const started: { runner?: JobRunner } = {};
  const kick = () => started.runner?.kick();
  queueEventPublication({ store, queue, onJobsEnqueued: kick });
  const runner = new JobRunner({
    knex: store.knex,
    queue,
    handlers: createJobHandlers(
      {
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
        approversOf: async entityRef =>
          (await apps.tryLoad(entityRef, await serviceCredentials()))
            ?.approvers ?? [],
        admins: config.admins,
        alertAfterAttempts: config.jobs.maxAttempts,
        settleMs: config.jobs.settleMs,
      },
      eventHandlers({
        store,
        queue,
        apps,
        directory,
        serviceCredentials,
        events: options.events,
        webhooks: config.webhooks,
        logger,
        now,
        onJobsEnqueued: kick,
      }),
    ),
    logger,
    failureText,
    workerId: `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    maxAttempts: config.jobs.maxAttempts,
    initialBackoffMs: config.jobs.initialBackoffMs,
    maxBackoffMs: config.jobs.maxBackoffMs,
    leaseMs: config.jobs.leaseMs,
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
  started.runner = runner;
  const onJobsEnqueued = () => runner.kick();
  const writer = new StateWriter({ store, queue, onJobsEnqueued, now });
  const policy = new AccessPolicy({
    permissions: options.permissions,
    apps,
    admins: config.admins,
    adminsCanRunReviews: config.adminsCanRunReviews,
  });

  const delegationStore = new DelegationStore(store.knex);
  const delegations = new DelegationService({
    delegations: delegationStore,
    writer,
    directory,
    admins: config.admins,
  });
  const conflicts = new ConflictService({
    store,
    conflictStore: new ConflictStore(store.knex),
    apps,
    configured: config.conflicts,
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
    conflicts,
    delegations,
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

  const drift = new DriftService({
    store,
    writer,
    catalog,
    auth,
    apps,
    directory,
    providers,
    policy,
    logger,
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
      drift,
      delegations,
      bundles: new BundleService({
        catalog,
        apps,
        store,
        bundles: new BundleStore(store.knex),
        writer,
        policy,
        requests,
        conflicts,
        recordUrl,
        maxDuration: config.maxDuration,
      }),
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
      new ReviewsTask({ catalog, auth, schedule, breakGlass }),
      new DriftTask(drift),
      new EscalationTask({
        store,
        delegations: delegationStore,
        writer,
        apps,
        serviceCredentials,
        escalateAfter: config.escalateAfter,
        fallbackApprovers: config.fallbackApprovers,
        logger,
      }),
    ],
    apps,
    directory,
  };
}
