import { LoggerService } from '@backstage/backend-plugin-api';
import {
  IdentityProvider,
  IdpGroup,
  IdpUser,
  IdpUserContext,
  IdpUserLookup,
} from '@accessgov/plugin-access-governance-node';
import { Client } from '@microsoft/microsoft-graph-client';
import { IdpErrors } from '../errors';
import { ProviderBlock } from '../util';
import {
  batchError,
  BatchItem,
  BatchOutcome,
  BatchResponse,
  postBatch,
  runBatch,
} from './batch';
import { createGraphClient } from './client';
import { EntraProviderOptions, readEntraConfig } from './config';
import {
  entraErrors,
  isAlreadyMember,
  isGraphNotFound,
  isUnlicensed,
  UNLICENSED_CODE,
} from './errors';
import {
  GraphCollection,
  GraphUser,
  odataString,
  toIdpUser,
  withManager,
} from './users';

const USER_FIELDS =
  'id,displayName,mail,userPrincipalName,jobTitle,department,accountEnabled';
/** Graph's largest page of group members. */
const MEMBERS_PAGE_SIZE = 999;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One read of a user, or of their manager, in a bulk context read. */
interface ContextRead extends BatchItem {
  userId: string;
  kind: 'user' | 'manager';
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
  private readonly errors: IdpErrors;
  /** Set once the tenant answered that sign-in activity needs a premium licence. */
  private signInActivityUnavailable = false;

  /** Reads a provider block of `accessGovernance.providers`; makes no network call. */
  static fromConfig(options: ProviderBlock): EntraProvider {
    return new EntraProvider(readEntraConfig(options));
  }

  constructor(options: EntraProviderOptions) {
    this.id = options.id;
    this.logger = options.logger;
    this.errors = entraErrors(options.id);
    ({ client: this.client, graphBaseUrl: this.graphBaseUrl } =
      createGraphClient(options));
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
    const found = await this.errors.call<GraphCollection<GraphUser>>(
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
    const found = await this.errors.call<
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
      if (isAlreadyMember(error)) {
        return;
      }
      throw this.errors.failed(action, error);
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
      if (isGraphNotFound(error)) {
        // Graph answers 404 both for a non-member and for a missing group.
        const group = await this.getOrUndefined(
          `/groups/${encodeURIComponent(groupId)}`,
          'id',
          'find group',
        );
        if (group) return;
      }
      throw this.errors.failed(action, error);
    }
  }

  /**
   * Whether the user is a direct member of the group: the group's members, read page by
   * page until the user is found.
   */
  async isMember(groupId: string, userId: string): Promise<boolean> {
    for await (const users of this.listMembers(groupId)) {
      if (users.some(user => user.id === userId)) return true;
    }
    return false;
  }

  async *listMembers(groupId: string): AsyncIterable<IdpUser[]> {
    const action = `list members of group ${groupId}`;
    let page = await this.errors.call<GraphCollection<GraphUser>>(action, () =>
      this.client
        .api(`/groups/${encodeURIComponent(groupId)}/members`)
        .select('id,displayName,mail,userPrincipalName,accountEnabled')
        .top(MEMBERS_PAGE_SIZE)
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
      page = await this.errors.call<GraphCollection<GraphUser>>(action, () =>
        this.client.api(next).get(),
      );
    }
  }

  async getUserContext(userId: string): Promise<IdpUserContext> {
    const { user, withSignIn } = await this.readUserWithSignIn(userId);
    if (!user) {
      throw this.errors.missingUser(userId);
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
    const reads: ContextRead[] = unique.flatMap((userId, index) => {
      const managerUrl = `/users/${encodeURIComponent(userId)}/manager`;
      return [
        {
          id: `u${index}`,
          userId,
          kind: 'user',
          url: () => this.userUrl(userId),
        },
        { id: `m${index}`, userId, kind: 'manager', url: () => managerUrl },
      ];
    });
    const run = await runBatch(reads, {
      send: requests =>
        this.errors.call(`read ${requests.length} users in bulk`, () =>
          postBatch(this.client, requests),
        ),
      settle: (read, response) => this.settleRead(read, response),
    });
    if (run.unfinished.length > 0) {
      throw this.errors.answered(
        `read ${run.unfinished.length} users in bulk`,
        {
          status: 429,
          detail: 'Graph kept throttling',
          retryable: true,
          retryAfterMs: run.retryAfterMs,
        },
      );
    }
    const users = new Map<string, { user: GraphUser; withSignIn: boolean }>();
    const managers = new Map<string, GraphUser>();
    for (const { item, url, body } of run.answers.values()) {
      if (item.kind === 'user') {
        users.set(item.userId, {
          user: body as GraphUser,
          withSignIn: url.includes('signInActivity'),
        });
      } else {
        managers.set(item.userId, body as GraphUser);
      }
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

  /**
   * A user read refused for want of a premium licence is sent again without sign-in
   * activity; any other refusal fails the whole read.
   */
  private settleRead(read: ContextRead, response: BatchResponse): BatchOutcome {
    const error = batchError(response);
    if (
      read.kind === 'user' &&
      response.status === 403 &&
      error?.code === UNLICENSED_CODE
    ) {
      this.rememberUnlicensed();
      return { kind: 'again', waitMs: 0 };
    }
    throw this.errors.answered(
      `read ${read.kind === 'user' ? 'user' : 'manager of'} ${read.userId}`,
      {
        status: response.status,
        detail: `${response.status} ${error?.code ?? ''} ${
          error?.message ?? ''
        }`.trim(),
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
        if (!isUnlicensed((error as Error).cause)) {
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
    return this.errors.call(`${action} ${path}`, async () => {
      try {
        const request = this.client.api(path);
        return (await (select ? request.select(select) : request).get()) as T;
      } catch (error) {
        if (isGraphNotFound(error)) {
          return undefined;
        }
        throw error;
      }
    });
  }
}
