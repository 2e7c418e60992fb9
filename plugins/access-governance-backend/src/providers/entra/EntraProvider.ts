import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  IdentityProvider,
  IdpGroup,
  IdpUser,
  IdpUserContext,
  IdpUserLookup,
  SideEffectError,
  isRetryableStatus,
} from '@accessgov/plugin-access-governance-node';
import {
  AuthenticationError,
  AzureAuthorityHosts,
  ClientSecretCredential,
  TokenCredential,
} from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  GraphClientError,
  GraphError,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { z } from 'zod';
import {
  httpUrl,
  readConfig,
  requiredString,
  retryAfterMs,
  sleep,
} from '../util';
import { HttpsTransportHandler } from './httpsTransport';

const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';
const USER_FIELDS =
  'id,displayName,mail,userPrincipalName,jobTitle,department,accountEnabled';
const PAGE_SIZE = 100;
const BATCH_LIMIT = 20;
const BATCH_ROUNDS = 4;
const MAX_BATCH_WAIT_MS = 30_000;
const UNLICENSED_CODE = 'Authentication_RequestFromNonPremiumTenantOrB2CTenant';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Graph hosts whose token scope is their own origin (national clouds). */
const NATIONAL_GRAPH_HOSTS = new Set([
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
]);

/**
 * Options of {@link EntraProvider}.
 *
 * @public
 */
export interface EntraProviderOptions {
  /** The provider id under `accessGovernance.providers`. */
  id: string;
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  /** Defaults to https://login.microsoftonline.com. */
  authorityHost?: string;
  /** Defaults to https://graph.microsoft.com/v1.0. */
  graphBaseUrl?: string;
  /** PEM text of an extra CA to trust for the authority host and Graph. */
  caPem?: string;
  /** A credential to use instead of the client secret. */
  credential?: TokenCredential;
  /** Request timeout in milliseconds (default 30000). */
  requestTimeoutMs?: number;
  logger: LoggerService;
}

const entraConfigSchema = z.object({
  type: z.string().optional(),
  tenantId: requiredString,
  clientId: requiredString,
  clientSecret: requiredString,
  authorityHost: httpUrl.optional(),
  graphBaseUrl: httpUrl.optional(),
  caFile: requiredString.optional(),
});

interface GraphUser {
  id?: string;
  '@odata.type'?: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  accountEnabled?: boolean | null;
  signInActivity?: {
    lastSuccessfulSignInDateTime?: string | null;
    lastSignInDateTime?: string | null;
  } | null;
}

interface GraphCollection<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

interface BatchResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

interface BatchStep {
  id: string;
  userId: string;
  kind: 'user' | 'manager';
  url: string;
}

/**
 * The Graph client's token credential provider, keeping the credential's own error so that
 * a rejected secret can be told apart from an unreachable authority.
 */
class CredentialAuthenticationProvider extends TokenCredentialAuthenticationProvider {
  async getAccessToken(): Promise<string> {
    try {
      return await super.getAccessToken();
    } catch (error) {
      const wrapped = new GraphClientError(
        `could not get a token: ${(error as Error)?.message ?? error}`,
      );
      wrapped.customError = error;
      throw wrapped;
    }
  }
}

/**
 * Microsoft Entra ID group membership through Microsoft Graph.
 *
 * @public
 */
export class EntraProvider implements IdentityProvider {
  readonly type = 'entra';
  readonly id: string;
  private readonly client: Client;
  private readonly logger: LoggerService;
  private readonly graphBaseUrl: string;
  /** Set once the tenant answered that sign-in activity needs a premium licence. */
  private signInActivityUnavailable = false;

  /** Reads a provider block of `accessGovernance.providers`; makes no network call. */
  static fromConfig(options: {
    id: string;
    config: Config;
    logger: LoggerService;
  }): EntraProvider {
    const prefix = `accessGovernance.providers.${options.id}`;
    const value = readConfig(entraConfigSchema, options.config, prefix);
    let caPem: string | undefined;
    if (value.caFile) {
      try {
        caPem = readFileSync(value.caFile, 'utf8');
      } catch (error) {
        throw new Error(
          `${prefix}.caFile cannot be read: ${(error as Error).message}`,
        );
      }
      if (!caPem.includes('-----BEGIN CERTIFICATE-----')) {
        throw new Error(`${prefix}.caFile is not a PEM certificate file`);
      }
    }
    return new EntraProvider({
      id: options.id,
      tenantId: value.tenantId,
      clientId: value.clientId,
      clientSecret: value.clientSecret,
      authorityHost: value.authorityHost,
      graphBaseUrl: value.graphBaseUrl,
      caPem,
      logger: options.logger,
    });
  }

