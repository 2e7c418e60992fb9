import {
  AccessRequest,
  formatDurationShort,
} from '@accessgov/plugin-access-governance-common';
import {
  CommandContext,
  refsOfRequests,
  resolveApp,
  resolveRole,
  UsageError,
  waitingFor,
} from '../context';
import { toIsoDuration } from '../duration';
import { requestState } from './states';

const RECORD_WAIT_MS = 10_000;

/** `access request <app> <role> --for 6h --why "…"` */
export async function requestCommand(
  ctx: CommandContext,
  args: string[],
  flags: { for?: string; why?: string; wait: boolean },
) {
  const [appArg, roleArg] = args;
  if (!appArg || !roleArg || args.length > 2) {
    throw new UsageError(
      'request takes an app and a role: access request salesforce viewer --for 6h --why "…"',
    );
  }
  const justification = flags.why?.trim();
  if (!justification) {
    throw new UsageError('--why is required: say why you need this access');
  }
  let duration: string | null | undefined;
  try {
    duration = flags.for === undefined ? undefined : toIsoDuration(flags.for);
  } catch (error) {
    throw new UsageError(error.message);
  }
  const entityRef = await resolveApp(ctx, appArg);
  const app = await ctx.client.getApp(entityRef);
  await ctx.names.load([entityRef]);
  const role = resolveRole(app, roleArg, ctx.names.of(entityRef));

  let request: AccessRequest = await ctx.client.createRequest({
    entityRef,
    roleId: role.id,
    justification,
    ...(duration !== undefined ? { duration } : {}),
  });
  const deadline = Date.now() + (flags.wait ? RECORD_WAIT_MS : 0);
  while (!request.jiraKey && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 300));
    request = await ctx.client.getRequest(request.id);
  }
  if (ctx.json) {
    ctx.printJson(request);
    return;
  }
  await ctx.names.load(refsOfRequests([request]));
  const { c, names } = ctx;
  const length = request.duration
    ? `for ${formatDurationShort(request.duration)}`
    : 'with no end date';
  ctx.print(
    `Requested ${c.bold(role.title)} of ${c.bold(names.of(entityRef))} ${length}.`,
  );
  const waiting = waitingFor(request, names);
  ctx.print(
    `State:   ${requestState(request, c)}${waiting ? ` — waiting for ${waiting}` : ''}`,
  );
  if (request.status === 'failed' && request.failure) {
    ctx.print(`         ${c.red(request.failure)}`);
  }
  ctx.print(`Request: ${request.id}`);
  ctx.print(
    `Jira:    ${request.jiraKey ? `${request.jiraKey}${request.jiraUrl ? c.dim(` ${request.jiraUrl}`) : ''}` : c.dim('being opened')}`,
  );
  ctx.print(c.dim('See where it stands with: access status'));
}
