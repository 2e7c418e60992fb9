import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { request } from '../../__testUtils__/FakeAccessGovernanceApi';
import { JiraLink } from './JiraLink';

describe('JiraLink', () => {
  it('keeps a Jira key on one line', async () => {
    await renderInTestApp(<JiraLink item={request()} />);
    expect(screen.getByRole('link', { name: /ACCESS-7/ })).toHaveStyle({
      whiteSpace: 'nowrap',
    });
  });
});
