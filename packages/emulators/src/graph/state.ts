import { stableFraction, stableGuid } from '../shared/ids';
import { resolveLastLogin } from '../shared/server';
import type { EntraClient, Seed } from '../seed/types';

export interface GraphSignInActivity {
  lastSignInDateTime: string | null;
  lastSignInRequestId: string | null;
  lastNonInteractiveSignInDateTime: string | null;
  lastNonInteractiveSignInRequestId: string | null;
  lastSuccessfulSignInDateTime: string | null;
  lastSuccessfulSignInRequestId: string | null;
}

export interface GraphUser {
  id: string;
  displayName: string;
  givenName: string;
  surname: string;
  mail: string;
  userPrincipalName: string;
  jobTitle: string | null;
  department: string | null;
  accountEnabled: boolean;
  createdDateTime: string;
  /** Object id of the manager. */
  managerId: string | null;
  /** `null` for someone who never signed in. */
  signInActivity: GraphSignInActivity | null;
}

export interface GraphGroup {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname: string;
  createdDateTime: string;
  /** Member object ids. */
  members: string[];
}

export interface GraphSettings {
  /** Entra ID P1/P2: without it, selecting `signInActivity` answers 403. */
  premium: boolean;
}

export interface GraphState {
  /** The tenant name or id clients use in the authority URL. */
  tenantId: string;
  /** The tenant's GUID. */
  tenantGuid: string;
  clients: EntraClient[];
  users: Record<string, GraphUser>;
  groups: Record<string, GraphGroup>;
  /** Access tokens issued by the token endpoint. */
  accessTokens: Record<string, { clientId: string; expiresAt: number }>;
  settings: GraphSettings;
}

const DAY = 86_400_000;

/** The sign-in activity of someone whose last successful sign-in was at `at`. */
export function signInActivityAt(
  at: string | null,
  requestKey: string,
): GraphSignInActivity | null {
  if (at === null) return null;
  const requestId = stableGuid('signin', `${requestKey}:${at}`);
  return {
    lastSignInDateTime: at,
    lastSignInRequestId: requestId,
    lastNonInteractiveSignInDateTime: at,
    lastNonInteractiveSignInRequestId: requestId,
    lastSuccessfulSignInDateTime: at,
    lastSuccessfulSignInRequestId: requestId,
  };
}

export function buildGraphState(seed: Seed, now = Date.now()): GraphState {
  const entra = seed.entra;
  const tenantId = entra?.tenantId ?? 'emulated-tenant';
  const people = seed.people.filter(
    p => !p.directories || p.directories.includes('entra'),
  );
  const idByEmail = new Map(
    people.map(p => [
      p.email.toLowerCase(),
      stableGuid('entra-user', p.email.toLowerCase()),
    ]),
  );
  const users: Record<string, GraphUser> = {};
  for (const p of people) {
    const id = idByEmail.get(p.email.toLowerCase())!;
    users[id] = {
      id,
      displayName: `${p.firstName} ${p.lastName}`,
      givenName: p.firstName,
      surname: p.lastName,
      mail: p.email,
      userPrincipalName: p.email,
      jobTitle: p.title ?? null,
      department: p.department ?? null,
      accountEnabled: !['DEPROVISIONED', 'SUSPENDED'].includes(
        p.status ?? 'ACTIVE',
      ),
      createdDateTime: new Date(
        now - (200 + Math.floor(stableFraction(p.email) * 900)) * DAY,
      )
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      managerId: (p.manager && idByEmail.get(p.manager.toLowerCase())) ?? null,
      signInActivity: signInActivityAt(
        resolveLastLogin(p.lastLogin, now),
        p.email,
      ),
    };
  }
  const groups: Record<string, GraphGroup> = {};
  for (const g of entra?.groups ?? []) {
    const id = stableGuid('entra-group', g.name);
    groups[id] = {
      id,
      displayName: g.name,
      description: g.description ?? null,
      mailNickname: g.name.replace(/[^A-Za-z0-9]/g, ''),
      createdDateTime: new Date(now - 400 * DAY)
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      members: (g.members ?? [])
        .map(email => idByEmail.get(email.toLowerCase()))
        .filter((m): m is string => m !== undefined),
    };
  }
  return {
    tenantId,
    tenantGuid: stableGuid('entra-tenant', tenantId),
    clients: [...(entra?.clients ?? [])],
    users,
    groups,
    accessTokens: {},
    settings: { premium: entra?.premium ?? true },
  };
}
