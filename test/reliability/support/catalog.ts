/*
 * The campaigns' world: the demo company (people, groups, managers) plus two apps made for
 * the campaigns, one on Okta and one on Entra ID, whose approvers, reviewers and stages are
 * different people, so that every kind of actor exists once. Credentials are random per
 * run, so that the secrets scan looks for values nobody else writes.
 */
import { randomBytes } from 'node:crypto';
import { demoSeed, Seed } from '@accessgov/emulators';

export interface Secrets {
  okta: string;
  entra: string;
  jira: string;
  service: string;
}

export function newSecrets(): Secrets {
  const token = (prefix: string) =>
    `${prefix}-${randomBytes(18).toString('base64url')}`;
  return {
    okta: token('okta'),
    entra: token('entra'),
    jira: token('jira'),
    service: token('svc'),
  };
}

/** Every way a secret could be written down: as it is, and Jira's Basic credential. */
export function secretForms(secrets: Secrets): string[] {
  return [
    secrets.okta,
    secrets.entra,
    secrets.jira,
    secrets.service,
    Buffer.from(`access-bot@example.com:${secrets.jira}`).toString('base64'),
  ];
}

/** The Okta groups of the campaign app's roles (`REL-Shared` is given by two roles). */
export const OKTA_GROUPS = [
  'REL-Auto',
  'REL-Owner',
  'REL-Staged',
  'REL-Managed',
  'REL-Brief',
  'REL-Shared',
  'REL-Unbounded',
  'REL-Failing',
  'REL-Glass',
];
export const ENTRA_GROUPS = ['REL-Entra-Auto', 'REL-Entra-Owner'];

export const OKTA_APP = 'component:default/rel-okta';
export const ENTRA_APP = 'component:default/rel-entra';

/** Roles of the Okta app, by what they are used for. */
export const ROLES = {
  auto: 'auto',
  owner: 'owner',
  staged: 'staged',
  managed: 'managed',
  brief: 'brief',
  sharedA: 'shared-a',
  sharedB: 'shared-b',
  unbounded: 'unbounded',
  manual: 'manual',
  failing: 'failing',
  glass: 'glass',
};

/** An access bundle of a role of each campaign app. */
export const BUNDLE = 'resource:default/rel-bundle';

export function campaignSeed(secrets: Secrets): Seed {
  const group = (name: string) => ({ name, description: `Campaign ${name}` });
  return {
    ...demoSeed,
    okta: {
      ...demoSeed.okta!,
      apiTokens: [secrets.okta],
      groups: [...(demoSeed.okta?.groups ?? []), ...OKTA_GROUPS.map(group)],
    },
    entra: {
      ...demoSeed.entra!,
      clients: [
        { clientId: 'access-governance-demo', clientSecret: secrets.entra },
      ],
      groups: [...(demoSeed.entra?.groups ?? []), ...ENTRA_GROUPS.map(group)],
    },
    jira: {
      ...demoSeed.jira!,
      accounts: [
        {
          email: 'access-bot@example.com',
          displayName: 'Access Governance Bot',
          apiTokens: [secrets.jira],
          bearerTokens: [secrets.jira],
        },
      ],
    },
  };
}

/**
 * Approvers: RevOps (Omar, Lena); second stage of `staged`: Sam; reviewers: Fatima;
 * `managed` is decided by the requester's manager in the IdP (Priya's is Marco); Priya
 * alone may break the glass for `glass`.
 */
export function campaignCatalog(): string {
  const short = {
    options: ['PT1H', 'PT6H'],
    default: 'PT1H',
    max: 'PT6H',
    permanent: false,
  };
  const app = (
    name: string,
    title: string,
    provider: string,
    roles: object[],
  ) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, title },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/revops',
      access: {
        provider,
        approvers: ['group:default/revops'],
        review: { every: 'P1D', reviewers: ['user:default/fatima'] },
        reclaim: { inactiveAfter: 'P30D', gracePeriod: 'P1D' },
        roles,
      },
    },
  });
  const docs = [
    app('rel-okta', 'Campaign app', 'okta', [
      {
        id: 'auto',
        title: 'Auto',
        groups: ['REL-Auto'],
        risk: 'low',
        approval: 'auto',
      },
      {
        id: 'owner',
        title: 'Owner-approved',
        groups: ['REL-Owner'],
        risk: 'medium',
        approval: 'owner',
      },
      {
        id: 'staged',
        title: 'Two stages',
        groups: ['REL-Staged'],
        risk: 'high',
        approval: ['owner', 'user:default/sam'],
        duration: short,
      },
      {
        id: 'managed',
        title: 'Manager-approved',
        groups: ['REL-Managed'],
        risk: 'medium',
        approval: ['manager'],
      },
      {
        id: 'brief',
        title: 'One minute',
        groups: ['REL-Brief'],
        risk: 'low',
        approval: 'auto',
        duration: {
          options: ['PT1M'],
          default: 'PT1M',
          max: 'PT1M',
          permanent: false,
        },
      },
      {
        id: 'shared-a',
        title: 'Shared A',
        groups: ['REL-Shared'],
        risk: 'low',
        approval: 'auto',
      },
      {
        id: 'shared-b',
        title: 'Shared B',
        groups: ['REL-Shared'],
        risk: 'low',
        approval: 'auto',
      },
      {
        id: 'unbounded',
        title: 'Unbounded',
        groups: ['REL-Unbounded'],
        risk: 'low',
        approval: 'auto',
        duration: { permanent: true },
      },
      { id: 'manual', title: 'By hand', risk: 'medium', approval: 'owner' },
      {
        id: 'failing',
        title: 'Refused by Okta',
        groups: ['REL-Failing'],
        risk: 'low',
        approval: 'auto',
      },
      {
        id: 'glass',
        title: 'Break glass',
        groups: ['REL-Glass'],
        risk: 'high',
        approval: 'owner',
        breakGlass: { allowed: ['user:default/priya'], max: 'PT4H' },
      },
    ]),
    app('rel-entra', 'Campaign app on Entra ID', 'entra', [
      {
        id: 'auto',
        title: 'Auto',
        groups: ['REL-Entra-Auto'],
        risk: 'low',
        approval: 'auto',
      },
      {
        id: 'owner',
        title: 'Owner-approved',
        groups: ['REL-Entra-Owner'],
        risk: 'medium',
        approval: 'owner',
      },
    ]),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'rel-bundle', title: 'Campaign bundle' },
      spec: {
        type: 'access-bundle',
        owner: 'group:default/revops',
        roles: [
          { app: OKTA_APP, role: 'owner' },
          { app: ENTRA_APP, role: 'owner' },
        ],
      },
    },
  ];
  return docs.map(d => JSON.stringify(d)).join('\n---\n');
}
