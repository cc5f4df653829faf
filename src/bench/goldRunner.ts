import Database from 'better-sqlite3';
import { errorMessage } from '../errors';
import { spiderDatabaseFile } from './spiderDataset';
import { singleQuoteDoubleQuotedStrings } from './sqliteSql';

/** An open SQLite file and the lower-cased names of its tables and columns. */
interface OpenDatabase {
  db: Database.Database;
  identifiers: Set<string>;
}

/** The result of one gold query on its SQLite file. */
export type GoldResult = { ok: true; columns: string[]; rows: unknown[][] } | { ok: false; error: string };

/** Options for {@link GoldRunner.create}. */
export interface GoldRunnerOptions {
  /** A Spider-format folder (`database/<db_id>/<db_id>.sqlite`). */
  spiderDir: string;
}

/**
 * Runs Spider gold SQL on the original SQLite files (read-only), the reference for execution accuracy.
 * Files open on first use and stay open until {@link GoldRunner.close}.
 */
export class GoldRunner {
  private readonly spiderDir: string;
  private readonly open = new Map<string, OpenDatabase>();

  private constructor(spiderDir: string) {
    this.spiderDir = spiderDir;
  }

  /** Creates a runner; nothing is opened until a query needs it. */
  static create(options: GoldRunnerOptions): GoldRunner {
    return new GoldRunner(options.spiderDir);
  }

  private database(dbId: string): OpenDatabase {
    let open = this.open.get(dbId);
    if (!open) {
      const db = new Database(spiderDatabaseFile(this.spiderDir, dbId), {
        readonly: true,
        fileMustExist: true,
      });
      const identifiers = new Set<string>();
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").all() as {
        name: string;
      }[];
      for (const { name } of tables) {
        identifiers.add(name.toLowerCase());
        const columns = db.prepare('SELECT name FROM pragma_table_info(?)').all(name) as { name: string }[];
        for (const c of columns) identifiers.add(c.name.toLowerCase());
      }
      open = { db, identifiers };
      this.open.set(dbId, open);
    }
    return open;
  }

  /**
   * Runs one gold query; a failure (missing file, SQL error) is returned, never thrown. Double-quoted
   * strings are read as SQLite's default build reads them (see `singleQuoteDoubleQuotedStrings`).
   */
  run(options: { dbId: string; sql: string }): GoldResult {
    try {
      const { db, identifiers } = this.database(options.dbId);
      const sql = singleQuoteDoubleQuotedStrings(options.sql, (name) => identifiers.has(name.toLowerCase()));
      const statement = db.prepare(sql).raw(true);
      const columns = statement.columns().map((c) => c.name);
      return { ok: true, columns, rows: statement.all() as unknown[][] };
    } catch (error) {
      return { ok: false, error: `GoldRunner.run: ${options.dbId}: ${errorMessage(error)}` };
    }
  }

  /** Closes every open SQLite file. */
  close(): void {
    for (const { db } of this.open.values()) db.close();
    this.open.clear();
  }
}
