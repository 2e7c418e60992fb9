import { SideEffectError } from '@accessgov/plugin-access-governance-node';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AccessEventType } from './types';

/** A webhook subscriber: `accessGovernance.webhooks[]`. */
export interface WebhookConfig {
  /** Stands for the URL in jobs and messages: a URL may itself hold a secret (Slack's do). */
  id: string;
  /** The URL's origin, for messages. */
  name: string;
  url: string;
  /** The event types it receives; all when empty. */
  events: AccessEventType[];
  /** Signs every delivery; never logged, never stored with a job. */
  secret: string;
}

/** How jobs and messages name a webhook without its URL's path and query. */
export function webhookIdentity(url: string): { id: string; name: string } {
  return {
    id: createHash('sha256').update(url).digest('hex').slice(0, 16),
    name: new URL(url).origin,
  };
}

/** The headers of a delivery. */
export const WEBHOOK_HEADERS = {
  signature: 'x-accessgovernance-signature',
  timestamp: 'x-accessgovernance-timestamp',
  event: 'x-accessgovernance-event',
  delivery: 'x-accessgovernance-delivery',
} as const;

/**
 * The signature of a delivery: HMAC-SHA256 with the webhook's secret over
 * `<timestamp>.<raw body>`, as `sha256=<hex>`.
 */
export function signDelivery(
  secret: string,
  timestamp: string,
  body: string,
): string {
  const hex = createHmac('sha256', secret)
    .update(`${timestamp}.${body}`)
    .digest('hex');
  return `sha256=${hex}`;
}

/** Whether a delivery's signature is right: what a receiver checks before trusting the body. */
export function verifyDelivery(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
): boolean {
  const expected = Buffer.from(signDelivery(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The wait a 429 or 503 asks for, in ms, from Retry-After (seconds or an HTTP date). */
export function retryAfterMs(
  header: string | null,
  now: Date,
): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * Posts one event to one webhook, signed. 2xx is delivered; 429, 503 (honouring
 * Retry-After), other 5xx, 408 and network errors are tried again; other answers are not.
 */
export async function deliver(d: {
  webhook: WebhookConfig;
  body: string;
  eventType: string;
  eventId: string;
  now: Date;
  timeoutMs?: number;
}): Promise<void> {
  const timestamp = String(Math.floor(d.now.getTime() / 1000));
  let response: Response;
  try {
    response = await fetch(d.webhook.url, {
      method: 'POST',
      body: d.body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'backstage-access-governance',
        [WEBHOOK_HEADERS.timestamp]: timestamp,
        [WEBHOOK_HEADERS.signature]: signDelivery(
          d.webhook.secret,
          timestamp,
          d.body,
        ),
        [WEBHOOK_HEADERS.event]: d.eventType,
        [WEBHOOK_HEADERS.delivery]: d.eventId,
      },
      signal: AbortSignal.timeout(d.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new SideEffectError(
      `Webhook ${d.webhook.name} (${d.webhook.id}) could not be reached: ${error}`,
      { retryable: true, cause: error },
    );
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.ok) return;
  const status = response.status;
  const retryable = status === 408 || status === 429 || status >= 500;
  throw new SideEffectError(
    `Webhook ${d.webhook.name} (${d.webhook.id}) answered ${status} to event ${d.eventId}`,
    {
      retryable,
      status,
      retryAfterMs:
        status === 429 || status === 503
          ? retryAfterMs(response.headers.get('retry-after'), d.now)
          : undefined,
    },
  );
}
