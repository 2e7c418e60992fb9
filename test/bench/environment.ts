/*
 * The bench's world: the three emulators in this process (rate limits on), a catalog of
 * bench people and apps, and the real backend started as `start:backend` starts it, with
 * extra configuration, on SQLite or PostgreSQL. The bench talks to the backend only over its
 * REST API; it reads the backend's database only to seed rows in bulk and to move grant
 * windows into the past.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import knexFactory, { Knex } from 'knex';
import {
  demoSeed,
  startEmulators,
  Emulators,
  Seed,
  SeedPerson,
} from '@accessgov/emulators';
import { client, signIn } from '../support/api';
import {
  eventually,
  freePort,
  root,
  scratchDir,
  startProcess,
  waitForUrl,
  writeConfig,
} from '../support/backend';

export const PG_URL = 'postgresql://postgres@127.0.0.1:5432';

export interface EnvironmentOptions {
  db: 'sqlite' | 'postgres';
  pgUrl: string;
  /** Catalog users (bench-0 … bench-N-1), who request access. */
  people: number;
  /** Okta-only people, members of the review group. */
  reviewMembers: number;
  /** The expiry sweep's interval in seconds. */
  sweepSeconds: number;
}

export type Api = ReturnType<typeof client>;

/** The bench's catalog: users who request, an owner, and the apps they ask for. */
function benchCatalog(people: number): string {
  const docs: object[] = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'bench' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'bench-owner' },
      spec: {
        profile: {
          displayName: 'Bench Owner',
          email: 'bench-owner@bench.example.com',
        },
        memberOf: ['bench'],
      },
    },
  ];
  for (let i = 0; i < people; i++) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: `bench-${i}` },
      spec: {
        profile: {
          displayName: `Bench ${i}`,
          email: `bench-${i}@bench.example.com`,
        },
        memberOf: ['bench'],
      },
    });
  }
  const timeBound = (iso: string) => ({
    options: [iso],
    default: iso,
    max: iso,
    permanent: false,
  });
  const app = (name: string, title: string, roles: object[]) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, title },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: 'user:default/bench-owner',
      access: { roles },
    },
  });
  const auto = { risk: 'low', approval: 'auto' };
  docs.push(
    app('bench-app', 'Bench app', [
      { id: 'viewer', title: 'Viewer', groups: ['Bench-Viewer'], ...auto },
      {
        id: 'brief',
        title: 'Brief',
        groups: ['Bench-Brief'],
        ...auto,
        duration: timeBound('PT1M'),
      },
      {
        id: 'day',
        title: 'Day',
        groups: ['Bench-Day'],
        ...auto,
        duration: timeBound('P1D'),
      },
      {
        id: 'managed',
        title: 'Managed',
        groups: ['Bench-Managed'],
        risk: 'medium',
        approval: 'owner',
      },
    ]),
    app('bench-review', 'Bench review', [
      {
        id: 'member',
        title: 'Member',
        groups: ['Bench-Big'],
        risk: 'low',
        approval: 'owner',
      },
    ]),
  );
  return docs.map(d => JSON.stringify(d)).join('\n---\n');
}

/** The demo company plus the bench people, in Okta (and Jira, which knows everybody). */
function benchSeed(people: number, reviewMembers: number): Seed {
  const person = (email: string, i: number): SeedPerson => ({
    email,
    firstName: 'Bench',
    lastName: String(i),
    lastLogin: { daysAgo: i % 30 },
    directories: ['okta'],
  });
  const bench: SeedPerson[] = [person('bench-owner@bench.example.com', 0)];
  for (let i = 0; i < people; i++)
    bench.push(person(`bench-${i}@bench.example.com`, i));
  const big: string[] = [];
  for (let i = 0; i < reviewMembers; i++) {
    const email = `member-${i}@bench.example.com`;
    bench.push(person(email, i));
    big.push(email);
  }
  return {
    ...demoSeed,
    people: [...demoSeed.people, ...bench],
    okta: {
      ...demoSeed.okta,
      groups: [
        ...(demoSeed.okta?.groups ?? []),
        ...[
          'Bench-Viewer',
          'Bench-Brief',
          'Bench-Day',
          'Bench-Managed',
          'Bench-Floor',
        ].map(name => ({ name })),
        { name: 'Bench-Big', members: big },
      ],
    },
  };
}

export interface Environment {
  emulators: Emulators;
  backendUrl: string;
  dir: string;
  /** The backend's own database (the access-governance plugin's). */
  knex: Knex;
  as(user: string): Promise<Api>;
  /** Okta login → user id, and the ids of the bench groups. */
  oktaUserId(email: string): string;
  oktaGroupId(name: string): string;
  members(groupName: string): Set<string>;
  close(): Promise<void>;
}

