import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * TestDatabases silently skips engines it cannot reach. In CI that would turn every
 * PostgreSQL case into a no-op, so CI insists on the engine being there.
 */
describe('test database engines', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it('runs PostgreSQL and SQLite cases (PostgreSQL is required when CI is set)', () => {
    const ids = databases.eachSupportedId().map(([id]) => id);
    const required = process.env.CI
      ? ['POSTGRES_15', 'SQLITE_3']
      : ['SQLITE_3'];
    expect(ids).toEqual(expect.arrayContaining(required));
  });
});
