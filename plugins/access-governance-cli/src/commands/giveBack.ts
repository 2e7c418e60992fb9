import { grantEndLabel } from '@accessgov/plugin-access-governance-common';
import {
  CommandContext,
  resolveApp,
  resolveRole,
  roleTitles,
  UsageError,
} from '../context';

/** `access give-back <grant>` or `access give-back <app> <role>`: ends my own access now. */
export async function giveBackCommand(ctx: CommandContext, args: string[]) {
  if (!args.length || args.length > 2) {
    throw new UsageError(
      'give-back takes a grant (from access status), or an app and a role: access give-back salesforce viewer',
    );
  }
  let grantId = args[0];
  if (args.length === 2) {
    const entityRef = await resolveApp(ctx, args[0]);
    const app = await ctx.client.getApp(entityRef);
    await ctx.names.load([entityRef]);
    const role = resolveRole(app, args[1], ctx.names.of(entityRef));
    const held = await ctx.client.listGrants({
      user: 'me',
      status: 'active',
      entityRef,
    });
    const grant = held.find(g => g.roleId === role.id);
    if (!grant) {
      throw new UsageError(
        `You do not hold ${role.title} of ${ctx.names.of(entityRef)}; access status lists what you hold`,
      );
    }
    grantId = grant.id;
  }
  const grant = await ctx.client.giveBack(grantId);
  if (ctx.json) {
    ctx.printJson(grant);
    return;
  }
  const [titleOf] = await Promise.all([
    roleTitles(ctx, [grant.entityRef]),
    ctx.names.load([grant.entityRef]),
  ]);
  const { c } = ctx;
  ctx.print(
    `Gave back ${c.bold(titleOf(grant.entityRef, grant.roleId))} of ${c.bold(ctx.names.of(grant.entityRef))}.`,
  );
  ctx.print(`State: ${grantEndLabel(grant)}`);
}
