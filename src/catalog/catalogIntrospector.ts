import { SourceError, errorMessage } from '../errors';
import type { Logger } from '../logging';
import type { DataSource } from '../sources';
import { changeFingerprint, readRowVersions, tableFingerprint } from './introspectFingerprint';
import type { ValueRules } from './introspectProfile';
import {
  COLUMNS_SQL,
  CONSTRAINTS_SQL,
  COUNTER_EPOCH_SQL,
  FINGERPRINTS_SQL,
  NO_JIT_SQL,
  RELATIONS_SQL,
  SCHEMAS_SQL,
  STATS_SQL,
  type ColumnRow,
  type ConstraintRow,
  type FingerprintRow,
  type RelationRow,
  type SchemaRow,
  type StatsRow,
} from './introspectQueries';
import {
  FATAL_SQLSTATE,
  RelationProfiler,
  sqlState,
  statsKey,
  toSourceError,
  type ProfileOptions,
  type RelationInfo,
  type RelationProfile,
} from './relationProfiler';
import type { CatalogColumn, CatalogTable, SourceCatalog } from './types';
import { qualifiedName } from './types';

export type { ProfileOptions } from './relationProfiler';

/** Options of {@link CatalogIntrospector.introspect}. */
export interface IntrospectOptions {
  /** Schemas to introspect. @default every non-system schema holding a table or view */
  schemas?: string[];
  profile?: ProfileOptions;
  /**
   * The tables of this source's previous introspection. A relation whose change fingerprint (definition,
   * planner statistics, storage file and write counters; `changeFingerprint`) equals its previous one is
   * taken from here instead of being profiled again: an incremental reindex profiles only what changed.
   */
  previous?: readonly CatalogTable[];
}

/** Fewest schemas a part of the change fingerprints is read for (see `CatalogIntrospector.readFingerprints`). */
const SCHEMAS_PER_FINGERPRINT_PART = 20;

/** Options of the {@link CatalogIntrospector} constructor. */
export interface CatalogIntrospectorOptions {
  logger?: Logger;
  /** Statement timeout of the catalog queries (pg_class, pg_attribute...), ms. @default 60000 */
  catalogStatementTimeoutMs?: number;
  /**
   * Read-only transactions at the same time (on a server's pool): profiling, and the change fingerprints of
   * a catalog of many schemas, read in at most that many parts. @default 4
   */
  concurrency?: number;
  /**
   * Tables at most this size on disk are profiled several to a transaction (see {@link RelationProfiler});
   * 0 profiles every table in its own. @default 1 MiB
   */
  profileBatchMaxBytes?: number;
  /** A never-analyzed table up to this size is counted exactly; larger ones use the planner's estimate. @default 8 MiB */
  exactCountMaxBytes?: number;
  /** When a text column's most frequent values are kept. @default DEFAULT_VALUE_RULES */
  valueRules?: ValueRules;
}

const KINDS: Record<string, CatalogTable['kind']> = {
  r: 'table',
  p: 'table',
  f: 'table',
  v: 'view',
  m: 'materialized_view',
};

/**
 * Relation kinds whose data changes show in the catalog (storage file, write counters, statistics): their
 * profile is reused while their change fingerprint holds. A view's rows change with the tables beneath it
 * and a foreign table's in another server, so those are profiled at every introspection.
 */
const FINGERPRINTABLE = new Set(['r', 'p', 'm']);

/**
 * Reads the catalog of a Postgres source: tables, views and materialized views of the selected schemas with
 * columns, keys, comments, row estimates and a bounded per-column profile. Catalog objects are read with one
 * query per kind for all schemas; each table is profiled with one aggregate query over a sample, inside a
 * read-only transaction with a statement timeout, small tables several to a transaction (`RelationProfiler`).
 */
export class CatalogIntrospector {
  private readonly logger: Logger | undefined;
  private readonly catalogTimeoutMs: number;
  private readonly exactCountMaxBytes: number;
  private readonly valueRules: ValueRules | undefined;
  private readonly profiler: RelationProfiler;
  private readonly concurrency: number;

  constructor(options: CatalogIntrospectorOptions = {}) {
    this.logger = options.logger;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.catalogTimeoutMs = options.catalogStatementTimeoutMs ?? 60_000;
    this.exactCountMaxBytes = options.exactCountMaxBytes ?? 8 * 1024 * 1024;
    this.valueRules = options.valueRules;
    this.profiler = new RelationProfiler({
      logger: options.logger,
      concurrency: Math.max(1, options.concurrency ?? 4),
      exactCountMaxBytes: this.exactCountMaxBytes,
      valueRules: options.valueRules,
      batchMaxBytes: options.profileBatchMaxBytes,
    });
  }

