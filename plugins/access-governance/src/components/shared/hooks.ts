import {
  configApiRef,
  identityApiRef,
  useApi,
  useApiHolder,
} from '@backstage/core-plugin-api';
import {
  defaultEntityPresentation,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';
import { DateTime } from 'luxon';
import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { NameOf, Viewer } from './format';

/** The signed-in user and the entities they own or belong to. */
export function useViewer(): Viewer | undefined {
  const identityApi = useApi(identityApiRef);
  const { value } = useAsync(async () => {
    const identity = await identityApi.getBackstageIdentity();
    return {
      userEntityRef: identity.userEntityRef,
      ownershipEntityRefs: identity.ownershipEntityRefs,
    };
  }, [identityApi]);
  return value;
}

/** The current time, refreshed every `intervalMs` (30 s by default) for countdowns. */
export function useNow(intervalMs = 30_000): DateTime {
  const [now, setNow] = useState(() => DateTime.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(DateTime.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

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
 * Readable names for entity refs: the catalog's title where the entity presentation API
 * knows it, else the name part of the ref.
 */
export function useEntityNames(refs: string[]): NameOf {
  const presentationApi = useApiHolder().get(entityPresentationApiRef);
  const key = Array.from(new Set(refs)).sort().join('\n');
  const { value: titles } = useAsync(async () => {
    const result = new Map<string, string>();
    if (!presentationApi || !key) return result;
    await Promise.all(
      key.split('\n').map(async ref => {
        try {
          const presentation = await presentationApi.forEntity(ref).promise;
          result.set(ref, presentation.primaryTitle);
        } catch {
          // Keep the fallback name.
        }
      }),
    );
    return result;
  }, [presentationApi, key]);
  return useMemo(
    () => (ref: string) =>
      titles?.get(ref) ?? defaultEntityPresentation(ref).primaryTitle,
    [titles],
  );
}
