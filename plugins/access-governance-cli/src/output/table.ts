import { Colours, visibleLength } from './colour';

export interface Column<T> {
  title: string;
  value(row: T): string;
  /** Longer values are cut with an ellipsis. */
  maxWidth?: number;
}

function cut(text: string, max?: number): string {
  if (!max || visibleLength(text) <= max) return text;
  return `${[...text].slice(0, max - 1).join('')}…`;
}

/** Rows as aligned columns under a header, one line each (no newline after the last). */
export function table<T>(rows: T[], columns: Column<T>[], c: Colours): string {
  const cells = rows.map(row =>
    columns.map(col => cut(col.value(row).replace(/\s+/g, ' '), col.maxWidth)),
  );
  const widths = columns.map((col, i) =>
    Math.max(visibleLength(col.title), ...cells.map(r => visibleLength(r[i]))),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) =>
        i === values.length - 1
          ? v
          : v + ' '.repeat(widths[i] - visibleLength(v)),
      )
      .join('  ')
      .trimEnd();
  return [
    c.bold(line(columns.map(col => col.title.toUpperCase()))),
    ...cells.map(line),
  ].join('\n');
}
