/** The signal channel the backend announces changes on. */
export const ACCESS_SIGNAL_CHANNEL = 'access-governance';

/** What the backend says changed; pages that show it load it again. */
export type AccessSignal = {
  kind: 'request' | 'grant' | 'review';
  id: string;
  entityRef: string;
};

/** How often pages look again when signals are not available, while they are visible. */
export const POLL_INTERVAL_MS = 30_000;
