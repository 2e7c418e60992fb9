import { Emulators, startEmulators } from '@accessgov/emulators';
import { HostDiscovery } from '@backstage/backend-defaults/discovery';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { startAccessBackend, waitFor } from '@accessgov/test-backend';
import { createRequestAccessAction } from './requestAccess';

jest.setTimeout(120_000);

describe('access-governance:request against the real backend', () => {
  let emulators: Emulators;
  let backend: Awaited<ReturnType<typeof startAccessBackend>>;
  let action: ReturnType<typeof createRequestAccessAction>;

  /** Runs the action as a template run by `user` would. */
  const logged: string[] = [];

  async function run(user: string, input: Record<string, unknown>, extra = {}) {
    const outputs: Record<string, unknown> = {};
    const base = createMockActionContext({ input: input as any });
    const ctx = {
      ...base,
      logger: {
        ...base.logger,
        info: (message: string) => logged.push(message),
      },
      getInitiatorCredentials: async () =>
        mockCredentials.user(`user:default/${user}`),
      output: (name: string, value: unknown) => {
        outputs[name] = value;
      },
      ...extra,
    };
    await action.handler(ctx as any);
    return outputs;
  }

  const api = async (path: string, user: string, init: RequestInit = {}) => {
    const res = await fetch(`${backend.baseUrl}/api/access-governance${path}`, {
      ...init,
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${backend.tokenOf(user)}`,
      },
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    emulators = await startEmulators({ seed: 'demo' });
    backend = await startAccessBackend({ emulators });
    action = createRequestAccessAction({
      // The scaffolder's own services: discovery of the running backend, and the test
      // backend's auth, which issues tokens on behalf of the template's runner.
      discovery: HostDiscovery.fromConfig(
        new ConfigReader({
          backend: {
            baseUrl: backend.baseUrl,
            listen: { port: Number(new URL(backend.baseUrl).port) },
          },
        }),
      ),
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      catalog: catalogServiceMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'salesforce', title: 'Salesforce' },
          },
        ],
      }),
      recordWaitMs: 20_000,
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await emulators?.close();
  });

  it('grants an auto-approved role as the person running the template and returns its Jira key', async () => {
    const out = await run('priya', {
      app: 'component:default/salesforce',
      role: 'Viewer',
      duration: 'PT6H',
      justification: 'Pipeline report for the quarterly review',
    });
    expect(out).toMatchObject({
      requestId: expect.any(String),
      jiraKey: expect.stringMatching(/^ACCESS-\d+$/),
      requestPath: `/access/requests/${out.requestId}`,
    });

    const { status, body } = await api(`/requests/${out.requestId}`, 'priya');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      requester: 'user:default/priya',
      entityRef: 'component:default/salesforce',
      roleId: 'viewer',
      duration: 'PT6H',
      justification: 'Pipeline report for the quarterly review',
      jiraKey: out.jiraKey,
    });
    expect(['approved', 'granted']).toContain(out.status);
    expect(logged).toContain(
      `Requested Viewer of Salesforce (request ${out.requestId})`,
    );
    const granted = await waitFor('the grant', async () => {
      const r = await api(`/requests/${out.requestId}`, 'priya');
      return r.body.status === 'granted' && r.body;
    });
    expect(granted.grantId).toEqual(expect.any(String));
  });

  it('leaves a role that needs approval pending, for its approvers to decide', async () => {
    const out = await run('priya', {
      app: 'salesforce',
      role: 'admin',
      duration: 'PT1H',
      justification: 'Fix the broken lead assignment rule',
    });
    expect(out).toMatchObject({
      status: 'pending',
      statusText: 'Pending approval · Stage 1 of 2',
    });
    const inbox = await api('/requests?approver=me&status=pending', 'omar');
    expect(inbox.body.items.map((r: any) => r.id)).toContain(out.requestId);
  });

  it('refuses a role the app does not have, naming the roles it has', async () => {
    await expect(
      run('priya', {
        app: 'component:default/salesforce',
        role: 'superuser',
        justification: 'Because',
      }),
    ).rejects.toThrow(
      'role: component:default/salesforce has no role "superuser"; its roles are Viewer (viewer), Standard user (standard), System Admin (admin)',
    );
  });

  it('passes the backend’s refusal of a duration on as an input error, and makes no request', async () => {
    const before = await api('/requests?requester=me', 'priya');
    await expect(
      run('priya', {
        app: 'component:default/salesforce',
        role: 'admin',
        duration: 'P30D',
        justification: 'A month of admin',
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/P30D|duration/),
    });
    const after = await api('/requests?requester=me', 'priya');
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('names an app that declares no roles as a bad input', async () => {
    await expect(
      run('priya', {
        app: 'component:default/wiki',
        role: 'viewer',
        justification: 'Reading',
      }),
    ).rejects.toMatchObject({ name: 'InputError' });
  });

  it('asks on behalf of someone: the manager asks, the report holds the request', async () => {
    const outputs = await run('marco', {
      app: 'component:default/salesforce',
      role: 'standard',
      justification: 'For Priya, who joins the pipeline review on Monday',
      requestedFor: 'user:default/priya',
    });
    const request = await api(`/requests/${outputs.requestId}`, 'priya');
    expect(request.status).toBe(200);
    expect(request.body).toMatchObject({
      requester: 'user:default/priya',
      requestedBy: 'user:default/marco',
      roleId: 'standard',
    });
  });

  it('refuses to ask for someone who is not a report of the runner', async () => {
    await expect(
      run('priya', {
        app: 'component:default/salesforce',
        role: 'standard',
        justification: 'For the new analyst, who starts Monday',
        requestedFor: 'user:default/lena',
      }),
    ).rejects.toThrow(/manager or an administrator/);
  });

  it('checks the app and the role in a dry run without asking', async () => {
    const before = await api('/requests?requester=me', 'marco');
    const out = await run(
      'marco',
      {
        app: 'component:default/salesforce',
        role: 'viewer',
        justification: 'Trying the template',
      },
      { isDryRun: true },
    );
    expect(out).toMatchObject({ status: 'pending', requestId: 'dry-run' });
    const after = await api('/requests?requester=me', 'marco');
    expect(after.body.items.length).toBe(before.body.items.length);
  });
});
