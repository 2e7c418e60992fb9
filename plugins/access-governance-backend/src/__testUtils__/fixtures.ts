import { Entity } from '@backstage/catalog-model';

/** People of the test company: name, display name, groups. */
export const people: Record<string, { displayName: string; groups: string[] }> =
  {
    priya: { displayName: 'Priya Shah', groups: ['engineering'] },
    marco: { displayName: 'Marco Rossi', groups: ['engineering'] },
    omar: { displayName: 'Omar Haddad', groups: ['revops'] },
    lena: { displayName: 'Lena Fischer', groups: ['revops'] },
    sam: { displayName: 'Sam Lee', groups: ['security'] },
    ada: { displayName: 'Ada Novak', groups: ['platform'] },
  };

export function userRef(name: string) {
  return `user:default/${name}`;
}

/** What a sign-in resolver would give: the user and their groups. */
export function ownershipOf(ref: string): string[] {
  const name = ref.replace(/^user:default\//, '');
  return [ref, ...(people[name]?.groups ?? []).map(g => `group:default/${g}`)];
}

const users: Entity[] = Object.entries(people).map(([name, p]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: {
    profile: { displayName: p.displayName, email: `${name}@example.com` },
    memberOf: p.groups,
  },
}));

const groupNames: Record<string, string> = {
  engineering: 'Engineering',
  revops: 'RevOps',
  security: 'Security',
  platform: 'Platform',
};

const groups: Entity[] = ['engineering', 'revops', 'security', 'platform'].map(
  name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'team',
      profile: { displayName: groupNames[name] },
      children: [],
    },
  }),
);

function app(
  kind: string,
  name: string,
  owner: string,
  access?: object,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', title: name.toUpperCase() },
    spec: {
      type: 'saas',
      lifecycle: 'production',
      owner,
      ...(access ? { access } : {}),
    },
  } as Entity;
}

const apps: Entity[] = [
  app('Component', 'salesforce', 'group:default/revops', {
    provider: 'okta',
    roles: [
      {
        id: 'viewer',
        title: 'Viewer',
        groups: ['SF-Viewer'],
        risk: 'low',
        approval: 'auto',
      },
      {
        id: 'standard',
        title: 'Standard',
        groups: ['SF-Standard'],
        risk: 'medium',
      },
      {
        id: 'admin',
        title: 'System Admin',
        groups: ['SF-Admin'],
        risk: 'high',
        approval: ['owner', 'group:default/security'],
        duration: {
          options: ['PT1H', 'PT6H', 'PT24H'],
          default: 'PT6H',
          max: 'PT24H',
          permanent: false,
        },
      },
      {
        id: 'ghost',
        title: 'Ghost',
        groups: ['No-Such-Group'],
        risk: 'low',
        approval: 'auto',
      },
    ],
  }),
  // Two roles that share a group: ending one must not take the group from a holder of both.
  app('Component', 'crm-lab', 'group:default/revops', {
    provider: 'okta',
    roles: [
      { id: 'reports', groups: ['SF-Viewer'], risk: 'low', approval: 'auto' },
      {
        id: 'analyst',
        groups: ['SF-Viewer', 'SF-Standard'],
        risk: 'low',
        approval: 'auto',
      },
    ],
  }),
  app('Resource', 'aws-production', 'group:default/platform', {
    roles: [
      {
        id: 'admin',
        groups: ['AWS-Prod-Admin'],
        risk: 'high',
        approval: ['manager', 'owner'],
        duration: {
          options: ['PT1H'],
          default: 'PT1H',
          max: 'PT1H',
          permanent: false,
        },
        breakGlass: { allowed: ['group:default/security'], max: 'PT1H' },
      },
    ],
  }),
  app('Component', 'figma', 'group:default/platform', {
    provider: 'entra',
    roles: [
      { id: 'editor', groups: ['Figma-Editors'], risk: 'low' },
      { id: 'billing', risk: 'medium', approval: 'owner' },
    ],
  }),
  app('Component', 'wiki', 'group:default/platform'),
];

export const entities: Entity[] = [...users, ...groups, ...apps];