  /**
   * Introspects `source`. Passwords never appear in the result: ids and labels come from the source,
   * which redacts them.
   * @throws SourceError SCHEMA_MISSING when a given schema does not exist or holds no table or view (or,
   *   without `schemas`, no schema holds one); SOURCE_PERMISSION when the user may not use a schema or read
   *   any of its tables; SOURCE_UNREACHABLE / SOURCE_QUERY_FAILED when the catalog cannot be read.
   */
  async introspect(source: DataSource, options: IntrospectOptions = {}): Promise<SourceCatalog> {
    const started = Date.now();
    const profile = {
      sampleRows: Math.max(1, Math.floor(options.profile?.sampleRows ?? 10_000)),
      statementTimeoutMs: options.profile?.statementTimeoutMs ?? 5000,
      topValues: Math.max(0, Math.floor(options.profile?.topValues ?? 20)),
    };
    // fingerprint first: one query for every relation, then details only for those that changed
    const listed = await this.readFingerprints(source, options.schemas);
    const fingerprinted = Date.now();
    const previous = new Map<string, CatalogTable>();
    for (const table of options.previous ?? [])
      if (table.changeFingerprint !== undefined) previous.set(qualifiedName(table), table);
    const settings = { ...profile, valueRules: this.valueRules ?? null, exact: this.exactCountMaxBytes };
    // a server's write counters vouch for every relation; an embedded source's are read per row
    const versions =
      listed.epoch === null ? await this.rowVersions(source, listed.relations) : new Map<string, string>();
    const versioned = Date.now();
    const tables: CatalogTable[] = [];
    const changes = new Map<string, string | undefined>();
    const toRead: string[] = [];
    for (const row of listed.relations) {
      const change = this.changeOf(row, settings, versions, listed.epoch);
      const before = previous.get(qualifiedName(row));
      if (change !== undefined && before?.changeFingerprint === change) {
        tables.push({ ...before, sourceId: source.id });
      } else {
        changes.set(row.oid, change);
        toRead.push(row.oid);
      }
    }
    const read =
      toRead.length === 0
        ? { relations: [], stats: new Map<string, StatsRow>() }
        : await this.readCatalog(
            source,
            listed.schemas,
            toRead.length === listed.relations.length ? null : toRead,
          );
    const toProfile = read.relations.filter((info) => changes.has(info.relation.oid));
    const detailed = Date.now();
    const profiles = await this.profiler.profileAll(source, toProfile, read.stats, profile);
    toProfile.forEach((info, i) => {
      const table = this.toTable(source.id, info, profiles[i]);
      const change = changes.get(info.relation.oid);
      tables.push(change === undefined ? table : { ...table, changeFingerprint: change });
    });
    tables.sort(compareByName);
    this.logger?.info(
      {
        sourceId: source.id,
        schemas: listed.schemas,
        tables: tables.length,
        profiled: toProfile.length,
        columns: tables.reduce((n, t) => n + t.columns.length, 0),
        ms: Date.now() - started,
        phasesMs: {
          fingerprints: fingerprinted - started,
          rowVersions: versioned - fingerprinted,
          details: detailed - versioned,
          profile: Date.now() - detailed,
        },
      },
      'CatalogIntrospector.introspect: catalog read',
    );
    return {
      sourceId: source.id,
      label: source.label,
      schemas: listed.schemas,
      tables,
      introspectedAt: new Date(),
      profiled: toProfile.length,
    };
  }

  /**
   * The relation's change fingerprint, or undefined when its data cannot be vouched for: a view or foreign
   * table, or a large table on a source that keeps no write counters (an embedded PGlite database loses
   * them with the process that wrote; a server keeps them).
   *
   * What vouches for the data, in order: write counters that show writes (their count is in the digest);
   * on a source that keeps its counters (`epoch` not null), the counters' epoch for a relation they show
   * no write to (counters only grow within an epoch, so "none in epoch E" twice means none in between;
   * a restart or reset starts a new epoch and such relations are profiled again once); else the digest
   * of its row versions (small relations of an embedded source).
   */
  private changeOf(
    row: FingerprintRow,
    settings: object,
    versions: Map<string, string>,
    epoch: string | null,
  ): string | undefined {
    if (!FINGERPRINTABLE.has(row.relkind)) return undefined;
    const written = (row.writes ?? 0) > 0;
    const rows = written
      ? null
      : row.writes !== null && epoch !== null
        ? `no writes counted since ${epoch}`
        : versions.get(row.oid);
    if (rows === undefined) return undefined;
    return changeFingerprint({ catalogDigest: row.digest, rows, settings });
  }

