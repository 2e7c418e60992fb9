import { randomUUID } from 'node:crypto';
import {
  EmulatorRequest,
  EmulatorResponse,
  header,
  isRecord,
  parseJsonBody,
  Router,
} from '../shared/http';
import {
  controlJson,
  EmulatorServer,
  lastLoginFromControlBody,
  ListenOptions,
  SeedInput,
  TlsMaterial,
} from '../shared/server';
import { graphStateHtml } from './statePage';
import { tlsCertificates } from '../shared/tls';
import type { Seed } from '../seed/types';
import {
  graphError,
  GraphHandler,
  GraphService,
  notFound,
  ODATA_JSON,
  problem,
} from './api';
import { batch } from './batch';
import {
  addMember,
  getGroup,
  listGroups,
  listMembers,
  refuseMemberDelete,
  removeMember,
} from './groups';
import { issueToken, openIdConfiguration } from './identity';
import {
  buildGraphState,
  GraphGroup,
  GraphState,
  GraphUser,
  signInActivityAt,
} from './state';
import { getManager, getUser, listUsers } from './users';

function innerError(requestId: string, clientRequestId: string) {
  return {
    date: new Date().toISOString().slice(0, 19),
    'request-id': requestId,
    'client-request-id': clientRequestId,
  };
}

/**
 * Microsoft Graph v1.0 (users, managers, groups, members, `$batch`) over HTTPS,
 * with the Entra ID token endpoints that `@azure/identity` authenticates against.
 */
export class GraphEmulator
  extends EmulatorServer<GraphState>
  implements GraphService
{
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
    const route = (handler: GraphHandler) => (req: EmulatorRequest) =>
      handler(this, req);
    const members = '/v1.0/groups/:groupId/members';
    this.identity
      .add(
        'GET',
        '/:tenant/v2.0/.well-known/openid-configuration',
        route(openIdConfiguration),
      )
      .add('POST', '/:tenant/oauth2/v2.0/token', route(issueToken));
    this.api
      .add('GET', '/v1.0/users', route(listUsers))
      .add('GET', '/v1.0/users/:userId', route(getUser))
      .add('GET', '/v1.0/users/:userId/manager', route(getManager))
      .add('GET', '/v1.0/groups', route(listGroups))
      .add('GET', '/v1.0/groups/:groupId', route(getGroup))
      .add('GET', members, route(listMembers))
      .add('POST', `${members}/$ref`, route(addMember))
      .add('DELETE', `${members}/:memberId/$ref`, route(removeMember))
      .add('DELETE', `${members}/:memberId`, route(refuseMemberDelete))
      .add('POST', '/v1.0/$batch', req =>
        batch(req, inner => this.handleServiceCall(inner)),
      );
  }

  /** The Graph base URL, e.g. `https://127.0.0.1:7012/v1.0`. */
  get baseUrl(): string {
    return `${this.url}/v1.0`;
  }

  /** The Entra authority host, e.g. `https://127.0.0.1:7012`. */
  get authorityHost(): string {
    return this.url;
  }

  protected stateHtml() {
    return graphStateHtml(this.state);
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
