import { oktaId, stableFraction } from '../shared/ids';
import { resolveLastLogin } from '../shared/server';
import type {
  OktaGroupType,
  OktaServiceApp,
  OktaUserStatus,
  Seed,
} from '../seed/types';

export interface OktaUserProfile {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  displayName: string;
  title: string | null;
  department: string | null;
  /** Okta user id of the manager. */
  managerId: string | null;
  /** Display name of the manager. */
  manager: string | null;
  mobilePhone: string | null;
  secondEmail: string | null;
}

export interface OktaUser {
  id: string;
  status: OktaUserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  profile: OktaUserProfile;
}

export interface OktaGroup {
  id: string;
  type: OktaGroupType;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  profile: { name: string; description: string | null };
  /** Member user ids. */
  members: string[];
}

/** Rate-limit buckets, after Okta's published per-minute limits. */
export type OktaRateLimitBucket =
  'groups' | 'groupById' | 'userById' | 'oauthToken' | 'other';

export interface OktaSettings {
  /**
   * `lenient` (default): re-adding a member and removing a non-member answer 204.
   * `strict`: re-adding answers 400 E0000001 and removing a non-member 404 E0000007.
   */
  membershipIdempotency: 'lenient' | 'strict';
  /** Calls allowed per minute, per bucket. */
  rateLimits: Record<OktaRateLimitBucket, number>;
}

export interface OktaAccessToken {
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

export interface OktaState {
  users: Record<string, OktaUser>;
  groups: Record<string, OktaGroup>;
  apiTokens: string[];
  serviceApps: OktaServiceApp[];
  /** Access tokens issued by `POST /oauth2/v1/token`. */
  accessTokens: Record<string, OktaAccessToken>;
  /** Client assertion ids already used, with their expiry (epoch seconds). */
  usedAssertionIds: Record<string, number>;
  settings: OktaSettings;
}

/** Default per-minute limits of an Okta Enterprise org. */
export const defaultOktaRateLimits: Record<OktaRateLimitBucket, number> = {
  groups: 600,
  groupById: 600,
  userById: 1000,
  oauthToken: 600,
  other: 600,
};

const DAY = 86_400_000;

export function buildOktaState(seed: Seed, now = Date.now()): OktaState {
  const users: Record<string, OktaUser> = {};
  const idByEmail = new Map<string, string>();
  const people = seed.people.filter(
    p => !p.directories || p.directories.includes('okta'),
  );
  for (const p of people)
    idByEmail.set(p.email.toLowerCase(), oktaId('00u', p.email.toLowerCase()));
  const byEmail = new Map(people.map(p => [p.email.toLowerCase(), p]));

  for (const p of people) {
    const id = idByEmail.get(p.email.toLowerCase())!;
    const created = new Date(
      now - (200 + Math.floor(stableFraction(p.email) * 900)) * DAY,
    ).toISOString();
    const manager = p.manager
      ? byEmail.get(p.manager.toLowerCase())
      : undefined;
    const status = p.status ?? 'ACTIVE';
    users[id] = {
      id,
      status,
      created,
      activated: status === 'STAGED' ? null : created,
      statusChanged: created,
      lastLogin: resolveLastLogin(p.lastLogin, now),
      lastUpdated: created,
      passwordChanged: created,
      profile: {
        login: p.email,
        email: p.email,
        firstName: p.firstName,
        lastName: p.lastName,
        displayName: `${p.firstName} ${p.lastName}`,
        title: p.title ?? null,
        department: p.department ?? null,
        managerId: manager ? idByEmail.get(manager.email.toLowerCase())! : null,
        manager: manager ? `${manager.firstName} ${manager.lastName}` : null,
        mobilePhone: null,
        secondEmail: null,
      },
    };
  }

  const groups: Record<string, OktaGroup> = {};
  for (const g of seed.okta?.groups ?? []) {
    const id = oktaId('00g', g.name);
    const created = new Date(now - 400 * DAY).toISOString();
    groups[id] = {
      id,
      type: g.type ?? 'OKTA_GROUP',
      created,
      lastUpdated: created,
      lastMembershipUpdated: created,
      profile: { name: g.name, description: g.description ?? null },
      members: (g.members ?? [])
        .map(email => idByEmail.get(email.toLowerCase()))
        .filter((id_): id_ is string => id_ !== undefined),
    };
  }

  return {
    users,
    groups,
    apiTokens: [...(seed.okta?.apiTokens ?? [])],
    serviceApps: [...(seed.okta?.serviceApps ?? [])],
    accessTokens: {},
    usedAssertionIds: {},
    settings: {
      membershipIdempotency: 'lenient',
      rateLimits: { ...defaultOktaRateLimits },
    },
  };
}
