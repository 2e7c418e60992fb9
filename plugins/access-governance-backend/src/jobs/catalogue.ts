import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { JobSpec } from './DatabaseJobQueue';

/** The steps of a request's record that move it through the workflow. */
export const RECORD_STEPS = [
  'approved',
  'granted',
  'rejected',
  'cancelled',
  'failed',
  'ended',
] as const;

/** A step of a request's record that moves it through the workflow. */
export type RecordStep = (typeof RECORD_STEPS)[number];

const recordOpenPayload = z.object({
  requestId: z.string(),
  /** Where the request came from when not the Backstage pages, e.g. an action and its client. */
  via: z.string().optional(),
});

const recordUpdatePayload = z.object({
  requestId: z.string(),
  comment: z.string().optional(),
  transition: z.enum(RECORD_STEPS).optional(),
});

const provisionPayload = z.object({ requestId: z.string() });

const removalPayload = z.object({
  /** The user entity ref (or, for a member Backstage does not know, the best name there is). */
  user: z.string(),
  provider: z.string(),
  groups: z.array(z.string()),
  reason: z.string(),
  grantId: z.string().nullish(),
  requestId: z.string().nullish(),
  /** The entity the removal is recorded against. */
  entityRef: z.string(),
  /** The IdP user, when known already (a member that Backstage may not know). */
  idpUserId: z.string().optional(),
  /** The review campaign that decided the removal, for members without a grant. */
  reviewId: z.string().optional(),
  /**
   * A second removal, made once an add whose answer was lost can no longer land; it is
   * audited, and writes no evidence of its own to the record.
   */
  confirm: z.boolean().optional(),
});

const notificationPayload = z.object({
  /** User or group entity refs. */
  recipients: z.array(z.string()),
  title: z.string(),
  description: z.string(),
  /** A path in Backstage, e.g. /catalog/default/component/salesforce/access. */
  link: z.string().optional(),
  severity: z.enum(['critical', 'high', 'normal', 'low']).optional(),
  topic: z.string().optional(),
});

const reviewRecordPayload = z.object({
  reviewId: z.string(),
  comment: z.string().optional(),
  summary: z.boolean().optional(),
});

/** An audit event to publish as a lifecycle event (the outbox of the events service). */
const eventPublishPayload = z.object({
  eventId: z.string(),
  auditType: z.string(),
  entityRef: z.string(),
  actor: z.string(),
  requestId: z.string().nullish(),
  grantId: z.string().nullish(),
  details: z.record(z.string(), z.any()),
  occurredAt: z.string(),
});

/** One event to post to one webhook; its URL and secret are read from configuration. */
const webhookDeliveryPayload = z.object({
  /** The webhook's id (a hash of its URL, which may hold a secret itself). */
  webhook: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  /** The exact body, signed anew on each attempt. */
  body: z.string(),
});
const bundleRecordPayload = z.object({ bundleRequestId: z.string() });

/**
 * Every job type, by the name stored in the queue, with the shape of its payload. The
 * names are stored with each job: they never change.
 */
const catalogue = {
  'record.open': recordOpenPayload,
  'record.update': recordUpdatePayload,
  'idp.provision': provisionPayload,
  'idp.remove': removalPayload,
  notify: notificationPayload,
  'review.record': reviewRecordPayload,
  'event.publish': eventPublishPayload,
  'webhook.deliver': webhookDeliveryPayload,
  'bundle.record': bundleRecordPayload,
};

/** A job type. */
export type JobType = keyof typeof catalogue;

/** The payload of a job of the given type. */
export type JobPayload<T extends JobType> = z.output<(typeof catalogue)[T]>;

/** What a removal job removes. */
export type RemovalSpec = JobPayload<'idp.remove'>;

/** A notification to send, durably. */
export type NotificationSpec = JobPayload<'notify'>;

/** The lanes the job types run in, each claimed and run on its own. */
export type JobLaneName = 'idp' | 'record' | 'notify';

/**
 * The lane of each job type: IdP changes (the enforcement) run ahead of, and never behind,
 * the writes to the record system and the notifications.
 */
