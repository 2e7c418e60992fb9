import { parseIsoDuration } from '@accessgov/plugin-access-governance-common';

const UNITS: Record<string, { iso: string; time: boolean }> = {
  m: { iso: 'M', time: true },
  min: { iso: 'M', time: true },
  h: { iso: 'H', time: true },
  d: { iso: 'D', time: false },
  w: { iso: 'W', time: false },
};

/**
 * Turns a duration as people type it into ISO-8601: `30m` → `PT30M`, `6h` → `PT6H`,
 * `2d` → `P2D`, `1d12h` → `P1DT12H`, `1w` → `P1W`. ISO-8601 text is taken as it is, and
 * `permanent` is null (no expiry). Anything else is an error that says what is accepted.
 */
export function toIsoDuration(text: string): string | null {
  const input = text.trim().toLowerCase();
  if (input === 'permanent') return null;
  if (/^p/.test(input)) {
    const iso = input.toUpperCase();
    if (parseIsoDuration(iso)) return iso;
    throw new TypeError(`--for ${text}: not a duration of at least one minute`);
  }
  const parts = [...input.matchAll(/(\d+)\s*(min|m|h|d|w)/g)];
  const consumed = parts.map(p => p[0]).join('');
  if (
    !parts.length ||
    consumed.replace(/\s/g, '') !== input.replace(/\s/g, '')
  ) {
    throw new TypeError(
      `--for ${text}: write a duration such as 30m, 6h, 2d, 1d12h or permanent`,
    );
  }
  let date = '';
  let time = '';
  for (const [, count, unit] of parts) {
    const { iso, time: isTime } = UNITS[unit];
    const piece = `${Number(count)}${iso}`;
    if (isTime) time += piece;
    else date += piece;
  }
  const iso = `P${date}${time ? `T${time}` : ''}`;
  if (!parseIsoDuration(iso)) {
    throw new TypeError(`--for ${text}: a duration is at least one minute`);
  }
  return iso;
}

/** The other way round, for examples to type: `PT6H` → `6h`, `P1DT12H` → `1d12h`. */
export function toShortDuration(iso: string): string {
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(
    iso,
  );
  if (!match) return iso;
  const [, w, d, h, m] = match;
  const text = [w && `${w}w`, d && `${d}d`, h && `${h}h`, m && `${m}m`]
    .filter(Boolean)
    .join('');
  return text || iso;
}
