import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  adminRole,
  app,
  FakeAccessGovernanceApi,
  grant,
  ME,
  request,
  role,
} from '../../__testUtils__/FakeAccessGovernanceApi';
import { renderWithApi } from '../../__testUtils__/render';
import { responseError } from '../../__testUtils__/responses';
import { EntityAccessContent } from './EntityAccessContent';

// Material tables render slowly in jsdom; the flows below click through several of them.
jest.setTimeout(30_000);

type User = ReturnType<typeof userEvent.setup>;

async function openRequestDialog(user: User, roleTitle: string) {
  await user.click(
    await screen.findByRole('button', { name: `Request ${roleTitle}` }),
  );
  return screen.findByRole('dialog');
}

async function sendRequest(user: User, dialog: HTMLElement, text: string) {
  await user.type(
    within(dialog).getByRole('textbox', { name: /Justification/ }),
    text,
  );
  await user.click(
    within(dialog).getByRole('button', { name: 'Send request' }),
  );
}

function approverApp() {
  return app({
    viewer: { canApprove: true, canReview: true },
    roles: [
      role(),
      adminRole,
      role({
        id: 'billing',
        title: 'Billing',
        groups: [],
        manual: true,
        risk: 'medium',
        approval: [{ type: 'owner' }],
      }),
    ],
    health: { unresolvedGroups: ['SF-Admin'] },
  });
}

