import {
  AccessRoleDuration,
  formatDurationShort,
} from '@accessgov/plugin-access-governance-common';
import {
  approvalStageText,
  CommandContext,
  resolveApp,
  UsageError,
} from '../context';
import { toShortDuration } from '../duration';
import { table } from '../output/table';

function durationText(d: AccessRoleDuration): string {
  let choices = 'any length';
  if (d.options.length) choices = d.options.map(formatDurationShort).join(', ');
  else if (d.max) choices = `up to ${formatDurationShort(d.max)}`;
  const extra = [
    d.default ? `default ${formatDurationShort(d.default)}` : '',
    d.permanent ? 'or permanent' : '',
  ].filter(Boolean);
  return extra.length ? `${choices} (${extra.join(', ')})` : choices;
}

/** `access roles <app>`: the roles of an app, who approves them and for how long. */
export async function rolesCommand(ctx: CommandContext, args: string[]) {
  const [appArg] = args;
  if (!appArg || args.length > 1) {
    throw new UsageError('roles takes one app: access roles salesforce');
  }
  const entityRef = await resolveApp(ctx, appArg);
  const app = await ctx.client.getApp(entityRef);
  if (ctx.json) {
    ctx.printJson(app);
    return;
  }
  await ctx.names.load([
    entityRef,
    ...app.approvers,
    ...app.roles.flatMap(r =>
      r.approval.map(s => (s.type === 'entity' ? s.ref : undefined)),
    ),
  ]);
  const { c, names } = ctx;
  const appName = names.of(entityRef);
  if (!app.roles.length) {
    ctx.print(
      `${appName} declares no roles yet; its owners add them under spec.access in catalog-info.yaml.`,
    );
    return;
  }
  ctx.print(`${c.bold(appName)}: the roles you can request\n`);
  ctx.print(
    table(
      app.roles,
      [
        { title: 'Role', value: r => c.bold(r.title) },
        { title: 'Id', value: r => c.dim(r.id) },
        { title: 'Risk', value: r => r.risk },
        {
          title: 'Approval',
          value: r =>
            r.approval.length
              ? r.approval
                  .map(s => approvalStageText(s, app, names))
                  .join(', then ')
              : 'granted at once',
        },
        { title: 'Duration', value: r => durationText(r.duration) },
        {
          title: 'Fulfilled',
          value: r => (r.manual ? 'by hand' : 'in the identity provider'),
        },
      ],
      c,
    ),
  );
  const example = app.roles[0];
  ctx.print(
    c.dim(
      `Ask with: access request ${appArg} ${example.id} --for ${toShortDuration(example.duration.default ?? example.duration.options[0] ?? 'PT1H')} --why "…"`,
    ),
  );
}
