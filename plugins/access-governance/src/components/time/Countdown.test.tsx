import { act, render, screen } from '@testing-library/react';
import { Countdown } from './Countdown';

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
