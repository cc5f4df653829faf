import { SourceError, errorMessage } from '../errors';
import type { Logger } from '../logging';
import type { DataSource, Queryable } from '../sources';
import {
  MAX_COLUMNS_PER_PROFILE_QUERY,
  buildProfileSql,
  parseProfileRow,
  samplePercent,
  toColumnProfile,
  type ProfiledColumn,
  type SampleMethod,
  type SampleStats,
  type ValueRules,
} from './introspectProfile';
import type { ChangeRow, ColumnRow, RelationRow, StatsRow } from './introspectQueries';
import type { ColumnProfile, ForeignKey } from './types';
import { quoteTable } from './types';

/** Bounds of the per-column profile. */
export interface ProfileOptions {
  /** Rows sampled per table at most. @default 10000 */
  sampleRows?: number;
  /** Statement timeout of every profiling query, ms. @default 5000 */
  statementTimeoutMs?: number;
  /** Most frequent values kept per low-cardinality text column. @default 20 */
  topValues?: number;
}

/** A relation with its catalog rows, before profiling. */
export interface RelationInfo {
  relation: RelationRow;
  columns: ColumnRow[];
  primaryKey: string[];
  foreignKeys: ForeignKey[];
  /** Its planner statistics rows. */
  stats: StatsRow[];
  /** Storage file and write counters. */
  change: ChangeRow | undefined;
}

/** Result of profiling one relation. */
export interface RelationProfile {
  rowEstimate: number | null;
  profiles: (ColumnProfile | null)[];
}

/** Options of the {@link RelationProfiler} constructor. */
export interface RelationProfilerOptions {
  logger?: Logger;
  /** Transactions in flight at the same time (a server's pool; PGlite runs them one after another). */
  concurrency: number;
  /** A never-analyzed table up to this size is counted exactly; larger ones use the planner's estimate. */
  exactCountMaxBytes: number;
  valueRules?: ValueRules;
  /**
   * Relations at most this size on disk (and not views or foreign tables, whose cost is unknown) are
   * profiled several to a transaction; 0 profiles each in its own. @default 1 MiB
   */
  batchMaxBytes?: number;
  /** Relations per shared transaction at most. @default 32 */
  batchMaxRelations?: number;
}

/** Relation kinds with pages on disk that `TABLESAMPLE SYSTEM` can sample. */
const SAMPLEABLE = new Set(['r', 'p', 'm']);

/**
 * The fewest bytes of a relation's pages one row takes: its tuple header (23 bytes, aligned to 24) plus its
 * line pointer (4). A relation of `bytes` on disk holds at most `bytes / MIN_TUPLE_BYTES` rows, live or dead.
 */
const MIN_TUPLE_BYTES = 28;

/** SQLSTATE classes that mean the connection, not the query, failed: never degrade, always fail. */
export const FATAL_SQLSTATE = /^(08|57P|53)/;

/**
 * Profiles relations: one aggregate query over a bounded sample per relation, inside a read-only
 * transaction with a statement timeout. Small relations (bounded bytes on disk) are profiled in batches
 * sharing one transaction, so a catalog of many small tables costs one begin/timeout/rollback per batch
 * rather than per table (the round trips, not the queries, dominated); a batch that fails is profiled again
 * one relation per transaction, so a failing relation degrades alone exactly as before. Batches run
 * `concurrency` at a time.
 */
export class RelationProfiler {
  private readonly batchMaxBytes: number;
  private readonly batchMaxRelations: number;

  constructor(private readonly options: RelationProfilerOptions) {
    this.batchMaxBytes = options.batchMaxBytes ?? 1024 * 1024;
    this.batchMaxRelations = Math.max(1, options.batchMaxRelations ?? 32);
  }

  /**
   * Profiles `relations`; results in their order.
   * @throws SourceError when the connection fails (SQLSTATE classes 08, 57P, 53, or none)
   */
  async profileAll(
    source: DataSource,
    relations: readonly RelationInfo[],
    stats: Map<string, StatsRow>,
    options: Required<ProfileOptions>,
  ): Promise<RelationProfile[]> {
    const batches = this.batches(relations);
    const results = await mapConcurrently(batches, this.options.concurrency, (batch) =>
      batch.length === 1
        ? this.profileAlone(source, batch[0], stats, options).then((p) => [p])
        : this.profileBatch(source, batch, stats, options),
    );
    return results.flat();
  }

