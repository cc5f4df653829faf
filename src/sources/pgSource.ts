import type * as Pg from 'pg';
import type { Pool, PoolClient, PoolConfig } from 'pg';
import type { Socket } from 'node:net';
import { errorMessage, QueryTimeoutError, SourceError } from '../errors';
import type { ArrayQueryResult, DataSource, Queryable, QueryResult, ReadOnlyOptions } from './types';

/** Options for {@link PgSource.create}. */
export interface PgSourceOptions {
  /** `postgres://user:password@host:port/db`. */
  url: string;
  /** Id to use instead of the redacted URL. */
  id?: string;
  /** Pool size. @default 4 */
  maxConnections?: number;
  /** Connect timeout. @default 5000 */
  connectTimeoutMs?: number;
  /**
   * Client-side timeout of queries outside read-only transactions (catalog introspection, seeding): a
   * connection that stops answering fails the query and is dropped from the pool. @default 120000
   */
  queryTimeoutMs?: number;
  /**
   * Extra time over a read-only transaction's statement timeout before the client gives up on the server
   * (which normally cancels the statement itself) and drops the connection. @default 500
   */
  timeoutGraceMs?: number;
  /** TCP keep-alive probes on idle connections start after this long. @default 10000 */
  keepAliveDelayMs?: number;
}

/** Removes the password from a connection URL. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) {
      if (SECRET_PARAMS.test(key)) u.searchParams.set(key, '***');
    }
    return u.toString();
  } catch {
    return url
      .replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:***@')
      .replace(/([?&](?:ssl)?password=)[^&]*/gi, '$1***');
  }
}

/** Connection-string parameters that carry secrets. */
const SECRET_PARAMS = /^(password|sslpassword|passfile|sslkey)$/i;

