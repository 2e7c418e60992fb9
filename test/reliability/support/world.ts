/*
 * One campaign's world: the three emulators in this process (so their state and fault rules
 * are at hand), and one or more backends started as child processes on a database of their
 * own (SQLite files in a scratch folder, or a PostgreSQL database with a fresh prefix). A
 * backend is the demo backend as `start:backend` starts it, or, with `policy: 'deny'`, the
 * same plugins under a deny-by-default permission policy. Backends can be killed with
 * SIGKILL and started again on the same database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import knexFactory, { Knex } from 'knex';
import { startEmulators, Emulators } from '@accessgov/emulators';
import { client, signIn } from '../../support/api';
import {
  freePort,
  root,
  scratchDir,
  startProcess,
  waitForUrl,
  writeConfig,
} from '../../support/backend';
import { campaignCatalog, campaignSeed, newSecrets, Secrets } from './catalog';
import { report } from './report';
import { scanWorld } from './secrets';
import { PG_URL, sizes } from './sizes';

export type Db = 'sqlite' | 'postgres';
export type Api = ReturnType<typeof client>;

export interface WorldOptions {
  name: string;
  db: Db;
  /** `deny`: a permission policy that denies our permissions except to `allowedUsers`. */
  policy?: 'demo' | 'deny';
  allowedUsers?: string[];
  /** Merged over the campaign configuration (objects key by key). */
  config?: Record<string, unknown>;
  /** Backends on the one database; default 1. */
  replicas?: number;
}

export interface Backend {
  url: string;
  index: number;
  logFile: string;
  /** Starts (again) and waits until it answers. */
  start(): Promise<void>;
  /** SIGKILL to its whole process group. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
  running(): boolean;
}

export interface World {
  db: Db;
  dir: string;
  secrets: Secrets;
  emulators: Emulators;
  backends: Backend[];
  backend: Backend;
  knex: Knex;
  /** A client of the first backend (or `backend`) signed in as a demo user. */
  as(user: string, backend?: Backend): Promise<Api>;
  /** Every answer any client of this world received, for the secrets scan. */
  answers: string[];
  /**
   * Notifications not among `seen`: how many repeat one of them to the same person with the
   * same text, and the ids of all notifications so far.
   */
  notificationsSince(
    seen?: Set<string>,
  ): Promise<{ ids: Set<string>; duplicates: number }>;
  close(): Promise<void>;
}

function merge(a: any, b: any): any {
  if (!b || typeof b !== 'object' || Array.isArray(b)) return b ?? a;
  const out = { ...(a ?? {}) };
  for (const [k, v] of Object.entries(b)) out[k] = merge(out[k], v);
  return out;
}

/** The configuration every campaign starts from: short polling, short backoff. */
function baseConfig(
  emulators: Emulators,
  secrets: Secrets,
  catalogFile: string,
  database: object,
): Record<string, unknown> {
  const later = { frequency: 'PT24H', timeout: 'PT1H', initialDelay: 'PT24H' };
  return {
    backend: {
      database,
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: {
              token: secrets.service,
              subject: 'reliability-campaign',
            },
          },
        ],
      },
    },
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
      admins: ['user:default/ada', 'user:default/jonas'],
      emulators: { enabled: false },
      providers: {
        okta: {
          orgUrl: emulators.okta.url,
          token: secrets.okta,
          requestTimeout: 3000,
        },
        entra: {
          clientSecret: secrets.entra,
          authorityHost: emulators.graph.authorityHost,
          graphBaseUrl: emulators.graph.baseUrl,
          caFile: emulators.caFile,
        },
      },
      jira: {
        host: emulators.jira.url,
        email: 'access-bot@example.com',
        apiToken: secrets.jira,
        projectKey: 'ACCESS',
      },
      jobs: { initialBackoff: 'PT1S', maxBackoff: 'PT5S' },
      schedule: {
        expiry: { frequency: 'PT5S', timeout: 'PT5M' },
        inactivity: later,
        reviews: later,
      },
    },
  };
}

