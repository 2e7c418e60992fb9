/*
 * A short run of the bench (`npm run bench`), at tiny sizes, so that it keeps running: it
 * starts the backend, measures cases (a) and (b) (about two minutes: (b) waits for grants of
 * one minute, the shortest a role may give), and prints its table.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { root } from '../support/backend';

describe('the bench', () => {
  it('runs cases (a) and (b) at tiny sizes and prints their figures and goals', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--require',
        '@backstage/cli-node/config/nodeTransform.cjs',
        'test/bench/bench.ts',
        '--scale',
        '0.01',
        '--only',
        'a,b',
        '--sweep',
        '5',
      ],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 600_000,
        env: { ...process.env, NO_PROXY: '127.0.0.1,localhost' },
      },
    );
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const rows = run.stdout
      .split('\n')
      .filter(line => /^\| [ab] \|/.test(line));
    assert.ok(rows.length >= 2, run.stdout);
    assert.ok(!rows.some(row => row.includes('could not run')), run.stdout);
    assert.match(
      run.stdout,
      /\| a \| auto-approved request → member \+ issue, p50 .*\| ≤ 300 ms \| (PASS|FAIL) \|/,
    );
    assert.match(
      run.stdout,
      /\| b \| expiry lag, worst of 3 \(sweep every 5 s\) \| \d+ ms .*\| (PASS|FAIL) \|/,
    );
  });
});
