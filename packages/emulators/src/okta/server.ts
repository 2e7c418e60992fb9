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
import { FilterSyntaxError, parseFilter, Predicate } from '../shared/filter';
import { randomOktaId, randomToken } from '../shared/ids';
import {
  controlJson,
  EmulatorServer,
  lastLoginFromControlBody,
  ListenOptions,
  SeedInput,
} from '../shared/server';
import type { Seed } from '../seed/types';
import { AssertionError, verifyClientAssertion } from './clientAssertion';
import {
  buildOktaState,
  OktaGroup,
  OktaRateLimitBucket,
  OktaState,
  OktaUser,
} from './state';

const JSON_TYPE = 'application/json';
const ACCESS_TOKEN_SECONDS = 3600;

/** Who is calling: an SSWS token (all permissions) or an OAuth token with scopes. */
type Principal = { kind: 'ssws' } | { kind: 'oauth'; scopes: string[] };

interface RateWindow {
  resetAt: number;
  used: number;
}

function oktaError(
  status: number,
  errorCode: string,
  errorSummary: string,
  causes: string[] = [],
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers: { 'Content-Type': JSON_TYPE, ...headers },
    body: {
      errorCode,
      errorSummary,
      errorLink: errorCode,
      errorId: randomOktaId('oae', 25),
      errorCauses: causes.map(errorSummary_ => ({
        errorSummary: errorSummary_,
      })),
    },
  };
}

const notFound = (id: string, type: string) =>
  new HttpProblem(
    oktaError(
      404,
      'E0000007',
      `Not found: Resource not found: ${id} (${type})`,
    ),
  );

const GENERIC_ERRORS: Record<number, [string, string]> = {
  400: ['E0000001', 'Api validation failed'],
  401: ['E0000011', 'Invalid token provided'],
  403: [
    'E0000006',
    'You do not have permission to perform the requested action',
  ],
  404: ['E0000007', 'Not found: Resource not found'],
  405: ['E0000022', 'The endpoint does not support the provided HTTP method'],
  500: ['E0000009', 'Internal Server Error'],
};

/** The bucket a call counts against, after Okta's rate-limit table. */
function bucketFor(path: string): OktaRateLimitBucket {
  if (path === '/oauth2/v1/token') return 'oauthToken';
  if (/^\/api\/v1\/groups\/?$/.test(path)) return 'groups';
  if (/^\/api\/v1\/groups\/[^/]+\/?$/.test(path)) return 'groupById';
  if (/^\/api\/v1\/users\/[^/]+\/?$/.test(path)) return 'userById';
  return 'other';
}

function byId<T extends { id: string }>(a: T, b: T): number {
  if (a.id < b.id) return -1;
  return a.id > b.id ? 1 : 0;
}

/**
 * An Okta org's Management API: users, groups and group membership, SSWS and
 * private-key OAuth, Okta's headers, error bodies, paging and rate limits.
 */
export class OktaEmulator extends EmulatorServer<OktaState> {
  private readonly api = new Router();
  private readonly windows = new Map<OktaRateLimitBucket, RateWindow>();

  constructor(seed?: SeedInput) {
    super(seed);
    this.api
      .add('POST', '/oauth2/v1/token', req => this.issueToken(req))
      .add('GET', '/api/v1/users', req => this.listUsers(req))
      .add('GET', '/api/v1/users/:userId', req => this.getUser(req))
      .add('GET', '/api/v1/users/:userId/groups', req =>
        this.listUserGroups(req),
      )
      .add('GET', '/api/v1/groups', req => this.listGroups(req))
      .add('GET', '/api/v1/groups/:groupId', req => this.getGroup(req))
      .add('GET', '/api/v1/groups/:groupId/users', req =>
        this.listGroupUsers(req),
      )
      .add('PUT', '/api/v1/groups/:groupId/users/:userId', req =>
        this.changeMembership(req, 'add'),
      )
      .add('DELETE', '/api/v1/groups/:groupId/users/:userId', req =>
        this.changeMembership(req, 'remove'),
      );
  }

  protected buildState(seed: Seed): OktaState {
    return buildOktaState(seed);
  }

  protected onReset(): void {
    this.windows.clear();
  }

