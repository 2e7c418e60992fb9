import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  IdentityProvider,
  IdentityProviderFactory,
} from '@accessgov/plugin-access-governance-node';
import { EntraProvider } from './entra/EntraProvider';
import { OktaProvider } from './okta/OktaProvider';

export { OktaProvider } from './okta/OktaProvider';
export type { OktaProviderOptions } from './okta/config';
export { EntraProvider } from './entra/EntraProvider';
export type { EntraProviderOptions } from './entra/config';

/** The provider types that come with the plugin. */
export const builtInProviderFactories: ReadonlyMap<
  string,
  IdentityProviderFactory
> = new Map<string, IdentityProviderFactory>([
  ['okta', options => OktaProvider.fromConfig(options)],
  ['entra', options => EntraProvider.fromConfig(options)],
]);

/** The configured identity providers, by id. */
export interface IdentityProviders {
  providers: Map<string, IdentityProvider>;
  /** The provider id used by apps that name none; undefined when there is no provider. */
  defaultProvider?: string;
}

/**
 * Creates the providers of `accessGovernance.providers`. A provider's type is its `type` or
 * its key; `extraTypes` (registered by backend modules) add types or replace built-in ones.
 * Only configuration is read: no provider is contacted, so an unreachable IdP never stops
 * the backend from starting.
 */
export async function createIdentityProviders(options: {
  config: Config;
  logger: LoggerService;
  extraTypes?: Map<string, IdentityProviderFactory>;
}): Promise<IdentityProviders> {
  const { config, logger } = options;
  const factories = new Map(builtInProviderFactories);
  for (const [type, factory] of options.extraTypes ?? []) {
    factories.set(type, factory);
  }

  const providers = new Map<string, IdentityProvider>();
  const block = config.getOptionalConfig('accessGovernance.providers');
  for (const id of block?.keys() ?? []) {
    const key = `accessGovernance.providers.${id}`;
    const providerConfig = block!.getOptional(id);
    if (
      typeof providerConfig !== 'object' ||
      providerConfig === null ||
      Array.isArray(providerConfig)
    ) {
      throw new Error(`${key} must be an object`);
    }
    const typeValue = block!.getOptional(`${id}.type`);
    if (typeValue !== undefined && typeof typeValue !== 'string') {
      throw new Error(`${key}.type must be a string`);
    }
    const type = typeValue ?? id;
    const factory = factories.get(type);
    if (!factory) {
      throw new Error(
        `${key}.type '${type}' is not a known provider type (known: ${[
          ...factories.keys(),
        ].join(', ')})`,
      );
    }
    const provider = await factory({
      id,
      config: block!.getConfig(id),
      logger: logger.child({ provider: id }),
    });
    providers.set(id, provider);
  }

  const configuredDefault = config.getOptional(
    'accessGovernance.defaultProvider',
  );
  if (configuredDefault !== undefined) {
    if (typeof configuredDefault !== 'string') {
      throw new Error('accessGovernance.defaultProvider must be a string');
    }
    if (!providers.has(configuredDefault)) {
      throw new Error(
        `accessGovernance.defaultProvider '${configuredDefault}' is not a key of accessGovernance.providers`,
      );
    }
    return { providers, defaultProvider: configuredDefault };
  }
  if (providers.size === 0) {
    logger.warn(
      'No identity provider is configured under accessGovernance.providers: requests for roles mapped to groups are refused until one is',
    );
  }
  const defaultProvider =
    providers.size === 1 ? [...providers.keys()][0] : undefined;
  if (providers.size > 1) {
    logger.info(
      'accessGovernance.defaultProvider is not set; apps must name their provider',
    );
  }
  return { providers, defaultProvider };
}
