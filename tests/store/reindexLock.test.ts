import { Client } from 'pg';
import { REINDEX_ADVISORY_KEY, ReindexLock } from '../../src/store/reindexLock';
import { TEST_SERVER_URL } from '../support/databases';
import { createMetadataFixture, type MetadataFixture } from './metadataFixture';
import { itWhen } from '../support/skip';

describe('ReindexLock', () => {
  let fixture: MetadataFixture;

  beforeAll(async () => {
    fixture = await createMetadataFixture();
  }, 120_000);
  afterAll(async () => {
    await fixture?.drop();
  });

  it('runs the holders of one metadata store one at a time, in order, whatever their outcome', async () => {
    const lock = new ReindexLock({ knex: fixture.knex });
    const events: string[] = [];
    const work = (name: string, fail = false) =>
      lock.run(async () => {
        events.push(`${name} start`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        events.push(`${name} end`);
        if (fail) throw new Error(`${name} failed`);
        return name;
      });
    const results = await Promise.allSettled([work('a'), work('b', true), work('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  itWhen(
    Boolean(TEST_SERVER_URL),
    'needs TABLEBOT_TEST_DATABASE_URL: PostgreSQL advisory locks held by another connection; PGlite is one connection',
  )('gives up with REINDEX_LOCKED when another process holds the advisory lock past the wait', async () => {
    const lock = new ReindexLock({ knex: fixture.knex, waitTimeoutMs: 300 });
    expect(lock.serverSide).toBe(true);
    const database = await fixture.knex.raw<{ rows: { db: string }[] }>('SELECT current_database() AS db');
    const url = new URL(TEST_SERVER_URL ?? '');
    url.pathname = `/${database.rows[0].db}`;
    const other = new Client({ connectionString: url.toString() });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1::bigint)', [REINDEX_ADVISORY_KEY]);
      const started = performance.now();
      await expect(lock.run(async () => 'never')).rejects.toMatchObject({ code: 'REINDEX_LOCKED' });
      expect(performance.now() - started).toBeLessThan(5000);
      await other.query('SELECT pg_advisory_unlock($1::bigint)', [REINDEX_ADVISORY_KEY]);
      await expect(lock.run(async () => 'ran')).resolves.toBe('ran');
    } finally {
      await other.end();
    }
  });
});
