import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { AccessSpecProcessor } from './AccessSpecProcessor';

const location = { type: 'file', target: '/catalog-info.yaml' };

function component(spec: Record<string, unknown>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'salesforce' },
    spec: { type: 'saas', lifecycle: 'production', owner: 'revops', ...spec },
  };
}

async function run(entity: Entity) {
  const emitted: CatalogProcessorResult[] = [];
  const result = await new AccessSpecProcessor().postProcessEntity(
    entity,
    location,
    r => emitted.push(r),
  );
  return { result, emitted };
}

describe('AccessSpecProcessor', () => {
  it('leaves entities without spec.access untouched', async () => {
    const entity = component({});
    const { result, emitted } = await run(entity);
    expect(result).toBe(entity);
    expect(emitted).toEqual([]);
  });

  it('reports a spec.access that is not an object as an error on the entity', async () => {
    const { emitted } = await run(component({ access: ['viewer'] }));
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({
      type: 'error',
      location,
      error: expect.objectContaining({ name: 'InputError' }),
    });
  });
});
