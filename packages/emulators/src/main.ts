/* eslint-disable no-console */
import { dirname, resolve } from 'node:path';
import { CliError, parseCommandLine, USAGE } from './cli';
import { startEmulators } from './index';

/** `npm run emulators`: the three emulators with the demo company (`--help` for the options). */
async function main() {
  const command = parseCommandLine(process.argv.slice(2), process.env);
  if (command.help) {
    console.log(USAGE);
    return;
  }
  const { options } = command;
  const emulators = await startEmulators({
    okta: { port: options.oktaPort },
    graph: { port: options.graphPort },
    jira: { port: options.jiraPort },
    host: options.host,
    seed: 'demo',
    certDir: resolve(
      options.certDir ??
        resolve(
          dirname(require.resolve('@accessgov/emulators/package.json')),
          '.certs',
        ),
    ),
  });
  console.log(`Okta        ${emulators.okta.url}  (SSWS demo-okta-token)`);
  console.log(
    `Graph       ${emulators.graph.baseUrl}  (authority ${emulators.graph.authorityHost}, tenant acme-demo-tenant)`,
  );
  console.log(
    `Jira        ${emulators.jira.url}  (access-bot@example.com / demo-jira-token)`,
  );
  console.log(`CA file     ${emulators.caFile}`);
  console.log(
    'Control     GET /__emulator/state, POST /__emulator/reset, /__emulator/seed, /__emulator/faults on each',
  );
  const stop = () => {
    emulators.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(e => {
  if (e instanceof CliError) {
    console.error(`${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(e);
  process.exit(1);
});
