import { TestDatabases } from '@backstage/backend-test-utils';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { Entity } from '@backstage/catalog-model';
import { entities } from '../__testUtils__/fixtures';
import { startAccessBackend } from '../__testUtils__/harness';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** An app that leaves its provider to `accessGovernance.defaultProvider`. */
const wiki: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'wiki', namespace: 'default', title: 'Wiki' },
  spec: {
    type: 'saas',
    lifecycle: 'production',
    owner: 'group:default/platform',
    access: {
      roles: [{ id: 'reader', groups: ['Wiki-Readers'], risk: 'low' }],
    },
  },
};

/** What an adopter sees who installed the plugin before configuring an identity provider. */
describe('the plugin without an identity provider', () => {
  let emulators: Emulators;
  let backend: Awaited<ReturnType<typeof startAccessBackend>>;

  beforeAll(async () => {
    emulators = await startEmulators({ seed: 'demo' });
    backend = await startAccessBackend({
      emulators,
      knex: await databases.init('SQLITE_3'),
      entities: [...entities, wiki],
      config: {
        accessGovernance: { providers: {}, defaultProvider: undefined },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await emulators?.close();
  });

  it('starts, and refuses a request with the configuration it needs', async () => {
    const unnamed = await backend.post('/requests', 'priya', {
      entityRef: 'component:default/wiki',
      roleId: 'reader',
      justification: 'Team onboarding notes',
    });
    expect(unnamed.status).toBe(409);
    expect(unnamed.body.error.message).toBe(
      'component:default/wiki names no identity provider: configure one under accessGovernance.providers (and accessGovernance.defaultProvider when there are several), or set spec.access.provider',
    );
    const named = await backend.post('/requests', 'priya', {
      entityRef: 'component:default/salesforce',
      roleId: 'viewer',
      justification: 'Quarterly pipeline review',
    });
    expect(named.status).toBe(409);
    expect(named.body.error.message).toBe(
      'component:default/salesforce uses identity provider "okta", which is not configured under accessGovernance.providers',
    );
    const mine = await backend.get('/requests?requester=me', 'priya');
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([]);
  });
});
