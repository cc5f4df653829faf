import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createMetadataKnex } from '../../src/store/metadataStore';
import { createTestDatabase } from '../support/databases';

/** A fresh, empty metadata store for one test file and how to throw it away. */
export interface MetadataFixture {
  knex: Knex;
  /** `pglite` (a temporary data folder) or `postgres` (a fresh database on the test server). */
  backend: 'pglite' | 'postgres';
  drop(): Promise<void>;
}

/**
 * Opens an empty metadata store: a fresh database on the test server when TABLEBOT_TEST_DATABASE_URL is set,
 * else PGlite in a temporary folder (the production default).
 */
export async function createMetadataFixture(): Promise<MetadataFixture> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tb-meta-'));
  const db = await createTestDatabase('tb_meta');
  if (!db.url) {
    await db.drop();
    const knex = await createMetadataKnex({ dataDir });
    return {
      knex,
      backend: 'pglite',
      async drop() {
        await knex.destroy();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const knex = await createMetadataKnex({ databaseUrl: db.url, dataDir });
  return {
    knex,
    backend: 'postgres',
    async drop() {
      await knex.destroy();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
