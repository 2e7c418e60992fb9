import { formatDurationShort } from '@accessgov/plugin-access-governance-common';
import { NotificationSpec } from '../jobs/catalogue';

/** A notification without its recipients. */
export type Notice = Omit<NotificationSpec, 'recipients'>;

/** A time as records and notifications write it: `2026-12-01 14:05 UTC`. */
export function when(date: Date | string): string {
  const iso = (typeof date === 'string' ? new Date(date) : date).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A day as records and notifications write it: `2026-12-01`. */
export function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A duration in words, or "no expiry" for a permanent grant. */
export function permanentOr(duration: string | null): string {
  return duration ? formatDurationShort(duration) : 'no expiry';
}

/** A comment's tail: " text" when there is one. */
export function tail(text: string | null | undefined, prefix = ''): string {
  return text ? ` ${prefix}${text}` : '';
}

/** A number of things in words: `1 item`, `2 items` (`plural` for the irregular ones). */
export function count(n: number, one: string, plural = `${one}s`): string {
  return `${n} ${n === 1 ? one : plural}`;
}
