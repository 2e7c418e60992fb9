import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  approverApp,
  FakeAccessGovernanceApi,
  grant,
  ME,
  request,
} from '../../__testUtils__/FakeAccessGovernanceApi';
import { renderWithApi } from '../../__testUtils__/render';
import { responseError } from '../../__testUtils__/responses';
import { EntityAccessContent } from './EntityAccessContent';

// Material tables render slowly in jsdom; the flows below click through several of them.
jest.setTimeout(30_000);

describe('EntityAccessContent for approvers', () => {
  const asApprover = { ownership: [ME, 'group:default/revops'] };

  it('lists pending requests and approves one with a comment', async () => {
    const user = userEvent.setup();
    const api = new FakeAccessGovernanceApi();
    api.app = approverApp();
    api.requests = [request()];
    await renderWithApi(<EntityAccessContent />, api, {
      ...asApprover,
      titles: { 'group:default/revops': 'RevOps' },
    });

    expect(
      await screen.findByText('Waiting for a decision (1)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('INC-1234: fix the broken workflow'),
    ).toBeInTheDocument();
    // The stage reads with the catalog's names; the full label is on hover.
    expect(await screen.findByText('Stage 1 of 2 · RevOps')).toHaveAttribute(
      'title',
      'Stage 1 of 2: App approvers (group:default/revops)',
    );
    expect(screen.getByText('3 minutes ago')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'bob' })).toBeInTheDocument();
    // Full labels on one line, however narrow the column.
    expect(screen.getByRole('button', { name: 'Approve' })).toHaveStyle({
      whiteSpace: 'nowrap',
    });
    expect(screen.getByRole('button', { name: 'Reject' })).toHaveStyle({
      whiteSpace: 'nowrap',
    });

    await user.click(screen.getByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Approve System Admin for bob'),
    ).toBeInTheDocument();
    await user.type(within(dialog).getByRole('textbox'), 'ok for 6 h');
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));

    await waitFor(() =>
      expect(api.callsOf('approve')).toEqual([['req-1', 'ok for 6 h']]),
    );
    expect(
      await screen.findByText('Waiting for a decision (0)'),
    ).toBeInTheDocument();
  });

  it('needs a comment to reject', async () => {
    const user = userEvent.setup();
    const api = new FakeAccessGovernanceApi();
    api.app = approverApp();
    api.requests = [request()];
    await renderWithApi(<EntityAccessContent />, api, asApprover);

    await user.click(await screen.findByRole('button', { name: 'Reject' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(
      within(dialog).getByText('Say why you reject this request'),
    ).toBeInTheDocument();
    expect(api.callsOf('reject')).toEqual([]);

    await user.type(within(dialog).getByRole('textbox'), 'not on the team');
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    await waitFor(() =>
      expect(api.callsOf('reject')).toEqual([['req-1', 'not on the team']]),
    );
  });

  it('says so instead of offering buttons on my own request', async () => {
    const api = new FakeAccessGovernanceApi();
    api.app = approverApp();
    api.requests = [request({ requester: ME })];
    await renderWithApi(<EntityAccessContent />, api, asApprover);

    expect(
      await screen.findByText('You cannot approve your own request'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
  });

  it('says whose stage it is when the current stage belongs to others', async () => {
    const api = new FakeAccessGovernanceApi();
    api.app = approverApp();
    api.requests = [request({ currentStage: 1 })];
    await renderWithApi(<EntityAccessContent />, api, {
      ...asApprover,
      titles: { 'group:default/security': 'Security' },
    });
    expect(
      await screen.findByText(
        'Waiting on Security; this stage is not yours to decide',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
  });

  it('shows a 403 from an approval in the dialog', async () => {
    const user = userEvent.setup();
    const api = new FakeAccessGovernanceApi();
    api.app = approverApp();
    api.requests = [request()];
    api.failures.approve = () =>
      responseError(
        403,
        'NotAllowedError',
        'Only App approvers (RevOps) can decide this stage of the request',
      );
    await renderWithApi(<EntityAccessContent />, api, asApprover);
    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Not allowed: Only App approvers (RevOps) can decide this stage of the request',
    );
  });

  it('shows removals the identity provider has not done yet, pending or refused', async () => {
    const api = new FakeAccessGovernanceApi();
    api.app = approverApp();
    const ended = {
      status: 'revoked' as const,
      endKind: 'given-back' as const,
      endedAt: new Date().toISOString(),
      endReason: 'Given back',
    };
    api.grants = [
      grant({
        id: 'retrying',
        user: 'user:default/erin',
        ...ended,
        removal: 'pending',
      }),
      grant({
        id: 'refused',
        user: 'user:default/frank',
        ...ended,
        removal: 'failed',
      }),
      grant({
        id: 'gone',
        user: 'user:default/gina',
        ...ended,
        removal: 'done',
      }),
    ];
    await renderWithApi(<EntityAccessContent />, api, asApprover);

    expect(
      await screen.findByText(
        'Removals not yet done in the identity provider (2)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Given back · removal pending'),
    ).toBeInTheDocument();
    expect(screen.getByText('Given back · removal failed')).toBeInTheDocument();
    expect(screen.queryByText('gina')).not.toBeInTheDocument();
  });

  it('marks a hand-fulfilled request fulfilled, revokes with a reason and confirms removals', async () => {
    const user = userEvent.setup();
    const api = new FakeAccessGovernanceApi();
    api.app = approverApp();
    api.requests = [
      request({
        id: 'bill',
        roleId: 'billing',
        status: 'approved',
        currentStage: null,
      }),
    ];
    api.grants = [
      grant({ id: 'held', user: 'user:default/carol' }),
      grant({
        id: 'gone',
        roleId: 'billing',
        user: 'user:default/dave',
        status: 'expired',
        endedAt: new Date().toISOString(),
        endReason: 'the requested window ended',
        removal: 'manual',
      }),
    ];
    await renderWithApi(<EntityAccessContent />, api, asApprover);

    await user.click(
      await screen.findByRole('button', { name: 'Mark fulfilled' }),
    );
    let dialog = await screen.findByRole('dialog');
    await user.click(
      within(dialog).getByRole('button', { name: 'Mark fulfilled' }),
    );
    await waitFor(() =>
      expect(api.callsOf('fulfil')).toEqual([['bill', undefined]]),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    await user.click(screen.getByRole('button', { name: 'Revoke' }));
    dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(api.callsOf('revoke')).toEqual([]);
    await user.type(within(dialog).getByRole('textbox'), 'left the team');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    await waitFor(() =>
      expect(api.callsOf('revoke')).toEqual([['held', 'left the team']]),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    await user.click(screen.getByRole('button', { name: 'Confirm removal' }));
    dialog = await screen.findByRole('dialog');
    await user.click(
      within(dialog).getByRole('button', { name: 'Confirm removal' }),
    );
    await waitFor(() =>
      expect(api.callsOf('confirmRemoval')).toEqual([['gone']]),
    );
  });
});
