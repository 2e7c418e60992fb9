import { BreakGlassReview } from '@accessgov/plugin-access-governance-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  FakeAccessGovernanceApi,
  ME,
  request,
} from '../../__testUtils__/FakeAccessGovernanceApi';
import { renderWithApi } from '../../__testUtils__/render';
import { AccessInboxPage } from './AccessInboxPage';

jest.setTimeout(90_000);

const asApprover = { ownership: [ME, 'group:default/revops'] };

function breakGlassReview(
  overrides: Partial<BreakGlassReview> = {},
): BreakGlassReview {
  return {
    id: 'bg-1',
    requestId: 'req-bg',
    entityRef: 'component:default/salesforce',
    roleId: 'admin',
    holder: 'user:default/bob',
    reviewers: ['group:default/revops'],
    justification: 'INC-9: payments down',
    grantId: 'grant-bg',
    dueAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
    overdue: false,
    decision: null,
    decidedBy: null,
    decidedAt: null,
    comment: null,
    createdAt: new Date(Date.now() - 600_000).toISOString(),
    ...overrides,
  };
}

describe('the inbox: extensions, requests on behalf, break glass to review', () => {
  it('marks extensions and requests made on someone’s behalf', async () => {
    const api = new FakeAccessGovernanceApi();
    api.requests = [
      request({
        id: 'ext',
        extension: {
          grantId: 'g1',
          originalRequestId: 'req-0',
          fromExpiresAt: '2026-12-01T15:00:00.000Z',
          toExpiresAt: '2026-12-01T21:00:00.000Z',
        },
      }),
      request({
        id: 'for',
        requester: 'user:default/carol',
        requestedBy: 'user:default/dan',
      }),
    ];
    await renderWithApi(<AccessInboxPage />, api, asApprover);
    expect(await screen.findByText('Extension')).toBeInTheDocument();
    expect(screen.getByText(/Asked by/)).toBeInTheDocument();
    expect(screen.queryByText('Break glass to review')).not.toBeInTheDocument();
  });

  it('confirms a break-glass grant, and flags another only with a reason', async () => {
    const user = userEvent.setup();
    const api = new FakeAccessGovernanceApi();
    api.breakGlassReviews = [
      breakGlassReview(),
      breakGlassReview({
        id: 'bg-2',
        requestId: 'req-bg2',
        holder: 'user:default/carol',
        overdue: true,
        justification: 'Just because',
      }),
    ];
    await renderWithApi(<AccessInboxPage />, api, asApprover);
    expect(
      await screen.findByText('Break glass to review'),
    ).toBeInTheDocument();
    expect(screen.getByText('INC-9: payments down')).toBeInTheDocument();
    expect(screen.getByText(/\(overdue\)/)).toBeInTheDocument();

    const [confirmFirst] = screen.getAllByRole('button', { name: 'Confirm' });
    await user.click(confirmFirst);
    let dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    await waitFor(() =>
      expect(api.callsOf('decideBreakGlass')).toEqual([
        ['bg-1', 'confirm', ''],
      ]),
    );
    await waitFor(() =>
      expect(
        screen.queryByText('INC-9: payments down'),
      ).not.toBeInTheDocument(),
    );

    // The first dialog hides the page from assistive technology until it has gone.
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    await user.click(await screen.findByRole('button', { name: 'Flag' }));
    dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Flag' }));
    expect(
      await within(dialog).findByText('Say why you flag it'),
    ).toBeInTheDocument();
    expect(api.callsOf('decideBreakGlass')).toHaveLength(1);
    await user.type(
      within(dialog).getByRole('textbox'),
      'No incident on record',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Flag' }));
    await waitFor(() =>
      expect(api.callsOf('decideBreakGlass')[1]).toEqual([
        'bg-2',
        'flag',
        'No incident on record',
      ]),
    );
    await waitFor(() =>
      expect(
        screen.queryByText('Break glass to review'),
      ).not.toBeInTheDocument(),
    );
  });
});
