/*
 * The bench cases (a)–(f). Each measures the backend through its REST API against the
 * emulators and returns rows of the table: a figure, the goal it is held to, and whether it
 * meets it.
 */
import { randomUUID } from 'node:crypto';
import {
  Client as OktaClient,
  DefaultRequestExecutor,
} from '@okta/okta-sdk-nodejs';
import { Version3Client } from 'jira.js';
import { Knex } from 'knex';
import {
  Api,
  Environment,
  jiraCalls,
  CallTimeline,
  callSteps,
  oktaCalls,
  setOktaRateLimit,
} from './environment';

export interface Row {
  case: string;
  measure: string;
  figure: string;
  goal: string;
  pass: boolean | undefined;
}

export interface CaseContext {
  env: Environment;
  scale: number;
  expiries: number;
  sweepSeconds: number;
  /** Calls per minute of the Okta bucket that membership changes count against. */
  oktaLimit: number;
  /** The first bench user of each case (bench-i), so that no two cases share a requester. */
  users: Record<string, number>;
  log(line: string): void;
}

const APP = 'component:default/bench-app';
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(
    sorted.length - 1,
    Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
  );
  return sorted[rank];
}

const ms = (value: number) =>
  Number.isFinite(value) ? `${Math.round(value)} ms` : 'n/a';
const ratio = (value: number) =>
  Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a';
const email = (i: number) => `bench-${i}@bench.example.com`;

/** Polls `fn` every `everyMs` until it gives true; the time it did, or NaN on timeout. */
async function until(
  fn: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 5,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await fn()) return Date.now();
    if (Date.now() > deadline) return NaN;
    await sleep(everyMs);
  }
}

/** Waits until the backend's job queue has nothing pending or running (as an administrator). */
async function queueIdle(
  env: Environment,
  timeoutMs: number,
): Promise<boolean> {
  const ada = await env.as('ada');
  const t = await until(
    async () => {
      for (const status of ['pending', 'running']) {
        const res = await ada.get(`/jobs?status=${status}&limit=1`);
        if (res.status !== 200 || (res.body.items?.length ?? 0) > 0)
          return false;
      }
      return true;
    },
    timeoutMs,
    250,
  );
  return !Number.isNaN(t);
}

async function failedJobs(env: Environment): Promise<number> {
  const res = await (await env.as('ada')).get('/jobs?status=failed');
  return res.body.total ?? res.body.items?.length ?? 0;
}

async function ask(api: Api, roleId: string, justification: string) {
  const res = await api.post('/requests', {
    entityRef: APP,
    roleId,
    justification,
  });
  if (res.status !== 201)
    throw new Error(
      `POST /requests answered ${res.status}: ${JSON.stringify(res.body)}`,
    );
  return res.body as { id: string };
}

/** An auto-approved request: the time until the IdP membership, and until the Jira issue too. */
async function autoApproved(ctx: CaseContext, user: number, timeoutMs: number) {
  const { env } = ctx;
  const api = await env.as(`bench-${user}`);
  const group = env.emulators.okta.findGroup('Bench-Viewer');
  const userId = env.oktaUserId(email(user));
  const issues = () => Object.keys(env.emulators.jira.state.issues).length;
  const before = issues();
  const t0 = Date.now();
  await ask(api, 'viewer', `bench: viewer for user ${user}`);
  let member = NaN;
  let issue = NaN;
  await until(() => {
    const now = Date.now();
    if (Number.isNaN(member) && group.members.includes(userId)) member = now;
    if (Number.isNaN(issue) && issues() > before) issue = now;
    return !Number.isNaN(member) && !Number.isNaN(issue);
  }, timeoutMs);
  return { member: member - t0, both: Math.max(member, issue) - t0 };
}

