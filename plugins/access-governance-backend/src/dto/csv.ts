function csvCell(value: unknown): string {
  let text = '';
  if (typeof value === 'string') text = value;
  else if (value !== null && value !== undefined) text = JSON.stringify(value);
  // Cells that a spreadsheet would run as a formula are quoted as text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Renders rows as RFC 4180 CSV lines, without the header line (for streams). */
export function csvRows<T extends object>(
  columns: ReadonlyArray<keyof T & string>,
  rows: readonly T[],
): string {
  return rows
    .map(row => `${columns.map(c => csvCell(row[c])).join(',')}\r\n`)
    .join('');
}

/** Renders rows as RFC 4180 CSV with a header line. */
export function toCsv<T extends object>(
  columns: ReadonlyArray<keyof T & string>,
  rows: readonly T[],
): string {
  return `${columns.join(',')}\r\n${csvRows(columns, rows)}`;
}
