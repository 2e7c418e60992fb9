import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { JiraEmulator, startJiraEmulator } from '@accessgov/emulators';
import { Version3Client } from 'jira.js';
import { createRecordSystem } from '../index';
import { JiraRecordSystem } from './JiraRecordSystem';
import { failure } from '../../__testUtils__/calls';

const input = (correlationKey: string) => ({
  correlationKey,
  summary: 'Priya Shah requests Admin on Salesforce',
  description: 'Justification: quarterly close\n\nDuration: PT6H',
  labels: ['salesforce'],
  property: { requestId: correlationKey, status: 'pending' },
});

describe('JiraRecordSystem against the Jira emulator', () => {
  let jira: JiraEmulator;
  const logger = mockServices.logger.mock();

  const records = (extra: JsonObject = {}, bearer = false) => {
    const jiraConfig: JsonObject = {
      host: jira.url,
      email: 'access-bot@example.com',
      apiToken: 'demo-jira-token',
      projectKey: 'ACCESS',
      issueType: 'Task',
      labels: ['governed'],
      ...extra,
    };
    if (bearer) delete jiraConfig.email;
    return createRecordSystem({
      config: new ConfigReader({ accessGovernance: { jira: jiraConfig } }),
      logger,
    })!;
  };

  const issues = () => Object.values(jira.state.issues);

  beforeAll(async () => {
    jira = await startJiraEmulator({ port: 0, seed: 'demo' });
  });
  afterAll(() => jira.close());
  beforeEach(() => jira.seed('demo'));

  it('opens one issue per correlation key, with labels, ADF description and the property', async () => {
    const r = records();
    const record = await r.ensureRecord(input('req-1'));
    expect(record.key).toMatch(/^ACCESS-\d+$/);
    expect(record.url).toBe(`${jira.url}/browse/${record.key}`);
    const issue = jira.findIssue(record.key);
    expect(issue.summary).toBe('Priya Shah requests Admin on Salesforce');
    expect(issue.labels).toEqual(
      expect.arrayContaining([
        'access-request',
        'governed',
        'salesforce',
        'accessgov-req-1',
      ]),
    );
    expect(issue.description).toMatchObject({
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'Justification: quarterly close' }],
        },
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'Duration: PT6H' }],
        },
      ],
    });
    expect(issue.properties.accessGovernance).toEqual({
      requestId: 'req-1',
      status: 'pending',
    });

    const again = await r.ensureRecord({
      ...input('req-1'),
      property: { requestId: 'req-1', status: 'approved' },
    });
    expect(again.key).toBe(record.key);
    expect(issues()).toHaveLength(1);
    expect(jira.findIssue(record.key).properties.accessGovernance).toEqual({
      requestId: 'req-1',
      status: 'approved',
    });

    const other = await r.ensureRecord(input('req-2'));
    expect(other.key).not.toBe(record.key);
    expect(issues()).toHaveLength(2);
  });

  it('opens no second issue when the first attempt failed after the issue was created', async () => {
    const r = records();
    jira.faults.add({
      method: 'PUT',
      path: '/rest/api/3/issue/*/properties/*',
      drop: true,
      times: 1,
    });
    const err = await failure(r.ensureRecord(input('req-lost')));
    expect(err.retryable).toBe(true);
    expect(issues()).toHaveLength(1);

    const record = await r.ensureRecord(input('req-lost'));
    expect(issues()).toHaveLength(1);
    expect(jira.findIssue(record.key).properties.accessGovernance).toEqual({
      requestId: 'req-lost',
      status: 'pending',
    });
  });

  it('uses a hashed label for a correlation key that is not a valid label', async () => {
    const r = records();
    const a = await r.ensureRecord(input('request with spaces'));
    const b = await r.ensureRecord(input('request with spaces'));
    expect(b.key).toBe(a.key);
    const label = jira
      .findIssue(a.key)
      .labels.find(l => l.startsWith('accessgov-'))!;
    expect(label).toMatch(/^accessgov-[0-9a-f]{40}$/);
  });

  it('adds a comment once per event id, also past the first page of comments', async () => {
    const r = records();
    const { key } = await r.ensureRecord(input('req-c'));
    await r.addComment(key, 'Approved by marco', 'evt-1');
    await r.addComment(key, 'Approved by marco', 'evt-1');
    expect(jira.findIssue(key).comments).toHaveLength(1);
    await r.addComment(key, 'Granted in Okta', 'evt-12');
    expect(jira.findIssue(key).comments).toHaveLength(2);
    for (let i = 0; i < 120; i++) {
      await r.addComment(key, `Note ${i}`, `bulk-${i}`);
    }
    await r.addComment(key, 'again', 'bulk-110');
    await r.addComment(key, 'again', 'evt-12');
    expect(jira.findIssue(key).comments).toHaveLength(122);
  }, 30_000);

  it('transitions by name and skips a transition that is not available', async () => {
    const r = records();
    const { key } = await r.ensureRecord(input('req-t'));
    expect(await r.transition(key, 'Approve')).toBe('done');
    expect(jira.statusOf(jira.findIssue(key)).name).toBe('Approved');
    expect(await r.transition(key, 'Close')).toBe('skipped');
    expect(await r.transition(key, 'No Such Transition')).toBe('skipped');
    expect(jira.statusOf(jira.findIssue(key)).name).toBe('Approved');
    expect(await r.transition(key, 'grant')).toBe('done');
    expect(jira.statusOf(jira.findIssue(key)).name).toBe('Granted');
  });

  it('names the wanted and the available transitions when none matches', async () => {
    const r = records();
    const { key } = await r.ensureRecord(input('req-names'));
    logger.warn.mockClear();
    expect(await r.transition(key, 'Finish')).toBe('skipped');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        new RegExp(
          `${key}: no transition named 'Finish' .*available: .*'Approve'.*'Grant'.*'Close'`,
        ),
      ),
    );
    expect(await r.transition(key, '  aPPROVE ')).toBe('done');
  });

  it('keeps the event id out of the comment text, and knows comments written with it in the text', async () => {
    const r = records();
    const { key } = await r.ensureRecord(input('req-event'));
    await r.addComment(key, 'Approved by Omar Haddad', 'job-7');
    const [comment] = jira.findIssue(key).comments;
    expect(JSON.stringify(comment.body)).not.toContain('job-7');
    expect(comment.properties).toEqual([
      { key: 'accessGovernance.event', value: { eventId: 'job-7' } },
    ]);
    const v3 = new Version3Client({
      host: jira.url,
      authentication: {
        basic: { email: 'access-bot@example.com', apiToken: 'demo-jira-token' },
      },
    });
    await v3.issueComments.addComment({
      issueIdOrKey: key,
      comment: 'Granted in Okta\n\nEvent: job-8',
    });
    await r.addComment(key, 'Granted in Okta', 'job-8');
    expect(jira.findIssue(key).comments).toHaveLength(2);
  });

  it('reports a 429 with Retry-After and a 500 as retryable', async () => {
    const r = records();
    jira.faults.add({
      method: 'POST',
      path: '/rest/api/3/search/jql',
      status: 429,
      retryAfterSeconds: 4,
      times: 1,
    });
    const throttled = await failure(r.ensureRecord(input('req-429')));
    expect(throttled).toMatchObject({
      retryable: true,
      status: 429,
      retryAfterMs: 4000,
    });
    jira.faults.add({ path: '/rest/api/3/issue', status: 500, times: 1 });
    const broken = await failure(r.ensureRecord(input('req-500')));
    expect(broken).toMatchObject({ retryable: true, status: 500 });
    expect(issues()).toHaveLength(0);
  });

  it('reports bad credentials as not retryable, without the token', async () => {
    const err = await failure(
      records({ apiToken: 'wrong-token' }).ensureRecord(input('req-auth')),
    );
    expect(err.retryable).toBe(false);
    expect(err.status).toBe(401);
    expect(err.message).not.toContain('wrong-token');
    expect(JSON.stringify(err)).not.toContain('wrong-token');
    expect(err.cause).toBeUndefined();
  });

  it('works with a bearer token and REST v2 (plain text bodies)', async () => {
    const r = records({ apiVersion: 2 }, true);
    const { key } = await r.ensureRecord(input('req-v2'));
    expect(jira.findIssue(key).description).toBeTruthy();
    await r.addComment(key, 'Approved by marco', 'evt-1');
    await r.addComment(key, 'Approved by marco', 'evt-1');
    expect(jira.findIssue(key).comments).toHaveLength(1);
    expect((await r.ensureRecord(input('req-v2'))).key).toBe(key);
    expect(await r.transition(key, 'Reject')).toBe('done');
    expect(jira.statusOf(jira.findIssue(key)).name).toBe('Rejected');
    expect(issues()).toHaveLength(1);
  });
});