export async function startWorld(options: WorldOptions): Promise<World> {
  const dir = scratchDir(`reliability-${options.name}-${options.db}`);
  const secrets = newSecrets();
  const emulators = await startEmulators({ seed: campaignSeed(secrets) });
  const catalogFile = path.join(dir, 'campaign-catalog.yaml');
  fs.writeFileSync(catalogFile, campaignCatalog());
  const prefix = `rel_${randomUUID().slice(0, 8)}_`;
  const database =
    options.db === 'postgres'
      ? { client: 'pg', connection: PG_URL, prefix }
      : {
          client: 'better-sqlite3',
          connection: { directory: path.join(dir, 'data') },
        };
  const config = merge(
    baseConfig(emulators, secrets, catalogFile, database),
    options.config ?? {},
  );
  const answers: string[] = [];
  const backends: Backend[] = [];
  for (let i = 0; i < (options.replicas ?? 1); i++) {
    backends.push(await makeBackend(dir, i, config, options));
  }
  let knex: Knex | undefined;
  let notifications: Knex | undefined;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const b of backends) await b.stop();
    if (knex) {
      const scan = scanWorld({ dir, secrets, emulators, answers });
      report({
        campaign: 'secrets',
        db: `${options.name}, ${options.db}`,
        measure: 'secrets in logs, answers and the Okta, Graph and Jira state',
        figure: `${scan.found.length} (${(scan.bytes / 1e6).toFixed(1)} MB in ${scan.places} places)`,
        goal: '0',
        pass: scan.found.length === 0,
      });
      for (const where of scan.found.slice(0, 10))
        console.log(`  a secret in ${where}`);
    }
    await knex?.destroy();
    await notifications?.destroy();
    await emulators.close();
    if (options.db === 'postgres') await dropDatabases(prefix);
  };
  try {
    // The first start creates the schema; the others join it.
    await backends[0].start();
    await Promise.all(backends.slice(1).map(b => b.start()));
  } catch (error) {
    await close();
    throw error;
  }
  knex = openDatabase(options.db, dir, prefix);
  const tokens = new Map<string, string>();
  const as = async (user: string, backend = backends[0]) => {
    const key = `${backend.index}:${user}`;
    let token = tokens.get(key);
    if (!token) {
      token = await signIn(backend.url, user);
      tokens.set(key, token);
    }
    return recording(client(backend.url, token), answers);
  };
  await waitForCatalog(as);
  return {
    db: options.db,
    dir,
    secrets,
    emulators,
    backends,
    backend: backends[0],
    knex,
    as,
    answers,
    notificationsSince: async (seen?: Set<string>) => {
      notifications ??= openDatabase(options.db, dir, prefix, 'notifications');
      const rows = (await notifications('notification').select(
        'id',
        'user',
        'title',
        'description',
        'link',
      )) as Array<Record<string, string>>;
      const fresh = rows.filter(r => !seen?.has(r.id));
      const byText = new Map<string, number>();
      for (const r of fresh) {
        const key = JSON.stringify([r.user, r.title, r.description, r.link]);
        byText.set(key, (byText.get(key) ?? 0) + 1);
      }
      const duplicates = [...byText.values()].reduce(
        (d, n) => d + Math.max(0, n - 1),
        0,
      );
      return { ids: new Set(rows.map(r => r.id)), duplicates };
    },
    close,
  };
}

function recording(api: Api, answers: string[]): Api {
  const keep = async (p: Promise<{ status: number; body: any }>) => {
    const res = await p;
    answers.push(
      typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? ''),
    );
    return res;
  };
  return {
    get: (p: string) => keep(api.get(p)),
    post: (p: string, body?: unknown) => keep(api.post(p, body)),
  };
}

async function makeBackend(
  dir: string,
  index: number,
  config: Record<string, unknown>,
  options: WorldOptions,
): Promise<Backend> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const file = writeConfig(
    dir,
    `backend-${index}.yaml`,
    merge(config, { backend: { baseUrl: url, listen: { port } } }),
  );
  const logFile = path.join(dir, `backend-${index}.log`);
  let proc: ReturnType<typeof startProcess> | undefined;
  let starts = 0;
  const deny = options.policy === 'deny';
  const backend: Backend = {
    url,
    index,
    logFile,
    running: () =>
      !!proc && proc.child.exitCode === null && proc.child.signalCode === null,
    async start() {
      starts += 1;
      const args = deny
        ? [
            '--require',
            require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
            path.join(root, 'test/reliability/backend/index.ts'),
            '--config',
            path.join(root, 'app-config.yaml'),
            '--config',
            file,
          ]
        : ['packages/backend/scripts/start.js', '--config', file];
      proc = startProcess(process.execPath, args, {
        logFile: starts === 1 ? logFile : `${logFile}.${starts}`,
        env: deny
          ? {
              RELIABILITY_ALLOWED_USERS: (options.allowedUsers ?? []).join(','),
            }
          : {},
        cwd: deny ? path.join(root, 'packages/backend') : undefined,
      });
      try {
        await waitForUrl(
          `${url}/api/access-governance/health`,
          sizes.startTimeoutMs,
          proc.child,
        );
      } catch (error) {
        throw new Error(`${error}\n${proc.tail()}`);
      }
    },
    async kill9() {
      if (!proc || proc.child.exitCode !== null) return;
      const exited = new Promise(r => proc!.child.once('exit', r));
      try {
        process.kill(-proc.child.pid!, 'SIGKILL');
      } catch {
        return;
      }
      await exited;
    },
    async stop() {
      await proc?.stop();
    },
  };
  return backend;
}