  /** Row-version digests of the small relations whose write counters show nothing (`readRowVersions`). */
  private async rowVersions(source: DataSource, relations: readonly FingerprintRow[]) {
    const small = relations.filter((row) => (row.writes ?? 0) <= 0 && FINGERPRINTABLE.has(row.relkind));
    return readRowVersions(source, small, {
      maxBytes: this.exactCountMaxBytes,
      statementTimeoutMs: this.catalogTimeoutMs,
      onBatchFailed: (cause) => {
        const state = sqlState(cause);
        if (state === undefined || FATAL_SQLSTATE.test(state)) throw toSourceError(source, cause);
        this.logger?.warn(
          { sourceId: source.id, sqlState: state, error: errorMessage(cause) },
          'CatalogIntrospector.introspect: row versions unreadable, those tables are profiled again',
        );
      },
    });
  }

  /**
   * The selected schemas, the fingerprint row of every readable relation in them (`FINGERPRINTS_SQL`, one
   * read-only transaction per part of at least {@link SCHEMAS_PER_FINGERPRINT_PART} schemas, up to the
   * concurrency) and, on a source that keeps its write counters, their epoch (`COUNTER_EPOCH_SQL`, read
   * after them); unreadable relations and schemas are logged and left out.
   */
  private async readFingerprints(
    source: DataSource,
    requested: string[] | undefined,
  ): Promise<{ schemas: string[]; relations: FingerprintRow[]; epoch: string | null }> {
    let rows: { schemas: string[]; relations: FingerprintRow[]; epoch: string | null };
    const counters = source.keepsWriteCounters === true;
    try {
      const schemas = await source.readOnly(
        async (q) => this.selectSchemas(source, (await q.query<SchemaRow>(SCHEMAS_SQL)).rows, requested),
        { statementTimeoutMs: this.catalogTimeoutMs },
      );
      // A catalog of many schemas is fingerprinted in parts, at the same time: the query is a scan of the
      // catalog (950,000 columns at 100,000 tables: ~17 s on one core), and one statement for all of it also
      // nears the catalog statement timeout. The parts are whole schemas: the rows are those of one query.
      const parts = Math.max(
        1,
        Math.min(this.concurrency, Math.floor(schemas.length / SCHEMAS_PER_FINGERPRINT_PART)),
      );
      const groups = Array.from({ length: parts }, (_, i) => schemas.filter((_, at) => at % parts === i));
      const relations = await Promise.all(
        groups.map((group) =>
          source.readOnly(
            async (q) => {
              await q.query(NO_JIT_SQL);
              // sizes only where row versions may be read (`readRowVersions` keeps the small relations)
              return (await q.query<FingerprintRow>(FINGERPRINTS_SQL, [group, !counters])).rows;
            },
            { statementTimeoutMs: this.catalogTimeoutMs },
          ),
        ),
      );
      // the epoch after the counters: a reset while they were read shows as a new epoch, never as a table
      // without writes in the old one
      const epoch = counters
        ? await source.readOnly(
            async (q) => (await q.query<{ epoch: string }>(COUNTER_EPOCH_SQL)).rows[0]?.epoch ?? null,
            { statementTimeoutMs: this.catalogTimeoutMs },
          )
        : null;
      rows = { schemas, relations: relations.flat(), epoch };
    } catch (cause) {
      throw toSourceError(source, cause);
    }
    for (const r of rows.relations.filter((x) => !x.readable)) {
      this.logger?.warn(
        { sourceId: source.id, table: `${r.schema}.${r.name}` },
        'no SELECT privilege, skipped',
      );
    }
    const explicit = requested !== undefined && requested.length > 0;
    const schemas = rows.schemas.filter((schema) => {
      const inSchema = rows.relations.filter((r) => r.schema === schema);
      if (inSchema.length === 0 || inSchema.some((r) => r.readable)) return true;
      if (explicit) {
        throw new SourceError(
          'SOURCE_PERMISSION',
          `CatalogIntrospector.introspect: no permission to read any table of schema "${schema}" in ${source.label}`,
        );
      }
      this.logger?.warn({ sourceId: source.id, schema }, 'no readable table in schema, skipped');
      return false;
    });
    if (schemas.length === 0) {
      throw new SourceError(
        'SOURCE_PERMISSION',
        `CatalogIntrospector.introspect: no permission to read any table of ${source.label}`,
      );
    }
    const kept = new Set(schemas);
    return {
      schemas,
      relations: rows.relations.filter((r) => r.readable && kept.has(r.schema)),
      epoch: rows.epoch,
    };
  }