  constructor(options: EntraProviderOptions) {
    this.id = options.id;
    this.logger = options.logger;
    const authorityHost = (options.authorityHost ?? DEFAULT_AUTHORITY_HOST)
      .trim()
      .replace(/\/+$/, '');
    this.graphBaseUrl = (options.graphBaseUrl ?? DEFAULT_GRAPH_BASE_URL)
      .trim()
      .replace(/\/+$/, '');
    const graphUrl = new URL(this.graphBaseUrl);
    const segments = graphUrl.pathname.split('/').filter(Boolean);
    if (segments.length !== 1) {
      throw new Error(
        `accessGovernance.providers.${this.id}.graphBaseUrl must be the Graph origin followed by the version, e.g. ${DEFAULT_GRAPH_BASE_URL}`,
      );
    }
    // The extra CA is added to Node's own list, so every other certificate check stays.
    const ca = options.caPem
      ? [...tls.rootCertificates, options.caPem]
      : undefined;

    const credential =
      options.credential ??
      new ClientSecretCredential(
        options.tenantId,
        options.clientId,
        options.clientSecret ?? '',
        {
          authorityHost,
          disableInstanceDiscovery: !isKnownAuthorityHost(authorityHost),
          ...(ca ? { tlsOptions: { ca } } : {}),
        },
      );
    const scope = NATIONAL_GRAPH_HOSTS.has(graphUrl.hostname)
      ? `${graphUrl.origin}/.default`
      : 'https://graph.microsoft.com/.default';
    const authProvider = new CredentialAuthenticationProvider(credential, {
      scopes: [scope],
    });
    const agent = new https.Agent({ keepAlive: true, ...(ca ? { ca } : {}) });
    this.client = Client.initWithMiddleware({
      baseUrl: graphUrl.origin,
      defaultVersion: segments[0],
      // The bearer token is only sent to Graph's own hosts and to these.
      customHosts: new Set([graphUrl.hostname]),
      middleware: [
        new AuthenticationHandler(authProvider),
        new RetryHandler(new RetryHandlerOptions()),
        new RedirectHandler(new RedirectHandlerOptions()),
        new TelemetryHandler(),
        new HttpsTransportHandler(agent, options.requestTimeoutMs ?? 30_000),
      ],
    });
  }

  async resolveUser(lookup: IdpUserLookup): Promise<IdpUser | undefined> {
    if (lookup.idpId) {
      const user = await this.getOrUndefined<GraphUser>(
        `/users/${encodeURIComponent(lookup.idpId)}`,
        USER_FIELDS,
        'find user',
      );
      if (user) return toIdpUser(user);
    }
    if (!lookup.email) {
      return undefined;
    }
    const email = lookup.email.trim().toLowerCase();
    const byUpn = await this.getOrUndefined<GraphUser>(
      `/users/${encodeURIComponent(email)}`,
      USER_FIELDS,
      'find user',
    );
    if (
      byUpn &&
      (byUpn.userPrincipalName?.toLowerCase() === email ||
        byUpn.mail?.toLowerCase() === email)
    ) {
      return toIdpUser(byUpn);
    }
    const found = await this.call<GraphCollection<GraphUser>>(
      `find user ${email}`,
      () =>
        this.client
          .api('/users')
          .filter(`mail eq ${odataString(email)}`)
          .select(USER_FIELDS)
          .get(),
    );
    const user = found.value?.[0];
    return user ? toIdpUser(user) : undefined;
  }

