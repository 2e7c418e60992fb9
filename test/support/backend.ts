import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The repository root. */
export const root = path.resolve(__dirname, '../..');

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls a URL until it answers 200, or fails after `timeoutMs`. */
export async function waitForUrl(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) {
      throw new Error(`The process serving ${url} exited with code ${child.exitCode}`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise(r => setTimeout(r, 500));
  }
}

/** Polls until `fn` gives a truthy value. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined | false | null>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    await new Promise(r => setTimeout(r, 500));
  }
}

/** A scratch folder for one run, under the git-ignored test output folder. */
export function scratchDir(name: string): string {
  const dir = path.join(root, 'test', 'output', `${name}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes a YAML (JSON is YAML) configuration file. */
export function writeConfig(dir: string, name: string, config: object): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/**
 * Starts a command in its own process group, with its output in a log file, and returns a
 * function that stops the whole group.
 */
export function startProcess(
  command: string,
  args: string[],
  options: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string },
) {
  const log = fs.openSync(options.logFile, 'w');
  const child = spawn(command, args, {
    cwd: options.cwd ?? root,
    env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', ...options.env },
    stdio: ['ignore', log, log],
    detached: true,
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const exited = new Promise(r => child.once('exit', r));
    const timeout = new Promise(r => setTimeout(r, 10_000));
    await Promise.race([exited, timeout]);
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    }
  };
  return { child, stop, tail: () => fs.readFileSync(options.logFile, 'utf8').split('\n').slice(-40).join('\n') };
}

export const tmp = os.tmpdir();
