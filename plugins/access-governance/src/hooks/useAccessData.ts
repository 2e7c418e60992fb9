import {
  AccessApp,
  AccessGrant,
  AccessPage,
  AccessRequest,
} from '@accessgov/plugin-access-governance-common';
import { useApi } from '@backstage/core-plugin-api';
import {
  accessGovernanceApiRef,
  ListAccessGrantsQuery,
  ListAccessRequestsQuery,
} from '../api';
import { LIST_PAGE_SIZE, PagedList, usePagedList } from './usePagedList';

/**
 * Every list the Access tab of one app shows, each read a page at a time and counted by the
 * backend. The approver's lists are empty for anybody else, and read nothing.
 */
export type AccessData = {
  /** The viewer's pending and approved requests for this app. */
  myOpenRequests: PagedList<AccessRequest>;
  /** The roles the viewer holds in this app. */
  myActiveGrants: PagedList<AccessGrant>;
  /** The viewer's ended grants of this app. */
  myEndedGrants: PagedList<AccessGrant>;
  /** The viewer's requests for this app that were rejected, cancelled or failed. */
  myClosedRequests: PagedList<AccessRequest>;
  /** For approvers: the app's requests waiting on a decision. */
  pending: PagedList<AccessRequest>;
  /** For approvers: approved requests of the roles granted by hand. */
  toFulfil: PagedList<AccessRequest>;
  /** For approvers: the app's active grants. */
  holders: PagedList<AccessGrant>;
  /** For approvers: ended grants whose removal from the identity provider is not done. */
  stuck: PagedList<AccessGrant>;
  /** For approvers: ended grants of roles granted by hand, whose removal is to confirm by hand. */
  removals: PagedList<AccessGrant>;
};

const nothing = <T>(): Promise<AccessPage<T>> =>
  Promise.resolve({ items: [], nextCursor: null, total: 0 });

/** One list of requests a page at a time; none at all without a query. */
function useRequestPages(query: ListAccessRequestsQuery | undefined) {
  const api = useApi(accessGovernanceApiRef);
  return usePagedList<AccessRequest>(
    cursor =>
      query
        ? api.pageRequests({ ...query, cursor, limit: LIST_PAGE_SIZE })
        : nothing(),
    [api, JSON.stringify(query)],
  );
}

/** One list of grants a page at a time; none at all without a query. */
function useGrantPages(query: ListAccessGrantsQuery | undefined) {
  const api = useApi(accessGovernanceApiRef);
  return usePagedList<AccessGrant>(
    cursor =>
      query
        ? api.pageGrants({ ...query, cursor, limit: LIST_PAGE_SIZE })
        : nothing(),
    [api, JSON.stringify(query)],
  );
}

/**
 * Reads the lists of an app's Access tab: the viewer's own requests and grants there and,
 * for approvers, the requests to decide, the holders and the removals to follow up. A reload
 * reads each list again from its first page and keeps what is shown until the answers come.
 */
export function useAccessData(
  entityRef: string,
  app: AccessApp,
): {
  data: AccessData;
  /** Until every list has its first page. */
  loading: boolean;
  error?: Error;
  reload: () => void;
} {
  const approver = app.viewer.canApprove;
  const byHand = app.roles.filter(r => r.manual).map(r => r.id);
  const data: AccessData = {
    myOpenRequests: useRequestPages({
      entityRef,
      requester: 'me',
      status: ['pending', 'approved'],
    }),
    myActiveGrants: useGrantPages({
      entityRef,
      user: 'me',
      status: ['active'],
    }),
    myEndedGrants: useGrantPages({
      entityRef,
      user: 'me',
      status: ['expired', 'revoked'],
    }),
    myClosedRequests: useRequestPages({
      entityRef,
      requester: 'me',
      status: ['rejected', 'cancelled', 'failed'],
    }),
    pending: useRequestPages(
      approver ? { entityRef, status: ['pending'] } : undefined,
    ),
    toFulfil: useRequestPages(
      approver && byHand.length
        ? { entityRef, status: ['approved'], roleId: byHand }
        : undefined,
    ),
    holders: useGrantPages(
      approver ? { entityRef, status: ['active'] } : undefined,
    ),
    stuck: useGrantPages(
      approver ? { entityRef, removal: ['pending', 'failed'] } : undefined,
    ),
    removals: useGrantPages(
      approver ? { entityRef, removal: ['manual'] } : undefined,
    ),
  };
  const lists: PagedList<unknown>[] = Object.values(data);
  return {
    data,
    loading: lists.some(l => l.loading),
    error: lists.find(l => l.error)?.error,
    reload: () => {
      for (const list of lists) list.reload();
    },
  };
}