/** (a) auto-approved request → IdP member and Jira issue, against the raw SDK calls. */
export async function caseA(ctx: CaseContext): Promise<Row[]> {
  const { env } = ctx;
  const samples = Math.max(3, Math.round(20 * ctx.scale));
  const base = ctx.users.a;
  for (let i = 0; i < samples; i++) await env.as(`bench-${base + i}`);
  await queueIdle(env, 60_000);
  const backend: number[] = [];
  for (let i = 0; i < samples; i++) {
    backend.push((await autoApproved(ctx, base + i, 60_000)).both);
    await queueIdle(env, 60_000);
  }

  // The floor: what the change costs when its calls are made directly through the SDKs.
  const okta = new OktaClient({
    orgUrl: env.emulators.okta.url,
    token: 'demo-okta-token',
    cacheMiddleware: null,
    requestExecutor: new DefaultRequestExecutor({
      maxRetries: 2,
      requestTimeout: 30_000,
    }),
  } as any);
  const jira = new Version3Client({
    host: env.emulators.jira.url,
    authentication: {
      basic: { email: 'access-bot@example.com', apiToken: 'demo-jira-token' },
    },
  });
  const floor: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = Date.now();
    await Promise.all([
      (async () => {
        const user = await okta.userApi.getUser({ userId: email(base + i) });
        const groups = await okta.groupApi.listGroups({
          search: 'profile.name eq "Bench-Floor"',
        });
        let groupId = '';
        for await (const g of groups) if (g) groupId = g.id!;
        await okta.groupApi.assignUserToGroup({ groupId, userId: user.id! });
      })(),
      jira.issues.createIssue({
        fields: {
          project: { key: 'ACCESS' },
          issuetype: { name: 'Task' },
          summary: `bench floor ${i}`,
        },
      } as any),
    ]);
    floor.push(Date.now() - t0);
  }
  const p50 = percentile(backend, 50);
  const floor50 = percentile(floor, 50);
  return [
    {
      case: 'a',
      measure: `auto-approved request → member + issue, p50 (${samples} requests)`,
      figure: `${ms(p50)} (${ratio(p50 / floor50)} the SDK floor of ${ms(floor50)})`,
      goal: '≤ 300 ms',
      pass: p50 <= 300,
    },
    {
      case: 'a',
      measure: 'same, p95',
      figure: `${ms(percentile(backend, 95))} (${ratio(percentile(backend, 95) / percentile(floor, 95))} the floor's p95)`,
      goal: '',
      pass: undefined,
    },
  ];
}

/** (b) expiry lag: grant expiry time → membership gone, against the sweep interval. */
export async function caseB(ctx: CaseContext): Promise<Row[]> {
  const { env, sweepSeconds } = ctx;
  const samples = Math.max(3, Math.round(10 * ctx.scale));
  const base = ctx.users.b;
  const group = env.emulators.okta.findGroup('Bench-Brief');
  const spacing = Math.round((sweepSeconds * 1000) / samples) + 137;
  const lags = await Promise.all(
    Array.from({ length: samples }, async (_, i) => {
      const user = base + i;
      const api = await env.as(`bench-${user}`);
      await sleep(i * spacing);
      const { id } = await ask(
        api,
        'brief',
        `bench: brief access for user ${user}`,
      );
      const userId = env.oktaUserId(email(user));
      const timeout = 60_000 + 3 * sweepSeconds * 1000;
      let expiresAt = NaN;
      await until(
        async () => {
          const r = await api.get(`/requests/${id}`);
          if (r.body?.status !== 'granted' || !r.body.grantId) return false;
          const grants = await api.get('/grants?user=me');
          const grant = grants.body.items?.find(
            (g: any) => g.id === r.body.grantId,
          );
          if (grant?.expiresAt) expiresAt = Date.parse(grant.expiresAt);
          return Number.isFinite(expiresAt);
        },
        timeout,
        200,
      );
      const gone = await until(
        () => !group.members.includes(userId),
        timeout + 20_000,
        20,
      );
      return gone - expiresAt;
    }),
  );
  const measured = lags.filter(Number.isFinite);
  const worst = measured.length === lags.length ? Math.max(...measured) : NaN;
  const goal = sweepSeconds * 1000 + 1000;
  return [
    {
      case: 'b',
      measure: `expiry lag, worst of ${samples} (sweep every ${sweepSeconds} s)`,
      figure: `${ms(worst)} (p50 ${ms(percentile(measured, 50))}; ${ratio(worst / (sweepSeconds * 1000))} the interval)`,
      goal: `≤ interval + 1 s = ${goal} ms`,
      pass: worst <= goal,
    },
  ];
}

