import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  AccessGrant,
  accessActionsReadPermission,
  accessActionsRequestPermission,
  ApprovalStage,
  formatDurationShort,
  grantStateLabel,
} from '@accessgov/plugin-access-governance-common';
import { Actor } from '../policy/AccessPolicy';
import { ActionContext } from './context';
import { appInput, grantSchema, namedSchema } from './schemas';

async function grantOutput(
  context: ActionContext,
  grant: AccessGrant,
  actor: Actor,
) {
  const names = await context.appNames(grant.entityRef, actor);
  return {
    id: grant.id,
    app: names.app,
    role: names.role(grant.roleId),
    status: grant.status,
    state: grantStateLabel(grant),
    grantedAt: grant.grantedAt,
    expiresAt: grant.expiresAt,
    requestId: grant.requestId,
  };
}

function approvalWords(stages: ApprovalStage[]): string {
  if (stages.length === 0) return 'granted at once, no approval needed';
  const words = stages.map(stage => {
    switch (stage.type) {
      case 'owner':
        return 'the app’s approvers';
      case 'manager':
        return 'your manager';
      default:
        return stage.ref;
    }
  });
  return `approved by ${words.join(', then ')}`;
}

/** list-roles, list-my-access, give-back-access. */
export function registerAccessActions(
  registry: ActionsRegistryService,
  context: ActionContext,
): void {
  const { appView, grants } = context.services;

  registry.register({
    name: 'list-roles',
    title: 'List the roles of an app',
    description:
      'The roles a person may request on an app: what each gives, its risk, who approves it and for how long it may be held.',
    visibilityPermission: accessActionsReadPermission,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z => z.object({ app: appInput(z) }),
      output: z =>
        z.object({
          app: namedSchema(z),
          roles: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              description: z.string().optional(),
              risk: z.string(),
              approval: z.string().describe('Who approves, in words'),
              durations: z.object({
                options: z
                  .array(z.string())
                  .describe(
                    'ISO 8601 durations to pick from; empty = any up to max',
                  ),
                default: z.string().optional(),
                max: z.string().optional(),
                withoutEndDate: z
                  .boolean()
                  .describe('Whether it may be held without end date'),
              }),
              summary: z.string().describe('The role in one line, in words'),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const actor = await context.actorOf(credentials);
      const app = await appView.getApp(input.app, actor);
      const names = await context.appNames(app.entityRef, actor);
      return {
        output: {
          app: names.app,
          roles: app.roles.map(role => {
            const approval = approvalWords(role.approval);
            const longest = role.duration.max
              ? `at most ${formatDurationShort(role.duration.max)}`
              : 'no limit';
            return {
              id: role.id,
              title: role.title,
              description: role.description,
              risk: role.risk,
              approval,
              durations: {
                options: role.duration.options,
                default: role.duration.default,
                max: role.duration.max,
                withoutEndDate: role.duration.permanent,
              },
              summary: `${role.title} (${role.risk} risk): ${approval}; ${longest}`,
            };
          }),
        },
      };
    },
  });

  registry.register({
    name: 'list-my-access',
    title: 'List my access',
    description:
      'The roles the signed-in person holds now, with when each ends; with includeEnded also the access that has ended.',
    visibilityPermission: accessActionsReadPermission,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          app: appInput(z).optional(),
          includeEnded: z.boolean().optional(),
          limit: z.number().int().min(1).max(100).optional(),
        }),
      output: z => z.object({ grants: z.array(grantSchema(z)) }),
    },
    action: async ({ input, credentials }) => {
      const actor = await context.actorOf(credentials);
      const page = await grants.listGrants(
        {
          user: 'me',
          entityRef: input.app,
          status: input.includeEnded ? undefined : ['active'],
        },
        actor,
        { limit: input.limit ?? 25 },
      );
      return {
        output: {
          grants: await Promise.all(
            page.items.map(g => grantOutput(context, g, actor)),
          ),
        },
      };
    },
  });

  registry.register({
    name: 'give-back-access',
    title: 'Give back my access',
    description:
      'Ends a role the signed-in person holds, before its window ends: the identity-provider membership is removed and the Jira issue records it. Only the holder’s own access; nobody else’s can be revoked through an action.',
    visibilityPermission: accessActionsRequestPermission,
    attributes: { readOnly: false, destructive: true, idempotent: false },
    schema: {
      input: z =>
        z.object({
          grantId: z
            .string()
            .min(1)
            .describe('The id of the grant, as list-my-access gives it'),
        }),
      output: z => z.object({ grant: grantSchema(z) }),
    },
    action: async ({ input, credentials }) => {
      const actor = await context.actorOf(credentials);
      const grant = await context.audited(
        'access-grant-revoke',
        { grantId: input.grantId },
        () => grants.giveBack(input.grantId, actor),
      );
      return { output: { grant: await grantOutput(context, grant, actor) } };
    },
  });
}
