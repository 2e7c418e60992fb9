import { Duration } from 'luxon';

/**
 * The ISO-8601 durations `spec.access` accepts: whole numbers of years, months, weeks, days,
 * hours, minutes and seconds, such as `PT1H`, `PT90M`, `P7D` or `P1DT12H`.
 *
 * @public
 */
export const ISO_DURATION_PATTERN =
  '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$';

const isoDurationRegExp = new RegExp(ISO_DURATION_PATTERN);

/** The shortest duration a role, a review or a reclaim period may declare. */
const MIN_DURATION_MILLIS = 60_000;

/** True when the text is written as an ISO-8601 duration (whatever its length). */
function isIsoDurationText(text: string): boolean {
  return isoDurationRegExp.test(text);
}

/**
 * Parses an ISO-8601 duration of at least one minute. Anything else (not a duration,
 * zero, negative, shorter than a minute) gives `undefined`.
 *
 * Months count as 30 days and years as 365 days when durations are compared.
 *
 * @public
 */
export function parseIsoDuration(text: string): Duration | undefined {
  if (typeof text !== 'string' || !isIsoDurationText(text)) {
    return undefined;
  }
  const duration = Duration.fromISO(text);
  if (!duration.isValid || duration.toMillis() < MIN_DURATION_MILLIS) {
    return undefined;
  }
  return duration;
}

function requireDuration(text: string): Duration {
  const duration = parseIsoDuration(text);
  if (!duration) {
    throw new TypeError(
      `${text} is not an ISO-8601 duration of at least one minute`,
    );
  }
  return duration;
}

/**
 * The length of a valid duration in milliseconds; throws a TypeError for an invalid one.
 *
 * @public
 */
export function durationToMillis(text: string): number {
  return requireDuration(text).toMillis();
}

/**
 * Compares two valid durations by length: negative when `a` is shorter, 0 when they are
 * as long (`PT60M` and `PT1H`), positive when `a` is longer. Usable with `Array.sort`.
 *
 * @public
 */
export function compareDurations(a: string, b: string): number {
  return durationToMillis(a) - durationToMillis(b);
}

const units: Array<{ label: string; millis: number }> = [
  { label: 'd', millis: 86_400_000 },
  { label: 'h', millis: 3_600_000 },
  { label: 'min', millis: 60_000 },
  { label: 's', millis: 1_000 },
];

/**
 * A duration for people: `PT1H` → "1 h", `P7D` → "7 d", `PT30M` → "30 min",
 * `PT90M` → "1 h 30 min". Text that is not a valid duration is returned as it is.
 *
 * @public
 */
export function formatDurationShort(text: string): string {
  const duration = parseIsoDuration(text);
  if (!duration) {
    return text;
  }
  let rest = duration.toMillis();
  const parts: string[] = [];
  for (const unit of units) {
    const count = Math.floor(rest / unit.millis);
    if (count > 0) {
      parts.push(`${count} ${unit.label}`);
      rest -= count * unit.millis;
    }
  }
  return parts.join(' ');
}
