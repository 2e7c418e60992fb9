import { screen, waitFor, within } from '@testing-library/react';
import userEvent, {
  PointerEventsCheckLevel,
} from '@testing-library/user-event';
import { app, reviewItem } from '../../__testUtils__/FakeAccessGovernanceApi';
import {
  bob,
  eve,
  mine,
  oscar,
  reviewerApi,
} from '../../__testUtils__/campaign';
import { renderWithApi, salesforce } from '../../__testUtils__/render';
import { responseError } from '../../__testUtils__/responses';
import { EntityAccessReviewContent } from './EntityAccessReviewContent';

jest.setTimeout(30_000);

async function openCampaign(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Review' }));
  return screen.findByLabelText('Review items');
}

const rows = () => screen.queryAllByTestId('review-item-row');

/** A campaign of `count` people, Person 0 to Person count-1. */
const people = (
  count: number,
  recommendation: (i: number) => 'keep' | 'revoke' = () => 'keep',
) =>
  Array.from({ length: count }, (_, i) =>
    reviewItem({
      id: `i-${i}`,
      user: {
        ...bob.user,
        ref: `user:default/person-${i}`,
        email: `person-${i}@example.com`,
        displayName: `Person ${i}`,
      },
      recommendation: recommendation(i),
    }),
  );

