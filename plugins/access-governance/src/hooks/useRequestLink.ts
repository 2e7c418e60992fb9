import { RouteRef, SubRouteRef, useRouteRef } from '@backstage/core-plugin-api';
import { useCallback } from 'react';
import { accessInboxRouteRef, requestRouteRef } from '../routes';

/** A route's link function, or undefined where the app does not mount the route. */
function useMountedRoute<P extends { [name: string]: string }>(
  ref: RouteRef<any> | SubRouteRef<any>,
): ((params: P) => string) | undefined {
  try {
    return useRouteRef(ref) as (params: P) => string;
  } catch {
    return undefined;
  }
}

/**
 * Builds the link to a request's page (`/access/requests/:id` under the inbox), or gives
 * undefined where the app does not mount the inbox.
 */
export function useRequestLink(): ((id: string) => string) | undefined {
  const route = useMountedRoute<{ id: string }>(requestRouteRef);
  const link = useCallback((id: string) => route!({ id }), [route]);
  return route ? link : undefined;
}

/** The link to the access inbox, where the app mounts it. */
export function useInboxLink(): string | undefined {
  const route = useMountedRoute<{}>(accessInboxRouteRef);
  return route?.({});
}