export const JOB_LANE_OF: { readonly [T in JobType]: JobLaneName } = {
  'idp.provision': 'idp',
  'idp.remove': 'idp',
  'record.open': 'record',
  'record.update': 'record',
  'review.record': 'record',
  'bundle.record': 'record',
  notify: 'notify',
  'event.publish': 'notify',
  'webhook.deliver': 'notify',
};

/** The job types of a lane. */
export function jobTypesOf(lane: JobLaneName): JobType[] {
  return (Object.keys(JOB_LANE_OF) as JobType[]).filter(
    type => JOB_LANE_OF[type] === lane,
  );
}

/** The job types. */
export const JOB_TYPES: readonly JobType[] = Object.keys(catalogue).filter(
  (type): type is JobType => type in catalogue,
);

const payloadSchemas: { [T in JobType]: z.ZodType<JobPayload<T>> } = catalogue;

/** Reads a stored payload as its type's payload; an error names what does not fit. */
export function readJobPayload<T extends JobType>(
  type: T,
  payload: unknown,
): { ok: true; payload: JobPayload<T> } | { ok: false; message: string } {
  const result = payloadSchemas[type].safeParse(payload);
  if (result.success) return { ok: true, payload: result.data };
  const message = result.error.issues
    .map(issue => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
    .join('; ');
  return { ok: false, message };
}

function spec<T extends JobType>(
  type: T,
  payload: JobPayload<T>,
  target: Omit<JobSpec, 'type' | 'payload'>,
): JobSpec {
  return { type, payload, ...target };
}

/** Builds the jobs that carry side effects. */
export const jobs = {
  recordOpen(requestId: string, via?: string): JobSpec {
    return spec('record.open', via ? { requestId, via } : { requestId }, {
      chain: `record:${requestId}`,
      requestId,
    });
  },
  recordUpdate(
    requestId: string,
    update: { comment?: string; transition?: RecordStep },
  ): JobSpec {
    return spec(
      'record.update',
      { requestId, ...update },
      { chain: `record:${requestId}`, requestId },
    );
  },
  provision(request: { id: string; requester: string }): JobSpec {
    return spec(
      'idp.provision',
      { requestId: request.id },
      { chain: `idp:${request.requester}`, requestId: request.id },
    );
  },
  remove(removal: RemovalSpec, runAfter?: Date): JobSpec {
    return spec('idp.remove', removal, {
      // A second removal waits in a chain of its own, holding up none of the user's changes.
      chain: removal.confirm
        ? `idp-confirm:${removal.user}`
        : `idp:${removal.user}`,
      requestId: removal.requestId ?? null,
      grantId: removal.grantId ?? null,
      runAfter,
    });
  },
  notify(notification: NotificationSpec): JobSpec {
    return spec('notify', notification, { chain: `notify:${randomUUID()}` });
  },
  /** A write to a review campaign's own record: opened once, then comments and the summary. */
  reviewRecord(
    reviewId: string,
    update: { comment?: string; summary?: boolean },
  ): JobSpec {
    return spec(
      'review.record',
      { reviewId, ...update },
      { chain: `review:${reviewId}` },
    );
  },
  /** Publishes an audit event; the events of one request, grant or review stay in order. */
  publishEvent(entry: JobPayload<'event.publish'>): JobSpec {
    const reviewId = entry.details.reviewId;
    const subject =
      entry.requestId ??
      entry.grantId ??
      (typeof reviewId === 'string' ? reviewId : entry.entityRef);
    return spec('event.publish', entry, { chain: `event:${subject}` });
  },
  /** Posts an event to a webhook, after the events before it for the same subject. */
  webhookDelivery(
    delivery: JobPayload<'webhook.deliver'>,
    subjectChain: string,
  ): JobSpec {
    return spec('webhook.deliver', delivery, {
      chain: `webhook:${delivery.webhook}:${subjectChain}`,
    });
  },
  /** The parent record of an ask for a bundle, once its roles' records exist. */
  bundleRecord(bundleRequestId: string): JobSpec {
    return spec(
      'bundle.record',
      { bundleRequestId },
      { chain: `bundle:${bundleRequestId}` },
    );
  },
};
