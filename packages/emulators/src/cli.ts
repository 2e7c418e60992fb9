/**
 * The command line of `npm run emulators`: ports, interface and certificate directory
 * from flags or environment variables, flags first.
 */

/** The ports of `npm run emulators` and of the demo backend's emulators, unless configured. */
export const defaultPorts = { okta: 7011, graph: 7012, jira: 7013 } as const;

export interface CliOptions {
  oktaPort: number;
  graphPort: number;
  jiraPort: number;
  host: string;
  /** Where the Graph emulator's CA and certificate are kept. */
  certDir?: string;
}

export type CliCommand = { help: true } | { help: false; options: CliOptions };

/** Thrown for a command line that cannot be run; the message says why. */
export class CliError extends Error {}

interface Setting {
  flag: string;
  env: string;
  key: keyof CliOptions;
  /** What the value is, in the usage text. */
  value: string;
  describe: string;
}

const SETTINGS: Setting[] = [
  {
    flag: '--okta-port',
    env: 'EMULATOR_OKTA_PORT',
    key: 'oktaPort',
    value: '<port>',
    describe: 'Okta (default 7011)',
  },
  {
    flag: '--graph-port',
    env: 'EMULATOR_GRAPH_PORT',
    key: 'graphPort',
    value: '<port>',
    describe: 'Microsoft Graph and Entra ID, HTTPS (default 7012)',
  },
  {
    flag: '--jira-port',
    env: 'EMULATOR_JIRA_PORT',
    key: 'jiraPort',
    value: '<port>',
    describe: 'Jira (default 7013)',
  },
  {
    flag: '--host',
    env: 'EMULATOR_HOST',
    key: 'host',
    value: '<address>',
    describe: 'interface to listen on (default 127.0.0.1)',
  },
  {
    flag: '--cert-dir',
    env: 'EMULATOR_CERT_DIR',
    key: 'certDir',
    value: '<dir>',
    describe: "Graph's CA and certificate (default packages/emulators/.certs)",
  },
];

export const USAGE = [
  'Usage: npm run emulators -- [options]',
  '',
  'Starts the Okta, Microsoft Graph and Jira emulators with the demo company.',
  '',
  'Options (each also read from an environment variable; a flag wins):',
  ...SETTINGS.map(
    s =>
      `  ${`${s.flag} ${s.value}`.padEnd(24)}${s.env.padEnd(22)}${s.describe}`,
  ),
  `  ${'--help'.padEnd(46)}this text`,
  '',
  'Port 0 picks a free port; the URLs are printed once the emulators listen.',
].join('\n');

function parsePort(value: string, from: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) {
    throw new CliError(
      `${from} must be a port number from 0 to 65535, got '${value}'`,
    );
  }
  return port;
}

/** Reads the command line and the environment; flags may be `--flag value` or `--flag=value`. */
export function parseCommandLine(
  argv: string[],
  env: Record<string, string | undefined> = {},
): CliCommand {
  const values: Partial<Record<keyof CliOptions, string>> = {};
  const sources: Partial<Record<keyof CliOptions, string>> = {};
  for (const setting of SETTINGS) {
    const value = env[setting.env];
    if (value !== undefined && value !== '') {
      values[setting.key] = value;
      sources[setting.key] = setting.env;
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    const setting = SETTINGS.find(s => s.flag === flag);
    if (!setting) throw new CliError(`Unknown option '${arg}'`);
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      throw new CliError(`${flag} needs a value`);
    values[setting.key] = value;
    sources[setting.key] = flag;
  }
  const port = (
    key: 'oktaPort' | 'graphPort' | 'jiraPort',
    fallback: number,
  ) =>
    values[key] === undefined
      ? fallback
      : parsePort(values[key]!, sources[key]!);
  return {
    help: false,
    options: {
      oktaPort: port('oktaPort', defaultPorts.okta),
      graphPort: port('graphPort', defaultPorts.graph),
      jiraPort: port('jiraPort', defaultPorts.jira),
      host: values.host ?? '127.0.0.1',
      certDir: values.certDir,
    },
  };
}
