import { signalApiRef } from '@backstage/plugin-signals-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, {
  PointerEventsCheckLevel,
} from '@testing-library/user-event';
import {
  approverApp,
  FakeAccessGovernanceApi,
  grant,
  ME,
  request,
} from '../../__testUtils__/FakeAccessGovernanceApi';
import { fakeSignals, renderWithApi } from '../../__testUtils__/render';
import { responseError } from '../../__testUtils__/responses';
import { EntityAccessContent } from './EntityAccessContent';

// Material tables render slowly in jsdom; the flows below click through several of them.
jest.setTimeout(30_000);

describe('EntityAccessContent for approvers', () => {
  const asApprover = { ownership: [ME, 'group:default/revops'] };

  const APP = 'component:default/salesforce';
  // With signals the tab does not poll: a poll reads the first page again, which would undo
  // a Load more in a test that runs longer than the poll interval.
  const withSignals = {
    ...asApprover,
    apis: [[signalApiRef, fakeSignals().api]] as const,
  };

  it('counts every request waiting on a decision and loads them a page at a time', async () => {
    // Role queries are slow over tables of fifty rows; the buttons are found by their text.
    const user = userEvent.setup({
      pointerEventsCheck: PointerEventsCheckLevel.Never,
    });
    const api = new FakeAccessGovernanceApi();
    api.app = approverApp();
    api.requests = Array.from({ length: 60 }, (_, i) =>
      request({
        id: `w-${i}`,
        requester: 'user:default/bob',
        justification: `Reason ${i}`,
      }),
    );
    await renderWithApi(<EntityAccessContent />, api, withSignals);

    expect(
      await screen.findByText(
        'Waiting for a decision (60)',
        {},
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('50 of 60')).toBeInTheDocument();
    expect(screen.getByText('Reason 49')).toBeInTheDocument();
    expect(screen.queryByText('Reason 50')).not.toBeInTheDocument();

    await user.click(screen.getByText('Load more'));
    // The table may draw its rows twice as the page comes in: wait for the last drawing.
    await waitFor(
      () => expect(screen.getByText('Reason 59')).toBeInTheDocument(),
      { timeout: 20_000 },
    );
    expect(screen.queryByText('Load more')).not.toBeInTheDocument();
    expect(screen.getByText('Waiting for a decision (60)')).toBeInTheDocument();
    expect(api.callsOf('pageRequests')).toContainEqual([
      { entityRef: APP, status: ['pending'], cursor: 'at-50', limit: 50 },
    ]);
  }, 120_000);

  it('reads each of its lists a page of 50 at a time, with the filters of each', async () => {
    const api = new FakeAccessGovernanceApi();
    api.app = approverApp();
    api.requests = [request()];
    await renderWithApi(<EntityAccessContent />, api, asApprover);
    await screen.findByText('Waiting for a decision (1)');

    const first = { cursor: undefined, limit: 50 };
    expect(api.callsOf('pageRequests')).toEqual(
      expect.arrayContaining([
        [{ entityRef: APP, status: ['pending'], ...first }],
        [
          {
            entityRef: APP,
            status: ['approved'],
            roleId: ['billing'],
            ...first,
          },
        ],
        [
          {
            entityRef: APP,
            requester: 'me',
            status: ['pending', 'approved'],
            ...first,
          },
        ],
        [
          {
            entityRef: APP,
            requester: 'me',
            status: ['rejected', 'cancelled', 'failed'],
            ...first,
          },
        ],
      ]),
    );
    expect(api.callsOf('pageGrants')).toEqual(
      expect.arrayContaining([
        [{ entityRef: APP, status: ['active'], ...first }],
        [{ entityRef: APP, removal: ['pending', 'failed'], ...first }],
        [{ entityRef: APP, removal: ['manual'], ...first }],
        [{ entityRef: APP, user: 'me', status: ['active'], ...first }],
        [
          {
            entityRef: APP,
            user: 'me',
            status: ['expired', 'revoked'],
            ...first,
          },
        ],
      ]),
    );
    // Nothing is read whole.
    expect(api.callsOf('listRequests')).toEqual([]);
    expect(api.callsOf('listGrants')).toEqual([]);
    for (const [query] of [
      ...api.callsOf('pageRequests'),
      ...api.callsOf('pageGrants'),
    ]) {
      expect(query).toMatchObject({ limit: 50 });
    }
  });

  it('counts every holder and loads them a page at a time', async () => {
    const user = userEvent.setup({
      pointerEventsCheck: PointerEventsCheckLevel.Never,
    });
    const api = new FakeAccessGovernanceApi();
    api.app = approverApp();
    api.grants = Array.from({ length: 65 }, (_, i) =>
      grant({
        id: `held-${i}`,
        user: `user:default/holder-${i}`,
        jiraKey: `ACCESS-${1000 + i}`,
      }),
    );
    await renderWithApi(<EntityAccessContent />, api, withSignals);

    expect(
      await screen.findByText('Current holders (65)', {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('50 of 65')).toBeInTheDocument();
    expect(screen.getByText('ACCESS-1049')).toBeInTheDocument();
    expect(screen.queryByText('ACCESS-1050')).not.toBeInTheDocument();

    await user.click(screen.getByText('Load more'));
    // The table may draw its rows twice as the page comes in: wait for the last drawing.
    await waitFor(
      () => expect(screen.getByText('ACCESS-1064')).toBeInTheDocument(),
      { timeout: 20_000 },
    );
    expect(screen.queryByText('Load more')).not.toBeInTheDocument();
    expect(api.callsOf('pageGrants')).toContainEqual([
      { entityRef: APP, status: ['active'], cursor: 'at-50', limit: 50 },
    ]);
  }, 120_000);

  it('reads its lists again on a change of the app without closing an open dialog', async () => {
    const user = userEvent.setup();
    const signals = fakeSignals();
    const api = new FakeAccessGovernanceApi();
    api.app = approverApp();
    api.requests = [request()];
    api.grants = [grant({ id: 'held', user: 'user:default/carol' })];
    await renderWithApi(<EntityAccessContent />, api, {
      ...asApprover,
      apis: [[signalApiRef, signals.api]],
    });
    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('textbox'), 'Looks right');

    // Somebody else asks meanwhile, and the request gets its Jira issue.
    api.requests = [
      { ...request(), jiraKey: 'ACCESS-12' },
      request({
        id: 'req-2',
        requester: 'user:default/dora',
        justification: 'On call this week',
      }),
    ];
    const reads = api.callsOf('pageRequests').length;
    signals.emit('access-governance', {
      kind: 'request',
      id: 'req-2',
      entityRef: APP,
    });
    // Tables render slowly in jsdom: the second read takes a while to show.
    expect(
      await screen.findByText(
        'Waiting for a decision (2)',
        {},
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('On call this week')).toBeInTheDocument();
    expect(screen.getByText('ACCESS-12')).toBeInTheDocument();
    expect(api.callsOf('pageRequests').length).toBeGreaterThan(reads);
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(within(screen.getByRole('dialog')).getByRole('textbox')).toHaveValue(
      'Looks right',
    );
    expect(screen.getByText('Current holders (1)')).toBeInTheDocument();
  });

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

  it('shows an ending grant among the holders as "Ending — removal pending", with nothing to revoke', async () => {
    const api = new FakeAccessGovernanceApi();
    api.app = approverApp();
    api.grants = [
      grant({
        id: 'ending',
        user: 'user:default/erin',
        status: 'active',
        endKind: 'given-back',
        endedAt: new Date().toISOString(),
        endReason: 'Given back',
        removal: 'pending',
      }),
      grant({ id: 'held', user: 'user:default/frank' }),
    ];
    await renderWithApi(<EntityAccessContent />, api, asApprover);

    const holders = (await screen.findByText('frank')).closest('table')!;
    const ending = within(holders).getByText('erin').closest('tr')!;
    expect(
      within(ending).getByText('Ending — removal pending'),
    ).toBeInTheDocument();
    expect(
      within(ending).queryByRole('button', { name: 'Revoke' }),
    ).not.toBeInTheDocument();
    const held = within(holders).getByText('frank').closest('tr')!;
    expect(
      within(held).getByRole('button', { name: 'Revoke' }),
    ).toBeInTheDocument();
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
      // Ending: active until the removal by hand is confirmed.
      grant({
        id: 'gone',
        roleId: 'billing',
        user: 'user:default/dave',
        status: 'active',
        endKind: 'expired',
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
  }, 60_000);
});
