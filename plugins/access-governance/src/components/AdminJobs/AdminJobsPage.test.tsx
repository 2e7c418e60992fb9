import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AccessJob } from '../../api';
import { FakeAccessGovernanceApi } from '../../__testUtils__/FakeAccessGovernanceApi';
import { renderWithApi } from '../../__testUtils__/render';
import { AccessInboxPage } from '../AccessInboxPage';
import { AdminJobsPage } from './AdminJobsPage';

jest.setTimeout(30_000);

function job(overrides: Partial<AccessJob>): AccessJob {
  const at = new Date(Date.now() - 5 * 60_000).toISOString();
  return {
    id: '1',
    type: 'record.update',
    status: 'done',
    attempts: 1,
    lastError: null,
    requestId: 'req-1',
    grantId: null,
    createdAt: at,
    updatedAt: at,
    runAfter: at,
    ...overrides,
  };
}

function adminApi() {
  const api = new FakeAccessGovernanceApi();
  api.admin = true;
  api.jobs = [
    job({
      id: '7',
      type: 'idp.remove',
      status: 'failed',
      lastError:
        "Okta provider 'okta': could not remove a member: 403 E0000006 You do not have permission",
      grantId: 'grant-1',
    }),
    job({
      id: '6',
      type: 'idp.remove',
      status: 'pending',
      attempts: 5,
      lastError: "Okta provider 'okta': could not remove a member: 503",
    }),
    job({ id: '5', type: 'notify', status: 'done' }),
  ];
  api.drift = [
    {
      entityRef: 'component:default/salesforce',
      checkedAt: new Date().toISOString(),
      findings: [
        {
          entityRef: 'component:default/salesforce',
          provider: 'okta',
          group: 'SF-Standard',
          member: 'chris.contractor@example.com',
          kind: 'unexplained',
        },
        {
          entityRef: 'component:default/salesforce',
          provider: 'okta',
          group: 'SF-Viewer',
          member: 'sam@example.com',
          kind: 'removal-not-held',
        },
      ],
    },
  ];
  return api;
}

describe('AdminJobsPage', () => {
  it('lists failed jobs in words and retries one with a click', async () => {
    const api = adminApi();
    await renderWithApi(<AdminJobsPage />, api);

    expect(
      await screen.findByText('Remove from identity-provider groups'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Failed — retry it once the cause is fixed'),
    ).toBeInTheDocument();
    expect(screen.getByText(/403 E0000006/)).toBeInTheDocument();
    expect(screen.queryByText('Send a notification')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(api.callsOf('retryJob')).toEqual([['7']]));
    expect(
      await screen.findByText(
        'Remove from identity-provider groups is queued again',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/No failed jobs: every side effect/),
    ).toBeInTheDocument();
  });

  it('shows a removal that keeps failing as pending, and the drift found', async () => {
    const api = adminApi();
    await renderWithApi(<AdminJobsPage />, api);

    await userEvent.click(
      await screen.findByRole('tab', { name: 'In progress' }),
    );
    expect(
      await screen.findByText(
        'Removal pending — retrying after 5 failed attempts',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Retry' }),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'Drift' }));
    const chris = (
      await screen.findByText('chris.contractor@example.com')
    ).closest('tr')!;
    expect(
      within(chris).getByText('No active grant explains this membership'),
    ).toBeInTheDocument();
    expect(within(chris).getByText('SF-Standard (okta)')).toBeInTheDocument();
    const sam = screen.getByText('sam@example.com').closest('tr')!;
    expect(
      within(sam).getByText('Still a member after the grant ended'),
    ).toBeInTheDocument();
  });

  it('tells someone who is not an administrator that the page is not theirs', async () => {
    const api = new FakeAccessGovernanceApi();
    await renderWithApi(<AdminJobsPage />, api);
    expect(
      await screen.findByText(/Only administrators of access governance/),
    ).toBeInTheDocument();
  });

  it('links the access inbox to it for administrators only', async () => {
    const api = adminApi();
    const { unmount } = await renderWithApi(<AccessInboxPage />, api);
    expect(
      await screen.findByRole('link', { name: 'Background jobs and drift' }),
    ).toHaveAttribute('href', '/admin');
    unmount();

    await renderWithApi(<AccessInboxPage />, new FakeAccessGovernanceApi());
    await screen.findByRole('tab', { name: /Waiting on me/ });
    await waitFor(() =>
      expect(
        screen.queryByRole('link', { name: 'Background jobs and drift' }),
      ).not.toBeInTheDocument(),
    );
  });
});
