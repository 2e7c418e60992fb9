import path from 'node:path';
import { Server } from 'node:http';
import { Emulators } from '@accessgov/emulators';
// The backend plugin runs beside this package's code in tests, as it does in a Backstage backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import accessGovernancePlugin from '@accessgov/plugin-access-governance-backend';
import {
  BackendFeature,
  coreServices,
  createServiceFactory,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { parseEntityRef, RELATION_MEMBER_OF } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';

/** The demo company's catalog, as the demo backend loads it. */
export const demoCatalog = resolvePackagePath(
  '@accessgov/test-backend',
  '../backend/catalog',
);

/** Polls until `fn` gives a truthy value. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out waiting for ${what}${last ? `: ${last}` : ''}`,
      );
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

/**
 * Sign-in as a resolver does it: the user and the groups the catalog says they are a member of.
 */
const userInfoFromCatalog = createServiceFactory({
  service: coreServices.userInfo,
  deps: { catalog: catalogServiceRef, auth: coreServices.auth },
  factory: ({ catalog, auth }) => ({
    async getUserInfo(credentials: any) {
      const userEntityRef: string = credentials.principal.userEntityRef;
      const user = await catalog.getEntityByRef(userEntityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      const groups = (user?.relations ?? [])
        .filter(r => r.type === RELATION_MEMBER_OF)
        .map(r => r.targetRef);
      return { userEntityRef, ownershipEntityRefs: [userEntityRef, ...groups] };
    },
  }),
});

/**
 * The access-governance backend plugin beside the real catalog serving the demo company, with
 * the real SDKs talking to the emulators. Users sign in with `as(name)` tokens.
 */
export async function startAccessBackend(options: {
  emulators: Emulators;
  features?: BackendFeature[];
  /** Further catalog files, with the kinds they hold allowed. */
  catalogFiles?: string[];
}) {
  const { emulators } = options;
  const backend = await startTestBackend({
    features: [
      accessGovernancePlugin,
      catalogPlugin,
      userInfoFromCatalog,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ async send() {} }),
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: {
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'Resource',
                  'System',
                  'Group',
                  'User',
                  'Template',
                ],
              },
            ],
            locations: [
              ...['org.yaml', 'apps.yaml'].map(file =>
                path.join(demoCatalog, file),
              ),
              ...(options.catalogFiles ?? []),
            ].map(target => ({ type: 'file', target })),
            processingInterval: { seconds: 1 },
          },
          accessGovernance: {
            admins: ['user:default/ada'],
            defaultProvider: 'okta',
            providers: {
              okta: {
                type: 'okta',
                orgUrl: emulators.okta.url,
                token: 'demo-okta-token',
              },
              entra: {
                type: 'entra',
                tenantId: 'acme-demo-tenant',
                clientId: 'access-governance-demo',
                clientSecret: 'demo-entra-secret',
                authorityHost: emulators.graph.authorityHost,
                graphBaseUrl: emulators.graph.baseUrl,
                caFile: emulators.caFile,
              },
            },
            jira: {
              host: emulators.jira.url,
              email: 'access-bot@example.com',
              apiToken: 'demo-jira-token',
              projectKey: 'ACCESS',
            },
            jobs: {
              maxAttempts: 4,
              initialBackoff: 'PT0.05S',
              maxBackoff: 'PT0.2S',
            },
          },
        },
      }),
      ...(options.features ?? []),
    ],
  });
  const server: Server = backend.server;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://localhost:${port}`;

  // The catalog processes the demo files in the background: wait for the people and apps.
  await waitFor('the demo catalog', async () => {
    const res = await fetch(`${baseUrl}/api/catalog/entities/by-refs`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: mockCredentials.user.header(),
      },
      body: JSON.stringify({
        entityRefs: ['user:default/omar', 'component:default/salesforce'],
      }),
    });
    const body = await res.json();
    return res.ok && body.items.every(Boolean);
  });

  return {
    server,
    baseUrl,
    stop: () => backend.stop(),
    /** A user token for one of the demo people. */
    tokenOf: (name: string) =>
      mockCredentials.user.token(
        `user:default/${parseEntityRef(name, { defaultKind: 'user' }).name}`,
      ),
  };
}
