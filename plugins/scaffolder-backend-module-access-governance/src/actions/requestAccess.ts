import {
  AccessApp,
  AccessRequest,
  requestStateLabel,
} from '@accessgov/plugin-access-governance-common';
import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  ResponseError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { AccessApiClient } from './accessApi';

/** @public */
export interface RequestAccessActionOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  /** Where the app's name for the task log comes from; its ref is shown without it. */
  catalog?: CatalogService;
  /**
   * How long the action waits for the request's Jira issue to be opened before it finishes
   * without its key (milliseconds). Default 15 s.
   */
  recordWaitMs?: number;
}

const POLL_MS = 250;

function appRefOf(text: string): CompoundEntityRef {
  try {
    return parseEntityRef(text.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `app: "${text}" is not an entity ref; pick the app, or write it as component:default/salesforce`,
    );
  }
}

function roleOf(app: AccessApp, wanted: string) {
  const text = wanted.trim().toLocaleLowerCase('en-US');
  const role =
    app.roles.find(r => r.id === wanted.trim()) ??
    app.roles.find(r => (r.title ?? '').toLocaleLowerCase('en-US') === text);
  if (!role) {
    const known = app.roles
      .map(r => (r.title && r.title !== r.id ? `${r.title} (${r.id})` : r.id))
      .join(', ');
    throw new InputError(
      `role: ${app.entityRef} has no role "${wanted}"; its roles are ${known || 'none'}`,
    );
  }
  return role;
}

/** Turns the backend's refusals into the task's error, with the backend's message. */
async function explained<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!ResponseError.is(error)) throw error;
    const message = error.body?.error?.message ?? error.message;
    switch (error.statusCode) {
      case 400:
      case 404:
        throw new InputError(message);
      case 403:
        throw new NotAllowedError(message);
      case 409:
        throw new ConflictError(message);
      default:
        throw new Error(
          `Access governance answered ${error.statusCode}: ${message}`,
        );
    }
  }
}

function sleep(ms: number, signal?: AbortSignal) {
  return new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * `access-governance:request`: asks for a role of an app as the person running the template,
 * through the access-governance REST API, so the same permissions, approvals and rules apply
 * as on the app's Access tab.
 *
 * @public
 */
export function createRequestAccessAction(options: RequestAccessActionOptions) {
  const { discovery, auth } = options;
  const recordWaitMs = options.recordWaitMs ?? 15_000;

  return createTemplateAction({
    id: 'access-governance:request',
    description:
      'Requests a role of an app for the person running the template, or on behalf of someone else with requestedFor. The request goes through the app’s approvals like one made on its Access tab.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Ask for the Viewer role of Salesforce for six hours',
        example: [
          'steps:',
          '  - id: request',
          '    name: Request access',
          '    action: access-governance:request',
          '    input:',
          '      app: component:default/salesforce',
          '      role: viewer',
          '      duration: PT6H',
          '      justification: Pipeline report for the quarterly review',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        app: z =>
          z
            .string()
            .min(1)
            .describe(
              'The app, as an entity ref (component:default/salesforce) or a component name',
            ),
        role: z =>
          z.string().min(1).describe('The role, by its id or its title'),
        duration: z =>
          z
            .string()
            .optional()
            .describe(
              'How long the access lasts once granted, ISO-8601 (PT6H, P7D); the role’s default when left out',
            ),
        justification: z =>
          z
            .string()
            .trim()
            .min(1, 'say why you need this access')
            .describe(
              'Why the access is needed; approvers and the Jira issue show it',
            ),
        requestedFor: z =>
          z
            .string()
            .optional()
            .describe(
              'Ask on behalf of this person (a user entity ref); the person running the template when left out',
            ),
      },
      output: {
        requestId: z => z.string().describe('The id of the request'),
        status: z =>
          z
            .string()
            .describe(
              'pending, approved, granted, rejected, cancelled or failed',
            ),
        statusText: z =>
          z.string().describe('The state of the request in words'),
        jiraKey: z =>
          z
            .string()
            .optional()
            .describe('The Jira issue recording the request, once opened'),
        requestPath: z =>
          z.string().describe('The path of the request’s page in Backstage'),
      },
    },
    async handler(ctx) {
      const { input } = ctx;
      const appRef = appRefOf(input.app);
      const credentials = await ctx.getInitiatorCredentials();
      const client = await AccessApiClient.forCredentials({
        discovery,
        auth,
        credentials,
      });
      const app = await explained(() => client.getApp(appRef));
      const role = roleOf(app, input.role);
      const entity = await options.catalog
        ?.getEntityByRef(appRef, { credentials })
        .catch(() => undefined);
      const appName = entity?.metadata.title ?? appRef.name;
      const duration = input.duration?.trim() || undefined;
      const requestedFor = input.requestedFor?.trim() || undefined;
      const body = {
        entityRef: stringifyEntityRef(appRef),
        roleId: role.id,
        justification: input.justification,
        ...(duration ? { duration } : {}),
        ...(requestedFor ? { requestedFor } : {}),
      };

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would request ${role.title ?? role.id} of ${appName}`,
        );
        ctx.output('requestId', 'dry-run');
        ctx.output('status', 'pending');
        ctx.output('statusText', 'Not requested (dry run)');
        ctx.output('requestPath', '/access');
        return;
      }

      // A retried task finds the request it already made instead of asking twice.
      const requestId = await ctx.checkpoint({
        key: `access-governance.request.${body.entityRef}.${role.id}`,
        fn: async () => {
          const created = await explained(() => client.createRequest(body));
          return created.id;
        },
      });
      ctx.logger.info(
        `Requested ${role.title ?? role.id} of ${appName} (request ${requestId})`,
      );

      let request: AccessRequest = await explained(() =>
        client.getRequest(requestId),
      );
      const deadline = Date.now() + recordWaitMs;
      while (
        !request.jiraKey &&
        Date.now() < deadline &&
        !ctx.signal?.aborted
      ) {
        await sleep(POLL_MS, ctx.signal);
        request = await explained(() => client.getRequest(requestId));
      }
      if (request.jiraKey) {
        ctx.logger.info(`Recorded in Jira as ${request.jiraKey}`);
        ctx.output('jiraKey', request.jiraKey);
      } else {
        ctx.logger.info('The Jira issue is still being opened');
      }
      ctx.output('requestId', request.id);
      ctx.output('status', request.status);
      ctx.output('statusText', requestStateLabel(request));
      ctx.output(
        'requestPath',
        `/access/requests/${encodeURIComponent(request.id)}`,
      );
    },
  });
}
