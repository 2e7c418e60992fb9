import { Entity } from '@backstage/catalog-model';
import { AlphaEntity } from '@backstage/catalog-model/alpha';
import { ENTITY_STATUS_CATALOG_PROCESSING_TYPE } from '@backstage/catalog-client';
import {
  AccessSpecProcessor,
  CATALOG_PROCESSING_STATUS_TYPE,
} from './AccessSpecProcessor';

function entity(kind: string, access?: unknown): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'salesforce' },
    spec: {
      type: 'saas',
      owner: 'revops',
      ...(access !== undefined && { access: access as any }),
    },
  };
}

const processor = new AccessSpecProcessor();

describe('AccessSpecProcessor', () => {
  it('leaves entities without spec.access, and other kinds, untouched', async () => {
    for (const e of [entity('Component'), entity('Group', 'anything')]) {
      await expect(processor.postProcessEntity(e)).resolves.toBe(e);
    }
  });

  it('passes a valid block through unchanged', async () => {
    const e = entity('Resource', { roles: [{ id: 'viewer', risk: 'low' }] });
    const before = JSON.stringify(e);
    const result = await processor.postProcessEntity(e);
    expect(result).toBe(e);
    expect(JSON.stringify(result)).toBe(before);
  });

  it('attaches one catalog processing error per problem, naming the field', async () => {
    const e = entity('System', {
      roles: [
        { id: 'viewer', risk: 'critical' },
        {
          id: 'viewer',
          risk: 'high',
          duration: { default: 'PT48H', max: 'PT24H' },
        },
      ],
    });
    const result = (await processor.postProcessEntity(e)) as AlphaEntity;
    expect(result.spec).toEqual(e.spec);
    expect(result.status?.items).toEqual([
      {
        type: ENTITY_STATUS_CATALOG_PROCESSING_TYPE,
        level: 'error',
        message:
          'InputError: spec.access.roles[0].risk: critical is not one of low, medium, high',
        error: {
          name: 'InputError',
          message:
            'spec.access.roles[0].risk: critical is not one of low, medium, high',
        },
      },
      expect.objectContaining({
        message: expect.stringContaining(
          'spec.access.roles[1].id: viewer is already the id of roles[0]',
        ),
      }),
      expect.objectContaining({
        message:
          'InputError: spec.access.roles[1].duration.default: PT48H is longer than max PT24H',
      }),
    ]);
    expect(CATALOG_PROCESSING_STATUS_TYPE).toBe(
      ENTITY_STATUS_CATALOG_PROCESSING_TYPE,
    );
    // The entity it was given is not changed.
    expect((e as AlphaEntity).status).toBeUndefined();
  });

  it('reports a block that is not a mapping', async () => {
    const result = (await processor.postProcessEntity(
      entity('Component', ['viewer']),
    )) as AlphaEntity;
    expect(result.status?.items?.map(i => i.message)).toEqual([
      'InputError: spec.access must be a mapping of fields with a list of roles',
    ]);
  });

  it('checks the roles of an access bundle, naming the field', async () => {
    const bundle = (roles: unknown): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'revops-onboarding' },
      spec: { type: 'access-bundle', owner: 'revops', roles: roles as any },
    });
    const good = bundle([
      { app: 'component:default/salesforce', role: 'standard' },
    ]);
    await expect(processor.postProcessEntity(good)).resolves.toBe(good);
    const bad = (await processor.postProcessEntity(
      bundle([
        { app: 'component:default/salesforce', role: 'standard' },
        { app: 'component:default/salesforce', role: 'standard' },
        { app: 'component:default/outreach', rol: 'user' },
      ]),
    )) as AlphaEntity;
    const messages = bad.status!.items!.map(i => i.error!.message);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/^spec\.roles\[2\]/)]),
    );
  });
});
