import type { JsonWebKey } from 'node:crypto';

/**
 * A seed describes the company the emulators start with: its people, the groups
 * of each directory, the credentials each service accepts and the Jira projects.
 */

/** When a person last signed in: days before seeding time, an ISO timestamp, or never (`null`). */
export type LastLogin = { daysAgo: number } | string | null;

export type OktaUserStatus =
  | 'ACTIVE'
  | 'DEPROVISIONED'
  | 'LOCKED_OUT'
  | 'PASSWORD_EXPIRED'
  | 'PROVISIONED'
  | 'RECOVERY'
  | 'STAGED'
  | 'SUSPENDED';

export type Directory = 'okta' | 'entra';

export interface SeedPerson {
  /** Email address; also the Okta login and the Entra userPrincipalName. */
  email: string;
  firstName: string;
  lastName: string;
  title?: string;
  department?: string;
  /** Email of the person's manager. */
  manager?: string;
  lastLogin?: LastLogin;
  /** Okta status; Entra `accountEnabled` is true unless DEPROVISIONED or SUSPENDED. Default ACTIVE. */
  status?: OktaUserStatus;
  /** Directories the person exists in; default both. */
  directories?: Directory[];
}

export type OktaGroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

export interface SeedGroup {
  name: string;
  description?: string;
  /** Okta group type; ignored by Entra. Default OKTA_GROUP. */
  type?: OktaGroupType;
  /** Member emails. */
  members?: string[];
}

/** A public key of an Okta service app, as PEM (SPKI) or JWK. */
export interface OktaServiceAppKey {
  kid?: string;
  publicKey: string | JsonWebKey;
}

/** An Okta API service app that authenticates with a private-key JWT. */
export interface OktaServiceApp {
  clientId: string;
  keys: OktaServiceAppKey[];
  /** Granted OAuth scopes, e.g. `okta.groups.manage`. */
  scopes: string[];
}

export interface OktaSeed {
  groups?: SeedGroup[];
  /** SSWS API tokens. */
  apiTokens?: string[];
  serviceApps?: OktaServiceApp[];
}

export interface EntraClient {
  clientId: string;
  clientSecret: string;
}

export interface EntraSeed {
  tenantId: string;
  clients: EntraClient[];
  groups?: SeedGroup[];
  /** Whether the tenant has Entra ID P1/P2, which `signInActivity` needs. Default true. */
  premium?: boolean;
}

export type JiraStatusCategory = 'new' | 'indeterminate' | 'done';

export interface JiraWorkflowStatus {
  name: string;
  category: JiraStatusCategory;
}

export interface JiraWorkflowTransition {
  name: string;
  /** Source status names; `'*'` means from any status. */
  from: string[] | '*';
  to: string;
}

export interface JiraWorkflow {
  statuses: JiraWorkflowStatus[];
  /** Name of the status a new issue starts in. */
  initial: string;
  transitions: JiraWorkflowTransition[];
}

export interface JiraSeedAccount {
  email: string;
  displayName: string;
  /** API tokens accepted with Basic auth (`email:token`). */
  apiTokens?: string[];
  /** Tokens accepted as `Authorization: Bearer` (OAuth access tokens or Data Center PATs). */
  bearerTokens?: string[];
}

export interface JiraSeedProject {
  key: string;
  name: string;
  /** Issue type names; default `Task`. */
  issueTypes?: string[];
}

export interface JiraSeed {
  /** Accounts besides the seeded people (who become Jira users without credentials). */
  accounts: JiraSeedAccount[];
  projects: JiraSeedProject[];
  workflow?: JiraWorkflow;
}

export interface Seed {
  people: SeedPerson[];
  okta?: OktaSeed;
  entra?: EntraSeed;
  jira?: JiraSeed;
}
