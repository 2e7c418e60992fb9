const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 6 hours", "3 minutes ago", "just now". */
export function relativeTime(iso: string, now: Date): string {
  const diff = new Date(iso).getTime() - now.getTime();
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'always' });
  for (const [unit, millis] of UNITS) {
    if (Math.abs(diff) >= millis) {
      return format.format(Math.round(diff / millis), unit);
    }
  }
  return 'just now';
}

/** "1 Dec 2026, 15:10 UTC", in the terminal's time zone. */
export function absoluteTime(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** The relative time, then the absolute one: "in 6 hours (1 Dec 2026, 21:10 UTC)". */
export function when(iso: string, now: Date, timeZone?: string): string {
  return `${relativeTime(iso, now)} (${absoluteTime(iso, timeZone)})`;
}
