/*
 * The tarballs `npm run pack` makes are what a platform team installs into its own Backstage
 * until the packages are published. This test packs them, reads each one as npm would publish
 * it, and installs them together into an empty project to prove they resolve.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pack, PACKAGES } = require(path.join(root, 'scripts/pack.js')) as {
  pack(options: { out: string; build: boolean }): string[];
  PACKAGES: string[];
};

type PackageJson = {
  name: string;
  private?: boolean;
  main?: string;
  module?: string;
  types?: string;
  configSchema?: string;
  exports?: Record<string, string | Record<string, string>>;
  typesVersions?: Record<string, Record<string, string[]>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  backstage?: { role?: string };
};

type Tarball = {
  file: string;
  files: Set<string>;
  manifest: PackageJson;
  source: PackageJson;
};

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'accessgov-pack-'));
const tarballs = new Map<string, Tarball>();

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function tarList(file: string): Set<string> {
  const out = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' });
  return new Set(
    out
      .split('\n')
      .filter(Boolean)
      .map(name => name.replace(/^package\//, '')),
  );
}

function tarRead(file: string, member: string): string {
  return execFileSync('tar', ['-xzOf', file, `package/${member}`], {
    encoding: 'utf8',
  });
}

/** Every file an entry point of the manifest names, with the field it came from. */
function entryPoints(manifest: PackageJson): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const field of ['main', 'module', 'types', 'configSchema'] as const) {
    const value = manifest[field];
    if (value) entries.push([field, value]);
  }
  for (const [key, target] of Object.entries(manifest.exports ?? {})) {
    if (typeof target === 'string') entries.push([`exports["${key}"]`, target]);
    else {
      for (const [condition, value] of Object.entries(target)) {
        if (condition !== 'backstage') {
          entries.push([`exports["${key}"].${condition}`, value]);
        }
      }
    }
  }
  for (const [key, targets] of Object.entries(
    manifest.typesVersions?.['*'] ?? {},
  )) {
    for (const target of targets)
      entries.push([`typesVersions["${key}"]`, target]);
  }
  return entries;
}

before(() => {
  const files = pack({ out: path.join(work, 'tarballs'), build: true });
  assert.equal(files.length, PACKAGES.length);
  for (const [index, file] of files.entries()) {
    const source = readJson<PackageJson>(
      path.join(root, PACKAGES[index], 'package.json'),
    );
    const manifest = JSON.parse(tarRead(file, 'package.json')) as PackageJson;
    tarballs.set(manifest.name, {
      file,
      files: tarList(file),
      manifest,
      source,
    });
  }
});

