import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  FakeAccessGovernanceApi,
  ME,
} from '../../__testUtils__/FakeAccessGovernanceApi';
import { renderWithApi } from '../../__testUtils__/render';
import { responseError } from '../../__testUtils__/responses';
import { OutOfOfficeCard } from './OutOfOfficeCard';

jest.setTimeout(30_000);

const titles = {
  'user:default/sam': 'Sam Lee',
  'user:default/omar': 'Omar Haddad',
};

describe('OutOfOfficeCard', () => {
  it('hands my decisions to a delegate until I am back, and ends that early', async () => {
    const api = new FakeAccessGovernanceApi();
    const user = userEvent.setup();
    await renderWithApi(<OutOfOfficeCard />, api, { titles });

    await user.type(
      await screen.findByRole('textbox', { name: 'Delegate' }),
      'user:default/sam',
    );
    await user.click(
      screen.getByRole('button', { name: 'Delegate my decisions' }),
    );

    const [[body]] = api.callsOf('setDelegation') as [
      [{ delegate: string; until: string }],
    ];
    expect(body.delegate).toBe('user:default/sam');
    expect(new Date(body.until).getTime()).toBeGreaterThan(
      Date.now() + 6 * 86_400_000,
    );
    expect(
      await screen.findByText(
        /Sam Lee decides your approvals and reviews until/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/^in [67] days$/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'I am back' }));
    expect(api.callsOf('clearDelegation')).toHaveLength(1);
    expect(
      await screen.findByRole('button', { name: 'Delegate my decisions' }),
    ).toBeInTheDocument();
  });

  it('says what is missing, and shows the server’s refusal in words', async () => {
    const api = new FakeAccessGovernanceApi();
    const user = userEvent.setup();
    await renderWithApi(<OutOfOfficeCard />, api, { titles });

    await user.click(
      await screen.findByRole('button', { name: 'Delegate my decisions' }),
    );
    expect(
      screen.getByText(
        'Name the person who decides for you while you are away.',
      ),
    ).toBeInTheDocument();
    expect(api.callsOf('setDelegation')).toHaveLength(0);

    api.failures.setDelegation = () =>
      responseError(
        400,
        'InputError',
        'delegate: you cannot delegate to yourself',
      );
    await user.type(screen.getByRole('textbox', { name: 'Delegate' }), ME);
    await user.click(
      screen.getByRole('button', { name: 'Delegate my decisions' }),
    );
    expect(
      await screen.findByText('delegate: you cannot delegate to yourself'),
    ).toBeInTheDocument();
  });

  it('shows whom I stand in for, by name', async () => {
    const api = new FakeAccessGovernanceApi();
    api.delegation = {
      delegation: null,
      standingInFor: [
        {
          delegator: 'user:default/omar',
          delegate: ME,
          until: new Date(
            Date.now() + 2 * 86_400_000 + 3_600_000,
          ).toISOString(),
          createdAt: new Date().toISOString(),
        },
      ],
    };
    await renderWithApi(<OutOfOfficeCard />, api, { titles });
    await waitFor(() =>
      expect(
        screen.getByText(/You decide for Omar Haddad until/),
      ).toBeInTheDocument(),
    );
    expect(screen.getByText('in 2 days')).toBeInTheDocument();
  });
});
