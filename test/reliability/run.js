#!/usr/bin/env node
/*
 * `npm run test:reliability [-- --short] [-- --only authorization,races]`: runs the
 * reliability campaigns one after the other with the Node test runner, each printing its
 * figures. `--short` (or RELIABILITY_SHORT=1) runs the sizes CI runs.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const order = [
  'authorization',
  'bad-inputs',
  'races',
  'replicas',
  'faults',
  'crashes',
  'secrets',
];
const args = process.argv.slice(2);
const env = { ...process.env, NO_PROXY: '127.0.0.1,localhost' };
let only;
let tableOnly = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--short') env.RELIABILITY_SHORT = '1';
  else if (args[i] === '--table') tableOnly = true;
  else if (args[i] === '--only') only = args[++i].split(',');
  else if (args[i].startsWith('--only=')) only = args[i].slice(7).split(',');
  else {
    console.error(
      `Unknown option ${args[i]}; use --short and --only a,b (of ${order.join(', ')})`,
    );
    process.exit(2);
  }
}
const root = path.resolve(__dirname, '../..');
const results = path.join(root, 'test/output/reliability/results.jsonl');

/** `--table`: the figures of the last run as one Markdown table, for the README. */
if (tableOnly) {
  const rows = fs.existsSync(results)
    ? fs
        .readFileSync(results, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(l => JSON.parse(l))
    : [];
  console.log(
    '| campaign | database, case | measure | figure | goal | result |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.campaign} | ${r.db} | ${r.measure} | ${r.figure} | ${r.goal} | ${r.pass ? 'PASS' : 'FAIL'} |`,
    );
  }
  process.exit(0);
}
if (!env.RELIABILITY_KEEP_RESULTS) fs.rmSync(results, { force: true });
const files = order
  .filter(name => !only || only.includes(name))
  .map(name => `test/reliability/${name}.test.ts`);
const run = spawnSync(
  process.execPath,
  [
    '--require',
    '@backstage/cli-node/config/nodeTransform.cjs',
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    ...files,
  ],
  { cwd: root, env, stdio: 'inherit' },
);
process.exit(run.status ?? 1);