/** Up to this many (c) grants are made through the API; more are copies of COPIED_FROM of them. */
const API_SEEDED = 500;
const COPIED_FROM = 200;

/**
 * Makes the (c) grants of bench-`from` … bench-`n-1` (of the case's users) by copying the
 * granted requests and active grants the backend wrote for the first `from`, each copy for a
 * bench user of its own (in the catalog and in Okta already) with its Okta user id, and that
 * user made a member of Bench-Day in the Okta emulator's state: a real membership, which the
 * sweep removes with one call on the group id stored on the grant.
 */
async function copyDayGrants(
  ctx: CaseContext,
  base: number,
  from: number,
  n: number,
): Promise<void> {
  const { env } = ctx;
  const { knex } = env;
  const group = env.emulators.okta.findGroup('Bench-Day');
  ctx.log(`(c) copying ${n - from} more grants in the database`);
  const grants = await knex('access_grants').where({
    entity_ref: APP,
    role_id: 'day',
    status: 'active',
  });
  const requests = await knex('access_requests').whereIn(
    'id',
    grants.map(g => g.request_id),
  );
  if (grants.length !== from || requests.length !== from)
    throw new Error(
      `(c) ${grants.length} grants and ${requests.length} requests to copy, not ${from}`,
    );
  const byId = new Map(requests.map(r => [r.id, r]));
  const count = n - from;
  const copies = Array.from({ length: count }, (_, i) => {
    const user = base + from + i;
    const idpUserId = env.oktaUserId(email(user));
    group.members.push(idpUserId);
    return {
      justification: `bench: day access for user ${user}`,
      user: `user:default/bench-${user}`,
      idpUserId,
      requestId: randomUUID(),
      grantId: randomUUID(),
    };
  });
  // Copy i of a grant and of its request are both made from template i % from.
  type Copy = (typeof copies)[number];
  const tables: Array<
    [string, Record<string, unknown>[], (row: any, copy: Copy) => void]
  > = [
    [
      'access_requests',
      grants.map(g => byId.get(g.request_id)!),
      (row, copy) => {
        row.id = copy.requestId;
        row.requester = copy.user;
        row.grant_id = copy.grantId;
        row.justification = copy.justification;
      },
    ],
    [
      'access_grants',
      grants,
      (row, copy) => {
        row.id = copy.grantId;
        row.request_id = copy.requestId;
        row.user_ref = copy.user;
        row.idp_user_id = copy.idpUserId;
      },
    ],
  ];
  for (const [table, templates, vary] of tables)
    await cloneRows(knex, table, templates, count, (row, i) =>
      vary(row, copies[i]),
    );
  // Only the tables copied into: statistics of the job queue taken now, before the sweep
  // enqueues its jobs, would tell the planner that nothing is pending (and where autovacuum
  // is off nothing would correct them).
  if (knex.client.config.client === 'pg')
    await knex.raw('ANALYZE access_grants, access_requests');
}