  async resolveGroup(nameOrId: string): Promise<IdpGroup | undefined> {
    if (GUID.test(nameOrId)) {
      const group = await this.getOrUndefined<{
        id: string;
        displayName?: string;
      }>(`/groups/${nameOrId}`, 'id,displayName', 'find group');
      if (group) return { id: group.id, name: group.displayName ?? nameOrId };
    }
    const found = await this.call<
      GraphCollection<{ id: string; displayName?: string }>
    >(`find group ${nameOrId}`, () =>
      this.client
        .api('/groups')
        .filter(`displayName eq ${odataString(nameOrId)}`)
        .select('id,displayName')
        .get(),
    );
    const groups = found.value ?? [];
    const exact =
      groups.find(g => g.displayName === nameOrId) ??
      groups.find(g => g.displayName?.toLowerCase() === nameOrId.toLowerCase());
    return exact
      ? { id: exact.id, name: exact.displayName ?? nameOrId }
      : undefined;
  }

  async addMember(groupId: string, userId: string): Promise<void> {
    const action = `add user ${userId} to group ${groupId}`;
    try {
      await this.client
        .api(`/groups/${encodeURIComponent(groupId)}/members/$ref`)
        .post({
          '@odata.id': `${this.graphBaseUrl}/directoryObjects/${encodeURIComponent(userId)}`,
        });
    } catch (error) {
      // Graph answers 400 "... added object references already exist ..." for a member.
      if (
        error instanceof GraphError &&
        error.statusCode === 400 &&
        /already exist/i.test(error.message)
      ) {
        return;
      }
      throw this.toError(action, error);
    }
  }

  async removeMember(groupId: string, userId: string): Promise<void> {
    const action = `remove user ${userId} from group ${groupId}`;
    try {
      await this.client
        .api(
          `/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(userId)}/$ref`,
        )
        .delete();
    } catch (error) {
      if (error instanceof GraphError && error.statusCode === 404) {
        // Graph answers 404 both for a non-member and for a missing group.
        const group = await this.getOrUndefined(
          `/groups/${encodeURIComponent(groupId)}`,
          'id',
          'find group',
        );
        if (group) return;
      }
      throw this.toError(action, error);
    }
  }

  async *listMembers(groupId: string): AsyncIterable<IdpUser[]> {
    const action = `list members of group ${groupId}`;
    let page = await this.call<GraphCollection<GraphUser>>(action, () =>
      this.client
        .api(`/groups/${encodeURIComponent(groupId)}/members`)
        .select('id,displayName,mail,userPrincipalName,accountEnabled')
        .top(PAGE_SIZE)
        .get(),
    );
    for (;;) {
      const users = (page.value ?? [])
        .filter(
          m =>
            !m['@odata.type'] || m['@odata.type'] === '#microsoft.graph.user',
        )
        .map(member => toIdpUser(member));
      if (users.length > 0) {
        yield users;
      }
      const next = page['@odata.nextLink'];
      if (!next) return;
      page = await this.call<GraphCollection<GraphUser>>(action, () =>
        this.client.api(next).get(),
      );
    }
  }

  async getUserContext(userId: string): Promise<IdpUserContext> {
    const { user, withSignIn } = await this.readUserWithSignIn(userId);
    if (!user) {
      throw new SideEffectError(
        `Entra provider '${this.id}': user ${userId} does not exist`,
        { retryable: false, status: 404 },
      );
    }
    const manager = await this.getOrUndefined<GraphUser>(
      `/users/${encodeURIComponent(userId)}/manager`,
      undefined,
      'read manager of',
    );
    return withManager(toIdpUser(user, withSignIn), manager);
  }

