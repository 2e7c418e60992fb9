import {
  AccessApp,
  AccessRequest,
} from '@accessgov/plugin-access-governance-common';
import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';

/** The body of `POST /requests`. */
export interface NewAccessRequest {
  entityRef: string;
  roleId: string;
  duration?: string;
  justification: string;
  /** Someone else's user entity ref, to ask on their behalf. */
  requestedFor?: string;
}

/**
 * The access-governance REST API as one person calls it: every call carries a token issued
 * on behalf of their credentials, so the backend applies their permissions and rules.
 */
export class AccessApiClient {
  private constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async forCredentials(options: {
    discovery: DiscoveryService;
    auth: AuthService;
    credentials: BackstageCredentials;
  }): Promise<AccessApiClient> {
    const [baseUrl, { token }] = await Promise.all([
      options.discovery.getBaseUrl('access-governance'),
      options.auth.getPluginRequestToken({
        onBehalfOf: options.credentials,
        targetPluginId: 'access-governance',
      }),
    ]);
    return new AccessApiClient(baseUrl, token);
  }

  getApp(ref: CompoundEntityRef): Promise<AccessApp> {
    const path = [ref.namespace, ref.kind, ref.name]
      .map(encodeURIComponent)
      .join('/');
    return this.call(`/apps/${path}`);
  }

  createRequest(body: NewAccessRequest): Promise<AccessRequest> {
    return this.call('/requests', { method: 'POST', body });
  }

  getRequest(id: string): Promise<AccessRequest> {
    return this.call(`/requests/${encodeURIComponent(id)}`);
  }

  private async call<T>(
    path: string,
    init: { method?: string; body?: object; signal?: AbortSignal } = {},
  ): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
      signal: init.signal,
    });
    if (!res.ok) {
      throw await ResponseError.fromResponse(res);
    }
    return (await res.json()) as T;
  }
}
