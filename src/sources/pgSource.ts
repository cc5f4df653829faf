import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { errorMessage, SourceError } from '../errors';
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
  };
}

/** A Postgres server reached through a `pg` pool. */
export class PgSource implements DataSource {
  public readonly id: string;
  public readonly label: string;
  public readonly enforcesStatementTimeout = true;
  private readonly pool: Pool;
  private readonly q: Queryable;

  private constructor(pool: Pool, id: string, label: string) {
    this.pool = pool;
    this.id = id;
    this.label = label;
    this.q = wrap(pool);
  }

  /** Creates the pool and checks the connection with `SELECT 1`. @throws SourceError SOURCE_UNREACHABLE */
  static async create(options: PgSourceOptions): Promise<PgSource> {
    const config: PoolConfig = {
      connectionString: options.url,
      max: options.maxConnections ?? 4,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      idleTimeoutMillis: 10_000,
    };
    const pool = new Pool(config);
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
    return new PgSource(pool, options.id ?? sourceIdForUrl(options.url), label);
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

  async readOnly<T>(fn: (q: Queryable) => Promise<T>, options: ReadOnlyOptions): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (cause) {
      throw new SourceError('SOURCE_UNREACHABLE', `PgSource.readOnly: cannot connect to ${this.label}`, {
        cause,
      });
    }
    let broken = false;
    // A connection that drops mid-transaction emits 'error' on the client; without a listener Node
    // would treat it as an uncaught exception. The pending query rejects on its own.
    const onError = () => {
      broken = true;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(
        `SET LOCAL statement_timeout = ${Math.max(1, Math.floor(options.statementTimeoutMs))}`,
      );
      if (options.role) await client.query(`SET LOCAL ROLE "${options.role.replace(/"/g, '""')}"`);
      return await fn(wrap(client));
    } finally {
      if (!broken) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
      }
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
