import { Db } from './rows';

/** Whether the database is SQLite (better-sqlite3 or sqlite3). */
export function isSqlite(db: Db): boolean {
  const client = db.client.config.client;
  return client === 'better-sqlite3' || client === 'sqlite3';
}

/** Whether the database is PostgreSQL. */
export function isPostgres(db: Db): boolean {
  const client = db.client.config.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql';
}
