import { tokenPrincipal } from '../auth';
import {
  CommandContext,
  refsOfRequests,
  roleTitles,
  UsageError,
  waitingFor,
} from '../context';
import { requestState } from './states';

/** A decision that only a person may take was asked of a service's token. */
export class NotAPersonError extends Error {
  name = 'NotAPersonError';
}

/**
 * `access approve <request> [--comment "…"]`: decides the stage waiting on me. Only a person
 * decides: a service's token is refused here, and the backend refuses it too.
 */
export async function approveCommand(
  ctx: CommandContext,
  args: string[],
  flags: { comment?: string },
) {
  if (args.length !== 1) {
    throw new UsageError(
      'approve takes one request: access approve <request> [--comment "…"]',
    );
  }
  const connection = await ctx.connection();
  const principal = tokenPrincipal(connection.token);
  if (principal.type === 'service') {
    throw new NotAPersonError(
      `approve decides as a person, and the token in ${connection.source} is a service's (${principal.subject}). Sign in as yourself: a Backstage user token in BACKSTAGE_TOKEN, or npx @backstage/cli auth login`,
    );
  }
  const request = await ctx.client.approve(
    args[0],
    flags.comment?.trim() || undefined,
  );
  if (ctx.json) {
    ctx.printJson(request);
    return;
  }
  const { c, names } = ctx;
  const [titleOf] = await Promise.all([
    roleTitles(ctx, [request.entityRef]),
    names.load(refsOfRequests([request])),
  ]);
  ctx.print(
    `Approved ${c.bold(names.of(request.requester))}’s request for ${c.bold(titleOf(request.entityRef, request.roleId))} of ${c.bold(names.of(request.entityRef))}.`,
  );
  const waiting = waitingFor(request, names);
  ctx.print(
    `State: ${requestState(request, c)}${waiting ? ` — now waiting for ${waiting}` : ''}`,
  );
}
