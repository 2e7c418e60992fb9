import { Version3Client } from 'jira.js';
import { JiraEmulator, startJiraEmulator } from './server';

const basic = {
  basic: { email: 'access-bot@example.com', apiToken: 'demo-jira-token' },
};

describe('Jira emulator pages for people', () => {
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
