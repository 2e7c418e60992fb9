import {
  AccessApp,
  AccessAuditEvent,
  AccessBundleView,
  AccessDelegation,
  AccessDelegationState,
  AccessGrant,
  AccessPage,
  AccessRequest,
  AccessReview,
  AccessReviewItem,
  BreakGlassReview,
} from '@accessgov/plugin-access-governance-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AccessDriftReport,
  AccessBeneficiary,
  AccessExtensionResult,
  AccessGovernanceApi,
  AccessJob,
  AccessJobStatus,
  AccessReviewDecision,
  AccessReviewFilterDecision,
  CreateAccessRequest,
  CreateAccessReview,
  ListAccessAuditQuery,
  ListAccessGrantsQuery,
  ListAccessRequestsQuery,
  ListAccessReviewItemsQuery,
  ListAccessReviewsQuery,
  PageQuery,
} from './AccessGovernanceApi';

const enc = encodeURIComponent;

/** The largest page the backend answers: lists read whole take as few calls as they can. */
const LARGEST_PAGE = 1000;

function queryString(
  params: { [key: string]: string | number | string[] | undefined } | object,
) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params) as [
    string,
    string | number | string[] | undefined,
  ][]) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    if (text !== '') search.set(key, text);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Every item of a list, following its cursor from page to page. */
