import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { mockCredentials } from '@backstage/backend-test-utils';
import { startAccessBackend, waitFor } from '@accessgov/test-backend';
import { runCli } from './__testUtils__/runCli';

jest.setTimeout(120_000);

const b64 = (value: object) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** A Backstage plugin token as a service would hold it (its signature is not read). */
const pluginToken = `${b64({ typ: 'vnd.backstage.plugin', alg: 'ES256' })}.${b64(
  {
    sub: 'plugin:catalog',
    aud: 'backstage',
  },
)}.c2lnbmF0dXJl`;

describe('the access command line against the real backend', () => {
  let emulators: Emulators;
  let backend: Awaited<ReturnType<typeof startAccessBackend>>;
  const envOf = (user: string) => ({
    BACKSTAGE_TOKEN: backend.tokenOf(user),
    BACKSTAGE_URL: backend.baseUrl,
  });
  const access = (user: string, ...argv: string[]) =>
    runCli(argv, { env: envOf(user) });
  const api = async (pathname: string, user: string) => {
    const res = await fetch(
      `${backend.baseUrl}/api/access-governance${pathname}`,
      {
        headers: { Authorization: `Bearer ${backend.tokenOf(user)}` },
      },
    );
    return res.json();
  };
  let adminRequestId: string;

  beforeAll(async () => {
    emulators = await startEmulators({ seed: 'demo' });
    backend = await startAccessBackend({ emulators });
  });

  afterAll(async () => {
    await backend?.stop();
    await emulators?.close();
  });

  it('lists the roles of an app by name: titles, approvers by name, durations', async () => {
    const { code, stdout, stderr } = await access(
      'priya',
      'roles',
      'salesforce',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Salesforce: the roles you can request');
    const lines = stdout.split('\n');
    expect(lines.find(l => l.startsWith('ROLE'))).toMatch(
      /^ROLE\s+ID\s+RISK\s+APPROVAL\s+DURATION\s+FULFILLED$/,
    );
    expect(lines.find(l => l.startsWith('Viewer'))).toMatch(
      /viewer\s+low\s+granted at once/,
    );
    expect(lines.find(l => l.startsWith('System Admin'))).toMatch(
      /admin\s+high\s+app owners \(RevOps\), then Security\s+1 h, 6 h, 1 d \(default 6 h\)/,
    );
    expect(stdout).not.toMatch(/group:|user:/);
    expect(stdout).toContain(
      'Ask with: access request salesforce viewer --for',
    );
  });

  it('finds an app that is not a component by its name, and answers --json with the backend’s answer', async () => {
    const { code, stdout } = await access(
      'priya',
      'roles',
      'aws-production',
      '--json',
    );
    expect(code).toBe(0);
    const app = JSON.parse(stdout);
    expect(app.entityRef).toBe('resource:default/aws-production');
    expect(app.roles.map((r: any) => r.id)).toContain('admin');
  });

  it('requests an auto-approved role for 6h: granted, with its Jira issue', async () => {
    const { code, stdout } = await access(
      'priya',
      'request',
      'salesforce',
      'viewer',
      '--for',
      '6h',
      '--why',
      'Pipeline report for the quarterly review',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Requested Viewer of Salesforce for 6 h.');
    const id = /Request: (\S+)/.exec(stdout)![1];
    const jira = /Jira: +(ACCESS-\d+)/.exec(stdout)![1];
    const request = await api(`/requests/${id}`, 'priya');
    expect(request).toMatchObject({
      requester: 'user:default/priya',
      roleId: 'viewer',
      duration: 'PT6H',
      justification: 'Pipeline report for the quarterly review',
      jiraKey: jira,
    });
  });

  it('requests a role by its title; it waits for its approvers, named', async () => {
    const { code, stdout } = await access(
      'priya',
      'request',
      'salesforce',
      'System Admin',
      '--for',
      '1h',
      '--why',
      'Fix the lead assignment rule',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Requested System Admin of Salesforce for 1 h.');
    expect(stdout).toMatch(
      /State: +Pending approval · Stage 1 of 2 — waiting for app owners \(RevOps\)/,
    );
    adminRequestId = /Request: (\S+)/.exec(stdout)![1];
  });

  it('refuses what is typed wrong before asking anything, with exit code 2', async () => {
    const before = (await api('/requests?requester=me', 'priya')).items.length;
    const noWhy = await access(
      'priya',
      'request',
      'salesforce',
      'viewer',
      '--for',
      '6h',
    );
    expect(noWhy).toMatchObject({ code: 2, stdout: '' });
    expect(noWhy.stderr).toContain(
      '--why is required: say why you need this access',
    );
    const badFor = await access(
      'priya',
      'request',
      'salesforce',
      'viewer',
      '--for',
      '6x',
      '--why',
      'x',
    );
    expect(badFor.code).toBe(2);
    expect(badFor.stderr).toContain(
      '--for 6x: write a duration such as 30m, 6h, 2d, 1d12h or permanent',
    );
    const badRole = await access(
      'priya',
      'request',
      'salesforce',
      'root',
      '--why',
      'x',
    );
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain(
      'Salesforce has no role "root"; its roles are Viewer (viewer), Standard user (standard), System Admin (admin)',
    );
    expect((await api('/requests?requester=me', 'priya')).items.length).toBe(
      before,
    );
  });

  it('passes on the backend’s refusal with exit code 1', async () => {
    const { code, stderr } = await access(
      'priya',
      'request',
      'salesforce',
      'admin',
      '--for',
      '30d',
      '--why',
      'A month',
    );
    expect(code).toBe(1);
    expect(stderr).toBe(
      'Error: duration: The System Admin role can be granted for 1 h, 6 h, 1 d, not 30 d\n',
    );
  });

  it('shows the approver’s inbox with people and apps by name', async () => {
    const { code, stdout } = await access('omar', 'inbox');
    expect(code).toBe(0);
    expect(stdout).toContain('Waiting for your decision (1)');
    const row = stdout.split('\n').find(l => l.includes(adminRequestId))!;
    expect(row).toMatch(
      /^Priya Shah\s+Salesforce\s+System Admin\s+1 h\s+1 of 2\s+just now\s+Fix the lead assignment rule/,
    );
    expect(stdout).not.toMatch(/user:|component:/);
    expect((await access('priya', 'inbox')).stdout).toBe(
      'Nothing waits for your decision.\n',
    );
  });

  it('refuses to approve with a service’s token, and the backend refuses one too', async () => {
    const local = await runCli(['approve', adminRequestId], {
      env: { BACKSTAGE_TOKEN: pluginToken, BACKSTAGE_URL: backend.baseUrl },
    });
    expect(local.code).toBe(1);
    expect(local.stderr).toContain(
      "approve decides as a person, and the token in BACKSTAGE_TOKEN is a service's (plugin:catalog)",
    );
    const remote = await runCli(['approve', adminRequestId], {
      env: {
        BACKSTAGE_TOKEN: mockCredentials.service.token(),
        BACKSTAGE_URL: backend.baseUrl,
      },
    });
    expect(remote.code).toBe(1);
    expect(remote.stderr).toContain("does not allow 'service' credentials");
    const request = await api(`/requests/${adminRequestId}`, 'priya');
    expect(request).toMatchObject({
      status: 'pending',
      currentStage: 0,
      approvals: [],
    });
  });

  it('does not let the requester approve their own request', async () => {
    const { code, stderr } = await access('priya', 'approve', adminRequestId);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'Error: Nobody approves or rejects their own request\n',
    );
    expect(
      (await api(`/requests/${adminRequestId}`, 'priya')).approvals,
    ).toEqual([]);
  });

  it('approves as the person, with a comment, and says who decides next', async () => {
    const { code, stdout } = await access(
      'omar',
      'approve',
      adminRequestId,
      '--comment',
      'For the fix only',
    );
    expect(code).toBe(0);
    expect(stdout).toContain(
      'Approved Priya Shah’s request for System Admin of Salesforce.',
    );
    expect(stdout).toMatch(
      /State: Pending approval · Stage 2 of 2 — now waiting for Security/,
    );
    const request = await api(`/requests/${adminRequestId}`, 'priya');
    expect(request.approvals).toMatchObject([
      {
        stage: 0,
        decision: 'approved',
        decidedBy: 'user:default/omar',
        comment: 'For the fix only',
      },
    ]);
  });

  it('shows my access with its end, relative and absolute, and my requests in words', async () => {
    await waitFor(
      'the viewer grant',
      async () =>
        (await api('/grants?user=me&status=active', 'priya')).items.length ===
        1,
    );
    const { code, stdout } = await access('priya', 'status');
    expect(code).toBe(0);
    const [accessPart, requestsPart] = stdout.split('Your requests');
    expect(accessPart).toMatch(
      /Salesforce\s+Viewer\s+in 6 hours \(\d{1,2} \w{3} \d{4}, \d\d:\d\d UTC\)\s+ACCESS-\d+/,
    );
    const lines = requestsPart.split('\n');
    expect(lines.find(l => l.includes(adminRequestId))).toMatch(
      /^Salesforce\s+System Admin\s+1 h\s+Pending approval · Stage 2 of 2\s+just now/,
    );
    expect(lines.find(l => / Viewer /.test(l))).toMatch(/Granted/);
    expect(stdout).not.toMatch(/user:|component:/);
  });

  it('gives access back by app and role; then I hold none', async () => {
    const { code, stdout } = await access(
      'priya',
      'give-back',
      'salesforce',
      'viewer',
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Gave back Viewer of Salesforce.');
    // The access lasts, ending, until Okta accepted its removal.
    expect(stdout).toMatch(/State: Ending — removal pending/);
    await waitFor('the removal', async () =>
      (await access('priya', 'status')).stdout.includes(
        'You hold no access through access governance.',
      ),
    );
    const again = await access('priya', 'give-back', 'salesforce', 'viewer');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('You do not hold Viewer of Salesforce');
  });

  it('gives access back by the grant that status lists', async () => {
    await access(
      'marco',
      'request',
      'salesforce',
      'viewer',
      '--why',
      'Team dashboard',
    );
    await waitFor('the grant', async () =>
      (await access('marco', 'status')).stdout.includes('Your access\nAPP'),
    );
    const { stdout } = await access('marco', 'status');
    const grantId = /Viewer\s+.*\s+ACCESS-\d+\s+(\S+)/.exec(stdout)![1];
    const { code, stdout: out } = await access(
      'marco',
      'give-back',
      grantId,
      '--json',
    );
    expect(code).toBe(0);
    // Ending: active until Okta accepted the removal.
    expect(JSON.parse(out)).toMatchObject({
      id: grantId,
      status: 'active',
      removal: 'pending',
      endKind: 'given-back',
    });
  });

  it('colours a terminal and nothing else: not a pipe, not with NO_COLOR or --no-color', async () => {
    const tty = await runCli(['roles', 'salesforce'], {
      env: envOf('priya'),
      tty: true,
    });
    expect(tty.stdout).toContain('\u001b[1m');
    const piped = await runCli(['roles', 'salesforce'], {
      env: envOf('priya'),
    });
    expect(piped.stdout).not.toContain('\u001b[');
    const noColor = await runCli(['roles', 'salesforce'], {
      env: { ...envOf('priya'), NO_COLOR: '1' },
      tty: true,
    });
    expect(noColor.stdout).not.toContain('\u001b[');
    const flag = await runCli(['roles', 'salesforce', '--no-color'], {
      env: envOf('priya'),
      tty: true,
    });
    expect(flag.stdout).not.toContain('\u001b[');
  });

  it('signs in with the Backstage CLI’s stored sign-in when BACKSTAGE_TOKEN is not set', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'access-cli-'));
    const saved = {
      config: process.env.XDG_CONFIG_HOME,
      data: process.env.XDG_DATA_HOME,
    };
    process.env.XDG_CONFIG_HOME = path.join(home, 'config');
    process.env.XDG_DATA_HOME = path.join(home, 'data');
    try {
      fs.mkdirSync(path.join(home, 'config/backstage-cli'), {
        recursive: true,
      });
      fs.writeFileSync(
        path.join(home, 'config/backstage-cli/auth-instances.yaml'),
        [
          'instances:',
          '  - name: demo',
          `    baseUrl: ${backend.baseUrl}`,
          '    clientId: backstage-cli',
          `    issuedAt: ${Date.now()}`,
          `    accessTokenExpiresAt: ${Date.now() + 3_600_000}`,
          '    selected: true',
          '',
        ].join('\n'),
      );
      const secrets = path.join(
        home,
        'data/backstage-cli/auth-secrets',
        encodeURIComponent('backstage-cli:auth-instance:demo'),
      );
      fs.mkdirSync(secrets, { recursive: true });
      fs.writeFileSync(
        path.join(secrets, 'accessToken.secret'),
        backend.tokenOf('omar'),
      );

      const { code, stdout, stderr } = await runCli(['inbox'], { env: {} });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toMatch(
        /Nothing waits for your decision|Waiting for your decision/,
      );
    } finally {
      process.env.XDG_CONFIG_HOME = saved.config;
      process.env.XDG_DATA_HOME = saved.data;
      if (saved.config === undefined) delete process.env.XDG_CONFIG_HOME;
      if (saved.data === undefined) delete process.env.XDG_DATA_HOME;
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('says how to sign in when there is no token at all', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'access-cli-'));
    const saved = process.env.XDG_CONFIG_HOME;
    process.env.XDG_CONFIG_HOME = home;
    try {
      const { code, stderr } = await runCli(['status'], { env: {} });
      expect(code).toBe(1);
      expect(stderr).toContain(
        'Not signed in: set BACKSTAGE_TOKEN to a Backstage user token',
      );
    } finally {
      if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = saved;
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