describe('createRecordSystem', () => {
  const logger = mockServices.logger.mock();

  it('is undefined without accessGovernance.jira', () => {
    expect(
      createRecordSystem({ config: new ConfigReader({}), logger }),
    ).toBeUndefined();
  });

  it('names the missing or bad key', () => {
    const read = (jira: JsonObject) => () =>
      createRecordSystem({
        config: new ConfigReader({ accessGovernance: { jira } }),
        logger,
      });
    expect(
      read({ host: 'https://x.atlassian.net', projectKey: 'ACCESS' }),
    ).toThrow('accessGovernance.jira.apiToken is required');
    expect(
      read({
        host: 'https://x.atlassian.net',
        apiToken: 't',
        projectKey: 'ACCESS',
        apiVersion: 4,
      }),
    ).toThrow('accessGovernance.jira.apiVersion must be 2 or 3');
    expect(read({ apiToken: 't', projectKey: 'ACCESS' })).toThrow(
      'accessGovernance.jira.host is required',
    );
  });

  it('builds the record URL from the host', () => {
    const r = new JiraRecordSystem({
      host: 'https://example.atlassian.net/',
      apiToken: 't',
      projectKey: 'ACCESS',
      logger,
    });
    expect(r.recordUrl('ACCESS-7')).toBe(
      'https://example.atlassian.net/browse/ACCESS-7',
    );
  });
});
