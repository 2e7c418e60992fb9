import { AccessBundleView } from '@accessgov/plugin-access-governance-common';
import { Entity } from '@backstage/catalog-model';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeAccessGovernanceApi } from '../../__testUtils__/FakeAccessGovernanceApi';
import { renderWithApi } from '../../__testUtils__/render';
import { responseError } from '../../__testUtils__/responses';
import { EntityAccessBundleContent } from './EntityAccessBundleContent';

jest.setTimeout(30_000);

const REF = 'resource:default/revops-onboarding';
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'revops-onboarding',
    namespace: 'default',
    title: 'RevOps onboarding',
  },
  spec: { type: 'access-bundle', owner: 'group:default/revops', roles: [] },
};

function bundle(): AccessBundleView {
  return {
    entityRef: REF,
    title: 'RevOps onboarding',
    description: 'What a new RevOps colleague needs',
    roles: [
      {
        entityRef: 'component:default/salesforce',
        roleId: 'standard',
        appTitle: 'Salesforce',
        roleTitle: 'Standard user',
        state: 'available',
      },
      {
        entityRef: 'component:default/outreach',
        roleId: 'user',
        appTitle: 'Outreach',
        roleTitle: 'User',
        state: 'held',
        grantExpiresAt: null,
      },
      {
        entityRef: 'component:default/netsuite',
        roleId: 'viewer',
        appTitle: 'NetSuite',
        roleTitle: 'Viewer',
        state: 'available',
      },
    ],
    asks: [],
  };
}

describe('EntityAccessBundleContent', () => {
  it('shows the roles across apps and where I stand on each', async () => {
    const api = new FakeAccessGovernanceApi();
    api.bundles[REF] = bundle();
    await renderWithApi(<EntityAccessBundleContent />, api, { entity });

    expect(await screen.findByText('Standard user')).toBeInTheDocument();
    expect(
      screen.getByText('What a new RevOps colleague needs'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Not requested')).toHaveLength(2);
    expect(screen.getByText(/You hold it/)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Request the 2 missing roles' }),
    ).toBeInTheDocument();
  });

  it('requests the missing roles with one justification and duration, then shows the progress', async () => {
    const api = new FakeAccessGovernanceApi();
    api.bundles[REF] = bundle();
    const user = userEvent.setup();
    await renderWithApi(<EntityAccessBundleContent />, api, { entity });

    await user.click(
      await screen.findByRole('button', {
        name: 'Request the 2 missing roles',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        /Standard user on Salesforce, Viewer on NetSuite/,
      ),
    ).toBeInTheDocument();
    const send = within(dialog).getByRole('button', {
      name: 'Send 2 requests',
    });
    expect(send).toBeDisabled();
    await user.type(
      within(dialog).getByRole('textbox', { name: /Justification/ }),
      'Joining RevOps',
    );
    await user.click(within(dialog).getByRole('button', { name: /Duration/ }));
    await user.click(await screen.findByRole('option', { name: '30 d' }));
    await user.click(send);

    expect(api.callsOf('requestBundle')).toEqual([
      [REF, { justification: 'Joining RevOps', duration: 'P30D' }],
    ]);
    expect(
      await screen.findAllByText('Requested: Pending approval'),
    ).toHaveLength(2);
    expect(
      screen.getByText('You hold or have requested every role of this bundle.'),
    ).toBeInTheDocument();
    expect(screen.getByText(/“Joining RevOps”/)).toBeInTheDocument();
  });

  it('shows a refusal that names the role in the dialog', async () => {
    const api = new FakeAccessGovernanceApi();
    api.bundles[REF] = bundle();
    api.failures.requestBundle = () =>
      responseError(
        400,
        'InputError',
        'duration: Standard user on Salesforce: P90D is longer than max P30D',
      );
    const user = userEvent.setup();
    await renderWithApi(<EntityAccessBundleContent />, api, { entity });

    await user.click(
      await screen.findByRole('button', {
        name: 'Request the 2 missing roles',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await user.type(
      within(dialog).getByRole('textbox', { name: /Justification/ }),
      'Joining RevOps',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Send 2 requests' }),
    );
    expect(
      await within(dialog).findByText(
        'Standard user on Salesforce: P90D is longer than max P30D',
      ),
    ).toBeInTheDocument();
  });
});