async function readAll<T>(
  page: (query: PageQuery) => Promise<AccessPage<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page({ cursor, limit: LARGEST_PAGE });
    items.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/**
 * Talks to the access-governance backend with the signed-in user's token.
 *
 * @public
 */
export class AccessGovernanceClient implements AccessGovernanceApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getApp(entityRef: string): Promise<AccessApp> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return this.request(`/apps/${enc(namespace)}/${enc(kind)}/${enc(name)}`);
  }

  async createRequest(request: CreateAccessRequest): Promise<AccessRequest> {
    return this.request('/requests', { method: 'POST', body: request });
  }

  async listRequests(
    query: ListAccessRequestsQuery = {},
  ): Promise<AccessRequest[]> {
    return readAll(page => this.pageRequests({ ...query, ...page }));
  }

  async pageRequests(
    query: ListAccessRequestsQuery & PageQuery = {},
  ): Promise<AccessPage<AccessRequest>> {
    return this.request(`/requests${queryString(query)}`);
  }

  async getRequest(id: string): Promise<AccessRequest> {
    return this.request(`/requests/${enc(id)}`);
  }

  async getRequestHistory(id: string): Promise<AccessAuditEvent[]> {
    const { items } = await this.request<{ items: AccessAuditEvent[] }>(
      `/requests/${enc(id)}/history`,
    );
    return items;
  }

  async approve(id: string, comment?: string): Promise<AccessRequest> {
    return this.request(`/requests/${enc(id)}/approve`, {
      method: 'POST',
      body: comment ? { comment } : {},
    });
  }

  async reject(id: string, comment: string): Promise<AccessRequest> {
    return this.request(`/requests/${enc(id)}/reject`, {
      method: 'POST',
      body: { comment },
    });
  }

  async cancel(id: string): Promise<AccessRequest> {
    return this.request(`/requests/${enc(id)}/cancel`, {
      method: 'POST',
      body: {},
    });
  }

  async fulfil(id: string, comment?: string): Promise<AccessRequest> {
    return this.request(`/requests/${enc(id)}/fulfil`, {
      method: 'POST',
      body: comment ? { comment } : {},
    });
  }

  async listGrants(query: ListAccessGrantsQuery = {}): Promise<AccessGrant[]> {
    return readAll(page => this.pageGrants({ ...query, ...page }));
  }

  async pageGrants(
    query: ListAccessGrantsQuery & PageQuery = {},
  ): Promise<AccessPage<AccessGrant>> {
    return this.request(`/grants${queryString(query)}`);
  }

  async revoke(id: string, reason?: string): Promise<AccessGrant> {
    return this.request(`/grants/${enc(id)}/revoke`, {
      method: 'POST',
      body: reason ? { reason } : {},
    });
  }

  async confirmRemoval(id: string): Promise<AccessGrant> {
    return this.request(`/grants/${enc(id)}/confirm-removal`, {
      method: 'POST',
      body: {},
    });
  }

  async createReview(review: CreateAccessReview): Promise<AccessReview> {
    return this.request('/reviews', { method: 'POST', body: review });
  }

  async listReviews(
    query: ListAccessReviewsQuery = {},
  ): Promise<AccessReview[]> {
    return readAll(page => this.pageReviews({ ...query, ...page }));
  }

  async pageReviews(
    query: ListAccessReviewsQuery & PageQuery = {},
  ): Promise<AccessPage<AccessReview>> {
    return this.request(`/reviews${queryString(query)}`);
  }

  async getReview(id: string): Promise<AccessReview> {
    return this.request(`/reviews/${enc(id)}`);
  }

  async listReviewItems(
    id: string,
    query: ListAccessReviewItemsQuery & PageQuery = {},
  ): Promise<AccessPage<AccessReviewItem>> {
    return this.request(`/reviews/${enc(id)}/items${queryString(query)}`);
  }

  async decideMatchingReviewItems(
    id: string,
    body: AccessReviewFilterDecision,
  ): Promise<AccessReview> {
    return this.request(`/reviews/${enc(id)}/decisions`, {
      method: 'POST',
      body,
    });
  }

  async decideReviewItems(
    id: string,
    decisions: AccessReviewDecision[],
  ): Promise<AccessReview> {
    return this.request(`/reviews/${enc(id)}/decisions`, {
      method: 'POST',
      body: { decisions },
    });
  }

  async completeReview(id: string): Promise<AccessReview> {
    return this.request(`/reviews/${enc(id)}/complete`, {
      method: 'POST',
      body: {},
    });
  }

  async downloadReviewCsv(id: string): Promise<Blob> {
    const response = await this.send(`/reviews/${enc(id)}?format=csv`);
    return response.blob();
  }

  async extendGrant(
    id: string,
    body: { duration: string; justification: string },
  ): Promise<AccessExtensionResult> {
    return this.request(`/grants/${enc(id)}/extend`, { method: 'POST', body });
  }

  async listBeneficiaries(entityRef: string): Promise<AccessBeneficiary[]> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const { items } = await this.request<{ items: AccessBeneficiary[] }>(
      `/apps/${enc(namespace)}/${enc(kind)}/${enc(name)}/beneficiaries`,
    );
    return items;
  }

  async listBreakGlassReviews(
    query: { open?: boolean } = {},
  ): Promise<BreakGlassReview[]> {
    const { items } = await this.request<{ items: BreakGlassReview[] }>(
      `/break-glass/reviews${query.open ? '?status=open' : ''}`,
    );
    return items;
  }

  async decideBreakGlass(
    id: string,
    decision: 'confirm' | 'flag',
    comment?: string,
  ): Promise<BreakGlassReview> {
    return this.request(`/break-glass/reviews/${enc(id)}/${decision}`, {
      method: 'POST',
      body: comment ? { comment } : {},
    });
  }

  async pageAudit(
    query: ListAccessAuditQuery & PageQuery,
  ): Promise<AccessPage<AccessAuditEvent>> {
    return this.request(`/audit${queryString(query)}`);
  }

  async pageJobs(
    query: { status?: AccessJobStatus[] } & PageQuery = {},
  ): Promise<AccessPage<AccessJob>> {
    return this.request(`/jobs${queryString(query)}`);
  }

  async retryJob(id: string): Promise<{ id: string; status: string }> {
    return this.request(`/jobs/${enc(id)}/retry`, { method: 'POST' });
  }

  async listDrift(): Promise<{ items: AccessDriftReport[] }> {
    return this.request('/drift');
  }

  async getDelegation(): Promise<AccessDelegationState> {
    return this.request('/delegations/me');
  }

  async setDelegation(body: {
    delegate: string;
    until: string;
  }): Promise<AccessDelegation> {
    return this.request('/delegations/me', { method: 'PUT', body });
  }

  async clearDelegation(): Promise<void> {
    await this.send('/delegations/me', { method: 'DELETE' });
  }

  async getBundle(entityRef: string): Promise<AccessBundleView> {
    const { namespace, name } = parseEntityRef(entityRef);
    return this.request(`/bundles/${enc(namespace)}/${enc(name)}`);
  }

  async requestBundle(
    entityRef: string,
    body: { justification: string; duration?: string | null },
  ): Promise<AccessBundleView> {
    const { namespace, name } = parseEntityRef(entityRef);
    return this.request(`/bundles/${enc(namespace)}/${enc(name)}/requests`, {
      method: 'POST',
      body,
    });
  }

  private async request<T>(
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<T> {
    const response = await this.send(path, init);
    return (await response.json()) as T;
  }

  private async send(
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('access-governance');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      ...(init.body !== undefined && {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(init.body),
      }),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
