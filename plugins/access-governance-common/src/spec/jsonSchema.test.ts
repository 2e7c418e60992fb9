import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Entity } from '@backstage/catalog-model';
import {
  catalogInfoJsonSchema,
  renderCatalogInfoJsonSchema,
} from './jsonSchema';
import { formatAccessSpecError, readAccessSpec } from './readAccessSpec';

const schemaFile = path.resolve(
  __dirname,
  '../../schema/catalog-info.schema.json',
);
const demoCatalogDir = path.resolve(
  __dirname,
  '../../../../packages/backend/catalog',
);
const demoCatalogFiles = fs
  .readdirSync(demoCatalogDir)
  .filter(name => name.endsWith('.yaml'))
  .map(name => path.join(demoCatalogDir, name));

function readDocuments(file: string): Entity[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map(doc => {
    if (doc.errors.length > 0) {
      // The catalog rejects the whole file when one of its documents is not valid YAML.
      throw new Error(`${file}: ${doc.errors.map(e => e.message).join('\n')}`);
    }
    return doc.toJS() as Entity;
  });
}

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
}

describe('catalog-info.schema.json', () => {
  it('is the generation of the current spec.access definition', () => {
    // When this fails, run: npm run generate:schema -w @accessgov/plugin-access-governance-common
    expect(fs.readFileSync(schemaFile, 'utf8')).toBe(
      renderCatalogInfoJsonSchema(),
    );
  });

  it('accepts every document of the demo catalog', () => {
    const validate = validator();
    expect(demoCatalogFiles.length).toBeGreaterThan(0);
    for (const file of demoCatalogFiles) {
      for (const entity of readDocuments(file)) {
        const valid = validate(entity);
        expect({
          entity: entity.metadata.name,
          errors: validate.errors ?? [],
        }).toEqual({
          entity: entity.metadata.name,
          errors: [],
        });
        expect(valid).toBe(true);
      }
    }
  });

  it('flags in the editor what the catalog reports for a field', () => {
    const validate = validator();
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'salesforce', anything: { goes: true } },
      spec: {
        type: 'saas',
        whatever: 1,
        access: {
          roles: [
            {
              id: 'Admin',
              risk: 'critical',
              aproval: 'owner',
              approval: 'ownr',
            },
            { id: 'viewer', duration: { max: '24h' } },
          ],
        },
      },
    };
    expect(validate(entity)).toBe(false);
    expect(
      (validate.errors ?? []).map(e => `${e.instancePath} ${e.keyword}`).sort(),
    ).toEqual([
      '/spec/access/roles/0 additionalProperties',
      '/spec/access/roles/0/approval anyOf',
      '/spec/access/roles/0/approval pattern',
      '/spec/access/roles/0/approval type',
      '/spec/access/roles/0/id pattern',
      '/spec/access/roles/0/risk enum',
      '/spec/access/roles/1/duration/max pattern',
    ]);
  });

  it('checks only spec.access, wherever the document has other fields', () => {
    const validate = validator();
    expect(
      validate({ kind: 'Group', spec: { type: 'team', children: [] } }),
    ).toBe(true);
    expect(catalogInfoJsonSchema()).not.toHaveProperty('required');
  });

  it('is the schema the demo catalog points editors at', () => {
    const apps = fs.readFileSync(
      path.join(demoCatalogDir, 'apps.yaml'),
      'utf8',
    );
    const match = apps.match(/^# yaml-language-server: \$schema=(.+)$/m);
    expect(match).not.toBeNull();
    expect(path.resolve(demoCatalogDir, match![1].trim())).toBe(schemaFile);
  });
});

describe('the demo catalog', () => {
  it('declares only valid access roles', () => {
    const declaring = demoCatalogFiles
      .flatMap(readDocuments)
      .filter(entity => entity.spec?.access !== undefined);
    expect(declaring.length).toBeGreaterThan(0);
    for (const entity of declaring) {
      const result = readAccessSpec(entity);
      expect({
        entity: entity.metadata.name,
        errors: result.ok ? [] : result.errors.map(formatAccessSpecError),
      }).toEqual({ entity: entity.metadata.name, errors: [] });
    }
  });
});
