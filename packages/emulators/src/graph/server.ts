import { randomUUID } from 'node:crypto';
import {
  EmulatorRequest,
  EmulatorResponse,
  header,
  HttpProblem,
  intParam,
  isRecord,
  parseFormBody,
  parseJsonBody,
  Router,
} from '../shared/http';
import { FilterSyntaxError, parseFilter } from '../shared/filter';
import { randomToken } from '../shared/ids';
import {
  controlJson,
  EmulatorServer,
  lastLoginFromControlBody,
  ListenOptions,
  SeedInput,
  TlsMaterial,
} from '../shared/server';
import { tlsCertificates } from '../shared/tls';
import type { Seed } from '../seed/types';
import {
  buildGraphState,
  GraphGroup,
  GraphState,
  GraphUser,
  signInActivityAt,
} from './state';

const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const TOKEN_JSON = 'application/json; charset=utf-8';
const TOKEN_SECONDS = 3599;
const MAX_BATCH = 20;

/** Properties a user has; the first group comes back without `$select`. */
const USER_DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];
const USER_PROPERTIES = [
  ...USER_DEFAULT_PROPERTIES,
  'department',
  'accountEnabled',
  'createdDateTime',
  'userType',
  'signInActivity',
];
const GROUP_PROPERTIES = [
  'id',
  'displayName',
  'description',
  'mailNickname',
  'createdDateTime',
  'groupTypes',
  'mailEnabled',
  'securityEnabled',
  'visibility',
];

function innerError(requestId: string, clientRequestId: string) {
  return {
    date: new Date().toISOString().slice(0, 19),
    'request-id': requestId,
    'client-request-id': clientRequestId,
  };
}

/** A Graph error; request ids are filled in by `decorate`. */
export function graphError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers,
    body: { error: { code, message, innerError: {} } },
  };
}

const problem = (status: number, code: string, message: string) =>
  new HttpProblem(graphError(status, code, message));

const notFound = (id: string) =>
  problem(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );

/**
 * Microsoft Graph v1.0 (users, managers, groups, members, `$batch`) over HTTPS,
 * with the Entra ID token endpoints that `@azure/identity` authenticates against.
 */
export class GraphEmulator extends EmulatorServer<GraphState> {
  private readonly api = new Router();
  private readonly identity = new Router();
  /** PEM of the CA that signed this server's certificate. */
  readonly caPem: string;
  /** Path of the CA certificate file. */
  readonly caFile: string;

  constructor(
    seed: SeedInput | undefined,
    tls: TlsMaterial & { caPem: string; caFile: string },
  ) {
    super(seed, tls);
    this.caPem = tls.caPem;
    this.caFile = tls.caFile;
    this.identity
      .add('GET', '/:tenant/v2.0/.well-known/openid-configuration', req =>
        this.openIdConfiguration(req),
      )
      .add('POST', '/:tenant/oauth2/v2.0/token', req => this.issueToken(req));
    this.api
      .add('GET', '/v1.0/users', req => this.listUsers(req))
      .add('GET', '/v1.0/users/:userId', req => this.getUser(req))
      .add('GET', '/v1.0/users/:userId/manager', req => this.getManager(req))
      .add('GET', '/v1.0/users/:userId/memberOf', req => this.listMemberOf(req))
      .add('GET', '/v1.0/groups', req => this.listGroups(req))
      .add('GET', '/v1.0/groups/:groupId', req => this.getGroup(req))
      .add('GET', '/v1.0/groups/:groupId/members', req => this.listMembers(req))
      .add('POST', '/v1.0/groups/:groupId/members/$ref', req =>
        this.addMember(req),
      )
      .add('DELETE', '/v1.0/groups/:groupId/members/:memberId/$ref', req =>
        this.removeMember(req),
      )
      .add('DELETE', '/v1.0/groups/:groupId/members/:memberId', () => {
        throw problem(
          400,
          'Request_BadRequest',
          'Deleting through /members/{id} without /$ref would delete the directory object itself; this emulator refuses it. Use /members/{id}/$ref.',
        );
      })
      .add('POST', '/v1.0/$batch', req => this.batch(req));
  }

