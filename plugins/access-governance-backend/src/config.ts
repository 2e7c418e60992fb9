import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { Duration } from 'luxon';
import { JobLaneName, RECORD_STEPS, RecordStep } from './jobs/catalogue';

/** The scheduled tasks of the plugin, by their key under accessGovernance.schedule. */
export type TaskKey = 'expiry' | 'inactivity' | 'reviews';

/** The plugin's configuration, read once at start. */
export interface AccessGovernanceConfig {
  /** Entity refs of the administrators. */
  admins: string[];
  /** The frontend's base URL, for links in records. */
  appBaseUrl: string;
  /** ISO-8601: pending requests older than this are rejected. */
  maxPendingAge: string;
  /** ISO-8601: the longest grant of a role that declares no max. */
  maxDuration: string;
  /** ISO-8601: how long before expiry holders are reminded. */
  expiryReminder: string;
  /** What a review item nobody decided becomes at completion. */
  defaultDecision: 'keep' | 'revoke';
  /** Record transition names that replace the default workflow's. */
  transitions: Partial<Record<RecordStep, string>>;
  jobs: {
    maxAttempts: number;
    initialBackoffMs: number;
    maxBackoffMs: number;
    /** Jobs in flight at once, per lane. */
    concurrency: Record<JobLaneName, number>;
  };
  schedules: Record<TaskKey, SchedulerServiceTaskScheduleDefinition>;
  breakGlass: {
    /** User or group refs told at once of every break-glass grant. */
    securityContacts: string[];
    /** ISO-8601: how long the approvers have to confirm or flag a break-glass grant. */
    reviewWithin: string;
  };
}

/** How many jobs of a lane run at once: `accessGovernance.jobs.concurrency.<lane>`. */
function laneConcurrency(
  config: Config,
  lane: JobLaneName,
  fallback: number,
): number {
  const key = `accessGovernance.jobs.concurrency.${lane}`;
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${key} must be a whole number of at least 1`);
  }
  return value;
}

const DEFAULT_SCHEDULES: Record<
  TaskKey,
  SchedulerServiceTaskScheduleDefinition
> = {
  expiry: { frequency: { minutes: 1 }, timeout: { minutes: 5 } },
  inactivity: {
    frequency: { hours: 24 },
    timeout: { hours: 1 },
    initialDelay: { minutes: 5 },
  },
  reviews: {
    frequency: { hours: 6 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 1 },
  },
};

/** Reads an ISO-8601 duration setting; a bad value stops the start with an error naming the key. */
function isoSetting(
  config: Config,
  key: string,
  fallback: string,
): { iso: string; ms: number } {
  const value = config.getOptionalString(key) ?? fallback;
  const duration = Duration.fromISO(value);
  if (!duration.isValid || duration.toMillis() <= 0) {
    throw new Error(
      `${key}: ${value} is not an ISO-8601 duration such as P7D, PT1H or PT2S`,
    );
  }
  return { iso: value, ms: duration.toMillis() };
}

function schedule(
  config: Config,
  key: TaskKey,
): SchedulerServiceTaskScheduleDefinition {
  const block = config.getOptionalConfig(`accessGovernance.schedule.${key}`);
  return block
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(block)
    : DEFAULT_SCHEDULES[key];
}

function transitions(config: Config): Partial<Record<RecordStep, string>> {
  const block = config.getOptionalConfig('accessGovernance.jira.transitions');
  const result: Partial<Record<RecordStep, string>> = {};
  for (const step of RECORD_STEPS) {
    const name = block?.getOptionalString(step);
    if (name !== undefined) result[step] = name;
  }
  return result;
}

/** Reads the plugin's configuration; a bad value throws an error that names its key. */
export function readAccessGovernanceConfig(
  config: Config,
): AccessGovernanceConfig {
  const maxPendingAge = isoSetting(
    config,
    'accessGovernance.requests.maxPendingAge',
    'P7D',
  ).iso;
  const maxDuration = isoSetting(
    config,
    'accessGovernance.requests.maxDuration',
    'P365D',
  ).iso;
  const expiryReminder = isoSetting(
    config,
    'accessGovernance.notifications.expiryReminder',
    'PT1H',
  ).iso;
  const jobs = {
    maxAttempts:
      config.getOptionalNumber('accessGovernance.jobs.maxAttempts') ?? 8,
    initialBackoffMs: isoSetting(
      config,
      'accessGovernance.jobs.initialBackoff',
      'PT2S',
    ).ms,
    maxBackoffMs: isoSetting(config, 'accessGovernance.jobs.maxBackoff', 'PT5M')
      .ms,
    concurrency: {
      idp: laneConcurrency(config, 'idp', 16),
      record: laneConcurrency(config, 'record', 4),
      notify: laneConcurrency(config, 'notify', 4),
    },
  };
  const defaultDecision =
    config.getOptionalString('accessGovernance.reviews.defaultDecision') ??
    'keep';
  if (defaultDecision !== 'keep' && defaultDecision !== 'revoke') {
    throw new Error(
      `accessGovernance.reviews.defaultDecision: ${defaultDecision} is not keep or revoke`,
    );
  }
  return {
    admins: config.getOptionalStringArray('accessGovernance.admins') ?? [],
    appBaseUrl: config.getOptionalString('app.baseUrl') ?? '',
    maxPendingAge,
    maxDuration,
    expiryReminder,
    defaultDecision,
    transitions: transitions(config),
    jobs,
    breakGlass: {
      securityContacts:
        config.getOptionalStringArray(
          'accessGovernance.breakGlass.securityContacts',
        ) ?? [],
      reviewWithin: isoSetting(
        config,
        'accessGovernance.breakGlass.reviewWithin',
        'P1D',
      ).iso,
    },
    schedules: {
      expiry: schedule(config, 'expiry'),
      inactivity: schedule(config, 'inactivity'),
      reviews: schedule(config, 'reviews'),
    },
  };
}
