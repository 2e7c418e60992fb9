#!/usr/bin/env node
/*
 * Starts the backend alone: `npm run start:backend -- --config extra.yaml …`.
 *
 * The configuration is app-config.yaml (and app-config.local.yaml when present) from the
 * repository root, then every `--config FILE` given here, in order: later files win.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const cwd = process.env.INIT_CWD || process.cwd();

const configs = [path.join(root, 'app-config.yaml')];
const local = path.join(root, 'app-config.local.yaml');
if (fs.existsSync(local)) {
  configs.push(local);
}

const passThrough = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  let file;
  if (arg === '--config') {
    file = args[++i];
    if (!file) {
      console.error('--config needs a file');
      process.exit(2);
    }
  } else if (arg.startsWith('--config=')) {
    file = arg.slice('--config='.length);
  } else {
    passThrough.push(arg);
    continue;
  }
  const resolved = path.resolve(cwd, file);
  if (!fs.existsSync(resolved)) {
    console.error(`Configuration file not found: ${resolved}`);
    process.exit(2);
  }
  configs.push(resolved);
}

const cli = require.resolve('@backstage/cli/bin/backstage-cli');
const child = spawn(
  process.execPath,
  [cli, 'package', 'start', ...configs.flatMap(c => ['--config', c]), ...passThrough],
  { cwd: path.resolve(__dirname, '..'), stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
