import {
  coreServices,
  createServiceFactory,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import { JsonObject } from '@backstage/types';
import { defaultPorts, startEmulators } from '@accessgov/emulators';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Points the identity providers and Jira of the configuration at freshly started
 * emulators. Only providers of a known type are redirected; the rest of the
 * configuration is left as it is.
 */
export function emulatorOverrides(
  config: Config,
  emulators: {
    okta: { url: string };
    graph: { baseUrl: string; authorityHost: string };
    jira: { url: string };
    caFile: string;
  },
): JsonObject {
  const providers: JsonObject = {};
  const providersConfig = config.getOptionalConfig(
    'accessGovernance.providers',
  );
  for (const id of providersConfig?.keys() ?? []) {
    const type = providersConfig!.getOptionalString(`${id}.type`) ?? id;
    if (type === 'okta') {
      providers[id] = { orgUrl: emulators.okta.url, token: 'demo-okta-token' };
    } else if (type === 'entra') {
      providers[id] = {
        tenantId: 'acme-demo-tenant',
        clientId: 'access-governance-demo',
        clientSecret: 'demo-entra-secret',
        authorityHost: emulators.graph.authorityHost,
        graphBaseUrl: emulators.graph.baseUrl,
        caFile: emulators.caFile,
      };
    }
  }
  return {
    accessGovernance: {
      providers,
      jira: {
        host: emulators.jira.url,
        email: 'access-bot@example.com',
        apiToken: 'demo-jira-token',
        projectKey:
          config.getOptionalString('accessGovernance.jira.projectKey') ??
          'ACCESS',
      },
    },
  };
}

/**
 * The demo keeps its database across restarts, so the emulated Okta, Graph and Jira keep
 * theirs too: the state is saved as the backend runs and loaded when it starts again.
 */
function keepStateAcrossRestarts(
  emulators: Awaited<ReturnType<typeof startEmulators>>,
  file: string,
) {
  if (fs.existsSync(file)) {
    try {
      const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
      emulators.okta.state = saved.okta;
      emulators.graph.state = saved.graph;
      emulators.jira.state = saved.jira;
    } catch (error) {
      console.warn(`Ignoring unreadable emulator state in ${file}: ${error}`);
    }
  }
  const save = () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      JSON.stringify({
        okta: emulators.okta.state,
        graph: emulators.graph.state,
        jira: emulators.jira.state,
      }),
    );
  };
  // Saved now and then, and when the process exits (the backend exits after its shutdown).
  setInterval(save, 5_000).unref();
  process.once('exit', save);
}

/**
 * The demo's root configuration: the usual app-config files and `--config` arguments, and,
 * when `accessGovernance.emulators.enabled` is true, the bundled Okta, Microsoft Graph
 * and Jira emulators started in-process with the demo company, with the providers and
 * Jira pointed at them.
 */
export const rootConfigWithEmulators = createServiceFactory({
  service: coreServices.rootConfig,
  deps: {},
  async factory() {
    const source = ConfigSources.default({ argv: process.argv });
    const config = await ConfigSources.toConfig(source);
    if (!config.getOptionalBoolean('accessGovernance.emulators.enabled')) {
      return config;
    }
    const ports = config.getOptionalConfig('accessGovernance.emulators.ports');
    // The emulators keep their state beside the demo's SQLite files (none when in memory).
    const connection = config.getOptional('backend.database.connection');
    const databaseDir =
      connection && typeof connection === 'object' && 'directory' in connection
        ? String(connection.directory)
        : undefined;
    const dataDir = databaseDir
      ? path.resolve(databaseDir)
      : resolvePackagePath('backend', '.data');
    const emulators = await startEmulators({
      okta: { port: ports?.getOptionalNumber('okta') ?? defaultPorts.okta },
      graph: { port: ports?.getOptionalNumber('graph') ?? defaultPorts.graph },
      jira: { port: ports?.getOptionalNumber('jira') ?? defaultPorts.jira },
      seed: 'demo',
      certDir: path.join(dataDir, 'emulator-certs'),
    });
    if (databaseDir) {
      keepStateAcrossRestarts(
        emulators,
        path.join(dataDir, 'emulator-state.json'),
      );
    }
    console.log(
      `Emulators started: Okta ${emulators.okta.url}, Microsoft Graph ${emulators.graph.baseUrl}, Jira ${emulators.jira.url} (state under /__emulator/state)`,
    );
    return ConfigReader.fromConfigs([
      { context: 'app-config', data: config.get() as JsonObject },
      { context: 'emulators', data: emulatorOverrides(config, emulators) },
    ]);
  },
});
