import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  FakeAccessGovernanceApi,
  review,
} from '../../__testUtils__/FakeAccessGovernanceApi';
import { reviewerApi } from '../../__testUtils__/campaign';
import { renderWithApi } from '../../__testUtils__/render';
import { responseError } from '../../__testUtils__/responses';
import { EntityAccessReviewContent } from './EntityAccessReviewContent';

jest.setTimeout(30_000);

describe('EntityAccessReviewContent', () => {
  it('lists campaigns with their progress, flags overdue ones and is read-only for others', async () => {
    const api = new FakeAccessGovernanceApi();
    api.reviews = [
      review({
        id: 'rev-old',
        status: 'completed',
        createdAt: new Date(Date.now() - 90 * 24 * 3600_000).toISOString(),
        completedAt: new Date(Date.now() - 80 * 24 * 3600_000).toISOString(),
        progress: { decided: 4, total: 4, revoke: 1, keep: 3 },
        jiraKey: 'ACCESS-50',
        jiraUrl: 'https://jira.example.com/browse/ACCESS-50',
      }),
      review({
        id: 'rev-1',
        overdue: true,
        dueAt: new Date(Date.now() - 2 * 24 * 3600_000).toISOString(),
        progress: { decided: 1, total: 4, revoke: 1, keep: 0 },
      }),
    ];
    await renderWithApi(<EntityAccessReviewContent />, api);

    const table = await screen.findByRole('table', { name: 'Campaigns' });
    const [, newest, oldest] = within(table).getAllByRole('row');
    expect(within(newest).getByText('Overdue')).toBeInTheDocument();
    expect(within(newest).getByText(/was due/)).toHaveTextContent(
      'was due 2 days ago',
    );
    expect(
      within(newest).getByText('1 of 4 decided · 1 revoke · 0 keep'),
    ).toBeInTheDocument();
    expect(within(newest).getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '25',
    );
    expect(
      within(newest).getByRole('link', { name: /ACCESS-90/ }),
    ).toHaveAttribute('href', 'https://jira.example.com/browse/ACCESS-90');
    expect(within(oldest).getByText('Completed')).toBeInTheDocument();
    expect(within(oldest).queryByText('Overdue')).not.toBeInTheDocument();
    expect(within(oldest).getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
    // Not a reviewer: nothing to start, campaigns open read-only.
    expect(
      screen.queryByRole('button', { name: 'Start a campaign' }),
    ).not.toBeInTheDocument();
    expect(
      within(newest).getByRole('button', { name: 'View' }),
    ).toBeInTheDocument();
    expect(api.callsOf('listReviews')).toEqual([
      [{ entityRef: 'component:default/salesforce' }],
    ]);
  });

  it('says who starts campaigns when there are none', async () => {
    await renderWithApi(
      <EntityAccessReviewContent />,
      new FakeAccessGovernanceApi(),
    );
    expect(
      await screen.findByText(
        'No campaigns yet. Reviewers of this app start campaigns.',
      ),
    ).toBeInTheDocument();
  });

  it('lets a reviewer start a campaign and opens it', async () => {
    const user = userEvent.setup();
    const api = reviewerApi();
    api.reviews = [];
    await renderWithApi(<EntityAccessReviewContent />, api);

    expect(
      await screen.findByText(
        'No campaigns yet. Start a campaign to review who holds which role.',
      ),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Start a campaign' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(
      within(dialog).getByRole('button', { name: 'Start campaign' }),
    );

    expect(
      await screen.findByText(/This campaign has no items/),
    ).toBeInTheDocument();
    expect(api.callsOf('createReview')).toEqual([
      [{ entityRef: 'component:default/salesforce' }],
    ]);
    expect(api.callsOf('getReview')).toEqual([['rev-100']]);
  });

  it('says so when a campaign is already open', async () => {
    const user = userEvent.setup();
    const api = reviewerApi();
    api.reviews = [];
    api.failures.createReview = () =>
      responseError(
        409,
        'ConflictError',
        'component:default/salesforce already has an open review (rev-9); complete it first',
      );
    await renderWithApi(<EntityAccessReviewContent />, api);

    await user.click(
      await screen.findByRole('button', { name: 'Start a campaign' }),
    );
    const dialog = await screen.findByRole('dialog');
    await user.click(
      within(dialog).getByRole('button', { name: 'Start campaign' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'A campaign is already open for this app: component:default/salesforce already has an open review (rev-9); complete it first',
    );
  });
});
