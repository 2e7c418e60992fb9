import { createServiceFactory } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  SignalPayload,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { startAccessBackend, waitFor } from '../__testUtils__/harness';
import { ACCESS_SIGNAL_CHANNEL, signalsFor } from './AccessSignals';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('signalsFor', () => {
  it('names each request, grant and review an audit event is about', () => {
    expect(
      signalsFor({
        entityRef: 'component:default/salesforce',
        type: 'access-granted',
        actor: 'system',
        requestId: 'r1',
        grantId: 'g1',
        details: {},
      }),
    ).toEqual([
      { kind: 'request', id: 'r1', entityRef: 'component:default/salesforce' },
      { kind: 'grant', id: 'g1', entityRef: 'component:default/salesforce' },
    ]);
    expect(
      signalsFor({
        entityRef: 'component:default/salesforce',
        type: 'review-decided',
        actor: 'user:default/omar',
        requestId: null,
        grantId: null,
        details: { reviewId: 'c1' },
      }),
    ).toEqual([
      { kind: 'review', id: 'c1', entityRef: 'component:default/salesforce' },
    ]);
  });
});

describe('signals of state changes', () => {
  let emulators: Emulators;
  let backend: Awaited<ReturnType<typeof startAccessBackend>>;
  const published: SignalPayload[] = [];

  beforeAll(async () => {
    emulators = await startEmulators({ seed: 'demo' });
    const knex = await databases.init('SQLITE_3');
    backend = await startAccessBackend({
      emulators,
      knex,
      features: [
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({
            async publish(signal: SignalPayload) {
              published.push(signal);
            },
          }),
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await emulators?.close();
  });

  const signalsOf = (id: string) =>
    published.filter(s => (s.message as { id?: string }).id === id);

  it('tells the requester and the approvers when a request is made, decided and granted', async () => {
    const created = await backend.post('/requests', 'priya', {
      entityRef: 'component:default/salesforce',
      roleId: 'standard',
      justification: 'Quarterly forecast',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;

    const first = await waitFor(
      'a signal of the new request',
      async () => signalsOf(id)[0],
    );
    expect(first).toEqual({
      channel: ACCESS_SIGNAL_CHANNEL,
      recipients: {
        type: 'user',
        entityRef: expect.arrayContaining([
          'user:default/priya',
          'group:default/revops',
        ]),
      },
      message: {
        kind: 'request',
        id,
        entityRef: 'component:default/salesforce',
      },
    });

    const before = signalsOf(id).length;
    expect(
      (await backend.post(`/requests/${id}/approve`, 'omar', {})).status,
    ).toBe(200);
    await waitFor(
      'a signal of the decision',
      async () => signalsOf(id).length > before,
    );

    // The grant is made by a job: its signal names the new grant and reaches the holder.
    const granted = await waitFor('the grant', async () => {
      const body = (await backend.get(`/requests/${id}`, 'priya')).body;
      return body.status === 'granted' && body;
    });
    const grantSignal = await waitFor(
      'a signal of the grant',
      async () => signalsOf(granted.grantId)[0],
    );
    expect(grantSignal.message).toEqual({
      kind: 'grant',
      id: granted.grantId,
      entityRef: 'component:default/salesforce',
    });
    expect(grantSignal.recipients).toEqual({
      type: 'user',
      entityRef: expect.arrayContaining(['user:default/priya']),
    });
  });

  it('sends nothing for a change that was refused', async () => {
    const count = published.length;
    const refused = await backend.post('/requests', 'priya', {
      entityRef: 'component:default/salesforce',
      roleId: 'standard',
      justification: '',
    });
    expect(refused.status).toBe(400);
    await new Promise(r => setTimeout(r, 200));
    expect(published.length).toBe(count);
  });
});
