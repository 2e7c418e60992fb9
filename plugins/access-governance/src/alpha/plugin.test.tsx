import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import {
  FakeAccessGovernanceApi,
  ME,
  request,
} from '../__testUtils__/FakeAccessGovernanceApi';
import { salesforce } from '../__testUtils__/render';
import { accessGovernanceApiRef } from '../api';
import accessGovernancePlugin, {
  accessInboxPage,
  entityAccessContent,
  entityAccessReviewContent,
} from './plugin';

jest.setTimeout(30_000);

const withoutAccess: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'wiki', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/platform' },
};

const apis = (api: FakeAccessGovernanceApi) =>
  [
    [accessGovernanceApiRef, api],
    mockApis.identity({ userEntityRef: ME, ownershipEntityRefs: [ME] }),
  ] as const;

describe('the access-governance plugin for the frontend system', () => {
  it('is one plugin with the client, both tabs and the inbox', () => {
    expect(accessGovernancePlugin.pluginId).toBe('access-governance');
    expect(Object.keys(accessGovernancePlugin.routes).sort()).toEqual([
      'entityAccess',
      'entityAccessReview',
      'inbox',
    ]);
    for (const id of [
      'api:access-governance',
      'entity-content:access-governance/access',
      'entity-content:access-governance/access-review',
      'entity-content:access-governance/access-bundle',
      'page:access-governance',
    ] as const) {
      expect(accessGovernancePlugin.getExtension(id)).toBeDefined();
    }
  });

  it.each([
    ['Access', 'access', () => createExtensionTester(entityAccessContent)],
    [
      'Access review',
      'access-review',
      () => createExtensionTester(entityAccessReviewContent),
    ],
  ])(
    'shows the %s tab at %s only on entities that declare spec.access',
    (title, path, createTester) => {
      const tester = createTester();
      expect(tester.get(coreExtensionData.routePath)).toBe(path);
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(title);
      const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
      expect(filter?.(salesforce)).toBe(true);
      expect(filter?.(withoutAccess)).toBe(false);
    },
  );

  it('takes the tab path and title from app configuration', () => {
    const tester = createExtensionTester(entityAccessContent, {
      config: { path: 'permissions', title: 'Permissions' },
    });
    expect(tester.get(coreExtensionData.routePath)).toBe('permissions');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Permissions',
    );
  });

  it('takes the entities the tabs show on from app configuration', () => {
    const tester = createExtensionTester(entityAccessReviewContent, {
      config: {
        filter: { kind: 'system', 'spec.access': { $exists: true } },
      },
    });
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(salesforce)).toBe(false);
    expect(filter?.({ ...salesforce, kind: 'System' })).toBe(true);
  });

  it('renders the Access tab of the entity', async () => {
    const api = new FakeAccessGovernanceApi();
    const tester = createExtensionTester(entityAccessContent);
    await renderInTestApp(
      <EntityProvider entity={salesforce}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: apis(api) },
    );
    expect(await screen.findByText('System Admin')).toBeInTheDocument();
    expect(api.callsOf('getApp')).toEqual([['component:default/salesforce']]);
  });

  it('renders the Access review tab of the entity', async () => {
    const api = new FakeAccessGovernanceApi();
    const tester = createExtensionTester(entityAccessReviewContent);
    await renderInTestApp(
      <EntityProvider entity={salesforce}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: apis(api) },
    );
    expect(
      await screen.findByText(
        'No campaigns yet. Reviewers of this app start campaigns.',
      ),
    ).toBeInTheDocument();
  });

  it('puts the inbox at /access with its title and icon for the navigation', () => {
    const tester = createExtensionTester(accessInboxPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/access');
    expect(tester.get(coreExtensionData.title)).toBe('Access');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    expect(tester.get(coreExtensionData.routeRef)).toBe(
      accessGovernancePlugin.routes.inbox,
    );
  });

  it('takes the inbox path and title from app configuration', () => {
    const tester = createExtensionTester(accessInboxPage, {
      config: { path: '/requests', title: 'Requests' },
    });
    expect(tester.get(coreExtensionData.routePath)).toBe('/requests');
    expect(tester.get(coreExtensionData.title)).toBe('Requests');
  });

  it('serves the inbox in an app, under the header the app renders, not a second one', async () => {
    const api = new FakeAccessGovernanceApi();
    api.requests = [request({ id: 'sf', requester: 'user:default/bob' })];
    renderTestApp({
      features: [accessGovernancePlugin],
      initialRouteEntries: ['/access'],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
      apis: [
        [accessGovernanceApiRef, api],
        mockApis.identity({
          userEntityRef: ME,
          ownershipEntityRefs: [ME, 'group:default/revops'],
        }),
      ],
    });
    expect(
      await screen.findByRole('tab', { name: 'Waiting on me (1)' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Access inbox')).toBeInTheDocument();
    expect(
      screen.getAllByRole('heading', { level: 1, name: 'Access' }),
    ).toHaveLength(1);
    expect(
      screen.queryByText('Your requests and the approvals waiting on you'),
    ).not.toBeInTheDocument();
  });
});
