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

/**
 * The longest duration anything may declare or ask for: 100 years (years count as 365
 * days). A grant meant to last longer is a permanent one.
 *
 * @public
 */
export const LONGEST_DURATION = 'P100Y';
const MAX_DURATION_MILLIS = 100 * 365 * 86_400_000;

const FIRST_STORABLE_TIME = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_STORABLE_TIME = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Whether a time (in milliseconds since 1970) lies in years 0001 to 9999, the range every
 * database the plugin runs on stores and every API answers.
 *
 * @public
 */
export function isStorableTime(millis: number): boolean {
  return (
    Number.isFinite(millis) &&
    millis >= FIRST_STORABLE_TIME &&
    millis <= LAST_STORABLE_TIME
  );
}

/** True when the text is written as an ISO-8601 duration (whatever its length). */
function isIsoDurationText(text: string): boolean {
  return isoDurationRegExp.test(text);
}

/**
 * What {@link checkIsoDuration} answers: the duration, or why the text is not one.
 *
 * @public
 */
export type IsoDurationCheck =
  | { ok: true; duration: Duration }
  | {
      ok: false;
      reason: 'not-a-duration' | 'too-short' | 'too-long';
      message: string;
    };

/**
 * Reads an ISO-8601 duration once, with its bounds: at least one minute and at most
 * {@link LONGEST_DURATION}. The message of a refusal names the text.
 *
 * @public
 */
export function checkIsoDuration(text: unknown): IsoDurationCheck {
  if (typeof text !== 'string' || !isIsoDurationText(text)) {
    return {
      ok: false,
      reason: 'not-a-duration',
      message: `${String(text)} is not an ISO-8601 duration (such as PT30M, PT1H, P7D)`,
    };
  }
  const duration = Duration.fromISO(text);
  const millis = duration.isValid ? duration.toMillis() : NaN;
  if (Number.isFinite(millis) && millis < MIN_DURATION_MILLIS) {
    return {
      ok: false,
      reason: 'too-short',
      message: `${text} is shorter than the minimum of one minute`,
    };
  }
  if (!Number.isFinite(millis) || millis > MAX_DURATION_MILLIS) {
    return {
      ok: false,
      reason: 'too-long',
      message: `${text} is longer than the maximum of 100 years`,
    };
  }
  return { ok: true, duration };
}

/**
 * Parses an ISO-8601 duration of at least one minute and at most
 * {@link LONGEST_DURATION}. Anything else (not a duration, zero, negative, shorter than
 * a minute, longer than 100 years) gives `undefined`.
 *
 * Months count as 30 days and years as 365 days when durations are compared.
 *
 * @public
 */
export function parseIsoDuration(text: string): Duration | undefined {
  const check = checkIsoDuration(text);
  return check.ok ? check.duration : undefined;
}

/**
 * When a window of `duration` that starts at `start` ends. Throws a RangeError for a
 * duration that is not valid or an end past the year 9999.
 *
 * @public
 */
export function endOfWindow(start: Date, duration: string): Date {
  const check = checkIsoDuration(duration);
  if (!check.ok) throw new RangeError(check.message);
  const end = start.getTime() + check.duration.toMillis();
  if (!isStorableTime(end)) {
    throw new RangeError(
      `${duration} from ${start.toISOString()} ends past the year 9999`,
    );
  }
  return new Date(end);
}

function requireDuration(text: string): Duration {
  const duration = parseIsoDuration(text);
  if (!duration) {
    throw new TypeError(
      `${text} is not an ISO-8601 duration of one minute to 100 years`,
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
  const check = checkIsoDuration(text);
  const duration =
    check.ok || check.reason === 'too-long'
      ? Duration.fromISO(text)
      : undefined;
  let rest = duration?.isValid ? duration.toMillis() : NaN;
  if (!Number.isFinite(rest) || rest > Number.MAX_SAFE_INTEGER) {
    return text;
  }
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