  async getUsersContext(
    userIds: string[],
  ): Promise<Map<string, IdpUserContext>> {
    const unique = [...new Set(userIds)];
    const users = new Map<string, { user: GraphUser; withSignIn: boolean }>();
    const managers = new Map<string, GraphUser>();
    let pending: BatchStep[] = unique.flatMap((userId, index) => [
      { id: `u${index}`, userId, kind: 'user' as const, url: '' },
      {
        id: `m${index}`,
        userId,
        kind: 'manager' as const,
        url: `/users/${encodeURIComponent(userId)}/manager`,
      },
    ]);
    let lastWait: number | undefined;
    for (let round = 0; round < BATCH_ROUNDS && pending.length > 0; round++) {
      if (round > 0 && lastWait !== undefined) {
        await sleep(Math.min(lastWait, MAX_BATCH_WAIT_MS));
      }
      lastWait = undefined;
      const again: BatchStep[] = [];
      for (let i = 0; i < pending.length; i += BATCH_LIMIT) {
        const steps = pending
          .slice(i, i + BATCH_LIMIT)
          .map(step =>
            step.kind === 'user'
              ? { ...step, url: this.userUrl(step.userId) }
              : step,
          );
        const responses = await this.postBatch(steps);
        for (const step of steps) {
          const response = responses.get(step.id);
          const outcome = this.batchOutcome(step, response);
          if (outcome.kind === 'ok' && step.kind === 'user') {
            users.set(step.userId, {
              user: response!.body as GraphUser,
              withSignIn: step.url.includes('signInActivity'),
            });
          } else if (outcome.kind === 'ok') {
            managers.set(step.userId, response!.body as GraphUser);
          } else if (outcome.kind === 'again') {
            again.push(step);
            if (outcome.waitMs !== undefined) {
              lastWait = Math.max(lastWait ?? 0, outcome.waitMs);
            }
          }
        }
      }
      pending = again;
      if (pending.length > 0 && lastWait === undefined) lastWait = 0;
    }
    if (pending.length > 0) {
      throw new SideEffectError(
        `Entra provider '${this.id}': could not read ${pending.length} users in bulk: Graph kept throttling`,
        { retryable: true, status: 429, retryAfterMs: lastWait },
      );
    }
    const result = new Map<string, IdpUserContext>();
    for (const userId of unique) {
      const found = users.get(userId);
      if (found) {
        result.set(
          userId,
          withManager(
            toIdpUser(found.user, found.withSignIn),
            managers.get(userId),
          ),
        );
      }
    }
    return result;
  }

  private userUrl(userId: string): string {
    const fields = this.signInActivityUnavailable
      ? USER_FIELDS
      : `${USER_FIELDS},signInActivity`;
    return `/users/${encodeURIComponent(userId)}?$select=${fields}`;
  }

  private async postBatch(
    steps: BatchStep[],
  ): Promise<Map<string, BatchResponse>> {
    const answer = await this.call<{ responses?: BatchResponse[] }>(
      `read ${steps.length} users in bulk`,
      () =>
        this.client.api('/$batch').post({
          requests: steps.map(s => ({ id: s.id, method: 'GET', url: s.url })),
        }),
    );
    return new Map((answer.responses ?? []).map(r => [String(r.id), r]));
  }

  private batchOutcome(
    step: BatchStep,
    response: BatchResponse | undefined,
  ): { kind: 'ok' | 'none' } | { kind: 'again'; waitMs?: number } {
    if (!response) {
      return { kind: 'again' };
    }
    if (response.status >= 200 && response.status < 300) {
      return { kind: 'ok' };
    }
    if (response.status === 404) {
      return { kind: 'none' };
    }
    const error = (
      response.body as { error?: { code?: string; message?: string } }
    )?.error;
    if (
      step.kind === 'user' &&
      response.status === 403 &&
      error?.code === UNLICENSED_CODE
    ) {
      this.rememberUnlicensed();
      return { kind: 'again', waitMs: 0 };
    }
    if (
      response.status === 429 ||
      response.status === 503 ||
      response.status === 504
    ) {
      const header = Object.entries(response.headers ?? {}).find(
        ([name]) => name.toLowerCase() === 'retry-after',
      )?.[1];
      return { kind: 'again', waitMs: retryAfterMs(header) ?? 1000 };
    }
    throw new SideEffectError(
      `Entra provider '${this.id}': could not read ${
        step.kind === 'user' ? 'user' : 'manager of'
      } ${step.userId}: ${response.status} ${error?.code ?? ''} ${
        error?.message ?? ''
      }`.trim(),
      {
        retryable: isRetryableStatus(response.status),
        status: response.status,
      },
    );
  }

  private async readUserWithSignIn(
    userId: string,
  ): Promise<{ user?: GraphUser; withSignIn: boolean }> {
    const path = `/users/${encodeURIComponent(userId)}`;
    if (!this.signInActivityUnavailable) {
      try {
        const user = await this.getOrUndefined<GraphUser>(
          path,
          `${USER_FIELDS},signInActivity`,
          'read user',
        );
        return { user, withSignIn: true };
      } catch (error) {
        const cause = (error as SideEffectError).cause;
        if (!(cause instanceof GraphError && cause.code === UNLICENSED_CODE)) {
          throw error;
        }
        this.rememberUnlicensed();
      }
    }
    const user = await this.getOrUndefined<GraphUser>(
      path,
      USER_FIELDS,
      'read user',
    );
    return { user, withSignIn: false };
  }