after(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the plugin tarballs', () => {
  it('pack the seven packages a platform team installs, none of them private', () => {
    assert.deepEqual([...tarballs.keys()].sort(), [
      '@accessgov/access',
      '@accessgov/plugin-access-governance',
      '@accessgov/plugin-access-governance-backend',
      '@accessgov/plugin-access-governance-common',
      '@accessgov/plugin-access-governance-node',
      '@accessgov/plugin-catalog-backend-module-access-governance',
      '@accessgov/plugin-scaffolder-backend-module-access-governance',
    ]);
    for (const { manifest } of tarballs.values()) {
      assert.notEqual(manifest.private, true, `${manifest.name} is private`);
    }
  });

  it('point every entry point at a built file in the tarball, never at src', () => {
    for (const { manifest, files } of tarballs.values()) {
      const entries = entryPoints(manifest);
      assert.ok(
        entries.some(([field]) => field === 'main'),
        `${manifest.name} has no main`,
      );
      for (const [field, target] of entries) {
        const file = path.posix.normalize(target);
        assert.ok(
          !file.startsWith('src/'),
          `${manifest.name} ${field} points at ${target}`,
        );
        if (!file.endsWith('package.json')) {
          assert.ok(
            files.has(file),
            `${manifest.name} ${field}: ${target} is not in the tarball`,
          );
        }
      }
      assert.ok(
        ![...files].some(f => f.startsWith('src/')),
        `${manifest.name} ships src/`,
      );
    }
  });

  it('keep every subpath export of the workspace package', () => {
    for (const { manifest, source } of tarballs.values()) {
      assert.deepEqual(
        Object.keys(manifest.exports ?? {}).sort(),
        Object.keys(source.exports ?? {}).sort(),
        `${manifest.name} exports`,
      );
    }
  });

  it('carry their configuration schema as JSON', () => {
    for (const { manifest, files, file, source } of tarballs.values()) {
      if (!source.configSchema) continue;
      assert.ok(
        manifest.configSchema?.endsWith('.json'),
        `${manifest.name} configSchema`,
      );
      assert.ok(
        files.has(manifest.configSchema!),
        `${manifest.name} has no ${manifest.configSchema}`,
      );
      const schema = JSON.parse(tarRead(file, manifest.configSchema!));
      assert.ok(
        schema.properties?.accessGovernance ||
          schema.properties?.app ||
          schema.schemas,
      );
    }
    const backend = tarballs.get(
      '@accessgov/plugin-access-governance-backend',
    )!;
    const schema = JSON.parse(
      tarRead(backend.file, backend.manifest.configSchema!),
    );
    const text = JSON.stringify(schema);
    for (const key of ['providers', 'jira', 'schedule', 'admins']) {
      assert.ok(
        text.includes(`"${key}"`),
        `backend config schema lacks ${key}`,
      );
    }
  });

  it('ship the backend migrations and the JSON Schema of spec.access', () => {
    const backend = tarballs.get(
      '@accessgov/plugin-access-governance-backend',
    )!;
    const migrations = fs
      .readdirSync(
        path.join(root, 'plugins/access-governance-backend/migrations'),
      )
      .filter(name => name.endsWith('.js'));
    assert.ok(migrations.length > 0);
    for (const name of migrations) {
      assert.ok(
        backend.files.has(`migrations/${name}`),
        `migration ${name} is missing`,
      );
    }
    const common = tarballs.get('@accessgov/plugin-access-governance-common')!;
    const schema = JSON.parse(
      tarRead(common.file, 'schema/catalog-info.schema.json'),
    );
    assert.match(JSON.stringify(schema), /"access"/);
  });

  it('depend only on published packages and on each other', () => {
    const ours = new Set(tarballs.keys());
    for (const { manifest } of tarballs.values()) {
      for (const [name, range] of Object.entries({
        ...manifest.dependencies,
        ...manifest.peerDependencies,
      })) {
        assert.ok(
          !/^(workspace|file|link):/.test(range),
          `${manifest.name} → ${name}@${range}`,
        );
        if (name.startsWith('@accessgov/')) {
          assert.ok(
            ours.has(name),
            `${manifest.name} depends on ${name}, which is not packed`,
          );
        }
      }
    }
  });

  it('install together into an empty project and load', () => {
    const project = path.join(work, 'app');
    fs.mkdirSync(project);
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'scratch-app', private: true, dependencies: {} }),
    );
    const files = [...tarballs.values()].map(t => t.file);
    execFileSync(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--ignore-scripts',
        ...files,
      ],
      { cwd: project, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    // Backend and shared packages are loaded by Node as a backend loads them. A frontend
    // package is loaded by the app's bundler, which resolves what Node's ESM loader does not
    // (directory imports such as `@material-ui/core/Box`): every module it imports must be
    // installed, and its entry points must declare what the README tells adopters to use.
    const frontend = [...tarballs.values()].filter(
      t => t.source.backstage?.role === 'frontend-plugin',
    );
    const backend = [...tarballs.keys()].filter(
      name => !frontend.some(t => t.manifest.name === name),
    );
    const script = `
      const out = {};
      for (const name of ${JSON.stringify(backend)}) {
        const m = await import(name);
        const feature = m.default?.default ?? m.default;
        out[name] = { keys: Object.keys(m).sort(), type: feature?.$$type ?? null };
      }
      console.log(JSON.stringify(out));
    `;
    const loaded = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: project,
        encoding: 'utf8',
      }),
    ) as Record<string, { keys: string[]; type: string | null }>;
    for (const { manifest, files } of frontend) {
      const dir = path.join(project, 'node_modules', manifest.name);
      const unresolved = new Set<string>();
      for (const file of [...files].filter(f => f.endsWith('.esm.js'))) {
        const text = fs.readFileSync(path.join(dir, file), 'utf8');
        for (const match of text.matchAll(
          /(?:from|import)\s*\(?\s*['"]([^'"./][^'"]*)['"]/g,
        )) {
          try {
            require.resolve(match[1], { paths: [dir] });
          } catch {
            unresolved.add(match[1]);
          }
        }
      }
      assert.deepEqual(
        [...unresolved],
        [],
        `${manifest.name} imports what is not installed`,
      );
      const types = fs.readFileSync(path.join(dir, manifest.types!), 'utf8');
      for (const name of [
        'EntityAccessContent',
        'EntityAccessReviewContent',
        'AccessInboxPage',
        'isAccessGovernanceAvailable',
      ]) {
        assert.match(
          types,
          new RegExp(`\\b${name}\\b`),
          `${manifest.name} declares ${name}`,
        );
      }
      if (manifest.exports?.['./alpha']) {
        const alpha = manifest.exports['./alpha'] as Record<string, string>;
        const alphaTypes = fs.readFileSync(path.join(dir, alpha.types), 'utf8');
        assert.match(
          alphaTypes,
          /FrontendPlugin/,
          `${manifest.name}/alpha declares a frontend plugin`,
        );
        assert.match(
          alphaTypes,
          /export \{[^}]*\bas default\b|export default/,
          `${manifest.name}/alpha has a default export`,
        );
      }
    }
    assert.equal(
      loaded['@accessgov/plugin-access-governance-backend'].type,
      '@backstage/BackendFeature',
    );
    assert.equal(
      loaded['@accessgov/plugin-catalog-backend-module-access-governance'].type,
      '@backstage/BackendFeature',
    );
    assert.ok(
      loaded['@accessgov/plugin-access-governance-node'].keys.includes(
        'accessGovernanceProvidersExtensionPoint',
      ),
    );
    assert.ok(
      loaded['@accessgov/plugin-access-governance-common'].keys.includes(
        'isAccessGovernanceAvailable',
      ),
    );
    assert.equal(
      loaded['@accessgov/plugin-scaffolder-backend-module-access-governance']
        .type,
      '@backstage/BackendFeature',
    );
    assert.ok(loaded['@accessgov/access'].keys.includes('main'));
    // `npx @accessgov/access` runs the package's `access` bin.
    const help = execFileSync(
      path.join(project, 'node_modules', '.bin', 'access'),
      ['--help'],
      { cwd: project, encoding: 'utf8' },
    );
    assert.match(help, /^Usage: access <command>/);
  });
});
