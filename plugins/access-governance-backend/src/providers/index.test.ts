import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  IdentityProvider,
  IdentityProviderFactory,
} from '@accessgov/plugin-access-governance-node';
import { createIdentityProviders, EntraProvider, OktaProvider } from './index';

const logger = mockServices.logger.mock();
const create = (
  accessGovernance: JsonObject,
  extraTypes?: Map<string, IdentityProviderFactory>,
) =>
  createIdentityProviders({
    config: new ConfigReader({ accessGovernance }),
    logger,
    extraTypes,
  });

describe('createIdentityProviders', () => {
  it('creates providers by key or type without contacting them', async () => {
    const { providers, defaultProvider } = await create({
      providers: {
        okta: { orgUrl: 'http://127.0.0.1:1', token: 't' },
        corp: {
          type: 'entra',
          tenantId: 't',
          clientId: 'c',
          clientSecret: 's',
        },
      },
      defaultProvider: 'corp',
    });
    expect(providers.get('okta')).toBeInstanceOf(OktaProvider);
    expect(providers.get('corp')).toBeInstanceOf(EntraProvider);
    expect(providers.get('corp')?.id).toBe('corp');
    expect(defaultProvider).toBe('corp');
  });

  it('defaults to the only provider, and to none when there are none', async () => {
    expect(
      (
        await create({
          providers: { okta: { orgUrl: 'https://x.okta.com', token: 't' } },
        })
      ).defaultProvider,
    ).toBe('okta');
    const none = await create({});
    expect(none.providers.size).toBe(0);
    expect(none.defaultProvider).toBeUndefined();
  });

  it('names the key of a configuration problem', async () => {
    await expect(
      create({ providers: { okta: { token: 't' } } }),
    ).rejects.toThrow('accessGovernance.providers.okta.orgUrl is required');
    await expect(create({ providers: { ldap: { url: 'x' } } })).rejects.toThrow(
      "accessGovernance.providers.ldap.type 'ldap' is not a known provider type",
    );
    await expect(
      create({
        providers: { okta: { orgUrl: 'https://x.okta.com', token: 't' } },
        defaultProvider: 'entra',
      }),
    ).rejects.toThrow(
      "accessGovernance.defaultProvider 'entra' is not a key of accessGovernance.providers",
    );
  });

  it('uses provider types registered by modules', async () => {
    const custom = { id: 'hr', type: 'custom' } as IdentityProvider;
    const { providers } = await create(
      { providers: { hr: { type: 'custom', anything: 1 } } },
      new Map([['custom', () => custom]]),
    );
    expect(providers.get('hr')).toBe(custom);
  });
});
