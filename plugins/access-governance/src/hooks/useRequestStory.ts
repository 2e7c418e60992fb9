import {
  AccessApp,
  AccessAuditEvent,
  AccessGrant,
  AccessRequest,
} from '@accessgov/plugin-access-governance-common';
import { useApi } from '@backstage/core-plugin-api';
import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { accessGovernanceApiRef } from '../api';

/** Everything a request's page tells. */
export type RequestStory = {
  request: AccessRequest;
  /** The request's audit events, oldest first. */
  history: AccessAuditEvent[];
  /** The grant the request led to, when there is one the viewer may see. */
  grant?: AccessGrant;
  /** The app's declaration, for the role's title; absent when it cannot be loaded. */
  app?: AccessApp;
};

/**
 * Loads a request with its history, its grant and its app. Keeps the story shown while it
 * loads again, so that a live update does not flash a spinner.
 */
export function useRequestStory(id: string) {
  const api = useApi(accessGovernanceApiRef);
  const loaded = useAsyncRetry(async (): Promise<RequestStory> => {
    const request = await api.getRequest(id);
    const [history, grants, app] = await Promise.all([
      api.getRequestHistory(id),
      request.grantId
        ? api.listGrants({ entityRef: request.entityRef }).catch(() => [])
        : Promise.resolve([]),
      api.getApp(request.entityRef).catch(() => undefined),
    ]);
    return {
      request,
      history,
      grant: grants.find(g => g.id === request.grantId),
      app,
    };
  }, [api, id]);
  const [story, setStory] = useState<RequestStory>();
  useEffect(() => {
    if (loaded.value) setStory(loaded.value);
  }, [loaded.value]);
  const shown = story?.request.id === id ? story : undefined;
  return { story: shown, error: loaded.error, reload: loaded.retry };
}
