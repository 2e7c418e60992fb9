import {
  EmulatorRequest,
  EmulatorResponse,
  isRecord,
  parseJsonBody,
  Router,
} from '../shared/http';
import { randomOktaId } from '../shared/ids';
import {
  controlJson,
  EmulatorServer,
  lastLoginFromControlBody,
  ListenOptions,
  SeedInput,
} from '../shared/server';
import { oktaStateHtml } from './statePage';
import type { Seed } from '../seed/types';
import {
  JSON_TYPE,
  notFound,
  oktaError,
  OktaHandler,
  OktaService,
} from './api';
import { authenticate, issueToken, requireScope } from './auth';
import {
  addMember,
  getGroup,
  listGroups,
  listGroupUsers,
  removeMember,
} from './groups';
import { bucketFor, RateWindows } from './rateLimits';
import {
  buildOktaState,
  OktaGroup,
  OktaRateLimitBucket,
  OktaState,
  OktaUser,
} from './state';
import { getUser, listUserGroups, listUsers } from './users';

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

/**
 * An Okta org's Management API: users, groups and group membership, SSWS and
 * private-key OAuth, Okta's headers, error bodies, paging and rate limits.
 */
export class OktaEmulator
  extends EmulatorServer<OktaState>
  implements OktaService
{
  private readonly api = new Router();
  private readonly windows = new RateWindows();

  constructor(seed?: SeedInput) {
    super(seed);
    const route = (handler: OktaHandler) => (req: EmulatorRequest) =>
      handler(this, req);
    const membership = '/api/v1/groups/:groupId/users/:userId';
    this.api
      .add('POST', '/oauth2/v1/token', route(issueToken))
      .add('GET', '/api/v1/users', route(listUsers))
      .add('GET', '/api/v1/users/:userId', route(getUser))
      .add('GET', '/api/v1/users/:userId/groups', route(listUserGroups))
      .add('GET', '/api/v1/groups', route(listGroups))
      .add('GET', '/api/v1/groups/:groupId', route(getGroup))
      .add('GET', '/api/v1/groups/:groupId/users', route(listGroupUsers))
      .add('PUT', membership, route(addMember))
      .add('DELETE', membership, route(removeMember));
  }

  protected stateHtml() {
    return oktaStateHtml(this.state);
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
      requireScope(request, authenticate(this, request));
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
    const window = this.windows.current(bucket);
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

  /** Counts the call against its bucket; answers the 429 when the bucket is spent. */
  private countCall(path: string): EmulatorResponse | undefined {
    const bucket = bucketFor(path);
    const window = this.windows.current(bucket);
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
}

function singleOrUndefined<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

/** Starts an Okta emulator (port 0 picks a free port). */
export async function startOktaEmulator(
  options: ListenOptions = {},
): Promise<OktaEmulator> {
  const emulator = new OktaEmulator(options.seed);
  await emulator.listen(options);
  return emulator;
}