/** (c) N expiries at once: IdP calls per change, changes/s against the emulated ceiling, failures. */
export async function caseC(ctx: CaseContext): Promise<Row[]> {
  const { env } = ctx;
  const n = Math.max(5, Math.round(ctx.expiries * ctx.scale));
  const base = ctx.users.c;
  const group = env.emulators.okta.findGroup('Bench-Day');
  const defaults = { ...env.emulators.okta.settings.rateLimits };

  // Grants are made through the API, with the IdP's limits lifted so that seeding is quick.
  // Past API_SEEDED the rest are copies of those in the backend's database, as (f) does.
  const viaApi = n <= API_SEEDED ? n : COPIED_FROM;
  ctx.log(`(c) granting ${viaApi} day-long roles through the API`);
  await setOktaRateLimit(env, 1_000_000);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < viaApi) {
        const user = base + next++;
        await ask(
          await env.as(`bench-${user}`),
          'day',
          `bench: day access for user ${user}`,
        );
      }
    }),
  );
  const seeded = await until(
    () => group.members.length >= viaApi,
    3_600_000,
    500,
  );
  await queueIdle(env, 3_600_000);
  if (Number.isNaN(seeded))
    throw new Error(
      `(c) only ${group.members.length} of ${viaApi} grants reached Okta`,
    );
  if (viaApi < n) await copyDayGrants(ctx, base, viaApi, n);
  if (group.members.length !== n)
    throw new Error(`(c) ${group.members.length} of ${n} members in Okta`);
  const failedBefore = await failedJobs(env);

  // Limits back on, every window fresh; then every window ends at once. Okta counts calls
  // in one-minute windows, so the ceiling only binds a sweep that spans several of them:
  // a small run lowers the limit to a fifth of its size per minute.
  const limit = Math.max(6, Math.min(ctx.oktaLimit, Math.floor(n / 5)));
  const res = await fetch(`${env.emulators.okta.url}/__emulator/settings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rateLimits: { ...defaults, other: limit } }),
  });
  if (!res.ok) throw new Error(`Okta settings answered ${res.status}`);
  const okta = oktaCalls(env);
  const jira = jiraCalls(env);
  const timeline = new CallTimeline(env.emulators.okta);
  const t0 = Date.now();
  await env
    .knex('access_grants')
    .where({ entity_ref: APP, role_id: 'day', status: 'active' })
    .update({ expires_at: new Date(t0 - 1000) });
  ctx.log(`(c) ${n} windows ended; waiting for the removals`);
  const ceiling = limit / 60;
  const timeoutMs = Math.max(600_000, ((3 * n) / ceiling) * 1000);
  let first = NaN;
  let lastLog = Date.now();
  const end = await until(
    () => {
      const left = group.members.length;
      if (Number.isNaN(first) && left < n) first = Date.now();
      if (Date.now() - lastLog > 30_000) {
        lastLog = Date.now();
        ctx.log(
          `(c) ${n - left} of ${n} removed after ${Math.round((Date.now() - t0) / 1000)} s`,
        );
      }
      return left === 0;
    },
    timeoutMs,
    100,
  );
  const finished = Number.isNaN(end) ? Date.now() : end;
  const removed = n - group.members.length;
  await queueIdle(env, 600_000);
  const calls = okta.counts();
  const oktaTotal = okta.total();
  const jiraTotal = jira.total();
  okta.stop();
  jira.stop();
  timeline.stop();
  const membership = /^\/api\/v1\/groups\/[^/]+\/users\/[^/]+$/;
  const removals = timeline.matching('DELETE', membership);
  const throttled = removals.filter(c => c.status === 429).length;
  ctx.log(
    `(c) removal calls by 5 s from the end of the windows: ${callSteps(removals, t0, 5000)}`,
  );
  ctx.log(
    `(c) other Okta calls: ${timeline
      .others('DELETE', membership)
      .map(
        c =>
          `${c.method} ${c.path} ${c.status} at ${((c.atMs - t0) / 1000).toFixed(1)} s`,
      )
      .join('; ')}`,
  );
  await setOktaRateLimit(env, 1_000_000);
  await fetch(`${env.emulators.okta.url}/__emulator/settings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rateLimits: defaults }),
  });
  const failures = (await failedJobs(env)) - failedBefore + (n - removed);
  // The least time the limit allows for n removals (one call each) from the first: the
  // windows before the one the last removal falls in.
  const least = Math.floor((n - 1) / limit) * 60_000;
  const took = finished - first;
  const share = removed < n ? 0 : least === 0 ? 1 : least / Math.max(1, took);
  const rate = removed / Math.max(0.001, took / 1000);
  const perChange = oktaTotal / n;
  return [
    {
      case: 'c',
      measure: `${n} expiries: Okta calls per change`,
      figure: `${perChange.toFixed(2)} (${calls.remove} removals, ${throttled} of them answered 429, ${calls.other} lookups; Jira ${(jiraTotal / n).toFixed(1)} per change)`,
      goal: '≤ 1.05',
      pass: perChange <= 1.05,
    },
    {
      case: 'c',
      measure: `changes/s vs the ceiling of ${limit}/min (${ceiling.toFixed(1)}/s)`,
      figure:
        `${rate.toFixed(1)}/s: ${(100 * share).toFixed(0)} % of the ceiling (${Math.round(took / 1000)} s where the limit allows ${least / 1000} s; ` +
        `all gone ${Math.round((finished - t0) / 1000)} s after the windows ended)`,
      goal: '≥ 90 %',
      pass: share >= 0.9,
    },
    {
      case: 'c',
      measure: 'failures (failed jobs + memberships left)',
      figure: String(failures),
      goal: '0',
      pass: failures === 0,
    },
  ];
}

