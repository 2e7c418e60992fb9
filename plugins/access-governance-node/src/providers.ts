import { Config } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * A user as the identity provider knows them.
 *
 * @public
 */
export interface IdpUser {
  /** The IdP's own id of the user. */
  id: string;
  login?: string;
  email?: string;
  displayName?: string;
  title?: string;
  department?: string;
  /** The IdP id of the user's manager, when the IdP keeps one on the user. */
  managerId?: string;
  /**
   * The last successful sign-in, ISO-8601; null when the user never signed in; left out
   * when the IdP does not say (for example an Entra ID tenant without sign-in data).
   */
  lastLoginAt?: string | null;
  /** Whether the account is active in the IdP. */
  active?: boolean;
}

/**
 * A group of the identity provider.
 *
 * @public
 */
export interface IdpGroup {
  id: string;
  name: string;
}

/**
 * How a Backstage user is found in the IdP: by the IdP id annotation that Backstage's
 * catalog ingestion writes, else by email.
 *
 * @public
 */
export interface IdpUserLookup {
  idpId?: string;
  email?: string;
}

/**
 * The context a reviewer or an approval stage needs about a user.
 *
 * @public
 */
export interface IdpUserContext extends IdpUser {
  /** The user's manager, resolved, when the IdP has one. */
  manager?: IdpUser;
}

/**
 * One identity provider whose group membership the backend changes. Adding an existing
 * member and removing a non-member both succeed.
 *
 * @public
 */
export interface IdentityProvider {
  /** The provider id under `accessGovernance.providers`. */
  readonly id: string;
  /** The provider type, e.g. `okta` or `entra`. */
  readonly type: string;
  /** Finds the IdP user of a Backstage user; undefined when there is none. */
  resolveUser(lookup: IdpUserLookup): Promise<IdpUser | undefined>;
  /** Finds a group by name or id; undefined when there is none. */
  resolveGroup(nameOrId: string): Promise<IdpGroup | undefined>;
  addMember(groupId: string, userId: string): Promise<void>;
  removeMember(groupId: string, userId: string): Promise<void>;
  /**
   * Whether the user is a direct member of the group, as the IdP says now. Read back after
   * an add or a removal whose answer was lost (a timeout, a dropped connection); a
   * provider without it is only retried.
   */
  isMember?(groupId: string, userId: string): Promise<boolean>;
  /** The direct members of a group, one page at a time. */
  listMembers(groupId: string): AsyncIterable<IdpUser[]>;
  /** Title, department, manager and last successful sign-in of a user. */
  getUserContext(userId: string): Promise<IdpUserContext>;
  /**
   * The context of many users at once, keyed by user id; users the IdP does not know are
   * left out.
   */
  getUsersContext?(userIds: string[]): Promise<Map<string, IdpUserContext>>;
}

/**
 * Creates a provider of one type from its configuration block.
 *
 * @public
 */
export type IdentityProviderFactory = (options: {
  id: string;
  config: Config;
  logger: LoggerService;
}) => IdentityProvider | Promise<IdentityProvider>;
