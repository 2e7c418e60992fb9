import {
  AccessApp,
  AccessGrant,
  AccessRequest,
} from '@accessgov/plugin-access-governance-common';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { accessGovernanceApiRef } from '../api';

/** Everything the Access tab of one app shows. */
export type AccessData = {
  app: AccessApp;
  /** The viewer's own requests for this app. */
  myRequests: AccessRequest[];
  /** The viewer's own grants for this app, active and ended. */
  myGrants: AccessGrant[];
  /** For approvers: the app's pending and approved requests. */
  openRequests: AccessRequest[];
  /** For approvers: every grant of the app. */
  grants: AccessGrant[];
};

/**
 * Loads an app's declaration and the requests and grants the viewer sees there. Keeps the
 * previous data while it reloads, so a refresh after an action does not flash a spinner.
 */
export function useAccessData(entityRef: string) {
  const api = useApi(accessGovernanceApiRef);
  return useAsyncRetry(async (): Promise<AccessData> => {
    const app = await api.getApp(entityRef);
    const approver = app.viewer.canApprove;
    const [myRequests, myGrants, openRequests, grants] = await Promise.all([
      api.listRequests({ entityRef, requester: 'me' }),
      api.listGrants({ entityRef, user: 'me' }),
      approver
        ? api.listRequests({ entityRef, status: ['pending', 'approved'] })
        : Promise.resolve([]),
      approver ? api.listGrants({ entityRef }) : Promise.resolve([]),
    ]);
    return { app, myRequests, myGrants, openRequests, grants };
  }, [api, entityRef]);
}