describe('EntityAccessContent', () => {
  it('shows each role with its risk, approval path and durations', async () => {
    const api = new FakeAccessGovernanceApi();
    await renderWithApi(<EntityAccessContent />, api);

    expect(await screen.findByText('System Admin')).toBeInTheDocument();
    expect(screen.getByText('Viewer')).toBeInTheDocument();
    expect(
      screen.getByText('Read-only dashboards and reports'),
    ).toBeInTheDocument();
    expect(screen.getByText('high risk')).toBeInTheDocument();
    expect(screen.getByText('Granted at once')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Approved by revops (group:default/revops), then security',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Duration: 1 h / 6 h / 24 h (default 6 h)'),
    ).toBeInTheDocument();
    // Groups are for approvers only.
    expect(screen.queryByText(/SF-Admin/)).not.toBeInTheDocument();
    expect(api.callsOf('getApp')).toEqual([['component:default/salesforce']]);
  });

  it('shows approvers the mapped groups, unresolved groups and roles fulfilled by hand', async () => {
    const api = new FakeAccessGovernanceApi();
    api.app = approverApp();
    await renderWithApi(<EntityAccessContent />, api, {
      ownership: [ME, 'group:default/revops'],
    });

    expect(
      await screen.findByText('Groups (okta): SF-Admin'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The identity provider cannot find group SF-Admin/),
    ).toBeInTheDocument();
    expect(screen.getByText(/Fulfilled by hand/)).toBeInTheDocument();
  });

  it('says what to do when no roles are declared', async () => {
    const api = new FakeAccessGovernanceApi();
    api.app = app({ roles: [] });
    await renderWithApi(<EntityAccessContent />, api);
    expect(
      await screen.findByText(
        'No roles are declared for this app — see Declaring roles',
      ),
    ).toBeInTheDocument();
  });

  it('shows an invalid declaration (409) as an error panel', async () => {
    const api = new FakeAccessGovernanceApi();
    api.failures.getApp = () =>
      responseError(
        409,
        'ConflictError',
        'roles[1].duration.default: PT48H is longer than max PT24H',
      );
    await renderWithApi(<EntityAccessContent />, api);
    expect(
      await screen.findByText(
        /The access declaration of this app cannot be used: roles\[1\]\.duration\.default: PT48H is longer than max PT24H/,
      ),
    ).toBeInTheDocument();
  });

  it('sends a request with the default duration preselected and shows it with its Jira state', async () => {
    const user = userEvent.setup();
    const api = new FakeAccessGovernanceApi();
    await renderWithApi(<EntityAccessContent />, api);

    const dialog = await openRequestDialog(user, 'System Admin');
    expect(within(dialog).getByRole('button', { name: '6 h' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(within(dialog).getByRole('button', { name: '1 h' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    // A high-risk role may not be permanent.
    expect(
      within(dialog).queryByRole('button', { name: 'No expiry' }),
    ).not.toBeInTheDocument();

    await sendRequest(user, dialog, 'INC-1234: payroll run is stuck');

    expect(await screen.findByText('Request sent')).toBeInTheDocument();
    expect(api.callsOf('createRequest')).toEqual([
      [
        {
          entityRef: 'component:default/salesforce',
          roleId: 'admin',
          duration: 'PT6H',
          justification: 'INC-1234: payroll run is stuck',
        },
      ],
    ]);
    const sent = screen.getByRole('dialog');
    expect(within(sent).getByText('Pending approval')).toBeInTheDocument();
    expect(
      within(sent).getByText('Jira issue being opened…'),
    ).toBeInTheDocument();

    // The backend opens the issue in the background; the dialog looks again shortly.
    api.requests = api.requests.map(r => ({
      ...r,
      jiraKey: 'ACCESS-42',
      jiraUrl: 'https://jira.example.com/browse/ACCESS-42',
    }));
    expect(
      await within(sent).findByRole(
        'link',
        { name: /ACCESS-42/ },
        { timeout: 6000 },
      ),
    ).toHaveAttribute('href', 'https://jira.example.com/browse/ACCESS-42');
  });

  it('offers "No expiry" where the role allows a permanent grant', async () => {
    const user = userEvent.setup();
    const api = new FakeAccessGovernanceApi();
    api.app = app({
      roles: [
        role({
          duration: {
            options: ['PT24H', 'P7D'],
            permanent: true,
          },
        }),
      ],
    });
    await renderWithApi(<EntityAccessContent />, api);
    const dialog = await openRequestDialog(user, 'Viewer');
    expect(
      within(dialog).getByRole('button', { name: '24 h' }),
    ).toHaveAttribute('aria-pressed', 'true');
    await user.click(within(dialog).getByRole('button', { name: 'No expiry' }));
    await sendRequest(user, dialog, 'Quarterly reporting');
    await screen.findByText('Request sent');
    expect(api.callsOf('createRequest')[0][0]).toMatchObject({
      roleId: 'viewer',
      duration: null,
    });
  });

  it('says a request granted at once is granted', async () => {
    const user = userEvent.setup();
    const api = new FakeAccessGovernanceApi();
    const create = api.createRequest.bind(api);
    api.createRequest = async body => ({
      ...(await create(body)),
      status: 'granted',
      currentStage: null,
      jiraKey: 'ACCESS-1',
      jiraUrl: 'https://jira.example.com/browse/ACCESS-1',
    });
    await renderWithApi(<EntityAccessContent />, api);

    const dialog = await openRequestDialog(user, 'Viewer');
    await sendRequest(user, dialog, 'Weekly business review');
    expect(await screen.findByText('Request sent')).toBeInTheDocument();
    const sent = screen.getByRole('dialog');
    expect(within(sent).getByText('Granted')).toBeInTheDocument();
    expect(
      within(sent).getByText(
        'You have the access now; the Jira issue records the grant.',
      ),
    ).toBeInTheDocument();
    expect(
      within(sent).getByRole('link', { name: /ACCESS-1/ }),
    ).toBeInTheDocument();
  });

  it('shows a 400 about the justification on the justification field', async () => {
    const user = userEvent.setup();
    const api = new FakeAccessGovernanceApi();
    api.failures.createRequest = () =>
      responseError(
        400,
        'InputError',
        'justification: is longer than 4000 characters',
      );
    await renderWithApi(<EntityAccessContent />, api);

    const dialog = await openRequestDialog(user, 'System Admin');
    await sendRequest(user, dialog, 'because');
    const field = within(dialog).getByRole('textbox', {
      name: /Justification/,
    });

    expect(
      await within(dialog).findByText('is longer than 4000 characters'),
    ).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('does not send a request without a justification', async () => {
    const user = userEvent.setup();
    const api = new FakeAccessGovernanceApi();
    await renderWithApi(<EntityAccessContent />, api);
    const dialog = await openRequestDialog(user, 'System Admin');
    await user.click(
      within(dialog).getByRole('button', { name: 'Send request' }),
    );
    expect(
      within(dialog).getByText('A justification is required'),
    ).toBeInTheDocument();
    expect(api.callsOf('createRequest')).toEqual([]);
  });

  it('shows a 403 as a message in the dialog', async () => {
    const user = userEvent.setup();
    const api = new FakeAccessGovernanceApi();
    api.failures.createRequest = () =>
      responseError(
        403,
        'NotAllowedError',
        'You may not request access to component:default/salesforce',
      );
    await renderWithApi(<EntityAccessContent />, api);
    const dialog = await openRequestDialog(user, 'System Admin');
    await sendRequest(user, dialog, 'INC-1');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Not allowed: You may not request access to component:default/salesforce',
    );
  });

  it('disables Request for a role the viewer holds or has asked for', async () => {
    const api = new FakeAccessGovernanceApi();
    api.grants = [grant({ roleId: 'admin' })];
    api.requests = [request({ id: 'mine', roleId: 'viewer', requester: ME })];
    await renderWithApi(<EntityAccessContent />, api);
    expect(
      await screen.findByRole('button', { name: 'Request System Admin' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Request Viewer' }),
    ).toBeDisabled();
  });

  it('shows my active grant with a countdown, and gives it back after confirmation', async () => {
    const user = userEvent.setup();
    const api = new FakeAccessGovernanceApi();
    api.grants = [grant()];
    await renderWithApi(<EntityAccessContent />, api);

    expect(
      await screen.findByText('expires in 3 h 12 min'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /ACCESS-5/ })).toHaveAttribute(
      'href',
      'https://jira.example.com/browse/ACCESS-5',
    );

    await user.click(screen.getByRole('button', { name: 'Give back' }));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText('Give back System Admin?'),
    ).toBeInTheDocument();
    expect(api.callsOf('revoke')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Give back' }));

    await waitFor(() =>
      expect(api.callsOf('revoke')).toEqual([['grant-1', undefined]]),
    );
    expect(await screen.findByText('History (1)')).toBeInTheDocument();
    expect(screen.queryByText('expires in 3 h 12 min')).not.toBeInTheDocument();
  });

  it('cancels my pending request', async () => {
    const user = userEvent.setup();
    const api = new FakeAccessGovernanceApi();
    api.requests = [request({ id: 'mine', requester: ME })];
    await renderWithApi(<EntityAccessContent />, api);
    await user.click(
      await screen.findByRole('button', { name: 'Cancel request' }),
    );
    const dialog = await screen.findByRole('dialog');
    await user.click(
      within(dialog).getByRole('button', { name: 'Cancel request' }),
    );
    await waitFor(() => expect(api.callsOf('cancel')).toEqual([['mine']]));
  });

  describe('for approvers', () => {
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
      expect(within(dialog).getByText('Why? is required')).toBeInTheDocument();
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
          'Only App approvers (group:default/revops) can decide this stage of the request',
        );
      await renderWithApi(<EntityAccessContent />, api, asApprover);
      await user.click(await screen.findByRole('button', { name: 'Approve' }));
      const dialog = await screen.findByRole('dialog');
      await user.click(within(dialog).getByRole('button', { name: 'Approve' }));
      expect(await within(dialog).findByRole('alert')).toHaveTextContent(
        'Not allowed: Only App approvers (group:default/revops) can decide this stage of the request',
      );
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
});
