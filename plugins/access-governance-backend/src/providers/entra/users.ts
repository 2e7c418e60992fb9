import {
  IdpUser,
  IdpUserContext,
} from '@accessgov/plugin-access-governance-node';

/** The fields of a Graph user that the provider reads. */
export interface GraphUser {
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

/** One page of a Graph collection. */
export interface GraphCollection<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

/** An OData string literal: single quotes, with quotes inside doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function withManager(
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
export function toIdpUser(user: GraphUser, withSignIn = false): IdpUser {
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
