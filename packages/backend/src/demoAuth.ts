import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  DEFAULT_NAMESPACE,
  stringifyEntityRef,
  UserEntity,
} from '@backstage/catalog-model';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import Router from 'express-promise-router';

/** The header that names the catalog User to sign in as. */
export const DEMO_USER_HEADER = 'x-demo-user';

const USER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$/;

type DemoResult = { userName: string };

function assertAllowed(allowOutsideDevelopment: boolean) {
  if (process.env.NODE_ENV === 'production' && !allowOutsideDevelopment) {
    throw new NotAllowedError(
      'The demo sign-in provider is refused in production; set auth.providers.demo.dangerouslyAllowOutsideDevelopment to allow it',
    );
  }
}

const demoAuthenticator = createProxyAuthenticator<
  { allowOutsideDevelopment: boolean },
  DemoResult,
  undefined
>({
  initialize({ config }) {
    return {
      allowOutsideDevelopment:
        config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') ??
        false,
    };
  },
  async authenticate({ req }, { allowOutsideDevelopment }) {
    assertAllowed(allowOutsideDevelopment);
    const userName = req.header(DEMO_USER_HEADER);
    if (!userName) {
      throw new AuthenticationError(`Missing ${DEMO_USER_HEADER} header`);
    }
    if (!USER_NAME.test(userName)) {
      throw new AuthenticationError(`No demo user named ${userName}`);
    }
    return { result: { userName } };
  },
  async defaultProfileTransform(result, ctx) {
    try {
      const { entity } = await ctx.findCatalogUser({
        entityRef: { kind: 'User', namespace: DEFAULT_NAMESPACE, name: result.userName },
      });
      const profile = (entity as UserEntity).spec?.profile;
      return {
        profile: {
          displayName: profile?.displayName ?? entity.metadata.name,
          email: profile?.email,
          picture: profile?.picture,
        },
      };
    } catch (error) {
      if (error instanceof NotFoundError || error?.name === 'NotFoundError') {
        throw new AuthenticationError(`No demo user named ${result.userName}`);
      }
      throw error;
    }
  },
});

/**
 * The `demo` sign-in provider: signs in as the catalog User named in the `x-demo-user`
 * header, with its ownership read from the catalog. Enabled only when
 * `auth.providers.demo` is configured; refused in production unless
 * `dangerouslyAllowOutsideDevelopment: true`.
 *
 * It also serves `GET /api/auth/demo/users`, the list of users the demo sign-in page shows.
 */
export const authModuleDemoProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        logger: coreServices.logger,
      },
      async init({ providers, config, httpRouter, catalog, auth, logger }) {
        const demoConfig = config.getOptionalConfig('auth.providers.demo');
        if (!demoConfig) {
          return;
        }
        const allowOutsideDevelopment =
          demoConfig.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') ??
          false;

        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: demoAuthenticator,
            async signInResolver({ result }, ctx) {
              return ctx.signInWithCatalogUser({
                entityRef: {
                  kind: 'User',
                  namespace: DEFAULT_NAMESPACE,
                  name: result.userName,
                },
              });
            },
          }),
        });

        const router = Router();
        router.get('/demo/users', async (_req, res) => {
          assertAllowed(allowOutsideDevelopment);
          const { items } = await catalog.getEntities(
            {
              filter: { kind: 'User' },
              fields: ['metadata.name', 'metadata.description', 'spec.profile'],
            },
            { credentials: await auth.getOwnServiceCredentials() },
          );
          const users = items
            .map(entity => ({
              name: entity.metadata.name,
              userEntityRef: stringifyEntityRef({ ...entity, kind: 'User' }),
              displayName:
                (entity as UserEntity).spec?.profile?.displayName ??
                entity.metadata.name,
              description: entity.metadata.description,
            }))
            .sort((a, b) => a.displayName.localeCompare(b.displayName));
          res.json({ items: users });
        });
        router.use('/demo/users', () => {
          throw new InputError('Only GET is supported');
        });
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/demo/users', allow: 'unauthenticated' });
        logger.warn(
          'The demo sign-in provider is enabled: anyone can sign in as any catalog user. Do not use it in production.',
        );
      },
    });
  },
});
