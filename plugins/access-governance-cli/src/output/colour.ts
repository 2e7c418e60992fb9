/** Terminal styles that switch off where colour is not wanted. */
export interface Colours {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const codes = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;

/**
 * Colour is on for a terminal, and off when the output is piped, when `NO_COLOR` is set
 * (https://no-color.org), for `TERM=dumb` or with `--no-color`; `FORCE_COLOR` turns it on.
 */
export function colourEnabled(
  stream: { isTTY?: boolean },
  env: Record<string, string | undefined>,
  flag?: boolean,
): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return Boolean(stream.isTTY);
}

export function createColours(enabled: boolean): Colours {
  const style =
    ([open, close]: readonly [number, number]) =>
    (text: string) =>
      enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    enabled,
    bold: style(codes.bold),
    dim: style(codes.dim),
    red: style(codes.red),
    green: style(codes.green),
    yellow: style(codes.yellow),
    cyan: style(codes.cyan),
  };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Text without its colour codes. */
export function stripColours(text: string): string {
  return text.replace(ANSI, '');
}

/** The width of text as a terminal shows it, without its colour codes. */
export function visibleLength(text: string): number {
  return [...stripColours(text)].length;
}
