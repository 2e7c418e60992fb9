/*
 * `npm run bench [-- options]`: measures the backend against the emulators with their rate
 * limits on and prints a table of figures next to their goals. It reports: it exits 0 whether
 * the goals are met or not, and 1 only when it could not run.
 *
 *   --only a,c        run only these cases (a–f; default all)
 *   --scale 0.1       scale every size and sample count (default 1)
 *   --expiries 10000  expiries of case (c), before scaling
 *   --db sqlite|postgres, --pg-url URL (default postgresql://postgres@127.0.0.1:5432)
 *   --sweep 10        the expiry sweep's interval in seconds
 *   --okta-limit 600  calls per minute Okta allows for membership changes
 *   --json FILE       also write the rows as JSON
 *
 * Interrupted (Ctrl-C), it prints the rows measured so far and stops the backend.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import {
  caseA,
  caseB,
  caseC,
  caseD,
  caseE,
  caseF,
  CaseContext,
  Row,
} from './cases';
import { PG_URL, startEnvironment } from './environment';

const CASES = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
/** The long case last, so that an interrupted run has the others. */
const RUN_ORDER = ['a', 'b', 'd', 'e', 'f', 'c'] as const;

function options() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', default: CASES.join(',') },
      scale: { type: 'string', default: '1' },
      expiries: { type: 'string', default: '10000' },
      db: { type: 'string', default: 'sqlite' },
      'pg-url': { type: 'string', default: PG_URL },
      sweep: { type: 'string', default: '10' },
      'okta-limit': { type: 'string', default: '600' },
      json: { type: 'string' },
    },
  });
  const only = values
    .only!.split(',')
    .map(s => s.trim().toLowerCase())
    .filter(Boolean);
  for (const c of only) {
    if (!(CASES as readonly string[]).includes(c))
      throw new Error(`--only: ${c} is not one of ${CASES.join(', ')}`);
  }
  const number = (name: string, value: string | undefined) => {
    const n = Number(value);
    if (!(n > 0))
      throw new Error(`--${name}: ${value} is not a positive number`);
    return n;
  };
  if (values.db !== 'sqlite' && values.db !== 'postgres')
    throw new Error(`--db: ${values.db} is not sqlite or postgres`);
  return {
    only: new Set(only),
    scale: number('scale', values.scale),
    expiries: number('expiries', values.expiries),
    db: values.db as 'sqlite' | 'postgres',
    pgUrl: values['pg-url']!,
    sweepSeconds: number('sweep', values.sweep),
    oktaLimit: number('okta-limit', values['okta-limit']),
    json: values.json,
  };
}

function table(rows: Row[]): string {
  const header = ['case', 'measure', 'figure', 'goal', 'result'];
  const sorted = [...rows].sort((x, y) => x.case.localeCompare(y.case));
  const cells = sorted.map(r => [
    r.case,
    r.measure,
    r.figure,
    r.goal,
    r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const lines = [header, header.map(() => '---'), ...cells];
  return lines.map(cols => `| ${cols.join(' | ')} |`).join('\n');
}

async function main() {
  const opts = options();
  const log = (line: string) =>
    process.stderr.write(
      `[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`,
    );
  const counts = {
    a: opts.only.has('a') ? Math.max(3, Math.round(20 * opts.scale)) : 0,
    b: opts.only.has('b') ? Math.max(3, Math.round(10 * opts.scale)) : 0,
    c: opts.only.has('c')
      ? Math.max(5, Math.round(opts.expiries * opts.scale))
      : 0,
    d: opts.only.has('d') ? 2 * Math.max(3, Math.round(10 * opts.scale)) : 0,
    f: opts.only.has('f') ? 1 : 0,
  };
  const users: Record<string, number> = {};
  let people = 0;
  for (const [name, count] of Object.entries(counts)) {
    users[name] = people;
    people += count;
  }
  const reviewMembers = opts.only.has('e')
    ? Math.max(10, Math.round(20_000 * opts.scale))
    : 0;
  log(
    `${people} bench people in the catalog, ${reviewMembers} in the review group`,
  );
  const env = await startEnvironment(
    {
      db: opts.db,
      pgUrl: opts.pgUrl,
      people: Math.max(1, people),
      reviewMembers,
      sweepSeconds: opts.sweepSeconds,
    },
    log,
  );
  const ctx: CaseContext = {
    env,
    scale: opts.scale,
    expiries: opts.expiries,
    sweepSeconds: opts.sweepSeconds,
    oktaLimit: opts.oktaLimit,
    users,
    log,
  };
  const rows: Row[] = [];
  const run: Record<string, () => Promise<Row[]>> = {
    a: () => caseA(ctx),
    b: () => caseB(ctx),
    c: () => caseC(ctx),
    d: () => caseD(ctx),
    e: () => caseE(ctx, reviewMembers),
    f: () => caseF(ctx),
  };
  let stopping = false;
  const interrupt = async () => {
    if (stopping) return;
    stopping = true;
    log('interrupted: the rows measured so far');
    report(opts, rows);
    await env.close();
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    for (const c of RUN_ORDER) {
      if (!opts.only.has(c)) continue;
      log(`case (${c})`);
      const started = Date.now();
      try {
        rows.push(...(await run[c]()));
      } catch (error) {
        log(
          `case (${c}) could not run: ${String(error?.stack ?? error).slice(0, 2000)}`,
        );
        rows.push({
          case: c,
          measure: 'could not run',
          figure: String(error).split('\n')[0].slice(0, 200),
          goal: '',
          pass: false,
        });
      }
      log(`case (${c}) took ${Math.round((Date.now() - started) / 1000)} s`);
    }
  } finally {
    await env.close();
  }
  report(opts, rows);
}

function report(opts: ReturnType<typeof options>, rows: Row[]) {
  const cpus = os.cpus();
  process.stdout.write(
    `\nAccess governance bench, ${new Date().toISOString().slice(0, 16)}Z, ${opts.db}, scale ${opts.scale}, ` +
      `${cpus.length} × ${cpus[0]?.model.trim()}, Node.js ${process.version}\n\n${table(rows)}\n`,
  );
  if (opts.json) {
    fs.writeFileSync(
      opts.json,
      JSON.stringify(
        { options: { ...opts, only: [...opts.only] }, rows },
        null,
        2,
      ),
    );
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
