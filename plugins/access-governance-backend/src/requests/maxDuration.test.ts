import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { startAccessBackend } from '../__testUtils__/harness';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('accessGovernance.requests.maxDuration', () => {
  let emulators: Emulators;
  let backend: Awaited<ReturnType<typeof startAccessBackend>>;

  beforeAll(async () => {
    emulators = await startEmulators({ seed: 'demo' });
    backend = await startAccessBackend({
      emulators,
      knex: await databases.init('SQLITE_3'),
      config: { accessGovernance: { requests: { maxDuration: 'P30D' } } },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await emulators?.close();
  });

  const ask = (duration: string | null) =>
    backend.post('/requests', 'priya', {
      entityRef: 'component:default/salesforce',
      roleId: 'standard',
      duration,
      justification: 'Quarterly forecast',
    });

  it('refuses a longer grant of a role without a max, with a 400 naming the field', async () => {
    const res = await ask('P99999D');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message:
        'duration: The Standard role can be granted for at most 30 d, not 99999 d',
    });
    expect((await ask('P31D')).status).toBe(400);
  });

  it('accepts a grant up to the maximum', async () => {
    const res = await ask('P30D');
    expect(res.status).toBe(201);
    expect(res.body.duration).toBe('P30D');
  });
});
