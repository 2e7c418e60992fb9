import { formatDurationShort } from '@accessgov/plugin-access-governance-common';
import { NotificationSpec } from '../jobs/catalogue';

/** A notification without its recipients. */
export type Notice = Omit<NotificationSpec, 'recipients'>;

export function iso(date: Date): string {
  return date.toISOString();
}

/** A duration in words, or "no expiry" for a permanent grant. */
export function permanentOr(duration: string | null): string {
  return duration ? formatDurationShort(duration) : 'no expiry';
}

/** A comment's tail: " text" when there is one. */
export function tail(text: string | null | undefined, prefix = ''): string {
  return text ? ` ${prefix}${text}` : '';
}
