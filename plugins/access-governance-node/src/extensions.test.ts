import {
  createBackendModule,
  createBackendPlugin,
  coreServices,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  AccessGovernanceProvidersExtensionPoint,
  accessGovernanceProvidersExtensionPoint,
} from './extensions';
import { IdentityProviderFactory } from './providers';

describe('accessGovernanceProvidersExtensionPoint', () => {
  it('hands a module-registered provider type to the plugin that owns the point', async () => {
    const registered = new Map<string, IdentityProviderFactory>();
    const host = createBackendPlugin({
      pluginId: 'access-governance',
      register(env) {
        const point: AccessGovernanceProvidersExtensionPoint = {
          addProviderType(type, factory) {
            if (registered.has(type)) {
              throw new Error(`Provider type ${type} is already registered`);
            }
            registered.set(type, factory);
          },
        };
        env.registerExtensionPoint(accessGovernanceProvidersExtensionPoint, point);
        env.registerInit({ deps: { logger: coreServices.logger }, async init() {} });
      },
    });
    const module = createBackendModule({
      pluginId: 'access-governance',
      moduleId: 'example-idp',
      register(env) {
        env.registerInit({
          deps: { providers: accessGovernanceProvidersExtensionPoint },
          async init({ providers }) {
            providers.addProviderType('example', ({ id }) => ({
              id,
              type: 'example',
              resolveUser: async () => undefined,
              resolveGroup: async () => undefined,
              addMember: async () => {},
              removeMember: async () => {},
              async *listMembers() {},
              getUserContext: async userId => ({ id: userId }),
            }));
          },
        });
      },
    });

    await startTestBackend({
      features: [host, module, mockServices.rootConfig.factory({ data: {} })],
    });

    const factory = registered.get('example');
    expect(factory).toBeDefined();
    const provider = await factory!({
      id: 'corp',
      config: mockServices.rootConfig({ data: {} }),
      logger: mockServices.logger.mock(),
    });
    expect(provider).toMatchObject({ id: 'corp', type: 'example' });
  });
});
