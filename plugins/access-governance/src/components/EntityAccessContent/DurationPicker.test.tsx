import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  app,
  FakeAccessGovernanceApi,
  role,
} from '../../__testUtils__/FakeAccessGovernanceApi';
import { renderWithApi } from '../../__testUtils__/render';
import { EntityAccessContent } from './EntityAccessContent';

jest.setTimeout(30_000);

type User = ReturnType<typeof userEvent.setup>;

/** A role that takes any duration up to the global maximum, and no permanent grant. */
const openRole = role({
  id: 'standard',
  title: 'Standard user',
  duration: { options: [], permanent: false },
});

async function openDialog(user: User, api: FakeAccessGovernanceApi) {
  await renderWithApi(<EntityAccessContent />, api);
  await user.click(
    await screen.findByRole('button', { name: 'Request Standard user' }),
  );
  return screen.findByRole('dialog');
}

function apiWith(...roles: ReturnType<typeof role>[]) {
  const api = new FakeAccessGovernanceApi();
  api.app = app({ roles });
  return api;
}

describe('the duration picker', () => {
  it('offers durations up to the global maximum, a custom one and no expiry only where allowed', async () => {
    const user = userEvent.setup();
    const dialog = await openDialog(user, apiWith(openRole));
    const group = within(dialog).getByRole('group', { name: 'Duration' });
    const labels = within(group)
      .getAllByRole('button')
      .map(b => b.textContent);
    expect(labels).toContain('Custom');
    expect(labels).not.toContain('No expiry');
    expect(within(dialog).getByText('At most 365 d.')).toBeInTheDocument();
  });

  it('sends a custom number and unit, and refuses more than the maximum next to the field', async () => {
    const user = userEvent.setup();
    const api = apiWith(openRole);
    const dialog = await openDialog(user, api);
    await user.click(within(dialog).getByRole('button', { name: 'Custom' }));
    const amount = within(dialog).getByRole('spinbutton', { name: 'How long' });
    await user.type(amount, '400');
    fireEvent.mouseDown(within(dialog).getByRole('button', { name: /hours/ }));
    await user.click(await screen.findByRole('option', { name: 'days' }));
    await user.type(
      within(dialog).getByRole('textbox', { name: /Justification/ }),
      'Year-long project',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Send request' }),
    );
    expect(
      within(dialog).getByText('Choose at most 365 d'),
    ).toBeInTheDocument();
    expect(api.callsOf('createRequest')).toEqual([]);

    await user.clear(amount);
    await user.type(amount, '30');
    await user.click(
      within(dialog).getByRole('button', { name: 'Send request' }),
    );
    expect(await screen.findByText('Request sent')).toBeInTheDocument();
    expect(api.callsOf('createRequest')[0][0]).toMatchObject({
      roleId: 'standard',
      duration: 'P30D',
    });
  });

  it('shows a justification over 4,000 characters as an error next to the field, scrolled into view', async () => {
    const scrolled: Element[] = [];
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function scrollIntoView() {
      scrolled.push(this);
    };
    try {
      const user = userEvent.setup();
      const api = apiWith(openRole);
      const dialog = await openDialog(user, api);
      const field = within(dialog).getByRole('textbox', {
        name: /Justification/,
      });
      field.focus();
      await user.paste('x'.repeat(4001));
      await user.click(
        within(dialog).getByRole('button', { name: 'Send request' }),
      );
      expect(
        within(dialog).getByText('Keep it to 4,000 characters; it has 4,001'),
      ).toBeInTheDocument();
      expect(field).toHaveAttribute('aria-invalid', 'true');
      expect(api.callsOf('createRequest')).toEqual([]);
      expect(scrolled.some(element => element.contains(field))).toBe(true);
    } finally {
      Element.prototype.scrollIntoView = original;
    }
  });
});
