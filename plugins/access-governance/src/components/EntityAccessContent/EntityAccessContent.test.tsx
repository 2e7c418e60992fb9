import { signalApiRef } from '@backstage/plugin-signals-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, {
  PointerEventsCheckLevel,
} from '@testing-library/user-event';
import {
  app,
  approverApp,
  FakeAccessGovernanceApi,
  grant,
  ME,
  rejected,
  request,
  role,
} from '../../__testUtils__/FakeAccessGovernanceApi';
import { fakeSignals, renderWithApi } from '../../__testUtils__/render';
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
      screen.getByText('Approved by revops, then security'),
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
      within(dialog).getByText('Say why you need this access'),
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
    // Held until the identity provider takes the removal: ending, with nothing left to do.
    expect(
      await screen.findByText('Ending — removal pending'),
    ).toBeInTheDocument();
    expect(screen.queryByText('expires in 3 h 12 min')).not.toBeInTheDocument();
    // The dialog closes; the row offers no give-back of what is already ending.
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Give back' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('counts my whole history and loads it a page at a time', async () => {
    const user = userEvent.setup({
      pointerEventsCheck: PointerEventsCheckLevel.Never,
    });
    const api = new FakeAccessGovernanceApi();
    const ago = (minutes: number) =>
      new Date(Date.now() - minutes * 60_000).toISOString();
    api.grants = Array.from({ length: 55 }, (_, i) =>
      grant({
        id: `ended-${i}`,
        status: 'expired',
        endKind: 'expired',
        grantedAt: ago(1000 + i),
        endedAt: ago(100 + i),
        endReason: `Ended ${i}`,
        removal: 'done',
      }),
    );
    api.requests = Array.from({ length: 10 }, (_, i) =>
      rejected('user:default/ada', `Refused ${i}`, {
        id: `no-${i}`,
        requester: ME,
        updatedAt: ago(50 + i),
      }),
    );
    // With signals the tab does not poll, which would read the first pages again.
    await renderWithApi(<EntityAccessContent />, api, {
      apis: [[signalApiRef, fakeSignals().api]],
    });

    await user.click(
      await screen.findByText('History (65)', {}, { timeout: 20_000 }),
    );
    expect(screen.getByText('60 of 65')).toBeInTheDocument();
    expect(screen.getByText('Refused 9')).toBeInTheDocument();
    expect(screen.getByText('Ended 49')).toBeInTheDocument();
    expect(screen.queryByText('Ended 50')).not.toBeInTheDocument();

    await user.click(screen.getByText('Load more'));
    // The table may draw its rows twice as the page comes in: wait for the last drawing.
    await waitFor(
      () => expect(screen.getByText('Ended 54')).toBeInTheDocument(),
      { timeout: 20_000 },
    );
    expect(screen.queryByText('Load more')).not.toBeInTheDocument();
    expect(api.callsOf('pageGrants')).toContainEqual([
      {
        entityRef: 'component:default/salesforce',
        user: 'me',
        status: ['expired', 'revoked'],
        cursor: 'at-50',
        limit: 50,
      },
    ]);
    // The requests were all on their first page: only the grants are read on.
    expect(
      api
        .callsOf('pageRequests')
        .filter(([query]) => (query as { cursor?: string }).cursor),
    ).toEqual([]);
  }, 120_000);

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
});
