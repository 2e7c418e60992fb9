import { formatDurationShort } from '@accessgov/plugin-access-governance-common';
import {
  CommandContext,
  refsOfRequests,
  roleTitles,
  UsageError,
} from '../context';
import { table } from '../output/table';
import { relativeTime } from '../output/time';

/** `access inbox`: the requests waiting for my decision. */
export async function inboxCommand(ctx: CommandContext, args: string[]) {
  if (args.length) throw new UsageError('inbox takes no arguments');
  const requests = await ctx.client.listRequests({
    approver: 'me',
    status: 'pending',
  });
  if (ctx.json) {
    ctx.printJson(requests);
    return;
  }
  const { c, names, now } = ctx;
  if (!requests.length) {
    ctx.print('Nothing waits for your decision.');
    return;
  }
  const [titleOf] = await Promise.all([
    roleTitles(
      ctx,
      requests.map(r => r.entityRef),
    ),
    names.load(refsOfRequests(requests)),
  ]);
  ctx.print(c.bold(`Waiting for your decision (${requests.length})`));
  ctx.print(
    table(
      requests,
      [
        { title: 'Requester', value: r => c.bold(names.of(r.requester)) },
        { title: 'App', value: r => names.of(r.entityRef) },
        { title: 'Role', value: r => titleOf(r.entityRef, r.roleId) },
        {
          title: 'For',
          value: r =>
            r.duration ? formatDurationShort(r.duration) : 'permanent',
        },
        {
          title: 'Stage',
          value: r =>
            r.stages.length > 1 && r.currentStage !== null
              ? `${r.currentStage + 1} of ${r.stages.length}`
              : '',
        },
        { title: 'Asked', value: r => relativeTime(r.createdAt, now) },
        { title: 'Why', value: r => r.justification, maxWidth: 40 },
        { title: 'Request', value: r => c.dim(r.id) },
      ],
      c,
    ),
  );
  ctx.print(c.dim('Approve with: access approve <request> [--comment "…"]'));
}
