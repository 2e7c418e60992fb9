import { LoggerService } from '@backstage/backend-plugin-api';
import {
  IdentityProvider,
  IdpGroup,
  IdpUser,
  IdpUserContext,
  IdpUserLookup,
} from '@accessgov/plugin-access-governance-node';
import { Client } from '@okta/okta-sdk-nodejs';
import { IdpErrors } from '../errors';
import { mapWithConcurrency, ProviderBlock } from '../util';
import { createOktaClient } from './client';
import { OktaProviderOptions, readOktaConfig } from './config';
import { oktaErrors, oktaStatus } from './errors';

const PAGE_SIZE = 200;
/** Okta's largest page of group members. */
const MEMBERS_PAGE_SIZE = 1000;
const CONTEXT_CONCURRENCY = 5;

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
  private readonly errors: IdpErrors;

  /** Reads a provider block of `accessGovernance.providers`; makes no network call. */
  static fromConfig(options: ProviderBlock): OktaProvider {
    return new OktaProvider(readOktaConfig(options));
  }

  constructor(options: OktaProviderOptions) {
    this.id = options.id;
    this.logger = options.logger;
    this.errors = oktaErrors(options.id);
    this.client = createOktaClient(options);
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
    const users = await this.errors.call('find user by email', async () => {
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
      const group = await this.errors.call('find group', async () => {
        try {
          return (await this.client.groupApi.getGroup({
            groupId: nameOrId,
          })) as OktaGroupLike;
        } catch (error) {
          if (oktaStatus(error) === 404) return undefined;
          throw error;
        }
      });
      if (group?.id) {
        return { id: group.id, name: group.profile?.name ?? nameOrId };
      }
    }
    const search = `profile.name eq "${escapeSearch(nameOrId)}"`;
    const groups = await this.errors.call(
      `find group ${nameOrId}`,
      async () => {
        const collection = await this.client.groupApi.listGroups({
          search,
          limit: PAGE_SIZE,
        });
        const found: OktaGroupLike[] = [];
        for await (const group of collection) {
          if (group) found.push(group as OktaGroupLike);
        }
        return found;
      },
    );
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

  /**
   * The members of a group, a page of 1,000 at a time. Pages are read through the SDK's HTTP
   * client as plain JSON (what an `IdpUser` needs, without building a model object per
   * user), and the next page is asked for as soon as the answer's `Link` header names it,
   * while the body of the current one is still being read.
   */
  async *listMembers(groupId: string): AsyncIterable<IdpUser[]> {
    const what = `list members of group ${groupId}`;
    const fetchPage = (url: string) =>
      this.errors.call(what, () =>
        this.client.http.http(url, undefined, {
          isCollection: true,
          resources: [],
        }),
      );
    let pending: ReturnType<typeof fetchPage> | undefined = fetchPage(
      `${this.client.baseUrl}/api/v1/groups/${encodeURIComponent(groupId)}/users?limit=${MEMBERS_PAGE_SIZE}`,
    );
    while (pending) {
      const res = await pending;
      const next = nextLink(res.headers.get('link'));
      pending = next ? fetchPage(next) : undefined;
      // Keep the next page's failure for its own turn, not as an unhandled rejection now.
      pending?.catch(() => undefined);
      const body = (await this.errors.call(what, () => res.json())) as unknown;
      const users = (Array.isArray(body) ? (body as OktaUserLike[]) : []).map(
        toIdpUser,
      );
      if (users.length > 0) {
        yield users;
      }
    }
  }

  async getUserContext(userId: string): Promise<IdpUserContext> {
    const context = await this.userContext(userId, new Map());
    if (!context) {
      throw this.errors.missingUser(userId);
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
    return this.errors.call(`${action} ${idOrLogin}`, async () => {
      try {
        return (await this.client.userApi.getUser({
          userId: idOrLogin,
        })) as OktaUserLike;
      } catch (error) {
        if (oktaStatus(error) === 404) return undefined;
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
      const status = oktaStatus(error);
      if (status === 400 || status === 403 || status === 405) {
        const group = await this.groupType(groupId);
        if (group === 'APP_GROUP') {
          throw this.errors.answered(action, {
            status,
            detail:
              'the group is an APP_GROUP, whose members are managed by the application or ' +
              'directory it is imported from; map the role to an Okta group instead',
            retryable: false,
            cause: error,
          });
        }
        if (status === 403) {
          throw this.errors.answered(action, {
            status,
            detail:
              'Okta answered 403 (not permitted). The API token or service app needs ' +
              'okta.groups.manage and an admin role that may manage this group',
            retryable: false,
            cause: error,
          });
        }
      }
      // Okta does not document re-adding a member or removing a non-member; some orgs
      // answer 400 / 404 instead of 204. Both count as done when the state is as wanted.
      if (
        change === 'add' &&
        status === 400 &&
        (await this.memberAsFarAsKnown(groupId, userId))
      ) {
        return;
      }
      if (
        change === 'remove' &&
        status === 404 &&
        (await this.groupType(groupId)) !== undefined &&
        (await this.findUser(userId, 'find user').catch(() => undefined)) &&
        !(await this.memberAsFarAsKnown(groupId, userId))
      ) {
        return;
      }
      throw this.errors.failed(action, error);
    }
  }

  /** Whether the user is a direct member of the group: the user's groups, read from Okta. */
  async isMember(groupId: string, userId: string): Promise<boolean> {
    return this.errors.call(`read the groups of user ${userId}`, async () => {
      const groups = await this.client.userApi.listUserGroups({ userId });
      for await (const group of groups) {
        if (group?.id === groupId) return true;
      }
      return false;
    });
  }

  /** Whether the user is a member, as far as Okta answers; not a member when it does not. */
  private async memberAsFarAsKnown(
    groupId: string,
    userId: string,
  ): Promise<boolean> {
    // Unknown: treat as not a member, so the original error stands.
    return this.isMember(groupId, userId).catch(() => false);
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
}

function escapeSearch(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function sameEmail(user: OktaUserLike, email: string): boolean {
  const login = user.profile?.login?.toLowerCase();
  const mail = user.profile?.email?.toLowerCase();
  return login === email || mail === email;
}

/** The `rel="next"` URL of a `Link` header, if any. */
export function nextLink(
  header: string | null | undefined,
): string | undefined {
  for (const part of (header ?? '').split(/,\s*(?=<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match && /(?:^|;)\s*rel\s*=\s*"?next"?\s*(?:;|$)/.test(match[2]))
      return match[1];
  }
  return undefined;
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
