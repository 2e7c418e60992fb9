import path from 'node:path';
import { Emulators, startEmulators } from '@accessgov/emulators';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  demoCatalog,
  startAccessBackend,
  waitFor,
} from '@accessgov/test-backend';
import scaffolderModuleAccessGovernance from '.';

jest.setTimeout(120_000);

/**
 * The demo's "Request access to an app" template, run by the real scaffolder as "Create..."
 * runs it: the task acts as the person who started it.
 */
describe('the "Request access to an app" template', () => {
  let emulators: Emulators;
  let backend: Awaited<ReturnType<typeof startAccessBackend>>;

  const call = async (url: string, user: string, body?: object) => {
    const res = await fetch(`${backend.baseUrl}${url}`, {
      method: body ? 'POST' : 'GET',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${backend.tokenOf(user)}`,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    emulators = await startEmulators({ seed: 'demo' });
    backend = await startAccessBackend({
      emulators,
      features: [
        scaffolderPlugin,
        scaffolderEntityModel,
        scaffolderModuleAccessGovernance,
      ],
      catalogFiles: [path.join(demoCatalog, 'templates/request-access.yaml')],
    });
    await waitFor('the template in the catalog', async () => {
      const res = await call(
        '/api/catalog/entities/by-name/template/default/request-access',
        'priya',
      );
      return res.status === 200;
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await emulators?.close();
  });

  it('is served with its form: the app picker limited to apps that declare roles', async () => {
    const { status, body } = await call(
      '/api/scaffolder/v2/templates/default/template/request-access/parameter-schema',
      'priya',
    );
    expect(status).toBe(200);
    expect(body.title).toBe('Request access to an app');
    const [form] = body.steps;
    expect(form.schema.required).toEqual(['app', 'role', 'justification']);
    expect(form.schema.properties.app['ui:field']).toBe('EntityPicker');
  });

  it('requests the role as the person who runs it and ends with the request and its Jira issue', async () => {
    const created = await call('/api/scaffolder/v2/tasks', 'priya', {
      templateRef: 'template:default/request-access',
      values: {
        app: 'component:default/salesforce',
        role: 'Viewer',
        duration: 'PT6H',
        justification: 'Pipeline report for the quarterly review',
      },
    });
    expect(created.status).toBe(201);
    const task = await waitFor('the task to finish', async () => {
      const res = await call(
        `/api/scaffolder/v2/tasks/${created.body.id}`,
        'priya',
      );
      return ['completed', 'failed'].includes(res.body.status) && res.body;
    });
    const events = await call(
      `/api/scaffolder/v2/tasks/${created.body.id}/events`,
      'priya',
    );
    const messages = events.body
      .map((e: any) => e.body.message)
      .filter(Boolean);
    expect({ status: task.status, messages }).toMatchObject({
      status: 'completed',
    });
    const completion = events.body.find((e: any) => e.type === 'completion');
    const { links, text } = completion.body.output;
    const requestId = links[0].url.replace('/access/requests/', '');
    expect(links).toEqual([
      { title: 'Your request', url: `/access/requests/${requestId}` },
      { title: 'The app', entityRef: 'component:default/salesforce' },
    ]);
    const request = await call(
      `/api/access-governance/requests/${requestId}`,
      'priya',
    );
    expect(request.body).toMatchObject({
      requester: 'user:default/priya',
      roleId: 'viewer',
      duration: 'PT6H',
      justification: 'Pipeline report for the quarterly review',
    });
    expect(text[0].content).toContain(`Jira issue: ${request.body.jiraKey}`);
    expect(text[0].content).toMatch(/\*\*(Granted|Approved.*)\*\*/);
  });
});