  /** Consecutive runs of small relations (bounded in count and bytes); any other relation alone. */
  private batches(relations: readonly RelationInfo[]): RelationInfo[][] {
    const out: RelationInfo[][] = [];
    let current: RelationInfo[] = [];
    let bytes = 0;
    const flush = () => {
      if (current.length > 0) out.push(current);
      current = [];
      bytes = 0;
    };
    for (const info of relations) {
      const size = info.relation.bytes;
      const small =
        this.batchMaxBytes > 0 &&
        SAMPLEABLE.has(info.relation.relkind) &&
        size !== null &&
        size <= Math.min(this.batchMaxBytes, this.options.exactCountMaxBytes);
      if (!small) {
        flush();
        out.push([info]);
        continue;
      }
      if (current.length >= this.batchMaxRelations || bytes + size > this.batchMaxBytes) flush();
      current.push(info);
      bytes += size;
    }
    flush();
    return out;
  }

  /** Several relations in one read-only transaction; on a query failure, each again in its own. */
  private async profileBatch(
    source: DataSource,
    batch: readonly RelationInfo[],
    stats: Map<string, StatsRow>,
    options: Required<ProfileOptions>,
  ): Promise<RelationProfile[]> {
    try {
      return await source.readOnly(
        async (q) => {
          const firsts = await this.firstSamples(q, batch, options);
          const out: RelationProfile[] = [];
          for (const [i, info] of batch.entries())
            out.push(await this.profileIn(q, info, stats, options, firsts?.[i]));
          return out;
        },
        { statementTimeoutMs: options.statementTimeoutMs },
      );
    } catch (cause) {
      const state = sqlState(cause);
      if (state === undefined || FATAL_SQLSTATE.test(state)) throw toSourceError(source, cause);
      const profiles: RelationProfile[] = [];
      for (const info of batch) profiles.push(await this.profileAlone(source, info, stats, options));
      return profiles;
    }
  }

  /**
   * Profiles one relation in its own read-only transaction. Query errors (timeout, an unusual type) leave the
   * profile empty and are logged; connection failures propagate.
   */
  private async profileAlone(
    source: DataSource,
    info: RelationInfo,
    stats: Map<string, StatsRow>,
    options: Required<ProfileOptions>,
  ): Promise<RelationProfile> {
    const rel = info.relation;
    try {
      return await source.readOnly((q) => this.profileIn(q, info, stats, options), {
        statementTimeoutMs: options.statementTimeoutMs,
      });
    } catch (cause) {
      const state = sqlState(cause);
      if (state === undefined || FATAL_SQLSTATE.test(state)) throw toSourceError(source, cause);
      this.options.logger?.warn(
        {
          sourceId: source.id,
          table: `${rel.schema}.${rel.name}`,
          sqlState: state,
          error: errorMessage(cause),
        },
        'CatalogIntrospector.introspect: profiling failed, table kept without profile',
      );
      return { rowEstimate: plannerRows(rel), profiles: info.columns.map(() => null) };
    }
  }

  /**
   * The first sample of every relation of a batch, all its statements in one round trip, when the
   * connection can (`queryArraysMany`); undefined otherwise (each relation then queries its own). Batched
   * relations are small, so none needs the planner's estimate (`explainRows`) to choose its sample.
   */
  private async firstSamples(
    q: Queryable,
    batch: readonly RelationInfo[],
    options: Required<ProfileOptions>,
  ): Promise<SampleStats[] | undefined> {
    if (q.queryArraysMany === undefined) return undefined;
    const plans = batch.map((info) => {
      const plan = planSample(info, plannerRows(info.relation), options);
      return { plan, sqls: sampleSqls(info.relation, plan, options) };
    });
    const results = await q.queryArraysMany(plans.flatMap((p) => p.sqls.map((s) => s.sql)));
    let next = 0;
    return plans.map(({ plan, sqls }) =>
      parseSample(
        sqls.map((s) => ({ row: results[next++]?.rows[0] ?? [], columns: s.columns })),
        plan.countSingletons,
      ),
    );
  }

