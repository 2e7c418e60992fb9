/** The events-service topic the lifecycle events are published on. */
export const ACCESS_GOVERNANCE_TOPIC = 'access-governance';

/**
 * The public lifecycle events, by the name their payload's `type` carries. The names and
 * the payload's fields stay as they are within a payload version.
 */
export const ACCESS_EVENT_TYPES = [
  'requested',
  'approved',
  'rejected',
  'cancelled',
  'granted',
  'extended',
  'expired',
  'given-back',
  'revoked',
  'review-started',
  'review-completed',
  'break-glass-used',
] as const;

/** A public lifecycle event type. */
export type AccessEventType = (typeof ACCESS_EVENT_TYPES)[number];

/** A person (or the plugin itself, ref `system`): the reference and the name. */
export type EventPerson = { ref: string; name: string };

/**
 * The payload of a lifecycle event on topic `access-governance` and in webhook bodies,
 * version 1. No secrets, tokens or IdP credentials; the justification is business data and
 * is included on `requested`.
 */
export interface AccessEventPayloadV1 {
  version: 1;
  /** Unique per event: the same on every redelivery, so receivers can drop duplicates. */
  id: string;
  type: AccessEventType;
  /** ISO 8601 (UTC): when the change was committed. */
  occurredAt: string;
  app: { ref: string; title: string };
  /** Null for review events, which concern the whole app. */
  role: { id: string; title: string } | null;
  requestId: string | null;
  grantId: string | null;
  reviewId: string | null;
  /** Who made the change; `system` for the plugin's own sweeps and jobs. */
  actor: EventPerson;
  /** Whose access it is: the requester or holder; null for review events. */
  subject: EventPerson | null;
  /** What else the event type tells, see the README's payload reference. */
  details: Record<string, string | number | boolean | null>;
}
