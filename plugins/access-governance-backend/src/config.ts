import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { checkIsoDuration } from '@accessgov/plugin-access-governance-common';
import { Duration } from 'luxon';
import { AccessConflict } from '@accessgov/plugin-access-governance-common';
import { readConfiguredConflicts } from './conflicts/config';
import { ACCESS_EVENT_TYPES, AccessEventType } from './events/types';
import { WebhookConfig, webhookIdentity } from './events/webhooks';
import { JobLaneName, RECORD_STEPS, RecordStep } from './jobs/catalogue';

/** The scheduled tasks of the plugin, by their key under accessGovernance.schedule. */
export type TaskKey =
  'expiry' | 'inactivity' | 'reviews' | 'drift' | 'escalation';

/** The plugin's configuration, read once at start. */
export interface AccessGovernanceConfig {
  /** Entity refs of the administrators. */
  admins: string[];
  /** Whether administrators open and complete reviews of apps they do not review. */
  adminsCanRunReviews: boolean;
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
    /** How long a write whose answer was lost may still land at its service. */
    settleMs: number;
    /** How long a job is held without a heartbeat before another replica takes it. */
    leaseMs: number;
    /** Jobs in flight at once, per lane. */
    concurrency: Record<JobLaneName, number>;
  };
  schedules: Record<TaskKey, SchedulerServiceTaskScheduleDefinition>;
  /** Where lifecycle events are posted, signed. */
  webhooks: WebhookConfig[];
  /** ISO-8601: a stage waiting this long goes to the fallback approvers too. */
  escalateAfter: string;
  /** Entity refs who receive requests that wait too long, where an app names none. */
  fallbackApprovers: string[];
  /** Pairs of roles, across apps, that one person must not hold together. */
  conflicts: AccessConflict[];
  breakGlass: {
    /** User or group refs told at once of every break-glass grant. */
    securityContacts: string[];
    /** ISO-8601: how long the approvers have to confirm or flag a break-glass grant. */
    reviewWithin: string;
  };
}

/** Reads `accessGovernance.webhooks`; a bad entry stops the start with an error naming its key. */
function webhooks(config: Config): WebhookConfig[] {
  const entries =
    config.getOptionalConfigArray('accessGovernance.webhooks') ?? [];
  return entries.map((entry, index) => {
    const key = `accessGovernance.webhooks[${index}]`;
    const url = entry.getString('url');
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
      throw new Error(`${key}.url is not an http or https URL`);
    }
    const secret = entry.getString('secret');
    if (secret.length < 16) {
      throw new Error(`${key}.secret must be at least 16 characters long`);
    }
    const events = entry.getOptionalStringArray('events') ?? [];
    const unknown = events.filter(
      e => !(ACCESS_EVENT_TYPES as readonly string[]).includes(e),
    );
    if (unknown.length > 0) {
      throw new Error(
        `${key}.events: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not an event type' : 'are not event types'} (event types: ${ACCESS_EVENT_TYPES.join(', ')})`,
      );
    }
    return {
      ...webhookIdentity(url),
      url,
      secret,
      events: events as AccessEventType[],
    };
  });
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
  drift: {
    frequency: { hours: 6 },
    timeout: { hours: 1 },
    initialDelay: { minutes: 10 },
  },
  escalation: {
    frequency: { minutes: 15 },
    timeout: { minutes: 5 },
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
  const longest = checkIsoDuration(maxDuration);
  if (!longest.ok) {
    throw new Error(
      `accessGovernance.requests.maxDuration: ${longest.message}`,
    );
  }
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
    settleMs: isoSetting(config, 'accessGovernance.jobs.settle', 'PT2M').ms,
    leaseMs: isoSetting(config, 'accessGovernance.jobs.lease', 'PT10S').ms,
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
    adminsCanRunReviews:
      config.getOptionalBoolean('accessGovernance.adminsCanRunReviews') ??
      false,
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
      drift: schedule(config, 'drift'),
      escalation: schedule(config, 'escalation'),
    },
    webhooks: webhooks(config),
    escalateAfter: isoSetting(
      config,
      'accessGovernance.requests.escalateAfter',
      'P2D',
    ).iso,
    fallbackApprovers:
      config.getOptionalStringArray('accessGovernance.fallbackApprovers') ?? [],
    conflicts: readConfiguredConflicts(config),
  };
}