  private rememberUnlicensed() {
    if (!this.signInActivityUnavailable) {
      this.signInActivityUnavailable = true;
      this.logger.info(
        `Entra provider '${this.id}': the tenant has no Entra ID P1/P2 licence, so last sign-in times are not available`,
      );
    }
  }

  private async getOrUndefined<T>(
    path: string,
    select: string | undefined,
    action: string,
  ): Promise<T | undefined> {
    return this.call(`${action} ${path}`, async () => {
      try {
        const request = this.client.api(path);
        return (await (select ? request.select(select) : request).get()) as T;
      } catch (error) {
        if (error instanceof GraphError && error.statusCode === 404) {
          return undefined;
        }
        throw error;
      }
    });
  }

  private async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw this.toError(action, error);
    }
  }

  private toError(action: string, error: unknown): SideEffectError {
    if (error instanceof SideEffectError) {
      return error;
    }
    const prefix = `Entra provider '${this.id}': could not ${action}`;
    if (error instanceof GraphClientError && error.customError) {
      return credentialError(prefix, error.customError);
    }
    if (error instanceof GraphError) {
      const status = error.statusCode > 0 ? error.statusCode : undefined;
      const wait =
        status === 429 || status === 503
          ? retryAfterMs(error.headers?.get('retry-after'))
          : undefined;
      return new SideEffectError(
        `${prefix}: ${status ?? 'no answer'} ${error.code ?? ''} ${error.message}`
          .replace(/\s+/g, ' ')
          .trim(),
        {
          retryable: isRetryableStatus(status),
          retryAfterMs: wait,
          status,
          cause: error,
        },
      );
    }
    return new SideEffectError(
      `${prefix}: ${(error as Error)?.message ?? error}`,
      {
        retryable: true,
        cause: error,
      },
    );
  }
}

/** OAuth and Entra ID answers that mean the tenant, client or secret is wrong. */
const REJECTED_SIGN_IN =
  /\b(invalid_client|unauthorized_client|invalid_request|invalid_grant|invalid_scope|AADSTS(7000215|700016|90002|7000222|700027|50034|1002012))\b/;

function credentialError(prefix: string, error: unknown): SideEffectError {
  const status =
    error instanceof AuthenticationError ? error.statusCode : undefined;
  const message = (error as Error)?.message ?? String(error);
  // A refused secret, client or tenant: trying again won't help. An unreachable or
  // untrusted authority, a throttled or failing token endpoint: it may.
  const rejected =
    REJECTED_SIGN_IN.test(message) ||
    (status !== undefined && (status === 400 || status === 401));
  return new SideEffectError(
    `${prefix}: signing in to Entra ID failed: ${firstLine(message)}`,
    { retryable: !rejected, status },
  );
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

function isKnownAuthorityHost(authorityHost: string): boolean {
  const known: string[] = [
    AzureAuthorityHosts.AzurePublicCloud,
    AzureAuthorityHosts.AzureChina,
    AzureAuthorityHosts.AzureGovernment,
  ];
  return known.includes(authorityHost.toLowerCase());
}

/** An OData string literal: single quotes, with quotes inside doubled. */
function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function withManager(
  user: IdpUser,
  manager: GraphUser | undefined,
): IdpUserContext {
  if (!manager?.id) return user;
  const managerUser = toIdpUser(manager);
  return { ...user, managerId: managerUser.id, manager: managerUser };
}

/**
 * `withSignIn` says whether sign-in activity was asked for: then its absence means the user
 * never signed in (null); otherwise the last sign-in is unknown (left out).
 */
function toIdpUser(user: GraphUser, withSignIn = false): IdpUser {
  const activity = user.signInActivity;
  const lastLoginAt = withSignIn
    ? (activity?.lastSuccessfulSignInDateTime ??
      activity?.lastSignInDateTime ??
      null)
    : undefined;
  return {
    id: user.id ?? '',
    login: user.userPrincipalName ?? undefined,
    email: user.mail ?? user.userPrincipalName ?? undefined,
    displayName: user.displayName ?? undefined,
    title: user.jobTitle ?? undefined,
    department: user.department ?? undefined,
    lastLoginAt,
    active:
      typeof user.accountEnabled === 'boolean'
        ? user.accountEnabled
        : undefined,
  };
}