/** A stable source id for a Postgres URL: scheme, user, host, port and database, never the password. */
export function sourceIdForUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `postgres://${user}${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch (cause) {
    throw new SourceError(
      'SOURCE_UNREACHABLE',
      `sourceIdForUrl: not a valid Postgres URL: ${redactUrl(url)}`,
      { cause },
    );
  }
}

function wrap(client: Pool | PoolClient): Queryable {
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const r = await client.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as R[] };
    },
    async queryArrays(sql: string, params?: readonly unknown[]): Promise<ArrayQueryResult> {
      const r = await client.query({ text: sql, values: params as unknown[] | undefined, rowMode: 'array' });
      return {
        columns: r.fields.map((f) => f.name),
        rows: r.rows as unknown[][],
        columnTypes: r.fields.map((f) => f.dataTypeID),
      };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
    async queryArraysMany(sqls: readonly string[]): Promise<ArrayQueryResult[]> {
      if (sqls.length === 0) return [];
      // one simple-protocol message: the server runs the statements in order and answers them together
      const answer = (await client.query({ text: sqls.join(';\n'), rowMode: 'array' })) as unknown as
        PgResult | PgResult[];
      const results = Array.isArray(answer) ? answer : [answer];
      if (results.length !== sqls.length)
        throw new Error(`PgSource: ${sqls.length} statements gave ${results.length} results`);
      return results.map((r) => ({
        columns: r.fields.map((f) => f.name),
        rows: r.rows as unknown[][],
        columnTypes: r.fields.map((f) => f.dataTypeID),
      }));
    },
  };
}

/** What `pg` gives for one statement. */
interface PgResult {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
}

/** A Postgres server reached through a `pg` pool. */
export class PgSource implements DataSource {
  public readonly id: string;
  public readonly label: string;
  public readonly enforcesStatementTimeout = true;
  public readonly keepsWriteCounters = true;
  private readonly pool: Pool;
  private readonly q: Queryable;
  private readonly graceMs: number;

  private constructor(pool: Pool, id: string, label: string, graceMs: number) {
    this.pool = pool;
    this.id = id;
    this.label = label;
    this.q = wrap(pool);
    this.graceMs = graceMs;
  }

  /** Creates the pool and checks the connection with `SELECT 1`. @throws SourceError SOURCE_UNREACHABLE */
  static async create(options: PgSourceOptions): Promise<PgSource> {
    const config: PoolConfig = {
      connectionString: options.url,
      max: options.maxConnections ?? 4,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      idleTimeoutMillis: 10_000,
      // a peer that vanishes without a reset (a dead host, a dropped NAT entry) is noticed on idle connections
      keepAlive: true,
      keepAliveInitialDelayMillis: options.keepAliveDelayMs ?? 10_000,
      // pg's client-side timeout: the query fails and pool.query drops the connection (release(err))
      query_timeout: options.queryTimeoutMs ?? 120_000,
    };
    // loaded when a server source is opened: a process answering from an embedded source never needs pg
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose
    const pool = new (require('pg') as typeof Pg).Pool(config);
    pool.on('error', () => undefined); // idle client errors surface on the next query
    const label = redactUrl(options.url);
    try {
      await pool.query('SELECT 1');
    } catch (cause) {
      await pool.end().catch(() => undefined);
      throw new SourceError(
        'SOURCE_UNREACHABLE',
        `PgSource.create: cannot connect to ${label}: ${errorMessage(cause)}`,
        {
          cause,
        },
      );
    }
    return new PgSource(
      pool,
      options.id ?? sourceIdForUrl(options.url),
      label,
      options.timeoutGraceMs ?? 500,
    );
  }

  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return this.q.query<R>(sql, params);
  }

  queryArrays(sql: string, params?: readonly unknown[]): Promise<ArrayQueryResult> {
    return this.q.queryArrays(sql, params);
  }

  exec(sql: string): Promise<void> {
    return this.q.exec(sql);
  }

  /**
   * Runs `fn` in a read-only transaction with `SET LOCAL statement_timeout`. The server cancels a slow
   * statement itself; a connection that stops answering altogether (a hung server or network path, no
   * reset) is given up on the client's side after the statement timeout plus a grace: the call fails with
   * {@link QueryTimeoutError} (SQLSTATE 57014), the socket is destroyed and the connection leaves the pool,
   * so the pool never fills up with stuck connections. The wait for a pool connection counts too.
   */
  async readOnly<T>(fn: (q: Queryable) => Promise<T>, options: ReadOnlyOptions): Promise<T> {
    const timeoutMs = Math.max(1, Math.floor(options.statementTimeoutMs));
    const budgetMs = timeoutMs + this.graceMs;
    let client: PoolClient | undefined;
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        if (client !== undefined) destroySocket(client);
        reject(
          new QueryTimeoutError(
            `PgSource.readOnly: ${this.label} did not answer within ${budgetMs} ms; the connection was dropped`,
          ),
        );
      }, budgetMs);
    });
    expired.catch(() => undefined);
    const work = async (): Promise<T> => {
      try {
        client = await this.pool.connect();
      } catch (cause) {
        throw new SourceError('SOURCE_UNREACHABLE', `PgSource.readOnly: cannot connect to ${this.label}`, {
          cause,
        });
      }
      if (timedOut) {
        client.release(true);
        throw new QueryTimeoutError(
          `PgSource.readOnly: no connection to ${this.label} within ${budgetMs} ms`,
        );
      }
      return this.inTransaction(client, fn, { ...options, statementTimeoutMs: timeoutMs });
    };
    const running = work();
    running.catch(() => undefined);
    try {
      return await Promise.race([running, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async inTransaction<T>(
    client: PoolClient,
    fn: (q: Queryable) => Promise<T>,
    options: ReadOnlyOptions,
  ): Promise<T> {
    let broken = false;
    // A connection that drops mid-transaction emits 'error' on the client; without a listener Node
    // would treat it as an uncaught exception. The pending query rejects on its own.
    const onError = () => {
      broken = true;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(`SET LOCAL statement_timeout = ${options.statementTimeoutMs}`);
      if (options.role) await client.query(`SET LOCAL ROLE "${options.role.replace(/"/g, '""')}"`);
      return await fn(wrap(client));
    } catch (error) {
      // a client-side query timeout leaves the connection mid-query: never reuse it
      if (error instanceof Error && /query read timeout/i.test(error.message)) broken = true;
      throw error;
    } finally {
      if (!broken && !isDestroyed(client)) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
      }
      client.removeListener('error', onError);
      client.release(broken || isDestroyed(client));
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** The socket under a pg client (not part of pg's typings; absent on a client that never connected). */
function socketOf(client: PoolClient): Socket | undefined {
  const connection: unknown = (client as unknown as { connection?: unknown }).connection;
  if (typeof connection !== 'object' || connection === null || !('stream' in connection)) return undefined;
  const stream = connection.stream;
  return typeof stream === 'object' && stream !== null && 'destroy' in stream
    ? (stream as Socket)
    : undefined;
}

/** Destroys a client's socket: its pending query fails at once and the pool evicts it on release. */
function destroySocket(client: PoolClient): void {
  socketOf(client)?.destroy();
}

function isDestroyed(client: PoolClient): boolean {
  return socketOf(client)?.destroyed ?? false;
}
