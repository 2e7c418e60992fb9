import { signalApiRef } from '@backstage/plugin-signals-react';
import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook } from '@testing-library/react';
import { ReactNode } from 'react';
import { fakeSignals } from '../__testUtils__/render';
import { useLiveReload } from './useLiveReload';

const wrapper =
  (apis: ReadonlyArray<readonly [any, any]>) =>
  ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={apis}>{children}</TestApiProvider>
  );

const salesforce = 'component:default/salesforce';

describe('useLiveReload', () => {
  afterEach(() => {
    jest.useRealTimers();
    Object.defineProperty(document, 'hidden', {
      configurable: true,
      value: false,
    });
  });

  it('reloads on a signal the page shows, and only then', () => {
    const signals = fakeSignals();
    const reload = jest.fn();
    const { result } = renderHook(
      () => useLiveReload(reload, signal => signal.entityRef === salesforce),
      { wrapper: wrapper([[signalApiRef, signals.api]]) },
    );
    expect(result.current.live).toBe(true);
    act(() =>
      signals.emit('access-governance', {
        kind: 'grant',
        id: 'g1',
        entityRef: 'component:default/github',
      }),
    );
    expect(reload).not.toHaveBeenCalled();
    act(() =>
      signals.emit('access-governance', {
        kind: 'request',
        id: 'r1',
        entityRef: salesforce,
      }),
    );
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('does not poll while signals arrive', () => {
    jest.useFakeTimers();
    const reload = jest.fn();
    renderHook(() => useLiveReload(reload), {
      wrapper: wrapper([[signalApiRef, fakeSignals().api]]),
    });
    act(() => jest.advanceTimersByTime(120_000));
    expect(reload).not.toHaveBeenCalled();
  });

  it('without signals, looks again every 30 seconds while the page is visible', () => {
    jest.useFakeTimers();
    const reload = jest.fn();
    const { result, unmount } = renderHook(() => useLiveReload(reload), {
      wrapper: wrapper([]),
    });
    expect(result.current.live).toBe(false);
    act(() => jest.advanceTimersByTime(29_000));
    expect(reload).not.toHaveBeenCalled();
    act(() => jest.advanceTimersByTime(1_000));
    expect(reload).toHaveBeenCalledTimes(1);

    Object.defineProperty(document, 'hidden', {
      configurable: true,
      value: true,
    });
    act(() => jest.advanceTimersByTime(60_000));
    expect(reload).toHaveBeenCalledTimes(1);

    unmount();
    Object.defineProperty(document, 'hidden', {
      configurable: true,
      value: false,
    });
    act(() => jest.advanceTimersByTime(60_000));
    expect(reload).toHaveBeenCalledTimes(1);
  });
});
