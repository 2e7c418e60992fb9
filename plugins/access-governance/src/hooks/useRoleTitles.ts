import { AccessRole } from '@accessgov/plugin-access-governance-common';
import { useApi } from '@backstage/core-plugin-api';
import { useCallback, useRef } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { accessGovernanceApiRef } from '../api';
import { roleTitle } from '../lib';

/** Gives a role's title from the app's entity ref and the role id. */
export type RoleTitleOf = (entityRef: string, roleId: string) => string;

/**
 * Role titles for requests and grants across apps. Each app's declaration is loaded once,
 * all in parallel; a role of an app that cannot be loaded is shown by its id.
 * `entityRefs` is undefined while the apps to show are not known yet.
 */
export function useRoleTitles(entityRefs: string[] | undefined): {
  titleOf: RoleTitleOf;
  /**
   * False until the first apps asked for have been loaded (or failed to); apps that turn
   * up later show role ids until they are loaded.
   */
  loaded: boolean;
} {
  const api = useApi(accessGovernanceApiRef);
  // Apps already asked for, with their roles; null when the app could not be loaded.
  const cache = useRef(new Map<string, AccessRole[] | null>());
  const settledOnce = useRef(false);
  const key = Array.from(new Set(entityRefs ?? []))
    .sort()
    .join('\n');
  const { value: roles } = useAsync(async () => {
    const known = cache.current;
    const missing = key ? key.split('\n').filter(ref => !known.has(ref)) : [];
    if (missing.length === 0) return new Map(known);
    const results = await Promise.allSettled(
      missing.map(ref => api.getApp(ref)),
    );
    results.forEach((result, index) => {
      known.set(
        missing[index],
        result.status === 'fulfilled' ? result.value.roles : null,
      );
    });
    return new Map(known);
  }, [api, key]);

  const titleOf = useCallback<RoleTitleOf>(
    (entityRef, roleId) =>
      roleTitle(roles?.get(entityRef) ?? undefined, roleId),
    [roles],
  );
  const settled =
    entityRefs !== undefined &&
    (key ? key.split('\n') : []).every(ref => roles?.has(ref));
  if (settled) settledOnce.current = true;
  return { titleOf, loaded: settledOnce.current };
}