  protected updateSettings(patch: unknown): void {
    if (!isRecord(patch)) throw new Error('Expected a JSON object');
    const { membershipIdempotency, rateLimits } = patch;
    if (membershipIdempotency !== undefined) {
      if (
        membershipIdempotency !== 'lenient' &&
        membershipIdempotency !== 'strict'
      ) {
        throw new Error("membershipIdempotency must be 'lenient' or 'strict'");
      }
      this.state.settings.membershipIdempotency = membershipIdempotency;
    }
    if (rateLimits !== undefined) {
      if (!isRecord(rateLimits))
        throw new Error('rateLimits must be an object');
      for (const [bucket, limit] of Object.entries(rateLimits)) {
        if (!(bucket in this.state.settings.rateLimits))
          throw new Error(`Unknown bucket '${bucket}'`);
        if (!Number.isInteger(limit) || (limit as number) < 1) {
          throw new Error('A rate limit must be a positive integer');
        }
        this.state.settings.rateLimits[bucket as OktaRateLimitBucket] =
          limit as number;
      }
      this.windows.clear();
    }
  }

  protected addControlRoutes(router: Router): void {
    router.add('POST', '/__emulator/users/:userId/last-login', req => {
      const user = this.findUser(req.params.userId);
      user.lastLogin = lastLoginFromControlBody(parseJsonBody(req));
      return controlJson(200, user);
    });
  }

  /** Finds a user by id, login, or login short name (the part before `@`). */
  findUser(idOrLogin: string): OktaUser {
    const users = Object.values(this.state.users);
    const key = idOrLogin.toLowerCase();
    const user =
      this.state.users[idOrLogin] ??
      users.find(u => u.profile.login.toLowerCase() === key) ??
      singleOrUndefined(
        users.filter(u => u.profile.login.toLowerCase().split('@')[0] === key),
      );
    if (!user) throw notFound(idOrLogin, 'User');
    return user;
  }

  /** Finds a group by id or exact name. */
  findGroup(idOrName: string): OktaGroup {
    const group =
      this.state.groups[idOrName] ??
      Object.values(this.state.groups).find(g => g.profile.name === idOrName);
    if (!group) throw notFound(idOrName, 'UserGroup');
    return group;
  }

  // --- request pipeline -------------------------------------------------------

  protected async serve(req: EmulatorRequest): Promise<EmulatorResponse> {
    const match = this.api.match(req.method, req.path);
    if (match === undefined) throw notFound(req.path, 'HttpRequest');
    if (match === 'method-not-allowed') return this.errorResponse(405);
    const throttled = this.countCall(req.path);
    if (throttled) return throttled;
    const request = { ...req, params: match.params };
    if (req.path !== '/oauth2/v1/token') {
      this.requireScope(request, this.authenticate(request));
    }
    return match.handler(request);
  }

  protected errorResponse(status: number): EmulatorResponse {
    const [code, summary] = GENERIC_ERRORS[status] ?? [
      'E0000009',
      'Internal Server Error',
    ];
    return oktaError(status, code, summary);
  }