export async function startEnvironment(
  options: EnvironmentOptions,
  log: (line: string) => void,
): Promise<Environment> {
  const dir = scratchDir('bench');
  const emulators = await startEmulators({
    seed: benchSeed(options.people, options.reviewMembers),
  });
  const port = await freePort();
  const backendUrl = `http://localhost:${port}`;
  const catalogFile = path.join(dir, 'bench-catalog.yaml');
  fs.writeFileSync(catalogFile, benchCatalog(options.people));

  const prefix = `bench_${randomUUID().slice(0, 8)}_`;
  const database =
    options.db === 'postgres'
      ? { client: 'pg', connection: options.pgUrl, prefix }
      : {
          client: 'better-sqlite3',
          connection: { directory: path.join(dir, 'data') },
        };
  // The scheduled tasks other than the expiry sweep wait a day: the drift check lists the
  // members of every mapped group in Okta, and its calls would count against the limit (c)
  // measures if it ran during the sweep (it first runs ten minutes after the start).
  const later = { frequency: 'PT24H', timeout: 'PT1H', initialDelay: 'PT24H' };
  const config = writeConfig(dir, 'bench.yaml', {
    backend: { baseUrl: backendUrl, listen: { port }, database },
    catalog: {
      locations: [
        {
          type: 'file',
          target: path.join(root, 'packages/backend/catalog/org.yaml'),
        },
        {
          type: 'file',
          target: path.join(root, 'packages/backend/catalog/apps.yaml'),
        },
        { type: 'file', target: catalogFile },
      ],
    },
    accessGovernance: {
      admins: ['user:default/ada', 'user:default/bench-owner'],
      emulators: { enabled: false },
      providers: {
        okta: { orgUrl: emulators.okta.url, token: 'demo-okta-token' },
        entra: {
          authorityHost: emulators.graph.authorityHost,
          graphBaseUrl: emulators.graph.baseUrl,
          caFile: emulators.caFile,
        },
      },
      jira: {
        host: emulators.jira.url,
        email: 'access-bot@example.com',
        apiToken: 'demo-jira-token',
        projectKey: 'ACCESS',
      },
      schedule: {
        expiry: { frequency: `PT${options.sweepSeconds}S`, timeout: 'PT30M' },
        inactivity: later,
        reviews: later,
        drift: later,
        escalation: later,
      },
    },
  });

  log(
    `starting the backend on ${backendUrl} (${options.db}; scratch ${path.relative(root, dir)})`,
  );
  const backend = startProcess(
    process.execPath,
    ['packages/backend/scripts/start.js', '--config', config],
    {
      logFile: path.join(dir, 'backend.log'),
    },
  );
  const tokens = new Map<string, string>();
  const as = async (user: string) => {
    let token = tokens.get(user);
    if (!token) {
      token = await signIn(backendUrl, user);
      tokens.set(user, token);
    }
    return client(backendUrl, token);
  };
  let knex: Knex | undefined;
  const close = async () => {
    await backend.stop();
    await knex?.destroy();
    await emulators.close();
    if (options.db === 'postgres') {
      const admin = knexFactory({ client: 'pg', connection: options.pgUrl });
      try {
        const { rows } = await admin.raw(
          'SELECT datname FROM pg_database WHERE datname LIKE ?',
          [`${prefix}%`],
        );
        for (const row of rows)
          await admin.raw('DROP DATABASE IF EXISTS ??', [row.datname]);
      } finally {
        await admin.destroy();
      }
    }
  };
  try {
    await waitForUrl(
      `${backendUrl}/api/access-governance/health`,
      300_000,
      backend.child,
    );
    await eventually(
      'the bench catalog',
      async () => {
        const owner = await as('bench-owner');
        if (
          (await owner.get('/apps/default/component/bench-review')).status !==
          200
        )
          return false;
        tokens.delete(`bench-${options.people - 1}`);
        await as(`bench-${options.people - 1}`);
        return true;
      },
      600_000,
    );
  } catch (error) {
    await close();
    throw new Error(`${error}\n${backend.tail()}`);
  }
  knex =
    options.db === 'postgres'
      ? knexFactory({
          client: 'pg',
          connection: `${options.pgUrl.replace(/\/$/, '')}/${prefix}access-governance`,
          pool: { min: 0, max: 2 },
        })
      : knexFactory({
          client: 'better-sqlite3',
          connection: {
            filename: path.join(dir, 'data', 'access-governance.sqlite'),
          },
          useNullAsDefault: true,
          pool: {
            min: 1,
            max: 1,
            afterCreate: (conn: any, done: any) =>
              done(null, conn.pragma('busy_timeout = 10000')),
          },
        });

  const okta = emulators.okta;
  return {
    emulators,
    backendUrl,
    dir,
    knex,
    as,
    oktaUserId: email => okta.findUser(email).id,
    oktaGroupId: name => okta.findGroup(name).id,
    members: name => new Set(okta.findGroup(name).members),
    close,
  };
}