/**
 * (d) membership latency with Jira answering in 2 s against 0 s: requests arrive one a
 * second, as they would on a busy day, so that each meets the Jira work of the ones before.
 */
export async function caseD(ctx: CaseContext): Promise<Row[]> {
  const { env } = ctx;
  const samples = Math.max(3, Math.round(10 * ctx.scale));
  const base = ctx.users.d;
  const run = async (from: number) => {
    for (let i = 0; i < samples; i++) await env.as(`bench-${from + i}`);
    await queueIdle(env, 300_000);
    const times = await Promise.all(
      Array.from({ length: samples }, async (_, i) => {
        await sleep(i * 1000);
        return (await autoApproved(ctx, from + i, 300_000)).member;
      }),
    );
    return times;
  };
  const fast = await run(base);
  const rule = env.emulators.jira.faults.add({
    path: '/rest/**',
    latencyMs: 2000,
  });
  let slow: number[];
  try {
    slow = await run(base + samples);
  } finally {
    env.emulators.jira.faults.remove(rule.id);
  }
  await queueIdle(env, 300_000);
  const r = percentile(slow, 50) / percentile(fast, 50);
  return [
    {
      case: 'd',
      measure: `IdP membership, Jira at 2 s vs 0 s, p50 ratio (${samples} each, one a second)`,
      figure: `${ratio(r)} (${ms(percentile(slow, 50))} vs ${ms(percentile(fast, 50))})`,
      goal: '≤ 1.5',
      pass: r <= 1.5,
    },
  ];
}

/** (e) a campaign over a big group: build time, IdP calls against ceil(N/page), first page. */
export async function caseE(ctx: CaseContext, members: number): Promise<Row[]> {
  const { env } = ctx;
  const page = 1000;
  const owner = await env.as('bench-owner');
  const okta = oktaCalls(env);
  const t0 = Date.now();
  const created = await owner.post('/reviews', {
    entityRef: 'component:default/bench-review',
  });
  if (created.status !== 201) {
    okta.stop();
    throw new Error(
      `POST /reviews answered ${created.status}: ${JSON.stringify(created.body).slice(0, 300)}`,
    );
  }
  const id = created.body.id;
  const built = await until(
    async () =>
      ((await owner.get(`/reviews/${id}?limit=50`)).body?.progress?.total ??
        0) >= members,
    600_000,
    100,
  );
  const buildMs = built - t0;
  const calls = okta.total();
  okta.stop();
  const firstPage: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t = Date.now();
    const res = await owner.get(`/reviews/${id}?limit=50`);
    if (res.status !== 200)
      throw new Error(`GET /reviews/:id answered ${res.status}`);
    if (i > 0) firstPage.push(Date.now() - t);
  }
  const bound = Math.ceil(members / page) + 5;
  const p50 = percentile(firstPage, 50);
  return [
    {
      case: 'e',
      measure: `${members}-member campaign: build time`,
      figure: ms(buildMs),
      goal: '≤ 5000 ms',
      pass: buildMs <= 5000,
    },
    {
      case: 'e',
      measure: `IdP calls vs ceil(N/${page}) = ${Math.ceil(members / page)}`,
      figure: String(calls),
      goal: `≤ ${bound}`,
      pass: calls <= bound,
    },
    {
      case: 'e',
      measure: 'first page of items, p50',
      figure: ms(p50),
      goal: '≤ 200 ms',
      pass: p50 <= 200,
    },
  ];
}

/**
 * Copies rows the backend wrote itself, so that the copies are whatever the schema of the
 * day holds; `vary` changes what makes each copy its own.
 */
