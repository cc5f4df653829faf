import type * as Pglite from '@electric-sql/pglite';
import type { PGlite } from '@electric-sql/pglite';
import { QueryTimeoutError } from '../errors';
import { DataDirLock } from './dataDirLock';
import { PgliteWorker } from './pgliteWorker';
import type { ArrayQueryResult, DataSource, Queryable, QueryResult, ReadOnlyOptions } from './types';

/** Where the queries run: PGlite in this thread, or on a worker thread that a timeout can stop. */
interface PgliteBackend {
  /** Whether a timeout passed to a call really stops the statement. */
  readonly interruptible: boolean;
  /** Changes when the session is replaced (the worker thread stopped and reopened). */
  session(): number;
  /** Resolves when the session can take queries (a replaced worker thread has reopened the folder). */
  whenReady(): Promise<void>;
  query(
    sql: string,
    params: unknown[] | undefined,
    rowMode: 'array' | 'object',
    timeoutMs?: number,
  ): Promise<{ rows: unknown[]; fields: { name: string; dataTypeID: number }[] }>;
  exec(sql: string, timeoutMs?: number): Promise<void>;
  /** Statements without parameters in one round trip, rows as arrays; absent in this thread. */
  queryMany?(
    sqls: readonly string[],
    timeoutMs?: number,
  ): Promise<{ rows: unknown[]; fields: { name: string; dataTypeID: number }[] }[]>;
  close(): Promise<void>;
}

function inProcess(db: PGlite): PgliteBackend {
  return {
    interruptible: false,
    session: () => 0,
    whenReady: () => db.waitReady,
    query: (sql, params, rowMode) => db.query<unknown>(sql, params, { rowMode }),
    exec: async (sql) => {
      await db.exec(sql);
    },
    close: async () => {
      if (!db.closed) await db.close();
    },
  };
}

function onWorker(worker: PgliteWorker): PgliteBackend {
  return {
    interruptible: true,
    session: () => worker.restarts,
    whenReady: () => worker.whenReady(),
    query: (sql, params, rowMode, timeoutMs) =>
      worker.request({ op: 'query', sql, params, rowMode }, timeoutMs),
    exec: async (sql, timeoutMs) => {
      await worker.request({ op: 'exec', sql }, timeoutMs);
    },
    queryMany: (sqls, timeoutMs) => worker.requestMany(sqls, 'array', timeoutMs),
    close: () => worker.close(),
  };
}

/** Queries on a backend; `remainingMs` (when given) is the time budget left for each call. */
function wrap(backend: PgliteBackend, remainingMs?: () => number): Queryable {
  const budget = (): number | undefined => {
    if (remainingMs === undefined) return undefined;
    const left = remainingMs();
    if (left <= 0) {
      throw new QueryTimeoutError('PgliteSource.readOnly: the transaction ran past its time budget');
    }
    return left;
  };
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const r = await backend.query(sql, params ? [...params] : undefined, 'object', budget());
      return { rows: r.rows as R[] };
    },
    ...(backend.queryMany === undefined
      ? {}
      : {
          async queryArraysMany(sqls: readonly string[]): Promise<ArrayQueryResult[]> {
            const results = (await backend.queryMany?.(sqls, budget())) ?? [];
            return results.map((r) => ({
              columns: r.fields.map((f) => f.name),
              rows: r.rows as unknown[][],
              columnTypes: r.fields.map((f) => f.dataTypeID),
            }));
          },
        }),
    async queryArrays(sql: string, params?: readonly unknown[]): Promise<ArrayQueryResult> {
      const r = await backend.query(sql, params ? [...params] : undefined, 'array', budget());
      return {
        columns: r.fields.map((f) => f.name),
        rows: r.rows as unknown[][],
        columnTypes: r.fields.map((f) => f.dataTypeID),
      };
    },
    async exec(sql: string): Promise<void> {
      await backend.exec(sql, budget());
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
  /**
   * Run a folder's PGlite on a worker thread, so that read-only transactions honour their statement
   * timeout (the thread is stopped and reopened). In-memory databases and wrapped instances always run in
   * this thread (stopping them would lose their data). @default true
   */
  worker?: boolean;
  /**
   * Extra time over the statement timeout before a read-only transaction on the worker is stopped.
   * @default 250
   */
  timeoutGraceMs?: number;
  /**
   * Postgres `shared_buffers` of a PGlite opened on a folder. PGlite's Postgres touches all of its buffers
   * when it starts, so they are resident from the first second: the default 128MB costs ~115 MiB more than
   * {@link ANSWERING_SHARED_BUFFERS}; the data files stay in the kernel's page cache either way.
   * @default PGlite's own (128MB)
   */
  sharedBuffers?: string;
}