  /**
   * Runs the detail queries for the relations `oids` of `schemas` (all of them when null) in one read-only
   * transaction and groups their rows by relation.
   */
  private async readCatalog(
    source: DataSource,
    schemas: string[],
    oids: string[] | null,
  ): Promise<{ relations: RelationInfo[]; stats: Map<string, StatsRow> }> {
    let rows: {
      relations: RelationRow[];
      columns: ColumnRow[];
      constraints: ConstraintRow[];
      stats: StatsRow[];
    };
    try {
      rows = await source.readOnly(
        async (q) => {
          await q.query(NO_JIT_SQL);
          const params = [schemas, oids];
          return {
            relations: (await q.query<RelationRow>(RELATIONS_SQL, params)).rows,
            columns: (await q.query<ColumnRow>(COLUMNS_SQL, params)).rows,
            constraints: (await q.query<ConstraintRow>(CONSTRAINTS_SQL, params)).rows,
            stats: (await q.query<StatsRow>(STATS_SQL, params)).rows,
          };
        },
        { statementTimeoutMs: this.catalogTimeoutMs },
      );
    } catch (cause) {
      throw toSourceError(source, cause);
    }
    const readable = rows.relations.filter((r) => r.readable);
    const byOid = new Map<string, RelationInfo>();
    for (const relation of readable)
      byOid.set(relation.oid, {
        relation,
        columns: [],
        primaryKey: [],
        foreignKeys: [],
        stats: [],
      });
    for (const column of rows.columns) {
      if (column.readable) byOid.get(column.oid)?.columns.push(column);
    }
    for (const c of rows.constraints) {
      const info = byOid.get(c.oid);
      if (!info) continue;
      if (c.contype === 'p') info.primaryKey = c.columns;
      else if (c.referenced_schema !== null && c.referenced_table !== null && c.referenced_columns !== null) {
        info.foreignKeys.push({
          name: c.name,
          columns: c.columns,
          referencedSchema: c.referenced_schema,
          referencedTable: c.referenced_table,
          referencedColumns: c.referenced_columns,
        });
      }
    }
    const stats = new Map<string, StatsRow>();
    for (const s of rows.stats) stats.set(statsKey(s.schema, s.table, s.column, s.inherited), s);
    const byName = new Map([...byOid.values()].map((info) => [qualifiedName(info.relation), info]));
    for (const s of rows.stats) byName.get(qualifiedName({ schema: s.schema, name: s.table }))?.stats.push(s);
    return { relations: [...byOid.values()], stats };
  }

  /** The schemas to read: the requested ones (checked) or every non-system schema holding a relation. */
  private selectSchemas(source: DataSource, all: SchemaRow[], requested: string[] | undefined): string[] {
    const byName = new Map(all.map((s) => [s.name, s]));
    if (!requested || requested.length === 0) {
      const candidates = all.filter((s) => s.has_relations);
      const usable = candidates.filter((s) => s.usable).map((s) => s.name);
      for (const s of candidates.filter((x) => !x.usable)) {
        this.logger?.warn({ sourceId: source.id, schema: s.name }, 'no USAGE privilege on schema, skipped');
      }
      if (usable.length === 0) {
        throw candidates.length > 0
          ? new SourceError(
              'SOURCE_PERMISSION',
              `CatalogIntrospector.introspect: no permission to use any schema of ${source.label}`,
            )
          : new SourceError(
              'SCHEMA_MISSING',
              `CatalogIntrospector.introspect: ${source.label} has no table or view in any non-system schema`,
            );
      }
      return usable.sort(compareCodePoints);
    }
    const schemas = [...new Set(requested)];
    for (const name of schemas) {
      const found = byName.get(name);
      if (!found) {
        throw new SourceError(
          'SCHEMA_MISSING',
          `CatalogIntrospector.introspect: schema "${name}" does not exist in ${source.label}`,
        );
      }
      if (!found.usable) {
        throw new SourceError(
          'SOURCE_PERMISSION',
          `CatalogIntrospector.introspect: no permission to use schema "${name}" in ${source.label}`,
        );
      }
      if (!found.has_relations) {
        throw new SourceError(
          'SCHEMA_MISSING',
          `CatalogIntrospector.introspect: schema "${name}" in ${source.label} is empty (no tables or views)`,
        );
      }
    }
    return schemas;
  }

  private toTable(sourceId: string, info: RelationInfo, profile: RelationProfile): CatalogTable {
    const rel = info.relation;
    const columns: CatalogColumn[] = info.columns.map((c, i) => ({
      name: c.name,
      position: i + 1,
      dataType: c.data_type,
      nullable: c.nullable,
      comment: c.comment,
      profile: profile.profiles[i],
    }));
    const foreignKeys = [...info.foreignKeys].sort((a, b) => compareCodePoints(a.name, b.name));
    const definition = {
      schema: rel.schema,
      name: rel.name,
      kind: KINDS[rel.relkind] ?? 'table',
      comment: rel.comment,
      rowEstimate: profile.rowEstimate,
      columns,
      primaryKey: info.primaryKey,
      foreignKeys,
    };
    return { sourceId, ...definition, fingerprint: tableFingerprint(definition) };
  }
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareByName(a: CatalogTable, b: CatalogTable): number {
  return compareCodePoints(a.schema, b.schema) || compareCodePoints(a.name, b.name);
}
