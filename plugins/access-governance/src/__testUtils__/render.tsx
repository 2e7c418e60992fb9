import { Entity } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ReactElement } from 'react';
import { accessGovernanceApiRef } from '../api';
import { FakeAccessGovernanceApi, ME } from './FakeAccessGovernanceApi';

export const salesforce: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'salesforce', namespace: 'default' },
  spec: {
    type: 'saas',
    owner: 'group:default/revops',
    access: { roles: [{ id: 'viewer' }] },
  },
};

/** Renders a component of this plugin in a test app, with the fake backend and a signed-in user. */
export function renderWithApi(
  element: ReactElement,
  api: FakeAccessGovernanceApi,
  options: { user?: string; ownership?: string[]; entity?: Entity } = {},
) {
  const user = options.user ?? ME;
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [accessGovernanceApiRef, api],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: user,
            ownershipEntityRefs: options.ownership ?? [user],
          }),
        ],
      ]}
    >
      <EntityProvider entity={options.entity ?? salesforce}>
        {element}
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
