import {
  AccessRequest,
  formatDurationShort,
  grantEndLabel,
  isGrantEnding,
} from '@accessgov/plugin-access-governance-common';
import {
  CommandContext,
  refsOfRequests,
  roleTitles,
  UsageError,
} from '../context';
import { table } from '../output/table';
import { relativeTime, when } from '../output/time';
import { requestState } from './states';

const SHOWN_REQUESTS = 15;
const OPEN = ['pending', 'approved'];

/** `access status`: what I hold and what I asked for. */
export async function statusCommand(ctx: CommandContext, args: string[]) {
  if (args.length) throw new UsageError('status takes no arguments');
  const [grants, requests] = await Promise.all([
    ctx.client.listGrants({ user: 'me', status: 'active' }),
    ctx.client.listRequests({ requester: 'me' }),
  ]);
  if (ctx.json) {
    ctx.printJson({ access: grants, requests });
    return;
  }
  const { c, names, now } = ctx;
  const refs = [
    ...grants.map(g => g.entityRef),
    ...requests.map(r => r.entityRef),
  ];
  const [titleOf] = await Promise.all([
    roleTitles(ctx, refs),
    names.load([...refs, ...refsOfRequests(requests)]),
  ]);

  ctx.print(c.bold('Your access'));
  if (!grants.length) {
    ctx.print(
      c.dim(
        'You hold no access through access governance. See what an app offers with: access roles <app>',
      ),
    );
  } else {
    ctx.print(
      table(
        grants,
        [
          { title: 'App', value: g => names.of(g.entityRef) },
          { title: 'Role', value: g => titleOf(g.entityRef, g.roleId) },
          {
            title: 'Until',
            // An ending grant lasts until the IdP accepted its removal.
            value: g => {
              if (isGrantEnding(g)) return c.yellow(grantEndLabel(g));
              return g.expiresAt
                ? when(g.expiresAt, now, ctx.timeZone)
                : 'no end date';
            },
          },
          { title: 'Jira', value: g => g.jiraKey ?? '' },
          { title: 'Grant', value: g => c.dim(g.id) },
        ],
        c,
      ),
    );
    ctx.print(c.dim('Give access back with: access give-back <grant>'));
  }

  ctx.print('');
  ctx.print(c.bold('Your requests'));
  if (!requests.length) {
    ctx.print(
      c.dim(
        'You have asked for nothing yet. Ask with: access request <app> <role> --for 6h --why "…"',
      ),
    );
    return;
  }
  // Open requests first, then the latest of the others.
  const ordered = [
    ...requests.filter(r => OPEN.includes(r.status)),
    ...requests.filter(r => !OPEN.includes(r.status)),
  ];
  const shown = ordered.slice(0, SHOWN_REQUESTS);
  ctx.print(
    table<AccessRequest>(
      shown,
      [
        { title: 'App', value: r => names.of(r.entityRef) },
        { title: 'Role', value: r => titleOf(r.entityRef, r.roleId) },
        {
          title: 'For',
          value: r =>
            r.duration ? formatDurationShort(r.duration) : 'permanent',
        },
        { title: 'State', value: r => requestState(r, c) },
        { title: 'Asked', value: r => relativeTime(r.createdAt, now) },
        { title: 'Jira', value: r => r.jiraKey ?? '' },
        { title: 'Request', value: r => c.dim(r.id) },
      ],
      c,
    ),
  );
  if (ordered.length > shown.length) {
    ctx.print(
      c.dim(
        `… and ${ordered.length - shown.length} more (all of them with --json)`,
      ),
    );
  }
}
