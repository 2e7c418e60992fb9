import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { Entity } from '@backstage/catalog-model';
import { AlphaEntity } from '@backstage/catalog-model/alpha';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  processingResult,
} from '@backstage/plugin-catalog-node';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { readAccessSpec } from '@accessgov/plugin-access-governance-common';
import catalogModuleAccessGovernance from '.';

jest.setTimeout(60_000);

const fixtures = path.resolve(__dirname, '__fixtures__');
const demoCatalog = path.resolve(
  __dirname,
  '../../../packages/backend/catalog',
);

type Server = Parameters<typeof request>[0];

async function startCatalog(
  files: string[],
  extraFeatures: ReturnType<typeof createBackendModule>[] = [],
) {
  const { server } = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleAccessGovernance,
      ...extraFeatures,
      mockServices.database.factory(),
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'Resource',
                  'System',
                  'Group',
                  'User',
                  'Location',
                ],
              },
            ],
            locations: files.map(target => ({ type: 'file', target })),
            processingInterval: { seconds: 1 },
          },
        },
      }),
    ],
  });
  return server as Server;
}

async function getComponent(server: Server, name: string) {
  return request(server).get(
    `/api/catalog/entities/by-name/component/default/${name}`,
  );
}

/** Polls the catalog until `check` passes or the time is up. */
async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 30_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - start > timeoutMs) {
        throw error;
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }
}

async function served(server: Server, name: string): Promise<AlphaEntity> {
  const res = await getComponent(server, name);
  expect(res.status).toBe(200);
  return res.body;
}

function errorMessages(entity: AlphaEntity): string[] {
  return (entity.status?.items ?? [])
    .filter(
      i => i.type === 'backstage.io/catalog-processing' && i.level === 'error',
    )
    .map(i => String(i.error?.message));
}

describe('catalog module access-governance, in the real catalog', () => {
  it('serves a broken declaration with its errors on the entity, and the others untouched', async () => {
    const server = await startCatalog([path.join(fixtures, 'apps.yaml')]);

    const broken = await eventually(() => served(server, 'broken-app'));
    expect(errorMessages(broken)).toEqual([
      'spec.access.roles[0].aproval: unknown field; the fields here are id, title, description, groups, risk, approval, duration, reclaim, breakGlass',
      'spec.access.roles[1].duration.default: PT48H is longer than max PT24H',
    ]);
    // The declaration is served as written, and gives no roles.
    expect(broken.spec?.access).toMatchObject({
      roles: [{ id: 'viewer' }, { id: 'admin' }],
    });
    expect(readAccessSpec(broken)).toMatchObject({ ok: false });

    const good = await eventually(() => served(server, 'good-app'));
    expect(good.status?.items ?? []).toEqual([]);
    expect(readAccessSpec(good)).toMatchObject({
      ok: true,
      spec: { roles: [{ id: 'viewer' }] },
    });

    const plain = await eventually(() => served(server, 'plain-app'));
    expect(plain.status?.items ?? []).toEqual([]);
    expect(plain.spec?.access).toBeUndefined();
  });

  it('serves the demo catalog without a processing error', async () => {
    const files = ['org.yaml', 'apps.yaml'].map(f => path.join(demoCatalog, f));
    const server = await startCatalog(files);
    const apps = [
      'salesforce',
      'github',
      'aws-production',
      'figma',
      'netsuite',
      'wiki',
    ];

    // Waits until every app is served or some entity (a file's location included) has errors.
    const { names, errors } = await eventually(async () => {
      const res = await request(server).get('/api/catalog/entities');
      expect(res.status).toBe(200);
      const entities: AlphaEntity[] = res.body;
      const found = {
        names: entities.map(e => e.metadata.name),
        errors: entities.flatMap(e =>
          errorMessages(e).map(m => `${e.kind}:${e.metadata.name}: ${m}`),
        ),
      };
      const allServed = apps.every(app => found.names.includes(app));
      if (found.errors.length === 0 && !allServed) {
        throw new Error(`Not served yet: ${apps.join(', ')}`);
      }
      return found;
    });
    expect(errors).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(apps));
  });

  it('takes the roles away when a valid declaration breaks, and gives them back when fixed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-catalog-'));
    const file = path.join(dir, 'catalog-info.yaml');
    const write = (risk: string) =>
      fs.writeFileSync(
        file,
        `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: changing-app
spec:
  type: saas
  lifecycle: production
  owner: group:default/platform
  access:
    roles:
      - id: admin
        groups: [Changing-Admin]
        risk: ${risk}
`,
      );
    try {
      write('high');
      const server = await startCatalog([file]);
      await eventually(async () => {
        expect(readAccessSpec(await served(server, 'changing-app')).ok).toBe(
          true,
        );
      });

      write('hihg');
      const broken = await eventually(async () => {
        const entity = await served(server, 'changing-app');
        expect(errorMessages(entity)).toEqual([
          'spec.access.roles[0].risk: hihg is not one of low, medium, high',
        ]);
        return entity;
      });
      expect(readAccessSpec(broken).ok).toBe(false);

      write('high');
      await eventually(async () => {
        const entity = await served(server, 'changing-app');
        expect(errorMessages(entity)).toEqual([]);
        expect(readAccessSpec(entity).ok).toBe(true);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /**
   * What catalog-backend does with a processing error emitted by a processor, which is why
   * this module attaches its errors to the entity instead: the entity is kept out of the
   * catalog when it is new, and kept as it was before when it already existed.
   */
  it('(catalog behaviour) drops the result of a run in which a processor emitted an error', async () => {
    const probe = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'probe',
      register(env) {
        env.registerInit({
          deps: { catalog: catalogProcessingExtensionPoint },
          async init({ catalog }) {
            catalog.addProcessor({
              getProcessorName: () => 'Probe',
              async postProcessEntity(entity: Entity, location, emit) {
                if (entity.metadata.labels?.probe === 'fail') {
                  emit(
                    processingResult.inputError(
                      location,
                      'spec.access.probe: failed',
                    ),
                  );
                }
                return entity;
              },
            });
          },
        });
      },
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-catalog-'));
    const write = (name: string, label: string, title: string) =>
      fs.writeFileSync(
        path.join(dir, `${name}.yaml`),
        `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  title: ${title}
  labels:
    probe: ${label}
spec:
  type: saas
  lifecycle: production
  owner: group:default/platform
`,
      );
    try {
      write('new-app', 'fail', 'New');
      write('existing-app', 'pass', 'Before');
      const server = await startCatalog(
        ['new-app', 'existing-app'].map(n => path.join(dir, `${n}.yaml`)),
        [probe],
      );
      await eventually(() => served(server, 'existing-app'));
      write('existing-app', 'fail', 'After');

      const existing = await eventually(async () => {
        const entity = await served(server, 'existing-app');
        expect(errorMessages(entity)).toEqual(['spec.access.probe: failed']);
        return entity;
      });
      // Served as it was before the change, with the error attached.
      expect(existing.metadata.title).toBe('Before');
      // Never served, so its page cannot show the error.
      expect((await getComponent(server, 'new-app')).status).toBe(404);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
