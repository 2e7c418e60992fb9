import {
  BackendFeature,
  coreServices,
  createServiceFactory,
  SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  notificationService,
  NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import {
  DefaultEventsService,
  EventParams,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { JsonObject } from '@backstage/types';
import { Emulators } from '@accessgov/emulators';
import { Knex } from 'knex';
import { Server } from 'node:http';
import request from 'supertest';
import { accessGovernancePlugin } from '../plugin';
import { entities as defaultEntities, ownershipOf, userRef } from './fixtures';

/** Polls until `fn` gives a truthy value. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
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
    await new Promise(r => setTimeout(r, 100));
  }
}

/** The plugin's configuration pointed at the emulators. */
export function emulatorConfig(emulators: Emulators): JsonObject {
  return {
    app: { baseUrl: 'http://localhost:3000' },
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
      jobs: { maxAttempts: 4, initialBackoff: 'PT0.05S', maxBackoff: 'PT0.2S' },
    },
  };
}

/**
 * The plugin in a test backend, with the real SDKs talking to the emulators, a catalog of
 * the test company, users whose ownership follows their groups, notifications and
 * scheduled tasks captured, and a permission policy that allows all but what is denied.
 */
export async function startAccessBackend(options: {
  emulators: Emulators;
  knex: Knex;
  entities?: Entity[];
  config?: JsonObject;
  /** Further features, such as backend modules of the plugin. */
  features?: BackendFeature[];
}) {
  const sent: NotificationSendOptions[] = [];
  const tasks = new Map<string, SchedulerServiceTaskFunction>();
  const denied = new Set<string>();
  const events = DefaultEventsService.create({
    logger: mockServices.logger.mock(),
    useEventBus: 'never',
  });
  const published: EventParams[] = [];
  await events.subscribe({
    id: 'test-recorder',
    topics: ['access-governance'],
    onEvent: async event => void published.push(event),
  });
  const base = emulatorConfig(options.emulators);
  const backend = await startTestBackend({
    features: [
      accessGovernancePlugin,
      catalogServiceMock.factory({
        entities: options.entities ?? defaultEntities,
      }),
      mockServices.database.factory({ knex: options.knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: {
          ...base,
          ...options.config,
          accessGovernance: {
            ...(base.accessGovernance as JsonObject),
            ...((options.config?.accessGovernance as JsonObject) ?? {}),
          },
        },
      }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials: any) {
            const ref = credentials.principal.userEntityRef;
            return {
              userEntityRef: ref,
              ownershipEntityRefs: ownershipOf(ref),
            };
          },
        }),
      }),
      createServiceFactory({
        service: eventsServiceRef,
        deps: {},
        factory: () => events,
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          async send(notification: NotificationSendOptions) {
            sent.push(notification);
          },
        }),
      }),
      mockServices.permissions.mock({
        async authorize(requests: any[]) {
          return requests.map(r => ({
            result: denied.has(r.permission.name)
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
          }));
        },
      }).factory,
      mockServices.scheduler.mock({
        async scheduleTask(task: any) {
          tasks.set(task.id, task.fn);
        },
      }).factory,
      ...(options.features ?? []),
    ],
  });
  const server: Server = backend.server;
  const as = (name: string) => mockCredentials.user.header(userRef(name));
  const api = (path: string) => `/api/access-governance${path}`;
  return {
    server,
    sent,
    published,
    tasks,
    denied,
    stop: () => backend.stop(),
    as,
    api,
    get: (path: string, user: string) =>
      request(server).get(api(path)).set('Authorization', as(user)),
    post: (path: string, user: string, body: object = {}) =>
      request(server).post(api(path)).set('Authorization', as(user)).send(body),
    runTask: (id: string) => tasks.get(id)!({} as any),
  };
}

/** Reads the emulators as a person checking the IdP and Jira would. */
export function inspect(emulators: Emulators) {
  const oktaMembers = (groupName: string) => {
    const group = Object.values(emulators.okta.state.groups).find(
      g => g.profile.name === groupName,
    )!;
    return group.members.map(
      id => emulators.okta.state.users[id].profile.login,
    );
  };
  const jiraIssue = (key: string) =>
    Object.values(emulators.jira.state.issues).find(i => i.key === key)!;
  return {
    oktaMembers,
    jiraIssue,
    jiraText: (key: string) => JSON.stringify(jiraIssue(key)),
    issueCount: () => Object.keys(emulators.jira.state.issues).length,
  };
}
