import { AccessRequest } from '@accessgov/plugin-access-governance-common';
import { useApi } from '@backstage/core-plugin-api';
import { useEffect, useState } from 'react';
import { accessGovernanceApiRef } from '../api';

/** How often to look again for the Jira issue of a new request, and how many times. */
const JIRA_POLL_MS = 3_000;
const JIRA_POLL_TRIES = 10;

/**
 * A request just sent, kept up to date until its Jira issue is known. The backend opens
 * the issue in the background, so while the request has no Jira key it is read again
 * every few seconds, a limited number of times.
 */
export function useRequestRecord(): [
  AccessRequest | undefined,
  (request: AccessRequest) => void,
] {
  const api = useApi(accessGovernanceApiRef);
  const [request, setRequest] = useState<AccessRequest>();
  const id = request?.id;
  const waiting = Boolean(request && !request.jiraKey);

  useEffect(() => {
    if (!id || !waiting) return undefined;
    let tries = 0;
    const timer = setInterval(async () => {
      tries += 1;
      if (tries >= JIRA_POLL_TRIES) clearInterval(timer);
      try {
        const fresh = await api.getRequest(id);
        if (fresh.jiraKey) clearInterval(timer);
        setRequest(fresh);
      } catch {
        // Look again at the next tick, while tries are left.
      }
    }, JIRA_POLL_MS);
    return () => clearInterval(timer);
  }, [api, id, waiting]);

  return [request, setRequest];
}
