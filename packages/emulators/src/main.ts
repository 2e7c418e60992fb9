/* eslint-disable no-console */
import { dirname, resolve } from 'node:path';
import { startEmulators } from './index';

/** `npm run emulators`: the three emulators on fixed ports with the demo company. */
async function main() {
  const emulators = await startEmulators({
    okta: { port: 7011 },
    graph: { port: 7012 },
    jira: { port: 7013 },
    seed: 'demo',
    certDir: resolve(
      dirname(require.resolve('@accessgov/emulators/package.json')),
      '.certs',
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
  console.error(e);
  process.exit(1);
});
