import { createBackendModule } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  AccessRecord,
  AccessRecordInput,
  AccessRecordSystem,
  accessGovernanceProvidersExtensionPoint,
  accessGovernanceRecordsExtensionPoint,
  IdentityProvider,
  IdpGroup,
  IdpUser,
  IdpUserContext,
  IdpUserLookup,
  SideEffectError,
} from '@accessgov/plugin-access-governance-node';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { Knex } from 'knex';
import { entities } from '../__testUtils__/fixtures';
import { inspect, startAccessBackend, waitFor } from '../__testUtils__/harness';

jest.setTimeout(60_000);

function notFound(what: string): SideEffectError {
  return new SideEffectError(`no ${what}`, { retryable: false, status: 404 });
}

/**
 * A directory kept in memory: an identity provider type that a backend module adds. Its
 * users and groups come from its configuration block.
 */
class InMemoryDirectory implements IdentityProvider {
  readonly type = 'in-memory';
  readonly members = new Map<string, Set<string>>();
  readonly changes: string[] = [];
  private readonly users: IdpUser[];

  constructor(
    readonly id: string,
    config: Config,
  ) {
    this.users = config.getStringArray('users').map(email => ({
      id: `user-${email}`,
      email,
      login: email,
      active: true,
    }));
    for (const group of config.getStringArray('groups')) {
      this.members.set(group, new Set());
    }
  }

  async resolveUser(lookup: IdpUserLookup): Promise<IdpUser | undefined> {
    return this.users.find(
      u => u.id === lookup.idpId || u.email === lookup.email?.toLowerCase(),
    );
  }

  async resolveGroup(nameOrId: string): Promise<IdpGroup | undefined> {
    return this.members.has(nameOrId)
      ? { id: nameOrId, name: nameOrId }
      : undefined;
  }

  async addMember(groupId: string, userId: string): Promise<void> {
    this.group(groupId).add(userId);
    this.changes.push(`add ${userId} to ${groupId}`);
  }

  async removeMember(groupId: string, userId: string): Promise<void> {
    this.group(groupId).delete(userId);
    this.changes.push(`remove ${userId} from ${groupId}`);
  }

  async *listMembers(groupId: string): AsyncIterable<IdpUser[]> {
    const ids = [...this.group(groupId)];
    yield this.users.filter(u => ids.includes(u.id));
  }

  async getUserContext(userId: string): Promise<IdpUserContext> {
    const user = this.users.find(u => u.id === userId);
    if (!user) throw notFound(`user ${userId}`);
    return user;
  }

  private group(groupId: string): Set<string> {
    const group = this.members.get(groupId);
    if (!group) throw notFound(`group ${groupId}`);
    return group;
  }
}

interface MemoryRecord {
  key: string;
  input: AccessRecordInput;
  comments: Map<string, string>;
  property: JsonObject;
}

/** A record system kept in memory: one record per correlation key. */
class InMemoryRecords implements AccessRecordSystem {
  readonly records: MemoryRecord[] = [];

  async ensureRecord(input: AccessRecordInput): Promise<AccessRecord> {
    let record = this.records.find(
      r => r.input.correlationKey === input.correlationKey,
    );
    if (!record) {
      record = {
        key: `MEM-${this.records.length + 1}`,
        input,
        comments: new Map(),
        property: input.property,
      };
      this.records.push(record);
    }
    return { key: record.key, url: this.recordUrl(record.key) };
  }

  async addComment(key: string, text: string, eventId: string): Promise<void> {
    const comments = this.record(key).comments;
    if (!comments.has(eventId)) comments.set(eventId, text);
  }

  async transition(key: string): Promise<'done' | 'skipped'> {
    this.record(key);
    return 'skipped';
  }

  async setProperty(key: string, value: JsonObject): Promise<void> {
    this.record(key).property = value;
  }

  recordUrl(key: string): string {
    return `https://records.example.com/${key}`;
  }

  private record(key: string): MemoryRecord {
    const record = this.records.find(r => r.key === key);
    if (!record) throw new Error(`no record ${key}`);
    return record;
  }
}

