import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PgliteSource } from '../../src/sources/pgliteSource';
import { PgSource } from '../../src/sources/pgSource';
import type { DataSource } from '../../src/sources/types';

/**
 * The Postgres server the suite runs against, when set (CI sets it for its second run).
 * Unset: every test database is an in-memory PGlite.
 */
export const TEST_SERVER_URL = process.env.TABLEBOT_TEST_DATABASE_URL || undefined;

/** Which backend this run uses, for test names. */
export const BACKEND = TEST_SERVER_URL ? 'postgres' : 'pglite';

/** A fresh, empty database for one test file, and how to throw it away. */
export interface TestDatabase {
  source: DataSource;
  /** Connection URL (server) or undefined (PGlite). */
  url: string | undefined;
  /** Closes connections and drops the database. */
  drop(): Promise<void>;
}

/** Creates a fresh database on the test server, or an in-memory PGlite when none is configured. */
export async function createTestDatabase(prefix = 'tb_test'): Promise<TestDatabase> {
  if (!TEST_SERVER_URL) {
    const source = await PgliteSource.create();
    return { source, url: undefined, drop: () => source.close() };
  }
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  const source = await PgSource.create({ url: url.toString() });
  return {
    source,
    url: url.toString(),
    async drop() {
      await source.close();
      const c = new Client({ connectionString: TEST_SERVER_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * Runs `sql` on the server database `url` over one connection of its own and has that connection's write
 * counters flushed before it returns. A server backend otherwise flushes them on its own time (up to
 * seconds after the write, or as it exits after the client has gone), so a reindex right after a write
 * could see the write on a later run only and count it as a change there.
 */
export async function execFlushed(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
    // flushed when the backend goes idle after this statement, before it answers (PostgreSQL 15+)
    await client.query('SELECT pg_stat_force_next_flush()');
  } finally {
    await client.end();
  }
}

/** Connects to a server test database as `role` (a LOGIN role the test created; roles need the server). */
export function connectAs(db: TestDatabase, role: string): Promise<PgSource> {
  if (db.url === undefined) throw new Error(`connectAs: role ${role} needs the Postgres server`);
  const url = new URL(db.url);
  url.username = role;
  return PgSource.create({ url: url.toString() });
}

/** Drops a role a test created (once the databases that granted it something are dropped). */
export async function dropRole(role: string): Promise<void> {
  const admin = new Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
  } finally {
    await admin.end();
  }
}
