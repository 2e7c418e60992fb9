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
import { Client, DefaultRequestExecutor } from '@okta/okta-sdk-nodejs';
import { z } from 'zod';
import {
  httpUrl,
  mapWithConcurrency,
  readConfig,
  requiredString,
  wholeNumber,
} from '../util';

/** The OAuth scopes the provider needs when no scopes are configured. */
export const DEFAULT_OKTA_SCOPES = [
  'okta.groups.manage',
  'okta.groups.read',
  'okta.users.read',
];

const PAGE_SIZE = 200;
const CONTEXT_CONCURRENCY = 5;

/**
 * Options of {@link OktaProvider}.
 *
 * @public
 */
export interface OktaProviderOptions {
  /** The provider id under `accessGovernance.providers`. */
  id: string;
  /** e.g. https://example.okta.com; a trailing slash is ignored. */
  orgUrl: string;
  /** An SSWS API token; either this or `oauth`. */
  token?: string;
  /** OAuth 2.0 private-key (service app) authentication. */
  oauth?: {
    clientId: string;
    scopes?: string[];
    /** PEM or JWK (JSON). */
    privateKey: string;
    keyId?: string;
  };
  /** How many times the SDK retries a call after a 429 (default 2). */
  maxRetries?: number;
  /** Request timeout in milliseconds (default 30000). */
  requestTimeoutMs?: number;
  logger: LoggerService;
}

const oktaConfigSchema = z
  .object({
    type: z.string().optional(),
    orgUrl: httpUrl,
    token: requiredString.optional(),
    oauth: z
      .object({
        clientId: requiredString,
        scopes: z
          .array(requiredString, { error: 'must be a list of strings' })
          .min(1, { error: 'must not be empty' })
          .optional(),
        privateKey: requiredString,
        keyId: requiredString.optional(),
      })
      .optional(),
    maxRetries: wholeNumber(0).optional(),
    requestTimeout: wholeNumber(1).optional(),
  })
  .superRefine((value, ctx) => {
    if (!value.token && !value.oauth) {
      ctx.addIssue({
        code: 'custom',
        path: ['token'],
        message: 'is required (or configure oauth)',
      });
    }
    if (value.token && value.oauth) {
      ctx.addIssue({
        code: 'custom',
        path: ['oauth'],
        message: 'cannot be used together with token',
      });
    }
  });

interface OktaUserLike {
  id?: string;
  status?: string;
  lastLogin?: Date | string | null;
  profile?: {
    login?: string;
    email?: string;
    firstName?: string | null;
    lastName?: string | null;
    displayName?: string | null;
    title?: string | null;
    department?: string | null;
    managerId?: string | null;
  };
}

interface OktaGroupLike {
  id?: string;
  type?: string;
  profile?: { name?: string };
}

interface OktaErrorLike {
  status?: number;
  errorCode?: string;
  errorSummary?: string;
  message?: string;
  name?: string;
  headers?: { get(name: string): string | null };
}

const INACTIVE_STATUSES = new Set(['DEPROVISIONED', 'SUSPENDED']);

/**
 * Okta group membership through the Okta management API.
 *
 * @public
 */
export class OktaProvider implements IdentityProvider {
  readonly type = 'okta';
  readonly id: string;
  private readonly client: Client;
  private readonly logger: LoggerService;

  /** Reads a provider block of `accessGovernance.providers`; makes no network call. */
  static fromConfig(options: {
    id: string;
    config: Config;
    logger: LoggerService;
  }): OktaProvider {
    const prefix = `accessGovernance.providers.${options.id}`;
    const value = readConfig(oktaConfigSchema, options.config, prefix);
    return new OktaProvider({
      id: options.id,
      orgUrl: value.orgUrl,
      token: value.token,
      oauth: value.oauth,
      maxRetries: value.maxRetries,
      requestTimeoutMs: value.requestTimeout,
      logger: options.logger,
    });
  }

  constructor(options: OktaProviderOptions) {
    this.id = options.id;
    this.logger = options.logger;
    const orgUrl = options.orgUrl.trim().replace(/\/+$/, '');
    const requestExecutor = new DefaultRequestExecutor({
      maxRetries: options.maxRetries ?? 2,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
    });
    // Every key is given explicitly (empty when unused) so that no okta.yaml file or
    // OKTA_CLIENT_* environment variable can change what the provider talks to.
    this.client = new Client({
      orgUrl,
      authorizationMode: options.oauth ? 'PrivateKey' : 'SSWS',
      token: options.oauth ? '' : (options.token ?? ''),
      clientId: options.oauth?.clientId ?? '',
      scopes: options.oauth
        ? (options.oauth.scopes ?? DEFAULT_OKTA_SCOPES)
        : [],
      privateKey: options.oauth?.privateKey ?? '',
      keyId: options.oauth?.keyId ?? '',
      // The default cache keeps GET answers forever and would serve stale users and groups.
      cacheMiddleware: null,
      requestExecutor,
    });
  }