/**
 * `shared_buffers` for an embedded PGlite (a data source or the metadata store) in a process that answers
 * questions: it runs a few small queries per question, so a small buffer pool does; a reindex, which reads
 * every table's catalog and profile, keeps the default.
 */
export const ANSWERING_SHARED_BUFFERS = '32MB';

/** An embedded Postgres (PGlite, Postgres compiled to WASM) used as a data source. */
export class PgliteSource implements DataSource {
  public readonly id: string;
  public readonly label: string;
  /** True on a worker thread (see {@link PgliteSourceOptions.worker}); false in this thread. */
  public readonly enforcesStatementTimeout: boolean;
  /** The wrapped PGlite instance, when it runs in this thread. */
  public readonly db: PGlite | undefined;
  private readonly backend: PgliteBackend;
  private readonly q: Queryable;
  private readonly graceMs: number;
  private queue: Promise<unknown> = Promise.resolve();
  private lock: DataDirLock | undefined;

  private constructor(options: {
    backend: PgliteBackend;
    db?: PGlite;
    id: string;
    label: string;
    graceMs: number;
  }) {
    this.backend = options.backend;
    this.db = options.db;
    this.id = options.id;
    this.label = options.label;
    this.graceMs = options.graceMs;
    this.enforcesStatementTimeout = options.backend.interruptible;
    this.q = wrap(options.backend);
  }

  /** Opens (or creates) the database. */
  static async create(options: PgliteSourceOptions = {}): Promise<PgliteSource> {
    const lock = options.dataDir && !options.instance ? DataDirLock.acquire(options.dataDir) : undefined;
    try {
      const label = options.dataDir ? `pglite:${options.dataDir}` : 'pglite:memory';
      const graceMs = options.timeoutGraceMs ?? 250;
      let source: PgliteSource;
      if (options.dataDir && !options.instance && options.worker !== false) {
        const worker = await PgliteWorker.open({
          dataDir: options.dataDir,
          label,
          sharedBuffers: options.sharedBuffers,
        });
        source = new PgliteSource({ backend: onWorker(worker), id: options.id ?? label, label, graceMs });
      } else {
        // loaded here only when PGlite runs in this thread (a worker loads its own copy)
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose
        const Engine = (require('@electric-sql/pglite') as typeof Pglite).PGlite;
        const startParams =
          options.sharedBuffers === undefined
            ? undefined
            : {
                startParams: [...Engine.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffers}`],
              };
        const db =
          options.instance ?? (options.dataDir ? new Engine(options.dataDir, startParams) : new Engine());
        await db.waitReady;
        source = new PgliteSource({ backend: inProcess(db), db, id: options.id ?? label, label, graceMs });
      }
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

  /**
   * PGlite has one connection: read-only transactions are serialised and always rolled back. On a worker
   * thread the whole transaction has one budget, the statement timeout plus a small grace; a call still
   * running when it runs out is stopped and fails with {@link QueryTimeoutError} (SQLSTATE 57014).
   */
  readOnly<T>(fn: (q: Queryable) => Promise<T>, options: ReadOnlyOptions): Promise<T> {
    const run = async (): Promise<T> => {
      // the budget starts when the session is up (a stopped worker thread may still be reopening)
      await this.backend.whenReady();
      const timeoutMs = Math.max(1, Math.floor(options.statementTimeoutMs));
      const deadline = performance.now() + timeoutMs + this.graceMs;
      const q = this.backend.interruptible ? wrap(this.backend, () => deadline - performance.now()) : this.q;
      const session = this.backend.session();
      await q.exec('BEGIN READ ONLY');
      let failed = false;
      try {
        await q.exec(`SET LOCAL statement_timeout = ${timeoutMs}`);
        if (options.role) await q.exec(`SET LOCAL ROLE "${options.role.replace(/"/g, '""')}"`);
        return await fn(q);
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        // a stopped call took its session (and the transaction) with it: nothing to roll back
        if (this.backend.session() === session) {
          try {
            await this.backend.exec('ROLLBACK', this.backend.interruptible ? 5000 : undefined);
          } catch (error) {
            if (!failed) throw error; // eslint-disable-line no-unsafe-finally -- the first failure wins
          }
        }
      }
    };
    return this.serial(run);
  }

  async close(): Promise<void> {
    await this.backend.close();
    this.lock?.release();
  }
}