describe('EntityAccessReviewContent', () => {
  it('shows each item with its context, and a member without a grant', async () => {
    const user = userEvent.setup();
    await renderWithApi(<EntityAccessReviewContent />, reviewerApi());
    await openCampaign(user);
    // Title, department, manager and last login sit in the row's details.
    for (const name of ['Bob Builder', 'Oscar Old']) {
      await user.click(
        screen.getByRole('button', { name: `Details of ${name}` }),
      );
    }

    const [bobRow, eveRow, , oscarRow] = rows();
    for (const text of [
      'Bob Builder',
      'bob@example.com',
      'Sales Engineer',
      'Sales',
      'Carol Chief',
      '2 days ago',
      'System Admin',
      'SF-Admin',
      'Quarter-end reports',
      'Signed in 2 days ago; approved by dana',
    ]) {
      expect(within(bobRow).getByText(text)).toBeInTheDocument();
    }
    expect(within(bobRow).getByText(/Approved by dana/)).toBeInTheDocument();
    expect(
      within(bobRow).getByRole('link', { name: /ACCESS-5/ }),
    ).toHaveAttribute('href', 'https://jira.example.com/browse/ACCESS-5');
    expect(within(bobRow).getByText('undecided')).toBeInTheDocument();

    expect(within(eveRow).getByText('not in Backstage')).toBeInTheDocument();
    expect(
      within(eveRow).getByText('No request on record — revoke'),
    ).toBeInTheDocument();
    expect(
      within(eveRow).getByText(
        'No request on record: added to the okta group outside the workflow',
      ),
    ).toBeInTheDocument();
    expect(within(oscarRow).getByText('never')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /ACCESS-90/ })).toBeInTheDocument();
    expect(screen.getByText(/^due/)).toHaveTextContent(/^due in 6 days$/);
  });

  it("names the campaign by the app's title and people by their catalog names", async () => {
    const user = userEvent.setup();
    await renderWithApi(<EntityAccessReviewContent />, reviewerApi(), {
      entity: {
        ...salesforce,
        metadata: { ...salesforce.metadata, title: 'Salesforce' },
      },
      titles: { 'user:default/dana': 'Dana Scully' },
    });
    expect(await screen.findByText('by Dana Scully')).toBeInTheDocument();
    await openCampaign(user);

    expect(screen.getByText('Campaign of Salesforce')).toBeInTheDocument();
    expect(
      screen.getAllByText(
        (_, element) =>
          element?.tagName === 'SPAN' &&
          /^Started .* by Dana Scully$/.test(element.textContent ?? ''),
      )[0],
    ).toBeInTheDocument();
    const [bobRow] = rows();
    expect(
      within(bobRow).getByText(/Approved by Dana Scully/),
    ).toBeInTheDocument();
    expect(within(bobRow).getByText('undecided').closest('td')).toHaveStyle({
      whiteSpace: 'nowrap',
    });
  });

  it('filters items by recommendation and decision', async () => {
    const user = userEvent.setup();
    const decided = reviewItem({
      id: 'i-kept',
      user: { ...bob.user, displayName: 'Kim Kept', email: 'kim@example.com' },
      decision: 'keep',
      decidedBy: 'user:default/dana',
      decidedAt: new Date(Date.now() - 3600_000).toISOString(),
      comment: 'Still on the team',
    });
    await renderWithApi(
      <EntityAccessReviewContent />,
      reviewerApi([bob, eve, mine, oscar, decided]),
    );
    await openCampaign(user);
    expect(rows()).toHaveLength(5);

    const recommendation = screen.getByRole('group', {
      name: 'Recommendation',
    });
    await user.click(
      within(recommendation).getByRole('button', { name: 'Revoke' }),
    );
    expect(
      rows().map(r => within(r).getAllByRole('cell')[1].textContent),
    ).toEqual([
      expect.stringContaining('Eve Outsider'),
      expect.stringContaining('Oscar Old'),
    ]);

    await user.click(
      within(recommendation).getByRole('button', { name: 'All' }),
    );
    const decision = screen.getByRole('group', { name: 'Decision' });
    await user.click(within(decision).getByRole('button', { name: 'Kept' }));
    expect(rows()).toHaveLength(1);
    expect(
      within(rows()[0]).getByText('Still on the team'),
    ).toBeInTheDocument();
    const decisionCell = within(rows()[0]).getAllByRole('cell')[5];
    expect(decisionCell).toHaveTextContent(
      /^Keepby dana · 1 hour agoStill on the team$/,
    );
  });

  it('never lets a reviewer pick their own access', async () => {
    const user = userEvent.setup();
    await renderWithApi(<EntityAccessReviewContent />, reviewerApi());
    await openCampaign(user);

    const own = screen.getByRole('checkbox', {
      name: 'Alice Admin: your own access',
    });
    expect(own).toBeDisabled();
    expect(within(rows()[2]).getByText('your own access')).toBeInTheDocument();
    expect(
      screen.getByRole('checkbox', { name: 'Select Bob Builder' }),
    ).toBeEnabled();
  });

  it('never lets a delegate pick the access of the person they stand in for', async () => {
    const user = userEvent.setup();
    const api = reviewerApi();
    const until = new Date(Date.now() + 86_400_000).toISOString();
    api.delegation = {
      delegation: null,
      standingInFor: [
        {
          delegator: 'user:default/bob',
          delegate: api.me,
          until,
          createdAt: new Date().toISOString(),
        },
      ],
    };
    await renderWithApi(<EntityAccessReviewContent />, api);
    await openCampaign(user);

    expect(
      await screen.findByRole('checkbox', {
        name: 'Bob Builder: the access of someone you stand in for',
      }),
    ).toBeDisabled();
    expect(
      screen.getByRole('checkbox', { name: 'Alice Admin: your own access' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('checkbox', { name: 'Select Oscar Old' }),
    ).toBeEnabled();
  });

  it('selects all but the own item and revokes them with a comment', async () => {
    const user = userEvent.setup();
    const api = reviewerApi();
    await renderWithApi(<EntityAccessReviewContent />, api);
    await openCampaign(user);

    await user.click(
      screen.getByRole('checkbox', {
        name: 'Select all 3 items you can decide',
      }),
    );
    expect(screen.getByText('3 selected')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Revoke selected' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Revoke 3 items')).toBeInTheDocument();

    // A revoke needs a reason.
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(
      within(dialog).getByText('Say why you revoke this access'),
    ).toBeInTheDocument();
    expect(api.callsOf('decideReviewItems')).toEqual([]);

    await user.type(
      within(dialog).getByRole('textbox', { name: /Why revoke/ }),
      'Left the sales team',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    expect(
      await screen.findByText(
        'Revoked 3 items: the IdP membership is being removed, and the removal is recorded in Jira.',
      ),
    ).toBeInTheDocument();
    expect(api.callsOf('decideReviewItems')).toEqual([
      [
        'rev-1',
        ['i-bob', 'i-eve', 'i-oscar'].map(itemId => ({
          itemId,
          decision: 'revoke',
          comment: 'Left the sales team',
        })),
      ],
    ]);
    expect(
      screen.getByText('3 of 4 decided · 3 revoke · 0 keep'),
    ).toBeInTheDocument();
    // Revoked items cannot be picked again.
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      screen.getByRole('checkbox', { name: 'Bob Builder: already revoked' }),
    ).toBeDisabled();
  });

  it('keeps selected items with an optional comment and shows the server refusal', async () => {
    const user = userEvent.setup();
    const api = reviewerApi();
    api.failures.decideReviewItems = () =>
      responseError(409, 'ConflictError', 'rev-1 is completed');
    await renderWithApi(<EntityAccessReviewContent />, api);
    await openCampaign(user);

    await user.click(
      screen.getByRole('checkbox', { name: 'Select Bob Builder' }),
    );
    await user.click(screen.getByRole('button', { name: 'Keep selected' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Keep' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'rev-1 is completed',
    );
    expect(api.callsOf('decideReviewItems')).toEqual([
      ['rev-1', [{ itemId: 'i-bob', decision: 'keep' }]],
    ]);
  });

  it('keeps or revokes one item from its row, naming the person', async () => {
    const user = userEvent.setup();
    const api = reviewerApi();
    await renderWithApi(<EntityAccessReviewContent />, api);
    await openCampaign(user);

    // Nobody decides their own access, not even from the row.
    expect(
      screen.queryByRole('button', { name: 'Revoke Alice Admin' }),
    ).not.toBeInTheDocument();

    await user.click(
      screen.getByRole('button', { name: 'Revoke Eve Outsider' }),
    );
    let dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText("Revoke Eve Outsider's access?"),
    ).toBeInTheDocument();
    await user.type(
      within(dialog).getByRole('textbox', { name: /Why revoke/ }),
      'Contract ended',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(
      await screen.findByText(
        "Revoked Eve Outsider's access: the IdP membership is being removed, and the removal is recorded in Jira.",
      ),
    ).toBeInTheDocument();

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    await user.click(screen.getByRole('button', { name: 'Keep Bob Builder' }));
    dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText("Keep Bob Builder's access?"),
    ).toBeInTheDocument();
    // Keeping needs no comment.
    await user.click(within(dialog).getByRole('button', { name: 'Keep' }));
    expect(
      await screen.findByText("Kept Bob Builder's access."),
    ).toBeInTheDocument();

    expect(api.callsOf('decideReviewItems')).toEqual([
      [
        'rev-1',
        [{ itemId: 'i-eve', decision: 'revoke', comment: 'Contract ended' }],
      ],
      ['rev-1', [{ itemId: 'i-bob', decision: 'keep' }]],
    ]);
    expect(
      screen.getByText('2 of 4 decided · 1 revoke · 1 keep'),
    ).toBeInTheDocument();
    // A kept item may still be revoked; a revoked one is done.
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      screen.queryByRole('button', { name: 'Keep Bob Builder' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Revoke Bob Builder' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Revoke Eve Outsider' }),
    ).not.toBeInTheDocument();
  });

  it('names the people a bulk revoke removes', async () => {
    const user = userEvent.setup();
    await renderWithApi(<EntityAccessReviewContent />, reviewerApi());
    await openCampaign(user);
    await user.click(
      screen.getByRole('checkbox', {
        name: 'Select all 3 items you can decide',
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Revoke selected' }));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        /^Bob Builder, Eve Outsider and Oscar Old are removed from the role's IdP groups at once/,
      ),
    ).toBeInTheDocument();
  });

  it('completes a campaign after saying how many items get the default decision', async () => {
    const user = userEvent.setup();
    const api = reviewerApi();
    await renderWithApi(<EntityAccessReviewContent />, api);
    await openCampaign(user);

    await user.click(screen.getByRole('button', { name: 'Complete campaign' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      '4 undecided items will get the default decision: keep. They keep their access.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Complete' }));

    expect(
      await screen.findByText('The campaign is completed.'),
    ).toBeInTheDocument();
    expect(api.callsOf('completeReview')).toEqual([['rev-1']]);
    await waitFor(() =>
      expect(screen.getAllByText(/by the default decision/)).toHaveLength(4),
    );
    expect(screen.getByText('Completed')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Complete campaign' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
  });

  it('shows a campaign read-only to somebody who is not a reviewer', async () => {
    const user = userEvent.setup();
    const api = reviewerApi();
    api.app = app();
    await renderWithApi(<EntityAccessReviewContent />, api);
    await user.click(await screen.findByRole('button', { name: 'View' }));

    expect(await screen.findByText(/read-only/)).toBeInTheDocument();
    expect(rows()).toHaveLength(4);
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Complete campaign' }),
    ).not.toBeInTheDocument();
  });

  it('downloads the CSV through the client and saves the file', async () => {
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:review-csv');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const clicked: Array<{ download: string; href: string }> = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function saved(this: HTMLAnchorElement) {
        clicked.push({ download: this.download, href: this.href });
      });
    try {
      const user = userEvent.setup();
      const api = reviewerApi();
      await renderWithApi(<EntityAccessReviewContent />, api);
      await openCampaign(user);

      await user.click(screen.getByRole('button', { name: 'Download CSV' }));
      await waitFor(() => expect(clicked).toHaveLength(1));
      expect(clicked[0]).toEqual({
        download: 'access-review-rev-1.csv',
        href: 'blob:review-csv',
      });
      expect(api.callsOf('downloadReviewCsv')).toEqual([['rev-1']]);
      expect(createObjectURL.mock.calls[0][0]).toBeInstanceOf(Blob);
    } finally {
      click.mockRestore();
    }
  });

  it('renders one page of a 5,000-item campaign and keeps the selection across pages', async () => {
    // Role queries and pointer checks are slow over a large DOM; labels find the same controls.
    const user = userEvent.setup({
      pointerEventsCheck: PointerEventsCheckLevel.Never,
    });
    const many = people(5000);
    await renderWithApi(<EntityAccessReviewContent />, reviewerApi(many));
    await openCampaign(user);

    expect(rows()).toHaveLength(50);
    expect(screen.getByText('1-50 of 5000')).toBeInTheDocument();

    await user.click(screen.getByLabelText('Select Person 0'));
    await user.click(screen.getByTitle('Next page'));
    expect(rows()).toHaveLength(50);
    expect(within(rows()[0]).getByText('Person 50')).toBeInTheDocument();
    await user.click(screen.getByLabelText('Select Person 50'));
    expect(screen.getByText('2 selected')).toBeInTheDocument();

    await user.click(screen.getByTitle('Previous page'));
    expect(screen.getByLabelText('Select Person 0')).toBeChecked();
  });

  it('pages a large campaign from the backend, filters it there and keeps every item that passes', async () => {
    const user = userEvent.setup({
      pointerEventsCheck: PointerEventsCheckLevel.Never,
    });
    const many = people(1000, i => (i % 3 === 0 ? 'revoke' : 'keep'));
    const api = reviewerApi(many);
    await renderWithApi(<EntityAccessReviewContent />, api);
    await openCampaign(user);
    // The campaign came with its first page only; the pager counts them all.
    expect(screen.getByText('1-50 of 1000')).toBeInTheDocument();
    expect(api.callsOf('listReviewItems')).toEqual([]);

    // Pages past the first come from the backend.
    await user.click(screen.getByTitle('Next page'));
    await user.click(screen.getByTitle('Next page'));
    expect(
      await screen.findByLabelText('Select Person 100'),
    ).toBeInTheDocument();
    expect(api.callsOf('listReviewItems')).toEqual([
      ['rev-1', { cursor: 'at-100', limit: 250 }],
    ]);

    const recommendation = screen.getByRole('group', {
      name: 'Recommendation',
    });
    await user.click(
      within(recommendation).getByRole('button', { name: 'Revoke' }),
    );
    expect(await screen.findByText('1-50 of 334')).toBeInTheDocument();
    expect(api.callsOf('listReviewItems').at(-1)).toEqual([
      'rev-1',
      { recommendation: 'revoke', limit: 250 },
    ]);

    await user.click(screen.getByRole('button', { name: 'Keep all 334' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Keep 334 items');
    await user.click(within(dialog).getByRole('button', { name: 'Keep' }));
    await waitFor(() =>
      expect(api.callsOf('decideMatchingReviewItems')).toEqual([
        ['rev-1', { filter: { recommendation: 'revoke' }, decision: 'keep' }],
      ]),
    );
    expect(
      api.reviews[0].items!.filter(i => i.decision === 'keep'),
    ).toHaveLength(334);
  }, 90_000);
});