  /** The Graph base URL, e.g. `https://127.0.0.1:7012/v1.0`. */
  get baseUrl(): string {
    return `${this.url}/v1.0`;
  }

  /** The Entra authority host, e.g. `https://127.0.0.1:7012`. */
  get authorityHost(): string {
    return this.url;
  }

  protected buildState(seed: Seed): GraphState {
    return buildGraphState(seed);
  }

  protected updateSettings(patch: unknown): void {
    if (!isRecord(patch) || typeof patch.premium !== 'boolean') {
      throw new Error('Expected {"premium": boolean}');
    }
    this.state.settings.premium = patch.premium;
  }

  protected addControlRoutes(router: Router): void {
    router.add('POST', '/__emulator/users/:userId/last-login', req => {
      const user = this.findUser(req.params.userId);
      user.signInActivity = signInActivityAt(
        lastLoginFromControlBody(parseJsonBody(req)),
        user.id,
      );
      return controlJson(200, user);
    });
  }

  /** Finds a user by object id or userPrincipalName. */
  findUser(idOrUpn: string): GraphUser {
    const key = idOrUpn.toLowerCase();
    const user =
      this.state.users[idOrUpn] ??
      Object.values(this.state.users).find(
        u => u.userPrincipalName.toLowerCase() === key,
      );
    if (!user) throw notFound(idOrUpn);
    return user;
  }

  /** Finds a group by object id or display name. */
  findGroup(idOrName: string): GraphGroup {
    const group =
      this.state.groups[idOrName] ??
      Object.values(this.state.groups).find(g => g.displayName === idOrName);
    if (!group) throw notFound(idOrName);
    return group;
  }

  // --- pipeline ---------------------------------------------------------------

  protected async serve(req: EmulatorRequest): Promise<EmulatorResponse> {
    const identity = this.identity.match(req.method, req.path);
    if (identity && identity !== 'method-not-allowed') {
      return identity.handler({ ...req, params: identity.params });
    }
    const match = this.api.match(req.method, req.path);
    if (match === undefined) {
      throw problem(
        400,
        'BadRequest',
        `Resource not found for the segment '${req.path.split('/').pop()}'.`,
      );
    }
    if (match === 'method-not-allowed') return this.errorResponse(405);
    this.authenticate(req);
    return match.handler({ ...req, params: match.params });
  }

  protected errorResponse(status: number): EmulatorResponse {
    const codes: Record<number, [string, string]> = {
      400: ['BadRequest', 'Bad request.'],
      401: ['InvalidAuthenticationToken', 'Access token validation failure.'],
      403: [
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      ],
      404: ['Request_ResourceNotFound', 'Resource not found.'],
      405: [
        'Request_BadRequest',
        'Specified HTTP method is not allowed for the request target.',
      ],
      503: ['serviceNotAvailable', 'Service unavailable.'],
      504: ['UnknownError', 'Gateway timeout.'],
    };
    const [code, message] = codes[status] ?? [
      'generalException',
      'An internal server error occurred.',
    ];
    return graphError(status, code, message);
  }

  protected throttledResponse(retryAfterSeconds: number): EmulatorResponse {
    return graphError(429, 'TooManyRequests', 'Please retry again later.', {
      'Retry-After': String(retryAfterSeconds),
      'x-ms-throttle-scope': 'Tenant_Application/ReadWrite/emulated',
    });
  }

  protected decorate(
    req: EmulatorRequest,
    res: EmulatorResponse,
  ): EmulatorResponse {
    const requestId = randomUUID();
    const clientRequestId = header(req, 'client-request-id') ?? randomUUID();
    const body =
      isRecord(res.body) && isRecord(res.body.error)
        ? {
            error: {
              ...res.body.error,
              innerError: innerError(requestId, clientRequestId),
            },
          }
        : res.body;
    return {
      ...res,
      body,
      headers: {
        'Content-Type': ODATA_JSON,
        'request-id': requestId,
        'client-request-id': clientRequestId,
        'x-ms-ags-diagnostic': JSON.stringify({
          ServerInfo: { DataCenter: 'Emulated', Slice: 'E' },
        }),
        'Strict-Transport-Security': 'max-age=31536000',
        ...res.headers,
      },
    };
  }

