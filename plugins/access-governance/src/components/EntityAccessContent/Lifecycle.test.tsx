import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  adminRole,
  app,
  FakeAccessGovernanceApi,
  grant,
  ME,
} from '../../__testUtils__/FakeAccessGovernanceApi';
import { renderWithApi } from '../../__testUtils__/render';
import { EntityAccessContent } from './EntityAccessContent';

jest.setTimeout(90_000);

const breakGlassApp = () =>
  app({
    roles: [
      {
        ...adminRole,
        breakGlass: { allowed: ['group:default/oncall'], max: 'PT4H' },
      },
    ],
  });

async function openRequestDialog() {
  await userEvent.click(
    await screen.findByRole('button', { name: 'Request System Admin' }),
  );
  return screen.findByRole('dialog');
}

describe('extend, break glass and request for someone else', () => {
  it('asks for more time on a held grant from My access', async () => {
    const user = userEvent.setup();
    const api = new FakeAccessGovernanceApi();
    api.grants = [grant()];
    await renderWithApi(<EntityAccessContent />, api);

    await user.click(await screen.findByRole('button', { name: 'Extend' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Extend System Admin')).toBeInTheDocument();
    expect(
      within(dialog).getByText(/The approvers decide again/),
    ).toBeInTheDocument();
    await user.click(
      within(dialog).getByRole('button', { name: 'Ask for more time' }),
    );
    expect(
      within(dialog).getByText('Say why you need the access for longer'),
    ).toBeInTheDocument();
    expect(api.callsOf('extendGrant')).toEqual([]);

    await user.type(
      within(dialog).getByRole('textbox', { name: /for longer/ }),
      'The migration runs late',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Ask for more time' }),
    );
    await waitFor(() =>
      expect(api.callsOf('extendGrant')).toEqual([
        [
          'grant-1',
          { duration: 'PT6H', justification: 'The migration runs late' },
        ],
      ]),
    );
    expect(await screen.findByText('Extension sent')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Close' }));
    // While it waits, the grant cannot be extended twice.
    expect(
      await screen.findByRole('button', { name: 'Extend' }),
    ).toBeDisabled();
  });

  it('opens the extend dialog from the ends-soon link, and offers none for permanent access', async () => {
    const api = new FakeAccessGovernanceApi();
    api.grants = [
      grant(),
      grant({ id: 'grant-2', roleId: 'viewer', expiresAt: null }),
    ];
    await renderWithApi(<EntityAccessContent />, api, {
      routeEntries: ['/?extend=grant-1'],
    });
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Extend System Admin')).toBeInTheDocument();
    expect(
      screen.getAllByRole('button', { name: 'Extend', hidden: true }),
    ).toHaveLength(1);
  });

  it('lets members of the break-glass groups take the role at once', async () => {
    const user = userEvent.setup();
    const api = new FakeAccessGovernanceApi();
    api.app = breakGlassApp();
    await renderWithApi(<EntityAccessContent />, api, {
      ownership: [ME, 'group:default/oncall'],
    });
    const dialog = await openRequestDialog();
    await user.click(
      within(dialog).getByRole('checkbox', { name: 'Break glass' }),
    );
    expect(
      within(dialog).getByText(/you get the role at once, for 4 h/),
    ).toBeInTheDocument();
    await user.type(
      within(dialog).getByRole('textbox', { name: /Justification/ }),
      'INC-9: payments down',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Break glass' }),
    );
    await waitFor(() =>
      expect(api.callsOf('createRequest')).toEqual([
        [
          {
            entityRef: 'component:default/salesforce',
            roleId: 'admin',
            justification: 'INC-9: payments down',
            breakGlass: true,
          },
        ],
      ]),
    );
    expect(await screen.findByText(/breaking the glass/)).toBeInTheDocument();
  });

  it('offers no break glass outside its groups, nor for roles without it', async () => {
    const api = new FakeAccessGovernanceApi();
    api.app = breakGlassApp();
    await renderWithApi(<EntityAccessContent />, api);
    const dialog = await openRequestDialog();
    await waitFor(() =>
      expect(api.callsOf('listBeneficiaries')).toHaveLength(1),
    );
    expect(
      within(dialog).queryByRole('checkbox', { name: 'Break glass' }),
    ).not.toBeInTheDocument();
    expect(
      within(dialog).queryByText('Request for someone else'),
    ).not.toBeInTheDocument();
  });

  it('requests for someone else, picked by name, for those who may', async () => {
    const user = userEvent.setup();
    const api = new FakeAccessGovernanceApi();
    api.beneficiaries = [
      { ref: 'user:default/bob', displayName: 'Bob Brown' },
      { ref: 'user:default/carol', displayName: 'Carol Cho' },
    ];
    await renderWithApi(<EntityAccessContent />, api);
    const dialog = await openRequestDialog();
    await user.click(
      await within(dialog).findByRole('checkbox', {
        name: 'Request for someone else',
      }),
    );
    await user.type(
      within(dialog).getByRole('textbox', { name: /Justification/ }),
      'Covers the close',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Send request' }),
    );
    expect(
      within(dialog).getByText('Pick the person who needs the access'),
    ).toBeInTheDocument();
    expect(api.callsOf('createRequest')).toEqual([]);

    await user.click(within(dialog).getByRole('textbox', { name: /Person/ }));
    await user.click(await screen.findByRole('option', { name: 'Carol Cho' }));
    await user.click(
      within(dialog).getByRole('button', { name: 'Send request' }),
    );
    await waitFor(() =>
      expect(api.callsOf('createRequest')[0][0]).toMatchObject({
        requestedFor: 'user:default/carol',
        duration: 'PT6H',
      }),
    );
    expect(
      await screen.findByText(/You asked on their behalf for/),
    ).toBeInTheDocument();
  });
});
