import { roleOf, withNames } from './people';

const names = {
  async nameOf(ref: string) {
    const known: Record<string, string> = {
      'user:default/omar': 'Omar Haddad',
      'group:default/revops': 'RevOps',
      'component:default/salesforce': 'Salesforce',
    };
    if (!known[ref]) throw new Error(`no ${ref}`);
    return known[ref];
  },
  async roleTitle(entityRef: string, roleId: string) {
    return entityRef === 'component:default/salesforce' && roleId === 'admin'
      ? 'System Admin'
      : roleId;
  },
};

describe('withNames', () => {
  it('names people, groups, apps and roles', async () => {
    const text = `Approved by user:default/omar for ${roleOf('component:default/salesforce', 'admin')} on component:default/salesforce (group:default/revops).`;
    expect(await withNames(text, names)).toBe(
      'Approved by Omar Haddad for System Admin on Salesforce (RevOps).',
    );
  });

  it('keeps a ref it cannot name, and the id of an unknown role', async () => {
    expect(
      await withNames(
        `user:default/ghost asked for ${roleOf('component:default/wiki', 'editor')}.`,
        names,
      ),
    ).toBe('user:default/ghost asked for editor.');
  });

  it('leaves words that only look like refs alone', async () => {
    expect(await withNames('system:expiry-sweep at 12:05', names)).toBe(
      'system:expiry-sweep at 12:05',
    );
  });
});
