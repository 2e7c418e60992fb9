import type { JiraWorkflow, Seed, SeedPerson } from './types';

/**
 * The Jira workflow of access requests and review campaigns, used unless a seed brings its
 * own. Its transition names are those `accessGovernance.jira.transitions` names in the
 * demo's app-config.yaml (the plugin's defaults): a request moves Open → Approved →
 * Granted → Done, or ends Rejected, Cancelled or Failed; a failed request granted on a
 * retry moves on to Granted; a review campaign moves Open → Done when it completes.
 */
export const defaultJiraWorkflow: JiraWorkflow = {
  initial: 'Open',
  statuses: [
    { name: 'Open', category: 'new' },
    { name: 'Approved', category: 'indeterminate' },
    { name: 'Granted', category: 'indeterminate' },
    { name: 'Done', category: 'done' },
    { name: 'Rejected', category: 'done' },
    { name: 'Cancelled', category: 'done' },
    { name: 'Failed', category: 'done' },
  ],
  transitions: [
    { name: 'Approve', from: ['Open'], to: 'Approved' },
    { name: 'Grant', from: ['Open', 'Approved', 'Failed'], to: 'Granted' },
    { name: 'Close', from: ['Open', 'Granted'], to: 'Done' },
    { name: 'Reject', from: ['Open', 'Approved'], to: 'Rejected' },
    { name: 'Cancel', from: ['Open', 'Approved'], to: 'Cancelled' },
    { name: 'Fail', from: ['Open', 'Approved'], to: 'Failed' },
  ],
};

function person(
  handle: string,
  firstName: string,
  lastName: string,
  title: string,
  department: string,
  manager: string | undefined,
  daysAgo: number,
): SeedPerson {
  return {
    email: `${handle}@example.com`,
    firstName,
    lastName,
    title,
    department,
    manager: manager && `${manager}@example.com`,
    lastLogin: { daysAgo },
  };
}

const people: SeedPerson[] = [
  person('ada', 'Ada', 'Novak', 'Head of Platform', 'Platform', undefined, 0.3),
  person('jonas', 'Jonas', 'Berg', 'Platform Engineer', 'Platform', 'ada', 1.2),
  person(
    'marco',
    'Marco',
    'Rossi',
    'Engineering Manager',
    'Engineering',
    'ada',
    0.8,
  ),
  person(
    'priya',
    'Priya',
    'Shah',
    'Software Engineer',
    'Engineering',
    'marco',
    1.5,
  ),
  person(
    'yuki',
    'Yuki',
    'Tanaka',
    'Site Reliability Engineer',
    'Engineering',
    'marco',
    45,
  ),
  person(
    'omar',
    'Omar',
    'Haddad',
    'RevOps Lead',
    'Revenue Operations',
    undefined,
    2.1,
  ),
  person(
    'lena',
    'Lena',
    'Fischer',
    'Sales Operations Analyst',
    'Revenue Operations',
    'omar',
    2.8,
  ),
  person('sam', 'Sam', 'Lee', 'Head of Security', 'Security', undefined, 1.1),
  person('noah', 'Noah', 'Okafor', 'Security Analyst', 'Security', 'sam', 1.9),
  person(
    'fatima',
    'Fatima',
    'Zahra',
    'Financial Controller',
    'Finance',
    undefined,
    2.4,
  ),
  person(
    'chris.contractor',
    'Chris',
    'Contractor',
    'Contractor',
    'Revenue Operations',
    'omar',
    60,
  ),
];

const everyone = people.map(p => p.email);

const appGroup = (
  name: string,
  description: string,
  members: string[] = [],
) => ({
  name,
  description,
  members: members.map(m => `${m}@example.com`),
});

/**
 * The demo company, Acme Corp: the people of the Backstage catalog (plus one
 * contractor who exists only in the identity providers), the app groups the
 * catalog's roles map to, and the credentials of `app-config.yaml`.
 */
export const demoSeed: Seed = {
  people,
  okta: {
    apiTokens: ['demo-okta-token'],
    serviceApps: [],
    groups: [
      appGroup('SF-Viewer', 'Salesforce: read-only dashboards and reports'),
      appGroup('SF-Standard', 'Salesforce: standard user', [
        'chris.contractor',
      ]),
      appGroup('SF-Admin', 'Salesforce: system administrator'),
      appGroup('GitHub-Members', 'GitHub organization members'),
      appGroup('GitHub-Maintainers', 'GitHub repository maintainers'),
      appGroup('GitHub-Owners', 'GitHub organization owners', ['ada']),
      appGroup('AWS-Prod-ReadOnly', 'AWS production account: read only'),
      appGroup('AWS-Prod-Admin', 'AWS production account: administrator', [
        'ada',
      ]),
      appGroup('NetSuite-AP', 'NetSuite: accounts payable clerk'),
      appGroup('NetSuite-Controller', 'NetSuite: controller', ['fatima']),
      {
        name: 'All-Employees',
        description: 'Everyone at Acme Corp',
        members: everyone,
      },
      appGroup('Office-Berlin', 'People based in the Berlin office', [
        'jonas',
        'lena',
      ]),
      {
        ...appGroup('AD-Finance-Share', 'Imported from Active Directory', [
          'fatima',
        ]),
        type: 'APP_GROUP',
      },
    ],
  },
  entra: {
    tenantId: 'acme-demo-tenant',
    clients: [
      { clientId: 'access-governance-demo', clientSecret: 'demo-entra-secret' },
    ],
    premium: true,
    groups: [
      appGroup('Figma-Editors', 'Figma: editors'),
      appGroup('Figma-Admins', 'Figma: administrators'),
      {
        name: 'All-Employees',
        description: 'Everyone at Acme Corp',
        members: everyone,
      },
    ],
  },
  jira: {
    accounts: [
      {
        email: 'access-bot@example.com',
        displayName: 'Access Governance Bot',
        apiTokens: ['demo-jira-token'],
        bearerTokens: ['demo-jira-token'],
      },
    ],
    projects: [
      { key: 'ACCESS', name: 'Access Requests', issueTypes: ['Task'] },
    ],
    workflow: defaultJiraWorkflow,
  },
};

/** A seed with no people, no groups and the demo credentials. */
export const emptySeed: Seed = {
  people: [],
  okta: { apiTokens: demoSeed.okta?.apiTokens, groups: [] },
  entra: { ...demoSeed.entra!, groups: [] },
  jira: demoSeed.jira,
};
