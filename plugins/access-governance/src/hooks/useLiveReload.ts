import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useRef } from 'react';
import { ACCESS_SIGNAL_CHANNEL, AccessSignal, POLL_INTERVAL_MS } from '../lib';

/**
 * Keeps a page up to date: calls `reload` when the backend signals a change the page
 * shows (`concerns` tells which), or, where the app has no signals, every 30 seconds
 * while the page is visible.
 */
export function useLiveReload(
  reload: () => void,
  concerns: (signal: AccessSignal) => boolean = () => true,
  pollIntervalMs: number = POLL_INTERVAL_MS,
): { live: boolean } {
  const { lastSignal, isSignalsAvailable } = useSignal<AccessSignal>(
    ACCESS_SIGNAL_CHANNEL,
  );
  const latest = useRef({ reload, concerns });
  latest.current = { reload, concerns };

  useEffect(() => {
    if (lastSignal && latest.current.concerns(lastSignal)) {
      latest.current.reload();
    }
  }, [lastSignal]);

  useEffect(() => {
    if (isSignalsAvailable) return undefined;
    const timer = setInterval(() => {
      if (typeof document === 'undefined' || !document.hidden) {
        latest.current.reload();
      }
    }, pollIntervalMs);
    return () => clearInterval(timer);
  }, [isSignalsAvailable, pollIntervalMs]);

  return { live: isSignalsAvailable };
}