  async resolveUser(lookup: IdpUserLookup): Promise<IdpUser | undefined> {
    if (lookup.idpId) {
      const user = await this.findUser(lookup.idpId, 'find user');
      if (user) {
        return toIdpUser(user);
      }
    }
    if (!lookup.email) {
      return undefined;
    }
    const email = lookup.email.trim().toLowerCase();
    const byLogin = await this.findUser(email, 'find user');
    if (byLogin && sameEmail(byLogin, email)) {
      return toIdpUser(byLogin);
    }
    const search = `profile.email eq "${escapeSearch(email)}"`;
    const users = await this.call('find user by email', async () => {
      const collection = await this.client.userApi.listUsers({
        search,
        limit: 2,
      });
      const found: OktaUserLike[] = [];
      for await (const user of collection) {
        if (user) found.push(user as OktaUserLike);
        if (found.length >= 2) break;
      }
      return found;
    });
    if (users.length > 1) {
      this.logger.warn(
        `Okta provider '${this.id}': more than one user has the email ${email}; using the first`,
      );
    }
    return users[0] ? toIdpUser(users[0]) : undefined;
  }

  async resolveGroup(nameOrId: string): Promise<IdpGroup | undefined> {
    if (/^00g[A-Za-z0-9]{10,}$/.test(nameOrId)) {
      const group = await this.call('find group', async () => {
        try {
          return (await this.client.groupApi.getGroup({
            groupId: nameOrId,
          })) as OktaGroupLike;
        } catch (error) {
          if (statusOf(error) === 404) return undefined;
          throw error;
        }
      });
      if (group?.id) {
        return { id: group.id, name: group.profile?.name ?? nameOrId };
      }
    }
    const search = `profile.name eq "${escapeSearch(nameOrId)}"`;
    const groups = await this.call(`find group ${nameOrId}`, async () => {
      const collection = await this.client.groupApi.listGroups({
        search,
        limit: PAGE_SIZE,
      });
      const found: OktaGroupLike[] = [];
      for await (const group of collection) {
        if (group) found.push(group as OktaGroupLike);
      }
      return found;
    });
    const exact =
      groups.find(g => g.profile?.name === nameOrId) ??
      groups.find(
        g => g.profile?.name?.toLowerCase() === nameOrId.toLowerCase(),
      );
    return exact?.id
      ? { id: exact.id, name: exact.profile?.name ?? nameOrId }
      : undefined;
  }

  async addMember(groupId: string, userId: string): Promise<void> {
    await this.changeMembership('add', groupId, userId);
  }

  async removeMember(groupId: string, userId: string): Promise<void> {
    await this.changeMembership('remove', groupId, userId);
  }

  async *listMembers(groupId: string): AsyncIterable<IdpUser[]> {
    const collection = await this.call(`list members of group ${groupId}`, () =>
      this.client.groupApi.listGroupUsers({ groupId, limit: PAGE_SIZE }),
    );
    // The collection follows the Link rel="next" header of each page until there is none.
    while (collection.nextUri) {
      const page = await this.call(`list members of group ${groupId}`, () =>
        collection.getNextPage(),
      );
      const users = (page as OktaUserLike[]).map(toIdpUser);
      if (users.length > 0) {
        yield users;
      }
    }
  }

  async getUserContext(userId: string): Promise<IdpUserContext> {
    const context = await this.userContext(userId, new Map());
    if (!context) {
      throw new SideEffectError(
        `Okta provider '${this.id}': user ${userId} does not exist`,
        { retryable: false, status: 404 },
      );
    }
    return context;
  }

  async getUsersContext(
    userIds: string[],
  ): Promise<Map<string, IdpUserContext>> {
    const managers = new Map<string, Promise<IdpUser | undefined>>();
    const unique = [...new Set(userIds)];
    const contexts = await mapWithConcurrency(unique, CONTEXT_CONCURRENCY, id =>
      this.userContext(id, managers),
    );
    const result = new Map<string, IdpUserContext>();
    unique.forEach((id, index) => {
      const context = contexts[index];
      if (context) result.set(id, context);
    });
    return result;
  }

  private async userContext(
    userId: string,
    managers: Map<string, Promise<IdpUser | undefined>>,
  ): Promise<IdpUserContext | undefined> {
    const user = await this.findUser(userId, 'read user');
    if (!user) {
      return undefined;
    }
    const idpUser = toIdpUser(user);
    const managerId = idpUser.managerId;
    if (!managerId) {
      return idpUser;
    }
    let manager = managers.get(managerId);
    if (!manager) {
      manager = this.findUser(managerId, 'read manager').then(m =>
        m ? toIdpUser(m) : undefined,
      );
      managers.set(managerId, manager);
    }
    const resolved = await manager;
    return resolved
      ? { ...idpUser, managerId: resolved.id, manager: resolved }
      : idpUser;
  }

