import { HttpException, Version2Client, Version3Client } from 'jira.js';
import { JiraEmulator, startJiraEmulator } from './server';

const basic = {
  basic: { email: 'access-bot@example.com', apiToken: 'demo-jira-token' },
};

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (e) {
    if (e instanceof HttpException) {
      return {
        status: e.status,
        data: (e.response as { data?: unknown } | undefined)?.data as {
          errorMessages: string[];
          errors: Record<string, string>;
        },
        headers: (
          e.cause as { response?: { headers?: Record<string, string> } }
        )?.response?.headers,
      };
    }
    return { status: undefined, data: undefined, error: e as Error };
  }
  throw new Error('Expected the call to fail');
}

describe('Jira emulator, driven by jira.js', () => {
  let jira: JiraEmulator;
  let v3: Version3Client;

  beforeAll(async () => {
    jira = await startJiraEmulator({ port: 0 });
  });
  afterAll(() => jira.close());
  beforeEach(() => {
    jira.reset();
    v3 = new Version3Client({ host: jira.url, authentication: basic });
  });

  const createRequest = (
    summary = 'Salesforce admin for priya',
    labels = ['access-request'],
  ) =>
    v3.issues.createIssue({
      fields: {
        project: { key: 'ACCESS' },
        issuetype: { name: 'Task' },
        summary,
        description: 'Priya asks for System Admin for 6 hours.',
        labels,
      },
    });

  it('answers myself for Basic and Bearer credentials, and 401 for bad ones', async () => {
    expect((await v3.myself.getCurrentUser()).emailAddress).toBe(
      'access-bot@example.com',
    );
    const bearer = new Version3Client({
      host: jira.url,
      authentication: { oauth2: { accessToken: 'demo-jira-token' } },
    });
    expect((await bearer.myself.getCurrentUser()).displayName).toBe(
      'Access Governance Bot',
    );
    const bad = new Version3Client({
      host: jira.url,
      authentication: {
        basic: { email: 'access-bot@example.com', apiToken: 'nope' },
      },
    });
    const err = await failure(bad.myself.getCurrentUser());
    expect(err.status).toBe(401);
    expect(err.data?.errorMessages[0]).toMatch(/not authenticated/);
  });

  it('creates an issue from ADF, reads it back, and edits labels', async () => {
    const created = await createRequest();
    expect(created.key).toBe('ACCESS-1');
    const issue = await v3.issues.getIssue({ issueIdOrKey: created.key });
    expect(issue.fields.summary).toBe('Salesforce admin for priya');
    expect(issue.fields.status.name).toBe('Open');
    expect(issue.fields.description).toMatchObject({ type: 'doc', version: 1 });
    expect(issue.fields.labels).toEqual(['access-request']);

    await v3.issues.editIssue({
      issueIdOrKey: created.key,
      update: { labels: [{ add: 'salesforce' }, { add: 'salesforce' }] },
    });
    await v3.issues.editIssue({
      issueIdOrKey: created.key,
      fields: { description: 'Now for 1 hour.' },
    });
    const edited = await v3.issues.getIssue({
      issueIdOrKey: created.id,
      fields: ['labels', 'description'],
    });
    expect(edited.fields.labels).toEqual(['access-request', 'salesforce']);
    expect(edited.fields.summary).toBeUndefined();
  });

  it('validates create requests with Jira field errors', async () => {
    const err = await failure(
      v3.issues.createIssue({
        fields: {
          project: { key: 'NOPE' },
          issuetype: { name: 'Task' },
          summary: '',
        },
      }),
    );
    expect(err.status).toBe(400);
    expect(err.data?.errors).toMatchObject({
      project: 'Specify a valid project ID or key',
      summary: 'You must specify a summary of the issue.',
    });
    const notAdf = await fetch(`${jira.url}/rest/api/3/issue`, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer demo-jira-token',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        fields: {
          project: { key: 'ACCESS' },
          issuetype: { name: 'Task' },
          summary: 'x',
          description: 'plain',
        },
      }),
    });
    expect(notAdf.status).toBe(400);
    expect((await notAdf.json()).errors.description).toMatch(
      /Atlassian Document/,
    );
  });

  it('answers 404 for an unknown issue', async () => {
    const err = await failure(
      v3.issues.getIssue({ issueIdOrKey: 'ACCESS-999' }),
    );
    expect(err.status).toBe(404);
    expect(err.data?.errorMessages).toEqual([
      'Issue does not exist or you do not have permission to see it.',
    ]);
  });

  it('adds and lists comments', async () => {
    const { key } = await createRequest();
    const comment = await v3.issueComments.addComment({
      issueIdOrKey: key,
      comment: 'Approved by omar',
    });
    expect(comment.id).toBeTruthy();
    const list = await v3.issueComments.getComments({ issueIdOrKey: key });
    expect(list.total).toBe(1);
    expect((list.comments?.[0] as { body?: unknown }).body).toMatchObject({
      type: 'doc',
    });
  });

  it('keeps comment properties and returns them with expand=properties', async () => {
    const { key } = await createRequest();
    await v3.issueComments.addComment({
      issueIdOrKey: key,
      comment: 'Approved by Omar Haddad',
      properties: [
        { key: 'accessGovernance.event', value: { eventId: 'e-1' } },
      ],
    });
    const plain = await v3.issueComments.getComments({ issueIdOrKey: key });
    expect(plain.comments?.[0]).not.toHaveProperty('properties');
    const expanded = await v3.issueComments.getComments({
      issueIdOrKey: key,
      expand: 'renderedBody,properties',
    });
    expect(expanded.comments?.[0].properties).toEqual([
      { key: 'accessGovernance.event', value: { eventId: 'e-1' } },
    ]);
    const err = await failure(
      v3.issueComments.addComment({
        issueIdOrKey: key,
        comment: 'x',
        properties: [{ value: 1 } as never],
      }),
    );
    expect(err.status).toBe(400);
  });

  it('follows the workflow and refuses unavailable transitions', async () => {
    const { key } = await createRequest();
    const names = async () =>
      (
        (await v3.issues.getTransitions({ issueIdOrKey: key })).transitions ??
        []
      ).map(t => t.name);
    expect((await names()).sort()).toEqual([
      'Approve',
      'Cancel',
      'Close',
      'Fail',
      'Grant',
      'Reject',
    ]);
    const transitions = (await v3.issues.getTransitions({ issueIdOrKey: key }))
      .transitions!;
    const idOf = (name: string) => transitions.find(t => t.name === name)!.id!;
    const closeId = idOf('Close');

    await v3.issues.doTransition({
      issueIdOrKey: key,
      transition: { id: idOf('Grant') },
    });
    expect(
      (await v3.issues.getIssue({ issueIdOrKey: key })).fields.status.name,
    ).toBe('Granted');
    expect(await names()).toEqual(['Close']);

    const err = await failure(
      v3.issues.doTransition({
        issueIdOrKey: key,
        transition: { id: idOf('Approve') },
      }),
    );
    expect(err.status).toBe(400);
    expect(err.data?.errorMessages[0]).toContain(idOf('Approve'));
    await v3.issues.doTransition({
      issueIdOrKey: key,
      transition: { id: closeId },
    });
    expect(jira.statusOf(jira.findIssue(key)).name).toBe('Done');
  });

  it('stores issue properties (201 then 200) and finds issues by property and label with JQL', async () => {
    const first = await createRequest('first');
    const second = await createRequest('second', ['access-request', 'github']);
    await v3.issueProperties.setIssueProperty({
      issueIdOrKey: second.key,
      propertyKey: 'accessGovernance',
      propertyValue: { correlationKey: 'req-42', requestId: 42 },
    });
    const put = (value: unknown) =>
      fetch(
        `${jira.url}/rest/api/3/issue/${first.key}/properties/accessGovernance`,
        {
          method: 'PUT',
          headers: {
            Authorization: 'Bearer demo-jira-token',
            'Content-Type': 'application/json',
          },
          body: JSON.stringify(value),
        },
      );
    expect((await put({ correlationKey: 'req-41' })).status).toBe(201);
    expect((await put({ correlationKey: 'req-41' })).status).toBe(200);
    const property = await v3.issueProperties.getIssueProperty({
      issueIdOrKey: second.key,
      propertyKey: 'accessGovernance',
    });
    expect(property.value).toEqual({ correlationKey: 'req-42', requestId: 42 });

    const byProperty =
      await v3.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
        jql: 'project = ACCESS AND issue.property[accessGovernance].correlationKey = "req-42"',
        fields: ['summary', 'status'],
      });
    expect(byProperty.issues?.map(i => i.key)).toEqual([second.key]);
    expect(byProperty.issues?.[0].fields.summary).toBe('second');

    const byLabel =
      await v3.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({
        jql: 'labels = "github" ORDER BY created DESC',
      });
    expect(byLabel.issues?.map(i => i.id)).toEqual([second.id]);

    const legacy = await v3.issueSearch.searchForIssuesUsingJql({
      jql: 'project = ACCESS AND labels = "access-request" ORDER BY created',
    });
    expect(legacy.total).toBe(2);
    expect(legacy.issues?.map(i => i.key)).toEqual([first.key, second.key]);

    const err = await failure(
      v3.issueSearch.searchForIssuesUsingJql({ jql: 'project = NOPE' }),
    );
    expect(err.status).toBe(400);
    expect(err.data?.errorMessages[0]).toContain("'NOPE'");
  });

  it('pages /search/jql with nextPageToken across several pages', async () => {
    for (let i = 0; i < 7; i++) await createRequest(`request ${i}`);
    const seen: string[] = [];
    let nextPageToken: string | undefined;
    let pages = 0;
    do {
      const page = await v3.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
        jql: 'project = ACCESS ORDER BY created',
        maxResults: 3,
        nextPageToken,
      });
      seen.push(...(page.issues ?? []).map(i => i.id!));
      nextPageToken = page.nextPageToken;
      pages++;
    } while (nextPageToken);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
  });

  it('upserts remote links by globalId', async () => {
    const { key } = await createRequest();
    const link = {
      issueIdOrKey: key,
      globalId: 'access-governance:request:42',
      object: {
        url: 'http://localhost:3000/access/requests/42',
        title: 'Access request 42',
      },
    };
    const created =
      await v3.issueRemoteLinks.createOrUpdateRemoteIssueLink(link);
    const updated = await v3.issueRemoteLinks.createOrUpdateRemoteIssueLink({
      ...link,
      object: { ...link.object, title: 'Access request 42 (granted)' },
    });
    expect(updated.id).toBe(created.id);
    const links = await v3.issueRemoteLinks.getRemoteIssueLinks({
      issueIdOrKey: key,
    });
    expect(links).toHaveLength(1);
    expect(links[0].object?.title).toBe('Access request 42 (granted)');
  });

  it('speaks REST v2 with plain-string descriptions and comments', async () => {
    const v2 = new Version2Client({
      host: jira.url,
      authentication: { oauth2: { accessToken: 'demo-jira-token' } },
    });
    const created = await v2.issues.createIssue({
      fields: {
        project: { key: 'ACCESS' },
        issuetype: { name: 'Task' },
        summary: 'Data Center request',
        description: 'Plain text body',
      },
    });
    await v2.issueComments.addComment({
      issueIdOrKey: created.key,
      comment: 'A plain comment',
    });
    const issue = await v2.issues.getIssue({ issueIdOrKey: created.key });
    expect(issue.fields.description).toBe('Plain text body');
    expect((issue.fields.comment.comments[0] as { body?: unknown }).body).toBe(
      'A plain comment',
    );
    const viaV3 = await v3.issues.getIssue({ issueIdOrKey: created.key });
    expect(viaV3.fields.description).toMatchObject({ type: 'doc' });
  });

  it('answers 429 with Retry-After from a fault rule, then serves again', async () => {
    jira.faults.add({
      method: 'POST',
      path: '/rest/api/3/issue',
      status: 429,
      retryAfterSeconds: 2,
      times: 1,
    });
    const err = await failure(createRequest());
    expect(err.status).toBe(429);
    expect(err.headers?.['retry-after']).toBe('2');
    expect(err.data?.errorMessages).toBeDefined();
    expect((await createRequest()).key).toBe('ACCESS-1');
  });

  it('fails the call when a fault rule drops the connection', async () => {
    jira.faults.add({
      path: '/rest/api/3/issue/*/comment',
      drop: true,
      times: 1,
    });
    const { key } = await createRequest();
    const err = await failure(
      v3.issueComments.addComment({ issueIdOrKey: key, comment: 'lost' }),
    );
    expect(err.status).toBeUndefined();
    expect(jira.findIssue(key).comments).toHaveLength(0);
    await v3.issueComments.addComment({ issueIdOrKey: key, comment: 'kept' });
    expect(jira.findIssue(key).comments).toHaveLength(1);
  });

  // Pages for people: /browse/KEY and the state page.

  const html = async (path: string, accept = 'text/html') => {
    const res = await fetch(`${jira.url}${path}`, { headers: { accept } });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      text: await res.text(),
    };
  };

  it('serves /browse/KEY as the issue: summary, status, labels, fields, comments in order, the property', async () => {
    const { key } = await v3.issues.createIssue({
      fields: {
        project: { key: 'ACCESS' },
        issuetype: { name: 'Task' },
        summary: 'Priya Shah requests <b>Admin</b> on Salesforce',
        description: 'Justification: close & forecast\n\nDuration: 6 h',
        labels: ['access-request', 'accessgov-req-1'],
      },
    });
    await v3.issueComments.addComment({
      issueIdOrKey: key,
      comment: 'Approved by Omar Haddad',
    });
    await v3.issueComments.addComment({
      issueIdOrKey: key,
      comment: 'Access granted <script>alert(1)</script>',
    });
    await v3.issueProperties.setIssueProperty({
      issueIdOrKey: key,
      propertyKey: 'accessGovernance',
      propertyValue: { status: 'granted', note: '"quoted" <tag>' },
    });

    const page = await html(`/browse/${key}`);
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.text).toContain(
      `<title>[${key}] Priya Shah requests &lt;b&gt;Admin&lt;/b&gt; on Salesforce</title>`,
    );
    expect(page.text).toContain('<span class="status">Open</span>');
    expect(page.text).toContain('<span class="label">access-request</span>');
    expect(page.text).toContain('Justification: close &amp; forecast');
    expect(page.text).toContain('Reporter');
    expect(page.text).not.toContain('<script>');
    expect(page.text).not.toContain('<b>Admin</b>');
    const first = page.text.indexOf('Approved by Omar Haddad');
    const second = page.text.indexOf('Access granted &lt;script&gt;');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(page.text).toMatch(
      /#1 · Access Governance Bot · \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
    );
    expect(page.text).toContain('<h3>accessGovernance</h3>');
    expect(page.text).toContain('&quot;status&quot;: &quot;granted&quot;');
    expect(page.text).toContain(
      '&quot;note&quot;: &quot;\\&quot;quoted\\&quot; &lt;tag&gt;&quot;',
    );

    await v3.issues.doTransition({
      issueIdOrKey: key,
      transition: {
        id: jira.state.settings.transitions.find(t => t.name === 'Grant')!.id,
      },
    });
    expect((await html(`/browse/${key.toLowerCase()}`)).text).toContain(
      '<span class="status">Granted</span>',
    );
  });

  it('answers an unknown key with a readable 404 page', async () => {
    const page = await html('/browse/ACCESS-999');
    expect(page.status).toBe(404);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.text).toContain('Issue ACCESS-999 does not exist');
    expect((await html('/browse/%3Cscript%3E')).text).not.toContain('<script>');
  });

  it('shows its state as HTML beside the JSON: issues linking to their pages, and the workflow', async () => {
    const { key } = await v3.issues.createIssue({
      fields: {
        project: { key: 'ACCESS' },
        issuetype: { name: 'Task' },
        summary: 'Review of <Salesforce>',
        labels: ['access-review'],
      },
    });
    for (const page of [
      await html('/__emulator/state'),
      await html('/__emulator/state.html', '*/*'),
    ]) {
      expect(page.status).toBe(200);
      expect(page.type).toMatch(/^text\/html/);
      expect(page.text).toContain(`<a href="/browse/${key}">${key}</a>`);
      expect(page.text).toContain('Review of &lt;Salesforce&gt;');
      expect(page.text).toMatch(
        /<td>Close<\/td><td>Open, Granted<\/td><td>Done<\/td>/,
      );
    }
    const json = await fetch(`${jira.url}/__emulator/state`, {
      headers: { accept: 'application/json' },
    });
    expect(json.headers.get('content-type')).toMatch(/json/);
    expect(
      Object.values(
        (await json.json()).issues as Record<string, { key: string }>,
      ).map(i => i.key),
    ).toEqual([key]);
  });
});
