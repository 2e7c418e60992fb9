import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** Where the knex migrations of this plugin live (the package root, shipped with it). */
export const migrationsDir = resolvePackagePath(
  '@accessgov/plugin-access-governance-backend',
  'migrations',
);

/** Brings the plugin's tables up to date. */
export async function applyDatabaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: migrationsDir,
    tableName: 'access_governance_knex_migrations',
  });
}
