#!/usr/bin/env node
/*
 * Checks that no folder of a package imports, directly or through others, a folder that
 * imports it back: the layers of each plugin stay a graph without cycles.
 *
 *   node scripts/check-layers.js            every package under plugins/ and packages/
 *   node scripts/check-layers.js DIR...     only these package folders
 *
 * A folder is a direct child of the package's src/ (a file directly in src/ is its own node).
 * Exits 1 and prints each cycle found.
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const IMPORT =
  /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(file));
    else if (
      /\.(ts|tsx)$/.test(entry.name) &&
      !/\.test\.tsx?$/.test(entry.name)
    )
      out.push(file);
  }
  return out;
}

/** The node of a file: its top folder under src/, or the file itself when it sits in src/. */
function nodeOf(src, file) {
  const [first, ...rest] = path.relative(src, file).split(path.sep);
  return rest.length ? `${first}/` : first.replace(/\.(ts|tsx)$/, '');
}

function resolveImport(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx'),
  ]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile())
      return candidate;
  }
  return undefined;
}

function graphOf(pkgDir) {
  const src = path.join(pkgDir, 'src');
  const edges = new Map();
  for (const file of sourceFiles(src)) {
    if (file.split(path.sep).includes('__testUtils__')) continue;
    const from = nodeOf(src, file);
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3];
      if (!spec.startsWith('.')) continue;
      const target = resolveImport(file, spec);
      if (!target || !target.startsWith(src + path.sep)) continue;
      const to = nodeOf(src, target);
      if (to === from || to === 'index') continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from).has(to))
        edges.get(from).set(to, path.relative(pkgDir, file));
    }
  }
  return edges;
}

function cyclesOf(edges) {
  const cycles = [];
  const state = new Map();
  const stack = [];
  const visit = node => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node)?.keys() ?? []) {
      if (state.get(next) === 'open')
        cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

const dirs =
  process.argv.length > 2
    ? process.argv.slice(2).map(d => path.resolve(d))
    : ['plugins', 'packages'].flatMap(group =>
        fs
          .readdirSync(path.join(root, group))
          .map(d => path.join(root, group, d)),
      );
let failed = false;
for (const dir of dirs) {
  if (!fs.existsSync(path.join(dir, 'src'))) continue;
  const edges = graphOf(dir);
  for (const cycle of cyclesOf(edges)) {
    failed = true;
    const steps = cycle
      .slice(0, -1)
      .map(
        (node, i) =>
          `${node} → ${cycle[i + 1]} (${edges.get(node).get(cycle[i + 1])})`,
      );
    console.error(
      `${path.relative(root, dir)}: import cycle\n  ${steps.join('\n  ')}`,
    );
  }
}
if (failed) process.exit(1);
console.log(`No import cycle between the folders of ${dirs.length} packages.`);
