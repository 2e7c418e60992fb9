import { parseArgs } from 'node:util';
import { AccessClient, ApiError } from './api/AccessClient';
import { Connection, NotSignedInError, resolveConnection } from './auth';
import { approveCommand, NotAPersonError } from './commands/approve';
import { giveBackCommand } from './commands/giveBack';
import { inboxCommand } from './commands/inbox';
import { requestCommand } from './commands/request';
import { rolesCommand } from './commands/roles';
import { statusCommand } from './commands/status';
import { CommandContext, UsageError } from './context';
import { colourEnabled, createColours } from './output/colour';
import { Names } from './output/names';

/** Where the command line writes and what it reads from its surroundings. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** The clock; the real one when left out. */
  now?: () => Date;
}

export const USAGE = `Usage: access <command> [options]

Access to your company's apps, from the terminal, through Backstage access governance.

Commands:
  roles <app>                          the roles of an app, who approves them, for how long
  request <app> <role> --for 6h --why "…"
                                       ask for a role (--for: 30m, 6h, 2d, 1d12h, permanent;
                                       left out: the role's default)
  status                               the access you hold and the requests you made
  give-back <grant>                    end access you hold now (or: give-back <app> <role>)
  inbox                                the requests waiting for your decision
  approve <request> [--comment "…"]    approve the stage waiting for you (as yourself only)

Options:
  --json        print the backend's answer as JSON
  --url URL     the Backstage backend (default: BACKSTAGE_URL, else http://localhost:7007)
  --no-color    no colours (also NO_COLOR=1, or when the output is not a terminal)
  --no-wait     request: do not wait for the Jira issue to be opened
  -h, --help    this help

Sign-in: BACKSTAGE_TOKEN (a Backstage user token), or the Backstage CLI's sign-in
(npx @backstage/cli auth login --backend-url URL; BACKSTAGE_INSTANCE picks an instance).
`;

const options = {
  json: { type: 'boolean' },
  url: { type: 'string' },
  for: { type: 'string' },
  why: { type: 'string' },
  comment: { type: 'string' },
  'no-color': { type: 'boolean' },
  'no-wait': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Runs one command line (`argv` without the program name) and gives its exit code: 0 done,
 * 1 refused or failed, 2 a mistake in the command line.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const c = createColours(colourEnabled(io.stderr, io.env));
  const fail = (message: string) => {
    io.stderr.write(`${c.red('Error:')} ${message}\n`);
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    fail(`${error.message}\n`);
    io.stderr.write(USAGE);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...args] = positionals;
  if (values.help || !command || command === 'help') {
    io.stdout.write(USAGE);
    return command || values.help ? 0 : 2;
  }
  const out = createColours(
    colourEnabled(io.stdout, io.env, values['no-color'] ? false : undefined),
  );
  try {
    let resolved: Promise<Connection> | undefined;
    const connection = () => {
      resolved ??= resolveConnection(io.env, values.url);
      return resolved;
    };
    const client = new AccessClient(connection);
    const ctx: CommandContext = {
      client,
      connection,
      names: new Names(client),
      c: out,
      json: Boolean(values.json),
      now: io.now?.() ?? new Date(),
      timeZone: io.env.TZ || undefined,
      print: (text = '') => io.stdout.write(`${text}\n`),
      printJson: value =>
        io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    };
    switch (command) {
      case 'roles':
        await rolesCommand(ctx, args);
        break;
      case 'request':
        await requestCommand(ctx, args, {
          for: values.for,
          why: values.why,
          wait: !values['no-wait'],
        });
        break;
      case 'status':
        await statusCommand(ctx, args);
        break;
      case 'give-back':
        await giveBackCommand(ctx, args);
        break;
      case 'inbox':
        await inboxCommand(ctx, args);
        break;
      case 'approve':
        await approveCommand(ctx, args, { comment: values.comment });
        break;
      default:
        throw new UsageError(`Unknown command ${command}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      fail(error.message);
      io.stderr.write(c.dim('See: access --help\n'));
      return 2;
    }
    if (error instanceof ApiError) {
      fail(
        error.status === 401
          ? `Backstage did not accept the token (${error.message}). Set BACKSTAGE_TOKEN to a current user token, or sign in again.`
          : error.message,
      );
      return 1;
    }
    if (error instanceof NotSignedInError || error instanceof NotAPersonError) {
      fail(error.message);
      return 1;
    }
    fail(error.message ?? String(error));
    return 1;
  }
}
