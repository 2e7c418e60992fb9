import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { isAccessGovernanceAvailable } from './entity';

function entity(kind: string, spec?: JsonObject): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'salesforce' },
    spec,
  };
}

describe('isAccessGovernanceAvailable', () => {
  it('is on for components, resources and systems that declare spec.access', () => {
    const access = { roles: [] };
    expect(isAccessGovernanceAvailable(entity('Component', { access }))).toBe(
      true,
    );
    expect(isAccessGovernanceAvailable(entity('Resource', { access }))).toBe(
      true,
    );
    expect(isAccessGovernanceAvailable(entity('System', { access }))).toBe(
      true,
    );
  });

  it('is off without the block, with a block that is not an object, or on other kinds', () => {
    expect(
      isAccessGovernanceAvailable(entity('Component', { type: 'saas' })),
    ).toBe(false);
    expect(isAccessGovernanceAvailable(entity('Component'))).toBe(false);
    expect(
      isAccessGovernanceAvailable(entity('Component', { access: [] })),
    ).toBe(false);
    expect(
      isAccessGovernanceAvailable(entity('Component', { access: 'yes' })),
    ).toBe(false);
    expect(
      isAccessGovernanceAvailable(entity('User', { access: { roles: [] } })),
    ).toBe(false);
  });
});