  /** Profiles one relation; `first` is its first sample when already read (`firstSamples`). */
  private async profileIn(
    q: Queryable,
    info: RelationInfo,
    stats: Map<string, StatsRow>,
    options: Required<ProfileOptions>,
    first?: SampleStats,
  ): Promise<RelationProfile> {
    const rel = info.relation;
    const exactMax = this.options.exactCountMaxBytes;
    const sampleable = SAMPLEABLE.has(rel.relkind);
    let estimate = plannerRows(rel);
    if (estimate === null && sampleable && (rel.bytes ?? 0) > exactMax) {
      estimate = await explainRows(q, rel);
    }
    const plan = planSample(info, estimate, options);
    const { columns } = plan;
    let method = plan.method;
    let sample = first ?? (await sampleOnce(q, rel, plan, options));
    if (method.kind === 'tablesample' && sample.rows === 0) {
      // The planner's count was stale (the table shrank): fall back to the first rows.
      method = { kind: 'limit' };
      sample = await sampleOnce(q, rel, { ...plan, method }, options);
    }
    const complete = method.kind === 'limit' && sample.rows < options.sampleRows;
    let rowEstimate: number | null;
    if (complete) rowEstimate = sample.rows;
    else if (method.kind === 'tablesample') rowEstimate = estimate;
    else if (sampleable && (rel.bytes ?? Infinity) <= exactMax) rowEstimate = await countRows(q, rel);
    else if (sampleable) rowEstimate = (await explainRows(q, rel)) ?? estimate;
    else rowEstimate = estimate;
    if (rowEstimate !== null && !complete) rowEstimate = Math.max(rowEstimate, sample.rows);

    const inherited = rel.relkind === 'p';
    const profiles = columns.map((column, i) => {
      const planner = stats.get(statsKey(rel.schema, rel.name, column.name, inherited));
      return toColumnProfile({
        stats: sample.columns[i],
        column,
        sampleRows: sample.rows,
        complete,
        rowEstimate,
        planner: planner ? { nullFraction: planner.null_frac, nDistinct: planner.n_distinct } : undefined,
        rules: this.options.valueRules,
      });
    });
    return { rowEstimate, profiles };
  }
}

/** How one relation is sampled: its columns, the sampling method, whether singletons are counted. */
interface SamplePlan {
  columns: ProfiledColumn[];
  method: SampleMethod;
  countSingletons: boolean;
}

/** The sample of a relation whose row count is `estimate` (null when unknown). */
function planSample(
  info: RelationInfo,
  estimate: number | null,
  options: Required<ProfileOptions>,
): SamplePlan {
  const sampleable = SAMPLEABLE.has(info.relation.relkind);
  const method: SampleMethod =
    sampleable && estimate !== null && estimate > options.sampleRows
      ? { kind: 'tablesample', percent: samplePercent(estimate, options.sampleRows) }
      : { kind: 'limit' };
  const columns: ProfiledColumn[] = info.columns.map((c) => ({
    name: c.name,
    category: c.category,
    orderable: c.orderable,
  }));
  // Values seen once let a partial sample extrapolate distinct counts; not needed when the sample is
  // known to cover the whole table: by the planner's count, or because the first rows are all of them (a
  // heap tuple takes at least MIN_TUPLE_BYTES of the relation's pages).
  const bytes = info.relation.bytes;
  const fits =
    method.kind === 'limit' && bytes !== null && Math.floor(bytes / MIN_TUPLE_BYTES) < options.sampleRows;
  const countSingletons = sampleable && !fits && (estimate === null || estimate > options.sampleRows);
  return { columns, method, countSingletons };
}