/**
 * Counts the calls an emulator answers, by rule: a fault rule with no effect (no latency)
 * counts the calls that match it. Rules are checked in order; the first match counts.
 */
export class CallCounter {
  private readonly ids: Record<string, string> = {};

  constructor(
    private readonly emulator: Emulators['okta'] | Emulators['jira'],
    rules: Record<string, { method?: string; path: string }>,
  ) {
    for (const [name, rule] of Object.entries(rules)) {
      this.ids[name] = emulator.faults.add({ ...rule, latencyMs: 0 }).id;
    }
  }

  counts(): Record<string, number> {
    const byId = new Map(this.emulator.faults.list().map(r => [r.id, r.hits]));
    return Object.fromEntries(
      Object.entries(this.ids).map(([name, id]) => [name, byId.get(id) ?? 0]),
    );
  }

  total(): number {
    return Object.values(this.counts()).reduce((a, b) => a + b, 0);
  }

  stop(): void {
    for (const id of Object.values(this.ids)) this.emulator.faults.remove(id);
  }
}

/** Every Okta API call, by kind. */
export function oktaCalls(env: Environment): CallCounter {
  return new CallCounter(env.emulators.okta, {
    add: { method: 'PUT', path: '/api/v1/groups/*/users/*' },
    remove: { method: 'DELETE', path: '/api/v1/groups/*/users/*' },
    members: { method: 'GET', path: '/api/v1/groups/*/users' },
    other: { path: '/api/v1/**' },
  });
}

export function jiraCalls(env: Environment): CallCounter {
  return new CallCounter(env.emulators.jira, { all: { path: '/rest/**' } });
}

/** Sets the Okta emulator's per-minute limit of every bucket (its public settings API). */
export async function setOktaRateLimit(
  env: Environment,
  perMinute: number,
): Promise<void> {
  const res = await fetch(`${env.emulators.okta.url}/__emulator/settings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      rateLimits: {
        groups: perMinute,
        groupById: perMinute,
        userById: perMinute,
        oauthToken: perMinute,
        other: perMinute,
      },
    }),
  });
  if (!res.ok) throw new Error(`Okta settings answered ${res.status}`);
}

/** One answered call of a {@link CallTimeline}: when it was answered, what it was, its status. */
export interface TimedCall {
  atMs: number;
  method: string;
  path: string;
  status: number;
}

/**
 * The time and status of every API call an emulator answers, for reading how the calls
 * were spread over time.
 */
export class CallTimeline {
  readonly calls: TimedCall[] = [];
  private readonly restore: () => void;

  constructor(emulator: Emulators['okta']) {
    const target = emulator as unknown as {
      handleServiceCall(req: { method: string; path: string }): Promise<any>;
    };
    const original = target.handleServiceCall;
    target.handleServiceCall = async req => {
      const response = await original.call(target, req);
      this.calls.push({
        atMs: Date.now(),
        method: req.method,
        path: req.path,
        status: response === 'drop' ? 0 : response.status,
      });
      return response;
    };
    this.restore = () => {
      target.handleServiceCall = original;
    };
  }

  /** The calls `method` and `path` (a regular expression on the path) match. */
  matching(method: string, path: RegExp): TimedCall[] {
    return this.calls.filter(c => c.method === method && path.test(c.path));
  }

  /** The calls neither `method` nor `path` match. */
  others(method: string, path: RegExp): TimedCall[] {
    return this.calls.filter(c => c.method !== method || !path.test(c.path));
  }

  stop(): void {
    this.restore();
  }
}

/** Calls of each `stepMs` from `fromMs`, as "seconds:answered/429" of the non-empty steps. */
export function callSteps(
  calls: TimedCall[],
  fromMs: number,
  stepMs: number,
): string {
  const byStep = new Map<number, { ok: number; throttled: number }>();
  for (const call of calls) {
    const step = Math.floor((call.atMs - fromMs) / stepMs);
    const counts = byStep.get(step) ?? { ok: 0, throttled: 0 };
    if (call.status === 429) counts.throttled += 1;
    else counts.ok += 1;
    byStep.set(step, counts);
  }
  return [...byStep.entries()]
    .sort(([a], [b]) => a - b)
    .map(
      ([step, c]) =>
        `${(step * stepMs) / 1000}s:${c.ok}${c.throttled ? `/${c.throttled}x429` : ''}`,
    )
    .join(' ');
}
