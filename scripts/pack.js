#!/usr/bin/env node
/*
 * Builds the seven published packages and packs them into tarballs that install into any Backstage
 * app (`npm install ./*.tgz` or `yarn add ./name.tgz`), until the packages are published.
 *
 *   npm run pack                 -> dist-tarballs/*.tgz
 *   npm run pack -- --out DIR    -> DIR/*.tgz
 *   npm run pack -- --skip-build (packs what the last build left)
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** The packages a platform team installs, in dependency order. */
const PACKAGES = [
  'plugins/access-governance-common',
  'plugins/access-governance-node',
  'plugins/access-governance-backend',
  'plugins/catalog-backend-module-access-governance',
  'plugins/access-governance',
  'plugins/scaffolder-backend-module-access-governance',
  'plugins/access-governance-cli',
];

function parseArgs(argv) {
  const args = { out: path.join(root, 'dist-tarballs'), build: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') args.out = path.resolve(argv[++i]);
    else if (argv[i] === '--skip-build') args.build = false;
    else if (argv[i] === '--help') {
      console.log('Usage: npm run pack [-- --out DIR] [--skip-build]');
      process.exit(0);
    } else throw new Error(`Unknown argument ${argv[i]}`);
  }
  return args;
}

function run(command, args, cwd) {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
}

function pack({ out, build }) {
  const bin = name => path.join(root, 'node_modules', '.bin', name);
  if (build) {
    // Declarations first: each package build bundles its types from dist-types.
    console.log('== type declarations (tsc)');
    run(bin('tsc'), [], root);
    for (const dir of PACKAGES) {
      console.log(`== build ${dir}`);
      run(bin('backstage-cli'), ['package', 'build'], path.join(root, dir));
    }
  }
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const tarballs = [];
  for (const dir of PACKAGES) {
    console.log(`== pack ${dir}`);
    const json = execFileSync(
      'npm',
      ['pack', '--json', '--pack-destination', out],
      {
        cwd: path.join(root, dir),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const [{ filename }] = JSON.parse(json.slice(json.indexOf('[')));
    tarballs.push(path.join(out, filename));
  }
  console.log(`\nTarballs in ${path.relative(process.cwd(), out) || '.'}:`);
  for (const file of tarballs) console.log(`  ${path.basename(file)}`);
  return tarballs;
}

if (require.main === module) {
  try {
    pack(parseArgs(process.argv.slice(2)));
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

module.exports = { pack, PACKAGES };