/** The profile queries of one sample: one per chunk of columns (very wide tables take several). */
function sampleSqls(
  rel: RelationRow,
  plan: SamplePlan,
  options: Required<ProfileOptions>,
): { sql: string; columns: number }[] {
  const out: { sql: string; columns: number }[] = [];
  const chunks = Math.max(1, Math.ceil(plan.columns.length / MAX_COLUMNS_PER_PROFILE_QUERY));
  for (let chunk = 0; chunk < chunks; chunk++) {
    const part = plan.columns.slice(
      chunk * MAX_COLUMNS_PER_PROFILE_QUERY,
      (chunk + 1) * MAX_COLUMNS_PER_PROFILE_QUERY,
    );
    const sql = buildProfileSql({
      table: rel,
      columns: part,
      method: plan.method,
      sampleRows: options.sampleRows,
      topValues: options.topValues,
      countSingletons: plan.countSingletons,
    });
    out.push({ sql, columns: part.length });
  }
  return out;
}

/** One sample's statistics from its chunks' result rows. */
function parseSample(chunks: { row: unknown[]; columns: number }[], countSingletons: boolean): SampleStats {
  const result: SampleStats = { rows: 0, columns: [] };
  for (const chunk of chunks) {
    const parsed = parseProfileRow(chunk.row, chunk.columns, countSingletons);
    result.rows = parsed.rows;
    result.columns.push(...parsed.columns);
  }
  return result;
}

/** Runs the profile queries of one sample, one after another. */
async function sampleOnce(
  q: Queryable,
  rel: RelationRow,
  plan: SamplePlan,
  options: Required<ProfileOptions>,
): Promise<SampleStats> {
  const chunks: { row: unknown[]; columns: number }[] = [];
  for (const { sql, columns } of sampleSqls(rel, plan, options)) {
    const r = await q.queryArrays(sql);
    chunks.push({ row: r.rows[0] ?? [], columns });
  }
  return parseSample(chunks, plan.countSingletons);
}

/** The planner's row count when it can be trusted (the table was analyzed or vacuumed), else null. */
function plannerRows(rel: RelationRow): number | null {
  if (!SAMPLEABLE.has(rel.relkind) && rel.relkind !== 'f') return null;
  if (rel.reltuples > 0 || (rel.reltuples === 0 && rel.relpages > 0)) return Math.round(rel.reltuples);
  return null;
}

/** The planner's estimate for a never-analyzed table (it scales its page count; nothing is scanned). */
async function explainRows(q: Queryable, rel: RelationRow): Promise<number | null> {
  const r = await q.queryArrays(`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${quoteTable(rel)}`);
  const raw = r.rows[0]?.[0];
  const plan: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  if (!Array.isArray(plan)) return null;
  const top: unknown = plan[0];
  if (!isRecord(top) || !isRecord(top.Plan)) return null;
  const rows = top.Plan['Plan Rows'];
  return typeof rows === 'number' && Number.isFinite(rows) ? Math.round(rows) : null;
}

/** Exact row count; only for tables known to be small on disk. */
async function countRows(q: Queryable, rel: RelationRow): Promise<number> {
  const r = await q.queryArrays(`SELECT count(*)::float8 FROM ${quoteTable(rel)}`);
  return Number(r.rows[0]?.[0] ?? 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Key of one column's planner statistics row. */
export function statsKey(schema: string, table: string, column: string, inherited: boolean): string {
  return `${schema}\u0000${table}\u0000${column}\u0000${inherited ? 1 : 0}`;
}

/** The SQLSTATE of a database error, when it has one. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return /^[0-9A-Z]{5}$/.test(error.code) ? error.code : undefined;
  }
  return undefined;
}

/** Classifies a failure reading the catalog. */
export function toSourceError(source: DataSource, cause: unknown): SourceError {
  if (cause instanceof SourceError) return cause;
  const state = sqlState(cause);
  const detail = `${source.label}: ${errorMessage(cause)}`;
  if (state === '42501') {
    return new SourceError(
      'SOURCE_PERMISSION',
      `CatalogIntrospector.introspect: permission denied on ${detail}`,
      {
        cause,
      },
    );
  }
  if (state === undefined || FATAL_SQLSTATE.test(state)) {
    return new SourceError('SOURCE_UNREACHABLE', `CatalogIntrospector.introspect: lost ${detail}`, { cause });
  }
  return new SourceError(
    'SOURCE_QUERY_FAILED',
    `CatalogIntrospector.introspect: catalog query failed on ${detail}`,
    {
      cause,
    },
  );
}

/** Maps `items` through `fn` with at most `limit` calls in flight; results keep the input order. */
async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
