import { demoSeed } from '../../seed/demo';
import { buildJiraState, JiraIssue, JiraState } from '../state';
import { evaluateJql } from './evaluate';
import { JqlError, parseJql } from './parse';

describe('evaluateJql', () => {
  let state: JiraState;
  const [priya, omar] = demoSeed.people;

  const accountOf = (email: string) =>
    Object.values(state.accounts).find(a => a.emailAddress === email)!
      .accountId;
  const addIssue = (
    summary: string,
    changes: Partial<JiraIssue> = {},
  ): JiraIssue => {
    const id = String(++state.counters.issueId);
    const issue: JiraIssue = {
      id,
      key: `ACCESS-${Object.keys(state.issues).length + 1}`,
      projectKey: 'ACCESS',
      issueTypeId: state.projects.ACCESS.issueTypes[0].id,
      summary,
      description: null,
      labels: [],
      statusId: state.settings.initialStatusId,
      reporterId: accountOf(priya.email),
      created: new Date(Date.UTC(2026, 0, Number(id) - 10000)).toISOString(),
      updated: new Date(Date.UTC(2026, 0, 1)).toISOString(),
      customFields: {},
      comments: [],
      properties: {},
      remoteLinks: [],
      ...changes,
    };
    state.issues[id] = issue;
    return issue;
  };
  const keys = (jql: string, callerEmail = omar.email) =>
    evaluateJql(
      { state, caller: state.accounts[accountOf(callerEmail)] },
      parseJql(jql),
    ).map(i => i.summary);

  beforeEach(() => {
    state = buildJiraState(demoSeed);
    const granted = state.settings.statuses.find(s => s.name === 'Granted')!;
    addIssue('github', { labels: ['access-request', 'github'] });
    addIssue('salesforce', {
      labels: ['access-request'],
      statusId: granted.id,
      reporterId: accountOf(omar.email),
      properties: { accessGovernance: { requestId: 'req-2', stage: 1 } },
    });
    addIssue('no labels');
  });

  it('combines AND, OR, NOT and parentheses, newest key first by default', () => {
    expect(keys('labels = "access-request"')).toEqual(['salesforce', 'github']);
    expect(keys('labels = github OR status = Granted')).toEqual([
      'salesforce',
      'github',
    ]);
    expect(keys('NOT (labels = github OR status = Granted)')).toEqual([
      'no labels',
    ]);
    expect(keys('labels is EMPTY')).toEqual(['no labels']);
    expect(keys('labels not in (github) ORDER BY created ASC')).toEqual([
      'salesforce',
    ]);
  });

  it('reads issue properties, currentUser() and ordered comparisons', () => {
    expect(
      keys('issue.property[accessGovernance].requestId = "req-2"'),
    ).toEqual(['salesforce']);
    expect(keys('issue.property[accessGovernance].stage >= 1')).toEqual([
      'salesforce',
    ]);
    expect(keys('reporter = currentUser()', priya.email)).toEqual([
      'no labels',
      'github',
    ]);
    expect(keys('created >= "2026-01-02" ORDER BY created')).toEqual([
      'salesforce',
      'no labels',
    ]);
  });

  it('refuses unknown fields, functions and values as Jira does', () => {
    expect(() => keys('colour = red')).toThrow(
      new JqlError(
        "Field 'colour' does not exist or you do not have permission to view it.",
      ),
    );
    expect(() => keys('reporter = membersOf()')).toThrow(
      "The function 'membersof' is not supported",
    );
    expect(() => keys('status = Shipped')).toThrow(
      "The value 'Shipped' does not exist for the field 'status'.",
    );
    expect(() => keys('project = ACCESS ORDER BY colour')).toThrow(
      "Field 'colour' does not exist",
    );
  });
});