  private authenticate(req: EmulatorRequest): void {
    const authorization = header(req, 'authorization') ?? '';
    const [scheme, token = ''] = authorization.split(/\s+/, 2);
    if (scheme.toLowerCase() !== 'bearer' || token.length === 0) {
      throw problem(
        401,
        'InvalidAuthenticationToken',
        'Access token is empty.',
      );
    }
    const issued = this.state.accessTokens[token];
    if (!issued || issued.expiresAt <= Date.now() / 1000) {
      throw problem(
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid audience.',
      );
    }
  }

  // --- Entra ID token endpoints -----------------------------------------------

  private knownTenant(tenant: string): boolean {
    return tenant === this.state.tenantId || tenant === this.state.tenantGuid;
  }

  private entraError(
    status: number,
    error: string,
    code: number,
    description: string,
  ): EmulatorResponse {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    return {
      status,
      headers: { 'Content-Type': TOKEN_JSON },
      body: {
        error,
        error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
        error_codes: [code],
        timestamp,
        trace_id: traceId,
        correlation_id: correlationId,
        error_uri: `${this.url}/error?code=${code}`,
      },
    };
  }

  private openIdConfiguration(req: EmulatorRequest): EmulatorResponse {
    const tenant = req.params.tenant;
    if (!this.knownTenant(tenant)) {
      return this.entraError(
        400,
        'invalid_tenant',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    const base = `${this.url}/${tenant}`;
    const issuerBase = `${this.url}/${this.state.tenantGuid}`;
    return {
      status: 200,
      headers: { 'Content-Type': TOKEN_JSON },
      body: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
        jwks_uri: `${this.url}/${tenant}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: [
          'code',
          'id_token',
          'code id_token',
          'id_token token',
        ],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${issuerBase}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${this.url}/oidc/userinfo`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        claims_supported: [
          'sub',
          'iss',
          'aud',
          'exp',
          'iat',
          'nonce',
          'tid',
          'oid',
        ],
        kerberos_endpoint: `${base}/kerberos`,
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
        cloud_graph_host_name: 'graph.windows.net',
        msgraph_host: 'graph.microsoft.com',
        rbac_url: 'https://pas.windows.net',
      },
    };
  }

  private issueToken(req: EmulatorRequest): EmulatorResponse {
    const tenant = req.params.tenant;
    if (!this.knownTenant(tenant)) {
      return this.entraError(
        400,
        'invalid_request',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    const form = parseFormBody(req);
    if (form.get('grant_type') !== 'client_credentials') {
      return this.entraError(
        400,
        'unsupported_grant_type',
        70003,
        'The app requested an unsupported grant type.',
      );
    }
    const clientId = form.get('client_id') ?? '';
    const client = this.state.clients.find(c => c.clientId === clientId);
    if (!client) {
      return this.entraError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    if (form.get('client_secret') !== client.clientSecret) {
      return this.entraError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }
    const scope = form.get('scope') ?? '';
    if (!scope.split(/\s+/).some(s => s.endsWith('/.default'))) {
      return this.entraError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    const accessToken = randomToken(48);
    this.state.accessTokens[accessToken] = {
      clientId,
      expiresAt: Math.floor(Date.now() / 1000) + TOKEN_SECONDS,
    };
    return {
      status: 200,
      headers: {
        'Content-Type': TOKEN_JSON,
        'Cache-Control': 'no-store, no-cache',
      },
      body: {
        token_type: 'Bearer',
        expires_in: TOKEN_SECONDS,
        ext_expires_in: TOKEN_SECONDS,
        access_token: accessToken,
      },
    };
  }

  // --- representations --------------------------------------------------------

  /** The properties a `$select` asks for, or the defaults; 400 for unknown ones. */
  private selected(
    req: EmulatorRequest,
    allowed: string[],
    defaults: string[],
    type: string,
  ): string[] {
    const select = req.query.get('$select');
    if (!select) return defaults;
    const names = select
      .split(',')
      .map(s => s.trim())
      .filter(Boolean);
    for (const name of names) {
      if (!allowed.some(a => a.toLowerCase() === name.toLowerCase())) {
        throw problem(
          400,
          'Request_BadRequest',
          `Could not find a property named '${name}' on type 'microsoft.graph.${type}'.`,
        );
      }
    }
    return names.map(n =>
      allowed.find(a => a.toLowerCase() === n.toLowerCase())!,
    );
  }

  private groupProperties(req: EmulatorRequest): string[] {
    return this.selected(req, GROUP_PROPERTIES, GROUP_PROPERTIES, 'group');
  }

  private userProperties(req: EmulatorRequest): string[] {
    const props = this.selected(
      req,
      USER_PROPERTIES,
      USER_DEFAULT_PROPERTIES,
      'user',
    );
    if (props.includes('signInActivity') && !this.state.settings.premium) {
      throw problem(
        403,
        'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
        "Neither tenant is B2C or tenant doesn't have premium license",
      );
    }
    return props;
  }

  private userJson(
    user: GraphUser,
    props: string[],
    withType = false,
  ): Record<string, unknown> {
    const all: Record<string, unknown> = {
      ...user,
      businessPhones: [],
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: null,
      userType: 'Member',
    };
    const json: Record<string, unknown> = withType
      ? { '@odata.type': '#microsoft.graph.user' }
      : {};
    for (const p of props) json[p] = all[p];
    return json;
  }

  private groupJson(
    group: GraphGroup,
    props: string[],
  ): Record<string, unknown> {
    const all: Record<string, unknown> = {
      ...group,
      groupTypes: [],
      mailEnabled: false,
      securityEnabled: true,
      visibility: null,
    };
    return Object.fromEntries(props.map(p => [p, all[p]]));
  }

  private context(fragment: string): string {
    return `${this.baseUrl}/$metadata#${fragment}`;
  }

  /**
   * A page of a collection: `$top` items from the `$skiptoken` offset, with an
   * absolute `@odata.nextLink` on this server while more follow.
   */
  private collection<T>(
    req: EmulatorRequest,
    items: T[],
    render: (item: T) => Record<string, unknown>,
    contextFragment: string,
  ): EmulatorResponse {
    const top = intParam(req.query, '$top', 100, 999);
    const token = req.query.get('$skiptoken');
    const start = token
      ? Number(Buffer.from(token, 'base64url').toString('utf8')) || 0
      : 0;
    const body: Record<string, unknown> = {
      '@odata.context': this.context(contextFragment),
    };
    if (start + top < items.length) {
      const next = new URLSearchParams(req.query);
      next.set(
        '$skiptoken',
        Buffer.from(String(start + top)).toString('base64url'),
      );
      next.set('$top', String(top));
      body['@odata.nextLink'] = `${this.url}${req.path}?${odataQuery(next)}`;
    }
    body.value = items.slice(start, start + top).map(render);
    return { status: 200, body };
  }

  private filtered<T>(
    req: EmulatorRequest,
    items: T[],
    render: (item: T) => unknown,
  ): T[] {
    const filter = req.query.get('$filter');
    if (!filter) return items;
    try {
      const test = parseFilter(filter);
      return items.filter(item => test(render(item)));
    } catch (e) {
      if (e instanceof FilterSyntaxError)
        throw problem(400, 'BadRequest', `Invalid filter clause: ${e.message}`);
      throw e;
    }
  }

  // --- users ------------------------------------------------------------------

  private listUsers(req: EmulatorRequest): EmulatorResponse {
    const props = this.userProperties(req);
    const users = this.filtered(req, Object.values(this.state.users), u =>
      this.userJson(u, USER_PROPERTIES),
    );
    return this.collection(
      req,
      users,
      u => this.userJson(u, props),
      `users(${props.join(',')})`,
    );
  }

  private getUser(req: EmulatorRequest): EmulatorResponse {
    const props = this.userProperties(req);
    const user = this.findUser(req.params.userId);
    return {
      status: 200,
      body: {
        '@odata.context': this.context(`users(${props.join(',')})/$entity`),
        ...this.userJson(user, props),
      },
    };
  }

  private getManager(req: EmulatorRequest): EmulatorResponse {
    const props = this.userProperties(req);
    const user = this.findUser(req.params.userId);
    const manager = user.managerId
      ? this.state.users[user.managerId]
      : undefined;
    if (!manager) throw notFound('manager');
    return {
      status: 200,
      body: {
        '@odata.context': this.context('directoryObjects/$entity'),
        ...this.userJson(manager, props, true),
      },
    };
  }

  private listMemberOf(req: EmulatorRequest): EmulatorResponse {
    const user = this.findUser(req.params.userId);
    const props = this.groupProperties(req);
    const groups = Object.values(this.state.groups).filter(g =>
      g.members.includes(user.id),
    );
    return this.collection(
      req,
      groups,
      g => ({
        '@odata.type': '#microsoft.graph.group',
        ...this.groupJson(g, props),
      }),
      'directoryObjects',
    );
  }

  // --- groups -----------------------------------------------------------------

  private listGroups(req: EmulatorRequest): EmulatorResponse {
    const props = this.groupProperties(req);
    const groups = this.filtered(req, Object.values(this.state.groups), g =>
      this.groupJson(g, GROUP_PROPERTIES),
    );
    return this.collection(
      req,
      groups,
      g => this.groupJson(g, props),
      'groups',
    );
  }

  private getGroup(req: EmulatorRequest): EmulatorResponse {
    const props = this.groupProperties(req);
    const group = this.state.groups[req.params.groupId];
    if (!group) throw notFound(req.params.groupId);
    return {
      status: 200,
      body: {
        '@odata.context': this.context('groups/$entity'),
        ...this.groupJson(group, props),
      },
    };
  }

  private listMembers(req: EmulatorRequest): EmulatorResponse {
    const group = this.state.groups[req.params.groupId];
    if (!group) throw notFound(req.params.groupId);
    const props = this.userProperties(req);
    const members = group.members
      .map(id => this.state.users[id])
      .filter(Boolean);
    return this.collection(
      req,
      members,
      u => this.userJson(u, props, true),
      'directoryObjects',
    );
  }

  private addMember(req: EmulatorRequest): EmulatorResponse {
    const group = this.state.groups[req.params.groupId];
    if (!group) throw notFound(req.params.groupId);
    let body: unknown;
    try {
      body = parseJsonBody(req);
    } catch {
      throw problem(
        400,
        'BadRequest',
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      );
    }
    const ref = isRecord(body) ? body['@odata.id'] : undefined;
    const id =
      typeof ref === 'string'
        ? /\/(?:directoryObjects|users)\/([^/?]+)$/.exec(ref)?.[1]
        : undefined;
    if (!id)
      throw problem(
        400,
        'Request_BadRequest',
        `Invalid object identifier '${String(ref)}'.`,
      );
    if (!this.state.users[id]) throw notFound(id);
    if (group.members.includes(id)) {
      throw problem(
        400,
        'Request_BadRequest',
        "One or more added object references already exist for the following modified properties: 'members'.",
      );
    }
    group.members.push(id);
    return { status: 204 };
  }

  private removeMember(req: EmulatorRequest): EmulatorResponse {
    const group = this.state.groups[req.params.groupId];
    if (!group || !group.members.includes(req.params.memberId))
      throw notFound(req.params.groupId);
    group.members = group.members.filter(m => m !== req.params.memberId);
    return { status: 204 };
  }

  // --- $batch -----------------------------------------------------------------

  /** JSON batching: at most 20 requests, run in order; `dependsOn` on a failure answers 424. */
  private async batch(req: EmulatorRequest): Promise<EmulatorResponse> {
    const body = parseJsonBody(req);
    const requests =
      isRecord(body) && Array.isArray(body.requests)
        ? body.requests
        : undefined;
    if (!requests)
      throw problem(400, 'BadRequest', 'Invalid batch payload format.');
    if (requests.length > MAX_BATCH) {
      throw problem(
        400,
        'BadRequest',
        `Number of included requests in the batch exceeds the limit of ${MAX_BATCH}.`,
      );
    }
    const statuses = new Map<string, number>();
    const responses: unknown[] = [];
    for (const item of requests) {
      if (
        !isRecord(item) ||
        typeof item.id !== 'string' ||
        typeof item.method !== 'string' ||
        typeof item.url !== 'string'
      ) {
        throw problem(
          400,
          'BadRequest',
          'Each batch request needs an id, a method and a url.',
        );
      }
      const dependsOn = Array.isArray(item.dependsOn)
        ? item.dependsOn.map(String)
        : [];
      if (dependsOn.some(d => (statuses.get(d) ?? 424) >= 400)) {
        statuses.set(item.id, 424);
        responses.push({
          id: item.id,
          status: 424,
          body: {
            error: {
              code: 'FailedDependency',
              message: 'Dependent request failed.',
            },
          },
        });
        continue;
      }
      const inner = this.innerRequest(req, item);
      const answer = await this.handleServiceCall(inner);
      if (answer === 'drop')
        throw problem(
          500,
          'generalException',
          'A request of the batch failed to complete.',
        );
      statuses.set(item.id, answer.status);
      const headers: Record<string, string> = {};
      for (const name of ['Content-Type', 'Retry-After', 'Location']) {
        const value = answer.headers?.[name];
        if (
          typeof value === 'string' &&
          (name !== 'Content-Type' || answer.body !== undefined)
        )
          headers[name] = value;
      }
      responses.push({
        id: item.id,
        status: answer.status,
        headers,
        ...(answer.body === undefined ? {} : { body: answer.body }),
      });
    }
    return { status: 200, body: { responses } };
  }

  private innerRequest(
    outer: EmulatorRequest,
    item: Record<string, unknown>,
  ): EmulatorRequest {
    // Inner URLs are relative to the version root; a leading `/v1.0` (as the SDK
    // sends for absolute request URLs) or a full URL is accepted too.
    const raw = String(item.url);
    const parsed = new URL(
      /^https?:\/\//.test(raw) ? raw : `/${raw.replace(/^\//, '')}`,
      'https://graph',
    );
    parsed.pathname = parsed.pathname.replace(/^\/v1\.0(?=\/|$)/, '');
    const headers: Record<string, string> = {};
    if (isRecord(item.headers)) {
      for (const [k, v] of Object.entries(item.headers))
        headers[k.toLowerCase()] = String(v);
    }
    const authorization = header(outer, 'authorization');
    if (authorization) headers.authorization = authorization;
    let body = Buffer.alloc(0);
    if (item.body !== undefined) {
      body = Buffer.from(
        typeof item.body === 'string' ? item.body : JSON.stringify(item.body),
      );
    }
    return {
      method: String(item.method).toUpperCase(),
      path: `/v1.0${parsed.pathname}`.replace(/\/{2,}/g, '/'),
      query: parsed.searchParams,
      headers,
      body,
      params: {},
    };
  }
}

/** A query string as Graph writes it: `$` and `,` literal, spaces as `%20`. */
function odataQuery(query: URLSearchParams): string {
  return [...query]
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&')
    .replace(/%24/g, '$')
    .replace(/%2C/g, ',');
}

export interface GraphListenOptions extends ListenOptions {
  /** Where the CA and server certificate are kept (reused across restarts). */
  certDir?: string;
}

/** Starts a Microsoft Graph emulator over HTTPS (port 0 picks a free port). */
export async function startGraphEmulator(
  options: GraphListenOptions = {},
): Promise<GraphEmulator> {
  const certificates = tlsCertificates(options.certDir, options.host);
  const emulator = new GraphEmulator(options.seed, {
    key: certificates.keyPem,
    cert: certificates.certPem,
    caPem: certificates.caPem,
    caFile: certificates.caFile,
  });
  await emulator.listen(options);
  return emulator;
}
