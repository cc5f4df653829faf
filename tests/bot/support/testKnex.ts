import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { migrateLatest } from '../../../src/store/metadataStore';
import { createTestDatabase, TEST_SERVER_URL } from '../../support/databases';

/** A migrated metadata store for one test file, and how to throw it away. */
export interface TestKnex {
  knex: Knex;
  /** Opens a second, independent connection pool to the same database (a second bot instance). */
  another(): Knex | null;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated metadata store: an in-memory PGlite through knex-pglite, or a fresh database on the
 * Postgres server (through knex's `pg` client) when TABLEBOT_TEST_DATABASE_URL is set.
 */
export async function createTestKnex(): Promise<TestKnex> {
  if (!TEST_SERVER_URL) {
    const knex = knexFactory({ client: ClientPgLite, connection: {} });
    await migrateLatest(knex);
    return { knex, another: () => null, drop: () => knex.destroy() };
  }
  const db = await createTestDatabase('tb_bot');
  const url = db.url ?? TEST_SERVER_URL;
  const open = () =>
    knexFactory({ client: 'pg', connection: { connectionString: url }, pool: { min: 0, max: 4 } });
  const knex = open();
  const extra: Knex[] = [];
  await migrateLatest(knex);
  return {
    knex,
    another() {
      const k = open();
      extra.push(k);
      return k;
    },
    async drop() {
      await Promise.all([knex, ...extra].map((k) => k.destroy()));
      await db.drop();
    },
  };
}
