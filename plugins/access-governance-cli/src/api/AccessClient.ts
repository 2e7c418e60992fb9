import {
  AccessApp,
  AccessGrant,
  AccessRequest,
} from '@accessgov/plugin-access-governance-common';
import { Connection } from '../auth';

/** An error answer of the backend, with Backstage's error body read. */
export class ApiError extends Error {
  name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly errorName?: string,
  ) {
    super(message);
  }
}

type Fetch = typeof fetch;

/** A catalog entity, as much as the command line shows of it. */
export interface EntitySummary {
  kind: string;
  metadata: { name: string; namespace?: string; title?: string };
  spec?: {
    profile?: { displayName?: string; email?: string };
    access?: unknown;
  };
}

/** The access-governance REST API and the catalog, called with the signed-in person's token. */
export class AccessClient {
  constructor(
    private readonly connection: () => Promise<Connection>,
    private readonly fetchImpl: Fetch = fetch,
  ) {}

  getApp(entityRef: string): Promise<AccessApp> {
    const match = /^([^:]+):([^/]+)\/(.+)$/.exec(entityRef);
    if (!match) throw new TypeError(`${entityRef} is not an entity ref`);
    const [, kind, namespace, name] = match;
    return this.access(
      `/apps/${[namespace, kind, name].map(encodeURIComponent).join('/')}`,
    );
  }

  createRequest(body: {
    entityRef: string;
    roleId: string;
    duration?: string | null;
    justification: string;
  }): Promise<AccessRequest> {
    return this.access('/requests', { method: 'POST', body });
  }

  getRequest(id: string): Promise<AccessRequest> {
    return this.access(`/requests/${encodeURIComponent(id)}`);
  }

  async listRequests(query: Record<string, string>): Promise<AccessRequest[]> {
    const page = await this.access<{ items: AccessRequest[] }>(
      `/requests?${new URLSearchParams(query)}`,
    );
    return page.items;
  }

  async listGrants(query: Record<string, string>): Promise<AccessGrant[]> {
    const page = await this.access<{ items: AccessGrant[] }>(
      `/grants?${new URLSearchParams(query)}`,
    );
    return page.items;
  }

  giveBack(grantId: string): Promise<AccessGrant> {
    return this.access(`/grants/${encodeURIComponent(grantId)}/revoke`, {
      method: 'POST',
      body: {},
    });
  }

  approve(requestId: string, comment?: string): Promise<AccessRequest> {
    return this.access(`/requests/${encodeURIComponent(requestId)}/approve`, {
      method: 'POST',
      body: comment ? { comment } : {},
    });
  }

  /** Catalog entities by ref, in the same order; null where there is none. */
  async entitiesByRefs(refs: string[]): Promise<Array<EntitySummary | null>> {
    if (!refs.length) return [];
    const body = await this.call<{ items: Array<EntitySummary | null> }>(
      '/api/catalog/entities/by-refs',
      {
        method: 'POST',
        body: {
          entityRefs: refs,
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'spec.profile.displayName',
          ],
        },
      },
    );
    return body.items;
  }

  /** Apps (components, resources, systems) of that name in the catalog. */
  async appsNamed(name: string): Promise<EntitySummary[]> {
    const query = new URLSearchParams();
    for (const kind of ['component', 'resource', 'system']) {
      query.append('filter', `kind=${kind},metadata.name=${name}`);
    }
    query.append(
      'fields',
      'kind,metadata.name,metadata.namespace,metadata.title',
    );
    return this.call<EntitySummary[]>(`/api/catalog/entities?${query}`);
  }

  private access<T>(
    path: string,
    init?: { method?: string; body?: object },
  ): Promise<T> {
    return this.call(`/api/access-governance${path}`, init);
  }

  private async call<T>(
    path: string,
    init: { method?: string; body?: object } = {},
  ): Promise<T> {
    const { baseUrl, token } = await this.connection();
    let res: Response;
    try {
      res = await this.fetchImpl(`${baseUrl}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: init.body ? JSON.stringify(init.body) : undefined,
      });
    } catch (error) {
      throw new ApiError(
        0,
        `Could not reach Backstage at ${baseUrl}: ${error.cause?.code ?? error.message}`,
      );
    }
    const text = await res.text();
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const message =
        body?.error?.message ?? `${res.status} ${res.statusText || 'error'}`;
      throw new ApiError(res.status, message, body?.error?.name);
    }
    return body as T;
  }
}