  private async findUser(
    idOrLogin: string,
    action: string,
  ): Promise<OktaUserLike | undefined> {
    return this.call(`${action} ${idOrLogin}`, async () => {
      try {
        return (await this.client.userApi.getUser({
          userId: idOrLogin,
        })) as OktaUserLike;
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    });
  }

  private async changeMembership(
    change: 'add' | 'remove',
    groupId: string,
    userId: string,
  ): Promise<void> {
    const action =
      change === 'add'
        ? `add user ${userId} to group ${groupId}`
        : `remove user ${userId} from group ${groupId}`;
    try {
      if (change === 'add') {
        await this.client.groupApi.assignUserToGroup({ groupId, userId });
      } else {
        await this.client.groupApi.unassignUserFromGroup({ groupId, userId });
      }
    } catch (error) {
      const status = statusOf(error);
      if (status === 400 || status === 403 || status === 405) {
        const group = await this.groupType(groupId);
        if (group === 'APP_GROUP') {
          throw new SideEffectError(
            `Okta provider '${this.id}': could not ${action}: the group is an APP_GROUP, ` +
              'whose members are managed by the application or directory it is imported from; ' +
              'map the role to an Okta group instead',
            { retryable: false, status, cause: error },
          );
        }
        if (status === 403) {
          throw new SideEffectError(
            `Okta provider '${this.id}': could not ${action}: Okta answered 403 (not permitted). ` +
              'The API token or service app needs okta.groups.manage and an admin role that may manage this group',
            { retryable: false, status, cause: error },
          );
        }
      }
      // Okta does not document re-adding a member or removing a non-member; some orgs
      // answer 400 / 404 instead of 204. Both count as done when the state is as wanted.
      if (
        change === 'add' &&
        status === 400 &&
        (await this.isMember(groupId, userId))
      ) {
        return;
      }
      if (
        change === 'remove' &&
        status === 404 &&
        (await this.groupType(groupId)) !== undefined &&
        (await this.findUser(userId, 'find user').catch(() => undefined)) &&
        !(await this.isMember(groupId, userId))
      ) {
        return;
      }
      throw this.toError(action, error);
    }
  }

  private async isMember(groupId: string, userId: string): Promise<boolean> {
    try {
      const groups = await this.client.userApi.listUserGroups({ userId });
      for await (const group of groups) {
        if (group?.id === groupId) return true;
      }
    } catch {
      // Unknown: treat as not a member, so the original error stands.
    }
    return false;
  }

  private async groupType(groupId: string): Promise<string | undefined> {
    try {
      const group = (await this.client.groupApi.getGroup({
        groupId,
      })) as OktaGroupLike;
      return group.type;
    } catch {
      return undefined;
    }
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
    const e = (error ?? {}) as OktaErrorLike;
    const status = typeof e.status === 'number' ? e.status : undefined;
    const detail = e.errorCode
      ? `${status} ${e.errorCode} ${e.errorSummary ?? ''}`.trim()
      : (e.message ?? String(error));
    let retryable = isRetryableStatus(status);
    let wait: number | undefined;
    if (status === 429) {
      wait = oktaRetryAfterMs(e.headers);
    } else if (status === undefined && /\b429\b/.test(e.message ?? '')) {
      // The SDK gives up on a 429 when its wait would exceed the request timeout.
      retryable = true;
    }
    return new SideEffectError(
      `Okta provider '${this.id}': could not ${action}: ${detail}`,
      { retryable, retryAfterMs: wait, status, cause: error },
    );
  }
}

/** How long a 429 asks to wait: `X-Rate-Limit-Reset` (epoch seconds) minus the `Date` header. */
function oktaRetryAfterMs(
  headers: OktaErrorLike['headers'],
): number | undefined {
  const reset = Number(headers?.get('x-rate-limit-reset'));
  if (!headers || !Number.isFinite(reset) || reset <= 0) {
    return undefined;
  }
  const dateHeader = headers.get('date');
  const now = dateHeader ? Date.parse(dateHeader) : NaN;
  const base = Number.isNaN(now) ? Date.now() : now;
  return Math.max(0, reset * 1000 - base);
}

function statusOf(error: unknown): number | undefined {
  const status = (error as OktaErrorLike | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

function escapeSearch(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function sameEmail(user: OktaUserLike, email: string): boolean {
  const login = user.profile?.login?.toLowerCase();
  const mail = user.profile?.email?.toLowerCase();
  return login === email || mail === email;
}

function toIdpUser(user: OktaUserLike): IdpUser {
  const profile = user.profile ?? {};
  const name =
    profile.displayName ??
    ([profile.firstName, profile.lastName].filter(Boolean).join(' ') ||
      undefined);
  let lastLoginAt: string | null = null;
  if (user.lastLogin instanceof Date) {
    lastLoginAt = user.lastLogin.toISOString();
  } else if (typeof user.lastLogin === 'string') {
    lastLoginAt = new Date(user.lastLogin).toISOString();
  }
  return {
    id: user.id ?? '',
    login: profile.login ?? undefined,
    email: profile.email ?? undefined,
    displayName: name ?? undefined,
    title: profile.title ?? undefined,
    department: profile.department ?? undefined,
    managerId: profile.managerId ?? undefined,
    lastLoginAt,
    active: user.status ? !INACTIVE_STATUSES.has(user.status) : undefined,
  };
}
