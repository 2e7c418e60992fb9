#!/usr/bin/env node
/*
 * Checks that every installed package accepts the Node.js running this script, as npm's
 * EBADENGINE check does: `node scripts/check-engines.js` under each promised Node version.
 * Exits 1 and names the packages that do not.
 */
const fs = require('node:fs');
const path = require('node:path');
const semver = require('semver');

const root = path.resolve(__dirname, '..');
const version = process.version;

function* packageDirs(nodeModules) {
  let entries;
  try {
    entries = fs.readdirSync(nodeModules, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const dir = path.join(nodeModules, entry.name);
    if (entry.name.startsWith('@')) {
      for (const scoped of fs.readdirSync(dir, { withFileTypes: true })) {
        if (scoped.isDirectory()) yield path.join(dir, scoped.name);
      }
    } else if (entry.isDirectory()) {
      yield dir;
    }
  }
}

function* allPackages(nodeModules) {
  for (const dir of packageDirs(nodeModules)) {
    yield dir;
    yield* allPackages(path.join(dir, 'node_modules'));
  }
}

const offenders = [];
let checked = 0;
const roots = [path.join(root, 'node_modules')];
for (const group of ['plugins', 'packages']) {
  for (const dir of fs.readdirSync(path.join(root, group))) {
    roots.push(path.join(root, group, dir, 'node_modules'));
  }
}
for (const nodeModules of roots) {
  for (const dir of allPackages(nodeModules)) {
    let pkg;
    try {
      pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    checked++;
    const range = pkg.engines?.node;
    if (typeof range !== 'string' || !semver.validRange(range)) continue;
    if (!semver.satisfies(version, range, { includePrerelease: true })) {
      offenders.push(
        `${pkg.name}@${pkg.version} wants node ${range} (${path.relative(root, dir)})`,
      );
    }
  }
}

if (offenders.length) {
  console.error(
    `${offenders.length} of ${checked} installed packages do not accept Node ${version}:`,
  );
  for (const line of [...new Set(offenders)].sort()) console.error(`  ${line}`);
  process.exit(1);
}
console.log(`All ${checked} installed packages accept Node ${version}.`);
