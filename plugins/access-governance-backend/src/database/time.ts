/**
 * Reads a timestamp column: PostgreSQL answers Date objects, SQLite the number or string
 * it stored.
 */
export function readDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string') {
    // SQLite's CURRENT_TIMESTAMP has no zone and means UTC.
    const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)
      ? `${value.replace(' ', 'T')}Z`
      : value;
    const date = new Date(/^\d+$/.test(iso) ? Number(iso) : iso);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new Error(`Not a timestamp: ${String(value)}`);
}

export function readOptionalDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : readDate(value);
}
