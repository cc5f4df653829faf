import { PGlite } from '@electric-sql/pglite';
import { DataDirLock } from './dataDirLock';
import type { ArrayQueryResult, DataSource, Queryable, QueryResult, ReadOnlyOptions } from './types';

/** The subset of PGlite and its transactions that tablebot uses. */
interface PgliteLike {
  query<R>(
    sql: string,
    params?: unknown[],
    options?: { rowMode?: 'array' | 'object' },
  ): Promise<{ rows: R[]; fields: { name: string; dataTypeID: number }[] }>;
  exec(sql: string): Promise<unknown>;
}

function wrap(db: PgliteLike): Queryable {
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const r = await db.query<R>(sql, params ? [...params] : undefined);
      return { rows: r.rows };
    },
    async queryArrays(sql: string, params?: readonly unknown[]): Promise<ArrayQueryResult> {
      const r = await db.query<unknown[]>(sql, params ? [...params] : undefined, { rowMode: 'array' });
      return {
        columns: r.fields.map((f) => f.name),
        rows: r.rows,
        columnTypes: r.fields.map((f) => f.dataTypeID),
      };
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql);
    },
  };
}

/** Options for {@link PgliteSource.create}. */
export interface PgliteSourceOptions {
  /** Data folder; omit for an in-memory database. */
  dataDir?: string;
  /** Source id. @default `pglite:<dataDir>` or `pglite:memory` */
  id?: string;
  /** An existing PGlite instance to wrap instead of opening one. */
  instance?: PGlite;
}

/** An embedded Postgres (PGlite, Postgres compiled to WASM) used as a data source. */
export class PgliteSource implements DataSource {
  public readonly id: string;
  public readonly label: string;
  public readonly enforcesStatementTimeout = false;
  /** The wrapped PGlite instance. */
  public readonly db: PGlite;
  private readonly q: Queryable;
  private queue: Promise<unknown> = Promise.resolve();
  private lock: DataDirLock | undefined;

  private constructor(db: PGlite, id: string, label: string) {
    this.db = db;
    this.id = id;
    this.label = label;
    this.q = wrap(db as unknown as PgliteLike);
  }

  /** Opens (or creates) the database. */
  static async create(options: PgliteSourceOptions = {}): Promise<PgliteSource> {
    const lock = options.dataDir && !options.instance ? DataDirLock.acquire(options.dataDir) : undefined;
    try {
      const db = options.instance ?? (options.dataDir ? new PGlite(options.dataDir) : new PGlite());
      await db.waitReady;
      const label = options.dataDir ? `pglite:${options.dataDir}` : 'pglite:memory';
      const source = new PgliteSource(db, options.id ?? label, label);
      source.lock = lock;
      return source;
    } catch (error) {
      lock?.release();
      throw error;
    }
  }

  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return this.serial(() => this.q.query<R>(sql, params));
  }

  queryArrays(sql: string, params?: readonly unknown[]): Promise<ArrayQueryResult> {
    return this.serial(() => this.q.queryArrays(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.serial(() => this.q.exec(sql));
  }

  /** Runs one task at a time on the single connection, so no call lands inside another's transaction. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** PGlite has one connection: read-only transactions are serialised and always rolled back. */
  readOnly<T>(fn: (q: Queryable) => Promise<T>, options: ReadOnlyOptions): Promise<T> {
    const run = async (): Promise<T> => {
      await this.db.exec('BEGIN READ ONLY');
      try {
        await this.db.exec(
          `SET LOCAL statement_timeout = ${Math.max(1, Math.floor(options.statementTimeoutMs))}`,
        );
        if (options.role) await this.db.exec(`SET LOCAL ROLE "${options.role.replace(/"/g, '""')}"`);
        return await fn(this.q);
      } finally {
        await this.db.exec('ROLLBACK');
      }
    };
    return this.serial(run);
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
    this.lock?.release();
  }
}
