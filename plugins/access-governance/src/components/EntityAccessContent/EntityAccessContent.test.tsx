import { Entity } from '@backstage/catalog-model';
import { JsonValue } from '@backstage/types';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { EntityAccessContent } from './EntityAccessContent';

function app(access: JsonValue): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'salesforce' },
    spec: { type: 'saas', owner: 'revops', access },
  };
}

describe('EntityAccessContent', () => {
  it('lists the roles the app declares', async () => {
    await renderInTestApp(
      <EntityProvider
        entity={app({
          roles: [
            { id: 'viewer', title: 'Viewer', description: 'Read-only dashboards', risk: 'low' },
            { id: 'admin', title: 'System Admin', risk: 'high' },
          ],
        })}
      >
        <EntityAccessContent />
      </EntityProvider>,
    );
    expect(screen.getByText('Viewer')).toBeInTheDocument();
    expect(screen.getByText('Read-only dashboards')).toBeInTheDocument();
    expect(screen.getByText('System Admin')).toBeInTheDocument();
    expect(screen.getByText('high')).toBeInTheDocument();
  });

  it('says what to do when no roles are declared', async () => {
    await renderInTestApp(
      <EntityProvider entity={app({ roles: [] })}>
        <EntityAccessContent />
      </EntityProvider>,
    );
    expect(
      screen.getByText(/No roles are declared for this app/),
    ).toBeInTheDocument();
  });
});