  protected throttledResponse(retryAfterSeconds: number): EmulatorResponse {
    const reset = Math.ceil(Date.now() / 1000) + retryAfterSeconds;
    return oktaError(
      429,
      'E0000047',
      'API call exceeded rate limit due to too many requests.',
      [],
      { 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': String(reset) },
    );
  }

  protected decorate(
    req: EmulatorRequest,
    res: EmulatorResponse,
  ): EmulatorResponse {
    const bucket = bucketFor(req.path);
    const limit = this.state.settings.rateLimits[bucket];
    const window = this.currentWindow(bucket);
    return {
      ...res,
      headers: {
        'Content-Type': JSON_TYPE,
        'X-Okta-Request-Id': randomOktaId('', 27),
        'X-Rate-Limit-Limit': String(limit),
        'X-Rate-Limit-Remaining': String(Math.max(0, limit - window.used)),
        'X-Rate-Limit-Reset': String(window.resetAt),
        ...res.headers,
      },
    };
  }

  private currentWindow(bucket: OktaRateLimitBucket): RateWindow {
    const now = Date.now() / 1000;
    let window = this.windows.get(bucket);
    if (!window || window.resetAt <= now) {
      window = { resetAt: Math.ceil(now) + 60, used: 0 };
      this.windows.set(bucket, window);
    }
    return window;
  }

  /** Counts the call against its bucket; answers the 429 when the bucket is spent. */
  private countCall(path: string): EmulatorResponse | undefined {
    const bucket = bucketFor(path);
    const window = this.currentWindow(bucket);
    if (window.used >= this.state.settings.rateLimits[bucket]) {
      const response = this.throttledResponse(0);
      return {
        ...response,
        headers: {
          ...response.headers,
          'X-Rate-Limit-Reset': String(window.resetAt),
        },
      };
    }
    window.used += 1;
    return undefined;
  }

  private authenticate(req: EmulatorRequest): Principal {
    const authorization = header(req, 'authorization');
    if (!authorization) {
      throw new HttpProblem(oktaError(401, 'E0000005', 'Invalid session'));
    }
    const [scheme, token = ''] = authorization.split(/\s+/, 2);
    if (
      scheme.toUpperCase() === 'SSWS' &&
      this.state.apiTokens.includes(token)
    ) {
      return { kind: 'ssws' };
    }
    if (scheme.toLowerCase() === 'bearer') {
      const issued = this.state.accessTokens[token];
      if (issued && issued.expiresAt > Date.now() / 1000) {
        return { kind: 'oauth', scopes: issued.scopes };
      }
    }
    throw new HttpProblem(
      oktaError(401, 'E0000011', 'Invalid token provided', [], {
        'WWW-Authenticate':
          'Bearer authorization_uri="", realm="Okta", scope="", error="invalid_token", error_description="The token is invalid"',
      }),
    );
  }

  /** OAuth callers need the scope of the call; `.manage` implies `.read`. */
  private requireScope(req: EmulatorRequest, principal: Principal): void {
    if (principal.kind === 'ssws') return;
    const resource = req.path.startsWith('/api/v1/groups') ? 'groups' : 'users';
    const needed =
      req.method === 'GET'
        ? [`okta.${resource}.read`, `okta.${resource}.manage`]
        : [`okta.${resource}.manage`];
    if (!needed.some(s => principal.scopes.includes(s))) {
      throw new HttpProblem(
        oktaError(
          403,
          'E0000006',
          'You do not have permission to perform the requested action',
          [],
          {
            'WWW-Authenticate': `Bearer authorization_uri="", realm="Okta", scope="${needed[needed.length - 1]}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes."`,
          },
        ),
      );
    }
  }

  // --- OAuth ------------------------------------------------------------------

  private issueToken(req: EmulatorRequest): EmulatorResponse {
    const oauthError = (
      status: number,
      error: string,
      description: string,
    ) => ({
      status,
      headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store' },
      body: { error, error_description: description },
    });
    const form = parseFormBody(req);
    if (form.get('grant_type') !== 'client_credentials') {
      return oauthError(
        400,
        'unsupported_grant_type',
        'The authorization grant type is not supported by the authorization server.',
      );
    }
    const assertion = form.get('client_assertion');
    if (
      form.get('client_assertion_type') !==
        'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' ||
      !assertion
    ) {
      return oauthError(401, 'invalid_client', 'Client authentication failed.');
    }
    const now = Math.floor(Date.now() / 1000);
    const host = header(req, 'host');
    const audiences = [
      `${this.url}/oauth2/v1/token`,
      `http://${host}/oauth2/v1/token`,
    ];
    let verified;
    try {
      verified = verifyClientAssertion(
        assertion,
        this.state.serviceApps,
        audiences,
        now,
      );
    } catch (e) {
      if (e instanceof AssertionError)
        return oauthError(401, 'invalid_client', e.message);
      throw e;
    }
    for (const [jti, exp] of Object.entries(this.state.usedAssertionIds)) {
      if (exp < now) delete this.state.usedAssertionIds[jti];
    }
    if (this.state.usedAssertionIds[verified.jti] !== undefined) {
      return oauthError(
        401,
        'invalid_client',
        'The client_assertion token has already been used.',
      );
    }
    this.state.usedAssertionIds[verified.jti] = verified.exp;
    const app = this.state.serviceApps.find(
      a => a.clientId === verified.clientId,
    )!;
    const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    if (scopes.length === 0) {
      return oauthError(
        400,
        'invalid_scope',
        "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
      );
    }
    const missing = scopes.filter(s => !app.scopes.includes(s));
    if (missing.length > 0) {
      return oauthError(
        400,
        'invalid_scope',
        `The following scopes are not allowed: ${missing.join(', ')}`,
      );
    }
    const accessToken = randomToken(32);
    this.state.accessTokens[accessToken] = {
      clientId: app.clientId,
      scopes,
      expiresAt: now + ACCESS_TOKEN_SECONDS,
    };
    return {
      status: 200,
      headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store' },
      body: {
        token_type: 'Bearer',
        expires_in: ACCESS_TOKEN_SECONDS,
        access_token: accessToken,
        scope: scopes.join(' '),
      },
    };
  }

  // --- representations --------------------------------------------------------

  private userJson(user: OktaUser) {
    const { profile, ...rest } = user;
    return {
      ...rest,
      type: { id: 'oty1defaultusertype0' },
      profile: { ...profile },
      credentials: {
        password: {},
        emails: [{ value: profile.email, status: 'VERIFIED', type: 'PRIMARY' }],
        provider: { type: 'OKTA', name: 'OKTA' },
      },
      _links: { self: { href: `${this.url}/api/v1/users/${user.id}` } },
    };
  }

  private groupJson(group: OktaGroup) {
    const { members: _members, ...rest } = group;
    return {
      ...rest,
      objectClass: [
        group.type === 'APP_GROUP'
          ? 'okta:windows_security_principal'
          : 'okta:user_group',
      ],
      profile: { ...group.profile },
      _links: {
        self: { href: `${this.url}/api/v1/groups/${group.id}` },
        users: { href: `${this.url}/api/v1/groups/${group.id}/users` },
      },
    };
  }

  /**
   * One page of a collection ordered by id, with Okta's `Link` headers: `self`
   * always, `next` (an absolute URL on this server) while more items follow.
   */
  private page<T extends { id: string }>(
    req: EmulatorRequest,
    items: T[],
    limit: number,
    render: (item: T) => unknown,
    pageable = true,
  ): EmulatorResponse {
    const after = req.query.get('after');
    const sorted = [...items].sort(byId);
    const start = after ? sorted.filter(i => i.id <= after).length : 0;
    const slice = sorted.slice(start, start + limit);
    const selfQuery = new URLSearchParams(req.query);
    const links = [
      `<${this.url}${req.path}${querySuffix(selfQuery)}>; rel="self"`,
    ];
    if (pageable && start + limit < sorted.length) {
      const nextQuery = new URLSearchParams(req.query);
      nextQuery.set('after', slice[slice.length - 1].id);
      nextQuery.set('limit', String(limit));
      links.push(
        `<${this.url}${req.path}${querySuffix(nextQuery)}>; rel="next"`,
      );
    }
    return { status: 200, headers: { Link: links }, body: slice.map(render) };
  }

  // --- users ------------------------------------------------------------------

  private listUsers(req: EmulatorRequest): EmulatorResponse {
    let users = Object.values(this.state.users);
    const q = req.query.get('q');
    const search = req.query.get('search');
    const filter = req.query.get('filter');
    if (search) users = users.filter(predicate(search, u => this.userJson(u)));
    if (filter) {
      const allowed = [
        'status',
        'lastUpdated',
        'id',
        'profile.login',
        'profile.email',
        'profile.firstName',
        'profile.lastName',
      ];
      users = users.filter(predicate(filter, u => this.userJson(u), allowed));
    }
    if (q) {
      const needle = q.toLowerCase();
      users = users.filter(u =>
        [u.profile.firstName, u.profile.lastName, u.profile.email].some(v =>
          v.toLowerCase().startsWith(needle),
        ),
      );
      if (!search && !filter) {
        return this.page(
          req,
          users,
          intParam(req.query, 'limit', 10, 200),
          u => this.userJson(u),
          false,
        );
      }
    }
    return this.page(req, users, intParam(req.query, 'limit', 200, 200), u =>
      this.userJson(u),
    );
  }

  private getUser(req: EmulatorRequest): EmulatorResponse {
    return {
      status: 200,
      body: this.userJson(this.findUser(req.params.userId)),
    };
  }

  private listUserGroups(req: EmulatorRequest): EmulatorResponse {
    const user = this.findUser(req.params.userId);
    const groups = Object.values(this.state.groups).filter(g =>
      g.members.includes(user.id),
    );
    return this.page(
      req,
      groups,
      intParam(req.query, 'limit', 10000, 10000),
      g => this.groupJson(g),
    );
  }

  // --- groups -----------------------------------------------------------------

  private listGroups(req: EmulatorRequest): EmulatorResponse {
    let groups = Object.values(this.state.groups);
    const q = req.query.get('q');
    const search = req.query.get('search');
    const filter = req.query.get('filter');
    if (search)
      groups = groups.filter(predicate(search, g => this.groupJson(g)));
    if (filter) {
      const allowed = ['type', 'id', 'lastUpdated', 'lastMembershipUpdated'];
      groups = groups.filter(
        predicate(filter, g => this.groupJson(g), allowed),
      );
    }
    if (q) {
      const needle = q.toLowerCase();
      groups = groups.filter(g =>
        g.profile.name.toLowerCase().startsWith(needle),
      );
      return this.page(
        req,
        groups,
        intParam(req.query, 'limit', 300, 10000),
        g => this.groupJson(g),
        false,
      );
    }
    return this.page(
      req,
      groups,
      intParam(req.query, 'limit', 10000, 10000),
      g => this.groupJson(g),
    );
  }

  private getGroup(req: EmulatorRequest): EmulatorResponse {
    const group = this.state.groups[req.params.groupId];
    if (!group) throw notFound(req.params.groupId, 'UserGroup');
    return { status: 200, body: this.groupJson(group) };
  }

  private listGroupUsers(req: EmulatorRequest): EmulatorResponse {
    const group = this.state.groups[req.params.groupId];
    if (!group) throw notFound(req.params.groupId, 'UserGroup');
    const members = group.members
      .map(id => this.state.users[id])
      .filter(Boolean);
    return this.page(
      req,
      members,
      intParam(req.query, 'limit', 1000, 1000),
      u => this.userJson(u),
    );
  }

  private changeMembership(
    req: EmulatorRequest,
    change: 'add' | 'remove',
  ): EmulatorResponse {
    const group = this.state.groups[req.params.groupId];
    if (!group) throw notFound(req.params.groupId, 'UserGroup');
    const user = this.state.users[req.params.userId];
    if (!user) throw notFound(req.params.userId, 'User');
    if (group.type !== 'OKTA_GROUP') {
      throw new HttpProblem(
        oktaError(400, 'E0000060', 'Unsupported operation.', [
          `Memberships of ${group.type} groups are managed by their source and cannot be changed here.`,
        ]),
      );
    }
    const isMember = group.members.includes(user.id);
    const strict = this.state.settings.membershipIdempotency === 'strict';
    if (change === 'add' && isMember && strict) {
      throw new HttpProblem(
        oktaError(400, 'E0000001', 'Api validation failed: group membership', [
          'The user is already a member of the group.',
        ]),
      );
    }
    if (change === 'remove' && !isMember && strict) {
      throw notFound(user.id, 'GroupMembership');
    }
    if (change === 'add' && !isMember) group.members.push(user.id);
    if (change === 'remove' && isMember)
      group.members = group.members.filter(id => id !== user.id);
    if ((change === 'add') !== isMember)
      group.lastMembershipUpdated = new Date().toISOString();
    return { status: 204 };
  }
}

function predicate<T>(
  expression: string,
  render: (item: T) => unknown,
  allowed?: string[],
): (item: T) => boolean {
  let test: Predicate;
  try {
    test = parseFilter(expression, allowed);
  } catch (e) {
    if (e instanceof FilterSyntaxError) {
      throw new HttpProblem(
        oktaError(400, 'E0000031', 'Invalid search criteria.', [e.message]),
      );
    }
    throw e;
  }
  return item => test(render(item));
}

function singleOrUndefined<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

function querySuffix(query: URLSearchParams): string {
  const text = query.toString().replace(/\+/g, '%20');
  return text ? `?${text}` : '';
}

/** Starts an Okta emulator (port 0 picks a free port). */
export async function startOktaEmulator(
  options: ListenOptions = {},
): Promise<OktaEmulator> {
  const emulator = new OktaEmulator(options.seed);
  await emulator.listen(options);
  return emulator;
}