const directories: InMemoryDirectory[] = [];
const recordSystems: InMemoryRecords[] = [];

const inMemoryDirectoryModule = createBackendModule({
  pluginId: 'access-governance',
  moduleId: 'in-memory-directory',
  register(env) {
    env.registerInit({
      deps: { providers: accessGovernanceProvidersExtensionPoint },
      async init({ providers }) {
        providers.addProviderType('in-memory', ({ id, config }) => {
          const directory = new InMemoryDirectory(id, config);
          directories.push(directory);
          return directory;
        });
      },
    });
  },
});

const inMemoryRecordsModule = createBackendModule({
  pluginId: 'access-governance',
  moduleId: 'in-memory-records',
  register(env) {
    env.registerInit({
      deps: { records: accessGovernanceRecordsExtensionPoint },
      async init({ records }) {
        records.setRecordSystem(() => {
          const system = new InMemoryRecords();
          recordSystems.push(system);
          return system;
        });
      },
    });
  },
});

const intranet: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'intranet', namespace: 'default', title: 'Intranet' },
  spec: {
    type: 'website',
    lifecycle: 'production',
    owner: 'group:default/platform',
    access: {
      provider: 'corp',
      roles: [
        {
          id: 'editor',
          groups: ['Intranet-Editors'],
          risk: 'low',
          approval: 'auto',
        },
      ],
    },
  },
};

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('the plugin with a provider module and a record-system module', () => {
  let emulators: Emulators;
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startAccessBackend>>;

  beforeAll(async () => {
    emulators = await startEmulators({ seed: 'demo' });
    knex = await databases.init('SQLITE_3');
    backend = await startAccessBackend({
      emulators,
      knex,
      entities: [...entities, intranet],
      config: {
        accessGovernance: {
          defaultProvider: 'corp',
          providers: {
            corp: {
              type: 'in-memory',
              users: ['priya@example.com', 'ada@example.com'],
              groups: ['Intranet-Editors'],
            },
          },
        },
      },
      features: [inMemoryDirectoryModule, inMemoryRecordsModule],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await emulators?.close();
  });

  it('creates the configured provider through the module’s provider type', async () => {
    expect(directories.map(d => d.id)).toEqual(['corp']);
    const app = await backend.get('/apps/default/component/intranet', 'priya');
    expect(app.status).toBe(200);
    expect(app.body).toMatchObject({
      provider: 'corp',
      health: { unresolvedGroups: [] },
    });
  });

  it('grants through the module’s provider and records through the module’s record system', async () => {
    const created = await backend.post('/requests', 'priya', {
      entityRef: 'component:default/intranet',
      roleId: 'editor',
      justification: 'Team pages',
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('approved');
    const id = created.body.id;

    const granted = await waitFor('the request to be granted', async () => {
      const res = await backend.get(`/requests/${id}`, 'priya');
      return res.body.status === 'granted' && res.body.jiraKey && res.body;
    });

    const [directory] = directories;
    expect(directory.changes).toEqual([
      'add user-priya@example.com to Intranet-Editors',
    ]);
    expect([...directory.members.get('Intranet-Editors')!]).toEqual([
      'user-priya@example.com',
    ]);

    expect(recordSystems).toHaveLength(1);
    const [records] = recordSystems;
    expect(records.records).toHaveLength(1);
    const [record] = records.records;
    expect(record.input.correlationKey).toBe(id);
    expect(record.input.summary).toMatch(
      /Priya Shah requests editor on Intranet/,
    );
    expect(record.input.description).toContain('Team pages');
    expect(granted.jiraKey).toBe(record.key);
    expect(granted.jiraUrl).toBe(`https://records.example.com/${record.key}`);
    await waitFor('the grant comment', async () =>
      [...record.comments.values()].some(text =>
        text.includes('Added priya@example.com'),
      ),
    );
    expect(record.property).toMatchObject({ requestId: id });

    // Nothing went to the built-in Jira record system.
    expect(inspect(emulators).issueCount()).toBe(0);
  });
});
