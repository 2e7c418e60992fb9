import {
  AccessApp,
  AccessGrant,
  AccessRequest,
} from '@accessgov/plugin-access-governance-common';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { accessGovernanceApiRef } from '../../api';

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

/** Whether the requester may still cancel a request (the backend has the final say). */
export function canCancel(
  request: Pick<AccessRequest, 'status' | 'roleId'>,
  app: Pick<AccessApp, 'roles'>,
): boolean {
  if (request.status === 'pending') return true;
  const role = app.roles.find(r => r.id === request.roleId);
  return request.status === 'approved' && Boolean(role?.manual);
}

/**
 * Why the viewer cannot ask for a role right now (they hold it, or a request for it is
 * open), or undefined when they can.
 */
export function requestBlocker(
  roleId: string,
  myRequests: AccessRequest[],
  myGrants: AccessGrant[],
): string | undefined {
  if (myGrants.some(g => g.roleId === roleId && g.status === 'active')) {
    return 'You already hold this role';
  }
  const open = myRequests.find(
    r =>
      r.roleId === roleId &&
      (r.status === 'pending' || r.status === 'approved'),
  );
  if (open) {
    return open.status === 'pending'
      ? 'Your request for this role is waiting for approval'
      : 'Your request for this role is approved and being granted';
  }
  return undefined;
}
