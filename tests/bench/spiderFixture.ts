import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

/** The committed Spider-format fixture: JSON files and one `.sql` text per database (no binary files). */
export const SPIDER_FIXTURE_SOURCE = path.join(__dirname, 'fixtures', 'spider-mini');

/** A Spider-format folder built from the fixture for one test file. */
export interface SpiderFixture {
  /** The folder (`tables.json`, question files, `database/<db_id>/<db_id>.sqlite`). */
  dir: string;
  /** Removes the folder. */
  remove(): void;
}

/**
 * Copies the fixture into a temporary folder and builds each `database/<db_id>/<db_id>.sqlite` from its
 * `<db_id>.sql`, so the loader, the gold runner and the bench read real SQLite files, as with Spider.
 */
export function createSpiderFixture(): SpiderFixture {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tb-spider-fixture-'));
  cpSync(SPIDER_FIXTURE_SOURCE, dir, { recursive: true });
  const databases = path.join(dir, 'database');
  for (const dbId of readdirSync(databases)) {
    const sqlFile = path.join(databases, dbId, `${dbId}.sql`);
    const db = new Database(path.join(databases, dbId, `${dbId}.sqlite`));
    try {
      // Spider's files were written without enforcing keys (some reference rows that do not exist).
      db.pragma('foreign_keys = OFF');
      db.exec(readFileSync(sqlFile, 'utf8'));
    } finally {
      db.close();
    }
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
