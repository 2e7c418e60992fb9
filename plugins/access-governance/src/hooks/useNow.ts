import { DateTime } from 'luxon';
import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs` (30 s by default) for countdowns. */
export function useNow(intervalMs = 30_000): DateTime {
  const [now, setNow] = useState(() => DateTime.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(DateTime.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
