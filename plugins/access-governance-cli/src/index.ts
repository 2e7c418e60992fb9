/**
 * `access`: the access-governance command line.
 *
 * @packageDocumentation
 */

import { main } from './main';

export { main, USAGE } from './main';
export type { CliIo } from './main';
export { toIsoDuration } from './duration';

/** Runs the command line of this process and sets its exit code. */
export function run(): void {
  main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  }).then(code => {
    process.exitCode = code;
  });
}