async function waitForCatalog(as: (user: string) => Promise<Api>) {
  const deadline = Date.now() + sizes.startTimeoutMs;
  for (;;) {
    try {
      const priya = await as('priya');
      const [a, b] = await Promise.all([
        priya.get('/apps/default/component/rel-okta'),
        priya.get('/apps/default/component/rel-entra'),
      ]);
      if (a.status === 200 && b.status === 200) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline)
      throw new Error('The campaign catalog never loaded');
    await new Promise(r => setTimeout(r, 1000));
  }
}

function openDatabase(
  db: Db,
  dir: string,
  prefix: string,
  pluginId = 'access-governance',
): Knex {
  return db === 'postgres'
    ? knexFactory({
        client: 'pg',
        connection: `${PG_URL}/${prefix}${pluginId}`,
        pool: { min: 0, max: 2 },
      })
    : knexFactory({
        client: 'better-sqlite3',
        connection: {
          filename: path.join(dir, 'data', `${pluginId}.sqlite`),
        },
        useNullAsDefault: true,
        pool: {
          min: 1,
          max: 1,
          afterCreate: (conn: any, done: any) =>
            done(null, conn.pragma('busy_timeout = 10000')),
        },
      });
}

async function dropDatabases(prefix: string) {
  const admin = knexFactory({ client: 'pg', connection: PG_URL });
  try {
    const { rows } = await admin.raw(
      'SELECT datname FROM pg_database WHERE datname LIKE ?',
      [`${prefix}%`],
    );
    for (const row of rows) {
      await admin.raw(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()',
        [row.datname],
      );
      await admin.raw('DROP DATABASE IF EXISTS ??', [row.datname]);
    }
  } finally {
    await admin.destroy();
  }
}

/** The plugin's own tables (`access_*`), row by row, as one hash. */
export async function databaseDigest(knex: Knex, db: Db): Promise<string> {
  const tables: string[] =
    db === 'postgres'
      ? (
          await knex.raw(
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'access\\_%' ORDER BY 1",
          )
        ).rows.map((r: any) => r.name)
      : (
          await knex.raw(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'access\\_%' ESCAPE '\\' ORDER BY 1",
          )
        ).map((r: any) => r.name);
  const hash = createHash('sha256');
  for (const table of tables) {
    const rows = await knex(table).select();
    const lines = rows.map(r => JSON.stringify(r)).sort();
    hash.update(`${table}\n${lines.join('\n')}\n`);
  }
  return hash.digest('hex');
}

/** What the IdPs and Jira hold: memberships, issues, comments. */
export function emulatorDigest(emulators: Emulators): string {
  const okta = Object.values(emulators.okta.state.groups).map(g => [
    g.id,
    [...g.members].sort(),
  ]);
  const graph = Object.values(emulators.graph.state.groups).map(g => [
    g.id,
    [...g.members].sort(),
  ]);
  const jira = Object.values(emulators.jira.state.issues).map(i => [
    i.key,
    i.statusId,
    i.labels,
    i.comments.length,
  ]);
  return createHash('sha256')
    .update(JSON.stringify({ okta, graph, jira }))
    .digest('hex');
}

/** Jobs not yet finished (pending or running) and those failed for good. */
export async function jobCounts(knex: Knex) {
  const rows = await knex('access_jobs')
    .select('status')
    .count({ n: '*' })
    .groupBy('status');
  const by: Record<string, number> = {};
  for (const r of rows as any[]) by[r.status] = Number(r.n);
  return {
    open: (by.pending ?? 0) + (by.running ?? 0),
    failed: by.failed ?? 0,
    done: by.done ?? 0,
  };
}

/** Waits until no job is pending or running; the time it took, or undefined on timeout. */
export async function settle(
  knex: Knex,
  timeoutMs: number,
): Promise<number | undefined> {
  const started = Date.now();
  for (;;) {
    try {
      if ((await jobCounts(knex)).open === 0) return Date.now() - started;
    } catch {
      // the database may be busy while a backend starts
    }
    if (Date.now() - started > timeoutMs) return undefined;
    await new Promise(r => setTimeout(r, 250));
  }
}

export { root };
