import { configApiRef, useApiHolder } from '@backstage/core-plugin-api';

/** The Jira host from `accessGovernance.jira.host`, when the app config exposes it. */
export function useJiraHost(): string | undefined {
  const apis = useApiHolder();
  return apis
    .get(configApiRef)
    ?.getOptionalString('accessGovernance.jira.host');
}

/**
 * What completing a review campaign gives undecided items, from
 * `accessGovernance.reviews.defaultDecision` (the backend's default is keep).
 */
export function useReviewDefaultDecision(): 'keep' | 'revoke' {
  const apis = useApiHolder();
  const value = apis
    .get(configApiRef)
    ?.getOptionalString('accessGovernance.reviews.defaultDecision');
  return value === 'revoke' ? 'revoke' : 'keep';
}

/**
 * The longest grant of a role that declares no max, from
 * `accessGovernance.requests.maxDuration` (the backend's default is P365D).
 */
export function useMaxDuration(): string {
  const apis = useApiHolder();
  return (
    apis
      .get(configApiRef)
      ?.getOptionalString('accessGovernance.requests.maxDuration') ?? 'P365D'
  );
}
