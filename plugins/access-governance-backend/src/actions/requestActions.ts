import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import {
  ACCESS_REQUEST_STATUSES,
  AccessRequest,
  accessActionsReadPermission,
  accessActionsRequestPermission,
  requestStateLabel,
} from '@accessgov/plugin-access-governance-common';
import { Actor } from '../policy/AccessPolicy';
import { ActionContext } from './context';
import { appInput, requestSchema } from './schemas';
import { requestStory } from './story';

/** What the actions give for a request: names, the state in words, the link. */
async function requestOutput(
  context: ActionContext,
  request: AccessRequest,
  actor: Actor,
  nameOf = context.namer(),
) {
  const names = await context.appNames(request.entityRef, actor);
  return {
    id: request.id,
    app: names.app,
    role: names.role(request.roleId),
    requester: await nameOf(request.requester),
    status: request.status,
    state: requestStateLabel(request),
    justification: request.justification,
    duration: request.duration,
    createdAt: request.createdAt,
    jiraKey: request.jiraKey,
    url: context.requestUrl(request.id),
  };
}

/** How the record names where a request came from. */
export function requestedThrough(client: string | undefined): string {
  const name = client?.trim();
  return `the access-governance:request-access action, from ${
    name ? `MCP client ${name}` : 'a client that gave no name'
  }`;
}

/** request-access, list-my-requests, list-pending-approvals, explain-request. */
export function registerRequestActions(
  registry: ActionsRegistryService,
  context: ActionContext,
): void {
  const { requests } = context.services;

  /** A page of the requests the caller sees, as the list actions give them. */
  const listed = async (
    credentials: Parameters<ActionContext['actorOf']>[0],
    limit: number | undefined,
    query: Parameters<typeof requests.listRequests>[0],
  ) => {
    const actor = await context.actorOf(credentials);
    const page = await requests.listRequests(query, actor, {
      limit: limit ?? 25,
    });
    const nameOf = context.namer();
    return {
      output: {
        requests: await Promise.all(
          page.items.map(r => requestOutput(context, r, actor, nameOf)),
        ),
      },
    };
  };

  registry.register({
    name: 'request-access',
    title: 'Request access',
    description:
      'Asks for a role of an app for the signed-in person, with a justification. The request goes to the same approvers as one made in Backstage; it may be granted at once where the role needs no approval. Nobody approves their own request, and no action can approve.',
    visibilityPermission: accessActionsRequestPermission,
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          app: appInput(z),
          role: z
            .string()
            .min(1)
            .describe('The id of the role, as list-roles gives it'),
          justification: z
            .string()
            .describe(
              'Why the access is needed, in the words of the person asking (required)',
            ),
          duration: z
            .string()
            .optional()
            .describe(
              'ISO 8601 duration, e.g. PT6H or P1D; the role’s default when left out',
            ),
          client: z
            .string()
            .max(100)
            .optional()
            .describe(
              'The name of the AI client or tool asking, recorded with the request',
            ),
        }),
      output: z => z.object({ request: requestSchema(z) }),
    },
    action: async ({ input, credentials }) => {
      const actor = await context.actorOf(credentials);
      if (!input.justification.trim()) {
        throw new InputError('justification: say why the access is needed');
      }
      const request = await context.audited(
        'access-request-create',
        { entityRef: input.app, roleId: input.role },
        () =>
          requests.createRequest(
            {
              entityRef: input.app,
              roleId: input.role,
              duration: input.duration,
              justification: input.justification,
              via: requestedThrough(input.client),
            },
            actor,
          ),
      );
      return {
        output: { request: await requestOutput(context, request, actor) },
      };
    },
  });

  registry.register({
    name: 'list-my-requests',
    title: 'List my access requests',
    description:
      'The signed-in person’s own access requests, newest first, with where each stands.',
    visibilityPermission: accessActionsReadPermission,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          status: z
            .array(z.enum(ACCESS_REQUEST_STATUSES as [string, ...string[]]))
            .optional()
            .describe('Only requests in these statuses'),
          app: appInput(z).optional(),
          limit: z.number().int().min(1).max(100).optional(),
        }),
      output: z => z.object({ requests: z.array(requestSchema(z)) }),
    },
    action: async ({ input, credentials }) => {
      return listed(credentials, input.limit, {
        requester: 'me',
        entityRef: input.app,
        status: input.status as AccessRequest['status'][] | undefined,
      });
    },
  });

  registry.register({
    name: 'list-pending-approvals',
    title: 'List requests waiting for my approval',
    description:
      'Pending requests whose current stage the signed-in person decides. Read only: approving or rejecting happens in Backstage, by the person, never through an action.',
    visibilityPermission: accessActionsReadPermission,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({ limit: z.number().int().min(1).max(100).optional() }),
      output: z => z.object({ requests: z.array(requestSchema(z)) }),
    },
    action: async ({ input, credentials }) => {
      return listed(credentials, input.limit, {
        approver: 'me',
        status: ['pending'],
      });
    },
  });

  registry.register({
    name: 'explain-request',
    title: 'Explain an access request',
    description:
      'The whole story of a request as plain text: what was asked and why, where it stands, who decided what and when, what changed in the identity provider, and how the access ended.',
    visibilityPermission: accessActionsReadPermission,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z => z.object({ requestId: z.string().min(1) }),
      output: z =>
        z.object({
          story: z.string().describe('The story, one event a line'),
          request: requestSchema(z),
        }),
    },
    action: async ({ input, credentials }) => {
      const actor = await context.actorOf(credentials);
      const request = await requests.getRequest(input.requestId, actor);
      const history = await requests.getHistory(request.id, actor);
      const nameOf = context.namer();
      const output = await requestOutput(context, request, actor, nameOf);
      const story = await requestStory({
        request,
        history,
        appTitle: output.app.title,
        roleTitle: output.role.title,
        url: output.url,
        nameOf,
      });
      return { output: { story, request: output } };
    },
  });
}
