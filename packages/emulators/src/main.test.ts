import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A port nothing listens on, found by listening on port 0. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        done(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

function httpsStatus(url: string, ca: string): Promise<number> {
  return new Promise((done, fail) => {
    https
      .get(url, { ca }, res => {
        res.resume();
        done(res.statusCode ?? 0);
      })
      .once('error', fail);
  });
}

/** Runs `src/main.ts` as `npm run emulators` does, with the given arguments and environment. */
function startCli(args: string[], env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      resolve(__dirname, 'main.ts'),
      ...args,
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', chunk => {
    output += chunk;
  });
  child.stderr!.on('data', chunk => {
    output += chunk;
  });
  const exited = new Promise<number | null>(done =>
    child.once('exit', code => done(code)),
  );
  /** Resolves when the emulators listen; rejects when the process exits first. */
  const ready = () =>
    new Promise<void>((done, fail) => {
      const timer = setInterval(() => {
        if (output.includes('Control')) {
          clearInterval(timer);
          done();
        }
      }, 50);
      exited.then(code => {
        clearInterval(timer);
        fail(new Error(`The emulators exited with ${code}:\n${output}`));
      });
    });
  return { child, exited, ready, output: () => output };
}

describe('npm run emulators', () => {
  let running: ChildProcess | undefined;
  let certDir: string;

  beforeEach(() => {
    certDir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
  });
  afterEach(() => {
    if (running && running.exitCode === null) running.kill('SIGKILL');
    running = undefined;
    rmSync(certDir, { recursive: true, force: true });
  });

  it('listens on the ports of the flags and environment variables, and stops on SIGTERM', async () => {
    const [okta, graph, jira, ignored] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const cli = startCli(
      ['--okta-port', String(okta), `--graph-port=${graph}`],
      {
        EMULATOR_OKTA_PORT: String(ignored),
        EMULATOR_JIRA_PORT: String(jira),
        EMULATOR_CERT_DIR: certDir,
      },
    );
    running = cli.child;
    await cli.ready();

    expect(cli.output()).toContain(`http://127.0.0.1:${okta}`);
    expect(cli.output()).toContain(`https://127.0.0.1:${graph}/v1.0`);
    expect(cli.output()).toContain(`http://127.0.0.1:${jira}`);
    const oktaState = await fetch(`http://127.0.0.1:${okta}/__emulator/state`);
    expect(oktaState.status).toBe(200);
    expect(Object.keys((await oktaState.json()).users).length).toBeGreaterThan(
      0,
    );
    const ca = readFileSync(join(certDir, 'ca.pem'), 'utf8');
    expect(
      await httpsStatus(`https://127.0.0.1:${graph}/__emulator/state`, ca),
    ).toBe(200);
    const me = await fetch(`http://127.0.0.1:${jira}/rest/api/3/myself`, {
      headers: { Authorization: 'Bearer demo-jira-token' },
    });
    expect((await me.json()).emailAddress).toBe('access-bot@example.com');
    await expect(
      fetch(`http://127.0.0.1:${ignored}/__emulator/state`),
    ).rejects.toThrow();

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    await expect(
      fetch(`http://127.0.0.1:${jira}/__emulator/state`),
    ).rejects.toThrow();
  });

  it('prints its options with --help and refuses a port that is not a number', async () => {
    const help = startCli(['--help'], {});
    running = help.child;
    expect(await help.exited).toBe(0);
    for (const name of [
      '--okta-port',
      '--graph-port',
      '--jira-port',
      'EMULATOR_OKTA_PORT',
      'EMULATOR_GRAPH_PORT',
      'EMULATOR_JIRA_PORT',
    ]) {
      expect(help.output()).toContain(name);
    }

    const bad = startCli([], { EMULATOR_JIRA_PORT: 'jira' });
    running = bad.child;
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain(
      "EMULATOR_JIRA_PORT must be a port number from 0 to 65535, got 'jira'",
    );
  });
});