async function cloneRows(
  knex: Knex,
  table: string,
  templates: Record<string, unknown>[],
  count: number,
  vary: (row: Record<string, unknown>, i: number) => void,
): Promise<void> {
  if (templates.length === 0) throw new Error(`No ${table} rows to copy`);
  // SQLite takes at most 500 rows in one insert and 32,766 bound values.
  const chunk = Math.max(
    1,
    Math.min(400, Math.floor(30_000 / (Object.keys(templates[0]).length + 1))),
  );
  for (let start = 0; start < count; start += chunk) {
    const rows: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) {
      const row = { ...templates[i % templates.length] };
      if (/^\d+$/.test(String(row.id))) delete row.id;
      else row.id = randomUUID();
      vary(row, i);
      rows.push(row);
    }
    await knex(table).insert(rows);
  }
}

/** (f) list endpoints at many rows: first page p50 of my requests, my grants, the inbox and the audit. */
export async function caseF(ctx: CaseContext): Promise<Row[]> {
  const { env } = ctx;
  const rows = Math.max(100, Math.round(100_000 * ctx.scale));
  const me = ctx.users.f;
  const meRef = `user:default/bench-${me}`;
  const api = await env.as(`bench-${me}`);
  const owner = await env.as('bench-owner');

  // Templates the backend writes itself: a pending request, a granted one given back.
  const pending = await ask(
    api,
    'managed',
    'bench: a request waiting on the owner',
  );
  const granted = await ask(
    api,
    'viewer',
    'bench: a request granted and given back',
  );
  let grantId: string | undefined;
  await until(
    async () => {
      grantId = (await api.get(`/requests/${granted.id}`)).body?.grantId;
      return !!grantId;
    },
    120_000,
    200,
  );
  await api.post(`/grants/${grantId}/revoke`, {});
  await queueIdle(env, 300_000);

  ctx.log(`(f) copying to ${rows} requests, grants and audit events`);
  const { knex } = env;
  const requestTemplates = await knex('access_requests').whereIn('id', [
    pending.id,
    granted.id,
  ]);
  const grantTemplates = await knex('access_grants').where({ id: grantId });
  const auditTemplates = await knex('access_audit_events')
    .where({ entity_ref: APP })
    .limit(50);
  const now = Date.now();
  const holder = (i: number) =>
    i % 100 === 0 ? meRef : `user:default/bench-clone-${i % 5000}`;
  await cloneRows(knex, 'access_requests', requestTemplates, rows, (row, i) => {
    row.requester = holder(i);
    // One open request per person and role: each open copy asks for a role of its own.
    if (row.status === 'pending') row.role_id = `${row.role_id}-copy-${i}`;
    row.created_at = new Date(now - (i + 1) * 1000);
    row.updated_at = row.created_at;
  });
  await cloneRows(knex, 'access_grants', grantTemplates, rows, (row, i) => {
    row.user_ref = holder(i);
    row.granted_at = new Date(now - (i + 2) * 1000);
    row.ended_at = new Date(now - (i + 1) * 1000);
  });
  await cloneRows(
    knex,
    'access_audit_events',
    auditTemplates,
    rows,
    (row, i) => {
      row.created_at = new Date(
        now - Math.round((i * 365 * 86_400_000) / rows),
      );
    },
  );
  // The tables copied into only (see copyDayGrants: (c) runs after it).
  if (env.knex.client.config.client === 'pg')
    await knex.raw(
      'ANALYZE access_requests, access_grants, access_audit_events',
    );

  const lists: Array<[string, Awaited<ReturnType<Environment['as']>>, string]> =
    [
      ['my requests', api, '/requests?requester=me&limit=50'],
      ['my grants', api, '/grants?user=me&limit=50'],
      ['inbox', owner, '/requests?approver=me&status=pending&limit=50'],
      [
        'audit of the app',
        owner,
        `/audit?entityRef=${encodeURIComponent(APP)}&limit=50`,
      ],
    ];
  const result: Row[] = [];
  for (const [name, who, url] of lists) {
    const times: number[] = [];
    let status = 0;
    for (let i = 0; i < 6; i++) {
      const t = Date.now();
      status = (await who.get(url)).status;
      if (i > 0) times.push(Date.now() - t);
    }
    const p50 = percentile(times, 50);
    result.push({
      case: 'f',
      measure: `${name} at ${rows} rows, first page p50`,
      figure: status === 200 ? ms(p50) : `answered ${status}`,
      goal: '≤ 50 ms',
      pass: status === 200 && p50 <= 50,
    });
  }
  return result;
}
