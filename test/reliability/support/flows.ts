/* What people do, over the REST API, and waiting for what the backend does in return. */
import { Emulators } from '@accessgov/emulators';
import { OKTA_APP } from './catalog';
import { Api, World } from './world';

export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
  everyMs = 300,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out waiting for ${what}${last ? `: ${last}` : ''}`,
      );
    await new Promise(r => setTimeout(r, everyMs));
  }
}

export async function ask(
  api: Api,
  roleId: string,
  options: {
    entityRef?: string;
    duration?: string;
    justification?: string;
  } = {},
) {
  return api.post('/requests', {
    entityRef: options.entityRef ?? OKTA_APP,
    roleId,
    justification:
      options.justification ?? 'Needed for the reliability campaign',
    ...(options.duration ? { duration: options.duration } : {}),
  });
}

/** Asks and insists on a 201; the new request. */
export async function mustAsk(
  api: Api,
  roleId: string,
  options: Parameters<typeof ask>[2] = {},
) {
  const res = await ask(api, roleId, options);
  if (res.status !== 201)
    throw new Error(
      `Request of ${roleId} answered ${res.status}: ${JSON.stringify(res.body)}`,
    );
  return res.body as { id: string; status: string };
}

export async function waitForStatus(
  api: Api,
  requestId: string,
  statuses: string[],
  timeoutMs = 60_000,
) {
  return until(
    `request ${requestId} to be ${statuses.join(' or ')}`,
    async () => {
      const res = await api.get(`/requests/${requestId}`);
      return res.status === 200 && statuses.includes(res.body.status)
        ? res.body
        : undefined;
    },
    timeoutMs,
  );
}

/**
 * Ends everything a user has open on the campaign apps: cancels pending requests and gives
 * grants back, again and again while requests that were approved are still being granted.
 * A role granted by hand stays held until an approver confirms its removal: `confirmer`,
 * when given, does.
 */
export async function clearUser(api: Api, timeoutMs = 60_000, confirmer?: Api) {
  await until(
    'the user to hold nothing',
    async () => {
      const [open, held] = await Promise.all([
        api.get('/requests?requester=me&status=pending,approved&limit=1000'),
        api.get('/grants?user=me&status=active&limit=1000'),
      ]);
      const requests = open.body?.items ?? [];
      const grants = held.body?.items ?? [];
      // An approved request of a role fulfilled by hand can be cancelled; one being granted
      // answers 409 and is given back once granted.
      for (const r of requests) await api.post(`/requests/${r.id}/cancel`, {});
      for (const g of grants) {
        if (g.removal === 'manual') {
          await confirmer?.post(`/grants/${g.id}/confirm-removal`, {});
          continue;
        }
        await api.post(`/grants/${g.id}/revoke`, {
          reason: 'campaign clean-up',
        });
      }
      return (
        open.status === 200 &&
        held.status === 200 &&
        requests.length === 0 &&
        grants.length === 0
      );
    },
    timeoutMs,
    500,
  );
}

/** Okta user ids of a group's members, by login. */
export function oktaMembers(emulators: Emulators, groupName: string): string[] {
  const okta = emulators.okta;
  return okta
    .findGroup(groupName)
    .members.map(id => okta.state.users[id]?.profile.login ?? id);
}

export function graphMembers(
  emulators: Emulators,
  groupName: string,
): string[] {
  const graph = emulators.graph;
  return graph
    .findGroup(groupName)
    .members.map(id => (graph.state.users as any)[id]?.userPrincipalName ?? id);
}

/** The Jira issues of a request (labelled with its id), and their comments by event. */
export function jiraOf(emulators: Emulators, requestId: string) {
  const issues = Object.values(emulators.jira.state.issues).filter(i =>
    i.labels.includes(`accessgov-${requestId}`),
  );
  const events = new Map<string, number>();
  for (const issue of issues) {
    for (const c of issue.comments) {
      const prop = c.properties.find(p => p.key === 'accessGovernance.event')
        ?.value as any;
      const id = prop?.eventId
        ? String(prop.eventId)
        : `comment:${JSON.stringify(c.body).slice(0, 200)}`;
      events.set(id, (events.get(id) ?? 0) + 1);
    }
  }
  return {
    issues: issues.length,
    comments: issues.reduce((n, i) => n + i.comments.length, 0),
    duplicateComments: [...events.values()].reduce(
      (n, c) => n + (c > 1 ? c - 1 : 0),
      0,
    ),
  };
}

/** Duplicate comments over every issue of the Jira emulator. */
export function duplicateComments(emulators: Emulators): number {
  let dup = 0;
  for (const issue of Object.values(emulators.jira.state.issues)) {
    const seen = new Map<string, number>();
    for (const c of issue.comments) {
      const prop = c.properties.find(p => p.key === 'accessGovernance.event')
        ?.value as any;
      if (!prop?.eventId) continue;
      const id = String(prop.eventId);
      seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    for (const n of seen.values()) if (n > 1) dup += n - 1;
  }
  return dup;
}

/**
 * Memberships of the campaign groups that no active grant explains, and active grants
 * whose user is missing from a group of theirs.
 */
export async function strayMemberships(
  world: World,
  groups: { okta: string[]; entra: string[] },
) {
  const grants = await world
    .knex('access_grants')
    .where({ status: 'active' })
    .select();
  const want = new Map<string, Set<string>>();
  for (const g of grants) {
    const list: string[] =
      typeof g.groups === 'string' ? JSON.parse(g.groups) : (g.groups ?? []);
    const login =
      String(g.user_ref).replace(/^user:default\//, '') + '@example.com';
    for (const name of list) {
      if (!want.has(name)) want.set(name, new Set());
      want.get(name)!.add(login);
    }
  }
  let stray = 0;
  let missing = 0;
  const check = (name: string, members: string[]) => {
    const expected = want.get(name) ?? new Set();
    for (const m of members) if (!expected.has(m)) stray += 1;
    for (const e of expected) if (!members.includes(e)) missing += 1;
  };
  for (const name of groups.okta)
    check(name, oktaMembers(world.emulators, name));
  for (const name of groups.entra)
    check(name, graphMembers(world.emulators, name));
  return { stray, missing };
}

/** Active grants per (user, app, role) beyond the first. */
export async function duplicateActiveGrants(world: World): Promise<number> {
  const rows = await world
    .knex('access_grants')
    .where({ status: 'active' })
    .select('user_ref', 'entity_ref', 'role_id')
    .count({ n: '*' })
    .groupBy('user_ref', 'entity_ref', 'role_id');
  return (rows as any[]).reduce((d, r) => d + Math.max(0, Number(r.n) - 1), 0);
}

/**
 * Counts, in the Okta emulator, every add (PUT) and removal (DELETE) of each user to each
 * group, with rules that have no effect; the answer maps `METHOD group user` to a count.
 */
export function countMembershipCalls(
  world: World,
  groups: string[],
  users: string[],
) {
  const okta = world.emulators.okta;
  const ids = new Map<string, string>();
  for (const group of groups) {
    const gid = okta.findGroup(group).id;
    for (const user of users) {
      const uid = okta.findUser(`${user}@example.com`).id;
      for (const method of ['PUT', 'DELETE']) {
        const rule = okta.faults.add({
          method,
          path: `/api/v1/groups/${gid}/users/${uid}`,
          latencyMs: 0,
        });
        ids.set(`${method} ${group} ${user}`, rule.id);
      }
    }
  }
  return () => {
    const hits = new Map(okta.faults.list().map(r => [r.id, r.hits]));
    return new Map([...ids].map(([k, id]) => [k, hits.get(id) ?? 0]));
  };
}
