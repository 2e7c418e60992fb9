import { main } from '../main';

/** Runs the command line in-process, as a terminal (or a pipe) would, and captures it. */
export async function runCli(
  argv: string[],
  options: {
    env: Record<string, string | undefined>;
    tty?: boolean;
    now?: Date;
  },
) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: {
      write: (t: string) => (stdout += t),
      isTTY: options.tty ?? false,
    },
    stderr: {
      write: (t: string) => (stderr += t),
      isTTY: options.tty ?? false,
    },
    env: { TZ: 'UTC', ...options.env },
    now: options.now ? () => options.now! : undefined,
  });
  return { code, stdout, stderr };
}
