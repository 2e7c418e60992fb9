import { screen, waitFor, within } from '@testing-library/react';
import userEvent, {
  PointerEventsCheckLevel,
} from '@testing-library/user-event';
import {
  app,
  FakeAccessGovernanceApi,
  grant,
  ME,
  rejected,
  request,
  role,
} from '../../__testUtils__/FakeAccessGovernanceApi';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { fakeSignals, renderWithApi } from '../../__testUtils__/render';
import { AccessInboxPage } from './AccessInboxPage';

jest.setTimeout(30_000);

const asApprover = { ownership: [ME, 'group:default/revops'] };

function inbox() {
  const api = new FakeAccessGovernanceApi();
  api.requests = [
    request({ id: 'sf', requester: 'user:default/bob' }),
    request({
      id: 'gh',
      entityRef: 'component:tools/github',
      roleId: 'maintainer',
      requester: 'user:default/carol',
      justification: 'Release 2.0',
    }),
    request({
      id: 'mine',
      requester: ME,
      roleId: 'viewer',
      jiraKey: 'ACCESS-9',
      jiraUrl: null,
    }),
  ];
  api.grants = [grant()];
  return api;
}

describe('AccessInboxPage', () => {
  it('counts the approvals waiting on me and links each to its app', async () => {
    const api = inbox();
    await renderWithApi(<AccessInboxPage />, api, asApprover);

    expect(
      await screen.findByRole('tab', { name: 'Waiting on me (2)' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: 'My requests (1 open)' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Release 2.0')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'tools/github' })).toHaveAttribute(
      'href',
      '/catalog/tools/component/github/access',
    );
    expect(screen.getByRole('link', { name: 'salesforce' })).toHaveAttribute(
      'href',
      '/catalog/default/component/salesforce/access',
    );
    expect(api.callsOf('pageRequests')).toContainEqual([
      { approver: 'me', limit: 50 },
    ]);
  });

  it('counts every request waiting on me and loads them a page at a time', async () => {
    // Role queries are slow over a table of a hundred rows; the button is found by its text.
    const user = userEvent.setup({
      pointerEventsCheck: PointerEventsCheckLevel.Never,
    });
    const api = inbox();
    api.requests = Array.from({ length: 60 }, (_, i) =>
      request({
        id: `w-${i}`,
        requester: 'user:default/bob',
        justification: `Reason ${i}`,
      }),
    );
    await renderWithApi(<AccessInboxPage />, api, asApprover);
    expect(
      await screen.findByText('Waiting on me (60)', {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('50 of 60')).toBeInTheDocument();
    expect(screen.queryByText('Reason 55')).not.toBeInTheDocument();
    await user.click(screen.getByText('Load more'));
    expect(
      await screen.findByText('Reason 55', {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Load more')).not.toBeInTheDocument();
  }, 120_000);

  it('approves and rejects right in the inbox', async () => {
    const user = userEvent.setup();
    const api = inbox();
    await renderWithApi(<AccessInboxPage />, api, asApprover);

    const approveButtons = await screen.findAllByRole('button', {
      name: 'Approve',
    });
    await user.click(approveButtons[0]);
    let dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(api.callsOf('approve')).toEqual([['sf', undefined]]),
    );
    expect(
      await screen.findByRole('tab', { name: 'Waiting on me (1)' }),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Reject' }));
    dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('textbox'), 'Use the release bot');
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    await waitFor(() =>
      expect(api.callsOf('reject')).toEqual([['gh', 'Use the release bot']]),
    );
    expect(
      await screen.findByText('Nothing waiting on you'),
    ).toBeInTheDocument();
  });

  it('shows my requests and my access with their Jira issues', async () => {
    const user = userEvent.setup();
    const api = inbox();
    await renderWithApi(<AccessInboxPage />, api, asApprover);

    await user.click(
      await screen.findByRole('tab', { name: 'My requests (1 open)' }),
    );
    expect(await screen.findByText('Pending approval')).toBeInTheDocument();
    // Without a URL from the API or a configured Jira host, the key is shown as text.
    expect(screen.getByText('ACCESS-9')).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: 'My access (1)' }));
    expect(
      await screen.findByText('expires in 3 h 12 min'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /ACCESS-5/ })).toBeInTheDocument();
  });

  it('shows role titles, loading each app once', async () => {
    const user = userEvent.setup();
    const api = inbox();
    api.apps['component:tools/github'] = app({
      entityRef: 'component:tools/github',
      roles: [role({ id: 'maintainer', title: 'Maintainer' })],
    });
    await renderWithApi(<AccessInboxPage />, api, {
      ...asApprover,
      titles: { 'group:default/revops': 'RevOps' },
    });

    expect(await screen.findByText('System Admin')).toBeInTheDocument();
    expect(screen.getByText('Maintainer')).toBeInTheDocument();
    expect(screen.queryByText('admin')).not.toBeInTheDocument();
    expect(screen.getAllByText('Stage 1 of 2 · RevOps')[0]).toHaveAttribute(
      'title',
      'Stage 1 of 2: App approvers (group:default/revops)',
    );
    expect(
      api
        .callsOf('getApp')
        .map(([ref]) => ref)
        .sort(),
    ).toEqual(['component:default/salesforce', 'component:tools/github']);

    await user.click(screen.getByRole('tab', { name: 'My requests (1 open)' }));
    expect(await screen.findByText('Viewer')).toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'My access (1)' }));
    expect(await screen.findByText('System Admin')).toBeInTheDocument();
    // Switching tabs and deciding do not load the apps again.
    expect(api.callsOf('getApp')).toHaveLength(2);
  });

  it('shows role ids for an app that cannot be loaded', async () => {
    const api = inbox();
    api.apps['component:tools/github'] = 'not found';
    await renderWithApi(<AccessInboxPage />, api, asApprover);

    expect(await screen.findByText('System Admin')).toBeInTheDocument();
    expect(screen.getByText('maintainer')).toBeInTheDocument();
    expect(screen.getByText('Release 2.0')).toBeInTheDocument();
  });

  it('says when nothing waits on me', async () => {
    const api = new FakeAccessGovernanceApi();
    await renderWithApi(<AccessInboxPage />, api, asApprover);
    expect(
      await screen.findByRole('tab', { name: 'Waiting on me (0)' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Nothing waiting on you')).toBeInTheDocument();
  });

  it('confirms a decision by naming the person and the role', async () => {
    const user = userEvent.setup();
    const api = inbox();
    await renderWithApi(<AccessInboxPage />, api, {
      ...asApprover,
      titles: { 'user:default/bob': 'Bob Builder' },
    });

    const [approve] = await screen.findAllByRole('button', { name: 'Approve' });
    await user.click(approve);
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));
    expect(
      await screen.findByText(
        "Approved Bob Builder's request for System Admin",
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
  });

  it('shows the reason of a rejection in My requests, and links each row to its request', async () => {
    const user = userEvent.setup();
    const api = inbox();
    api.requests.push(
      rejected('user:default/omar', 'Not this quarter', {
        id: 'no',
        requester: ME,
      }),
    );
    await renderWithApi(<AccessInboxPage />, api, {
      ...asApprover,
      titles: { 'user:default/omar': 'Omar Haddad' },
    });
    await user.click(
      await screen.findByRole('tab', { name: 'My requests (1 open)' }),
    );
    expect(
      await screen.findByText('Rejected by Omar Haddad: Not this quarter'),
    ).toBeInTheDocument();
    const links = screen.getAllByRole('link', { name: 'System Admin' });
    expect(links.map(link => link.getAttribute('href'))).toEqual([
      '/access/requests/no',
    ]);
    expect(screen.getByRole('link', { name: 'Viewer' })).toHaveAttribute(
      'href',
      '/access/requests/mine',
    );
  });

  it('updates when the backend signals a change, without a reload', async () => {
    const signals = fakeSignals();
    const api = inbox();
    await renderWithApi(<AccessInboxPage />, api, {
      ...asApprover,
      apis: [[signalApiRef, signals.api]],
    });
    expect(
      await screen.findByRole('tab', { name: 'Waiting on me (2)' }),
    ).toBeInTheDocument();

    // Somebody else approves Bob's request in another window.
    api.requests = api.requests.filter(r => r.id !== 'sf');
    signals.emit('access-governance', {
      kind: 'request',
      id: 'sf',
      entityRef: 'component:default/salesforce',
    });
    expect(
      await screen.findByRole('tab', { name: 'Waiting on me (1)' }),
    ).toBeInTheDocument();
  });

  it('keeps an open decision dialog open when the list is read again', async () => {
    const signals = fakeSignals();
    const api = inbox();
    const user = userEvent.setup();
    await renderWithApi(<AccessInboxPage />, api, {
      ...asApprover,
      apis: [[signalApiRef, signals.api]],
    });
    await screen.findByRole('tab', { name: 'Waiting on me (2)' });
    await user.click(screen.getAllByRole('button', { name: 'Approve' })[0]);
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('textbox'), 'Looks right');

    // Bob's request gets its Jira issue while the approver is typing: the list is read again.
    api.requests = api.requests.map(r =>
      r.id === 'sf' ? { ...r, jiraKey: 'ACCESS-12' } : { ...r },
    );
    const reads = api.callsOf('pageRequests').length;
    signals.emit('access-governance', {
      kind: 'request',
      id: 'sf',
      entityRef: 'component:default/salesforce',
    });
    await waitFor(() =>
      expect(api.callsOf('pageRequests').length).toBeGreaterThan(reads),
    );
    expect(await screen.findByText('ACCESS-12')).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(within(screen.getByRole('dialog')).getByRole('textbox')).toHaveValue(
      'Looks right',
    );
  });

  it('sets an out-of-office delegate from its own tab', async () => {
    const api = inbox();
    const user = userEvent.setup();
    await renderWithApi(<AccessInboxPage />, api, asApprover);
    await user.click(await screen.findByRole('tab', { name: 'Out of office' }));
    await user.type(
      await screen.findByRole('textbox', { name: 'Delegate' }),
      'user:default/sam',
    );
    await user.click(
      screen.getByRole('button', { name: 'Delegate my decisions' }),
    );
    expect(
      await screen.findByText(/decides your approvals and reviews until/),
    ).toBeInTheDocument();
    expect(api.callsOf('setDelegation')).toHaveLength(1);
  });
});
