import { entityPresentationApiRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, render, screen } from '@testing-library/react';
import { request } from '../../__testUtils__/FakeAccessGovernanceApi';
import { presentationApi } from '../../__testUtils__/render';
import { Countdown, JiraLink, StageLabel } from './bits';

describe('Countdown', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('counts down as time passes', () => {
    jest.useFakeTimers({ now: new Date('2025-01-01T10:00:00Z') });
    render(<Countdown expiresAt="2025-01-01T13:12:40Z" />);
    expect(screen.getByText('expires in 3 h 12 min')).toBeInTheDocument();

    act(() => {
      jest.advanceTimersByTime(2 * 60_000);
    });
    expect(screen.getByText('expires in 3 h 10 min')).toBeInTheDocument();
  });

  it('says when a grant has no expiry', () => {
    render(<Countdown expiresAt={null} />);
    expect(screen.getByText('no expiry')).toBeInTheDocument();
  });
});

describe('StageLabel and JiraLink', () => {
  it('names the stage by its approvers, with the full label on hover', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            entityPresentationApiRef,
            presentationApi({ 'group:default/revops': 'RevOps' }),
          ],
        ]}
      >
        <StageLabel request={request()} />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Stage 1 of 2 · RevOps')).toHaveAttribute(
      'title',
      'Stage 1 of 2: App approvers (group:default/revops)',
    );
  });

  it('keeps a Jira key on one line', async () => {
    await renderInTestApp(<JiraLink item={request()} />);
    expect(screen.getByRole('link', { name: /ACCESS-7/ })).toHaveStyle({
      whiteSpace: 'nowrap',
    });
  });
});
