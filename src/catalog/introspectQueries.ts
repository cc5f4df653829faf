/**
 * The catalog queries of {@link CatalogIntrospector}: one query per kind of object for all selected schemas
 * at once (schemas, relations, columns, constraints, planner statistics), never one per table.
 * Every name is returned as `text` so both drivers parse arrays of names the same way.
 */

/**
 * Run first in the transaction of the catalog queries: their planner estimates (joins over `pg_attribute`,
 * `pg_constraint`, `pg_stats`) pass a server's JIT thresholds although they run in well under a second,
 * and JIT compilation then costs more than the query (2.5 of 3.5 s for the fingerprint query at 5,000
 * tables). Plain `SET LOCAL`: allowed in a read-only transaction, and a no-op where JIT is not built in.
 */
export const NO_JIT_SQL = 'SET LOCAL jit = off';

/** Relation kinds tablebot catalogs: tables, partitioned tables, views, materialized views, foreign tables. */
const RELKINDS = `('r', 'p', 'v', 'm', 'f')`;

/** A non-system schema, whether the current user may use it and whether it holds any relation. */
export interface SchemaRow {
  name: string;
  usable: boolean;
  has_relations: boolean;
}

/** Every non-system schema (not `pg_*`, not `information_schema`). */
export const SCHEMAS_SQL = `
SELECT n.nspname::text AS name,
       has_schema_privilege(n.oid, 'USAGE') AS usable,
       EXISTS (SELECT 1 FROM pg_class c
                WHERE c.relnamespace = n.oid AND c.relkind IN ${RELKINDS} AND NOT c.relispartition) AS has_relations
  FROM pg_namespace n
 WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'`;

/** One table, view or materialized view (partitions are represented by their parent). */
export interface RelationRow {
  oid: string;
  schema: string;
  name: string;
  relkind: string;
  comment: string | null;
  /** Planner row count; negative when never analyzed. */
  reltuples: number;
  relpages: number;
  /** Bytes on disk (all partitions of a partitioned table); null for views and foreign tables. */
  bytes: number | null;
  /** Whether the current user may SELECT at least one column. */
  readable: boolean;
}

/**
 * The detail queries below read the relations of the schemas in `$1` whose oid is in `$2` (text array of
 * oids), or every one of them when `$2` is null: an incremental introspection reads only the relations
 * whose {@link FINGERPRINTS_SQL} digest changed.
 */
const ONLY = `($2::oid[] IS NULL OR c.oid = ANY($2::oid[]))`;

/** Relations of the schemas in `$1` (of the oids in `$2`, see {@link ONLY}). */
export const RELATIONS_SQL = `
SELECT c.oid::text AS oid, n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS relkind,
       obj_description(c.oid, 'pg_class') AS comment,
       c.reltuples::float8 AS reltuples, c.relpages::int AS relpages,
       CASE WHEN c.relkind IN ('r', 'm') THEN pg_relation_size(c.oid)::float8
            WHEN c.relkind = 'p' THEN (SELECT coalesce(sum(pg_relation_size(p.relid)), 0)::float8
                                         FROM pg_partition_tree(c.oid) p)
       END AS bytes,
       has_any_column_privilege(c.oid, 'SELECT') AS readable
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = ANY($1::name[]) AND c.relkind IN ${RELKINDS} AND NOT c.relispartition AND ${ONLY}`;

/** One column of a relation. */
export interface ColumnRow {
  oid: string;
  name: string;
  attnum: number;
  data_type: string;
  nullable: boolean;
  comment: string | null;
  /** `pg_type.typcategory` of the (domain's base) type: `S` string, `E` enum, `N` numeric, `D` date/time... */
  category: string;
  /** The base type has its own `min`/`max` aggregates. */
  orderable: boolean;
  readable: boolean;
}

/** Columns of every relation of the schemas in `$1` (of the oids in `$2`), in attribute order. */
export const COLUMNS_SQL = `
SELECT a.attrelid::text AS oid, a.attname::text AS name, a.attnum::int AS attnum,
       format_type(a.atttypid, a.atttypmod) AS data_type,
       NOT a.attnotnull AS nullable,
       col_description(a.attrelid, a.attnum) AS comment,
       bt.typcategory::text AS category,
       EXISTS (SELECT 1 FROM pg_proc p
                WHERE p.proname = 'min' AND p.prokind = 'a' AND p.pronargs = 1
                  AND p.proargtypes[0] = bt.oid) AS orderable,
       has_column_privilege(a.attrelid, a.attnum, 'SELECT') AS readable
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_type t ON t.oid = a.atttypid
  JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
 WHERE n.nspname = ANY($1::name[]) AND c.relkind IN ${RELKINDS} AND NOT c.relispartition
   AND a.attnum > 0 AND NOT a.attisdropped AND ${ONLY}
 ORDER BY a.attrelid, a.attnum`;

/** A primary key (`p`) or foreign key (`f`) with its columns in key order. */
export interface ConstraintRow {
  oid: string;
  name: string;
  contype: string;
  columns: string[];
  referenced_schema: string | null;
  referenced_table: string | null;
  referenced_columns: string[] | null;
}

/** Primary and foreign keys of the relations of the schemas in `$1` (of the oids in `$2`; multi-column keys in key order). */
export const CONSTRAINTS_SQL = `
SELECT con.conrelid::text AS oid, con.conname::text AS name, con.contype::text AS contype,
       ARRAY(SELECT a.attname::text
               FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
              ORDER BY k.ord) AS columns,
       rn.nspname::text AS referenced_schema, rc.relname::text AS referenced_table,
       CASE WHEN con.contype = 'f' THEN
         ARRAY(SELECT a.attname::text
                 FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                ORDER BY k.ord)
       END AS referenced_columns
  FROM pg_constraint con
  JOIN pg_class c ON c.oid = con.conrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_class rc ON rc.oid = con.confrelid
  LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
 WHERE n.nspname = ANY($1::name[]) AND con.contype IN ('p', 'f') AND NOT c.relispartition AND ${ONLY}`;

/** Planner statistics of one column (present once the table was analyzed). */
export interface StatsRow {
  schema: string;
  table: string;
  column: string;
  /** True for the statistics of a partitioned table over all its partitions. */
  inherited: boolean;
  null_frac: number;
  /** Distinct values; negative: minus the fraction of rows. */
  n_distinct: number;
}

/**
 * `pg_stats` of the schemas in `$1` (only columns the current user may read are visible), of the relations
 * whose oid is in `$2` (all when null).
 */
export const STATS_SQL = `
SELECT s.schemaname::text AS schema, s.tablename::text AS "table", s.attname::text AS "column", s.inherited,
       s.null_frac::float8 AS null_frac, s.n_distinct::float8 AS n_distinct
  FROM pg_stats s
 WHERE s.schemaname = ANY($1::name[])
   AND ($2::oid[] IS NULL OR EXISTS (
         SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.oid = ANY($2::oid[]) AND n.nspname = s.schemaname AND c.relname = s.tablename))`;

/** What the catalog says about one relation, as one digest: see {@link FINGERPRINTS_SQL}. */
export interface FingerprintRow {
  oid: string;
  schema: string;
  name: string;
  relkind: string;
  /** Whether the current user may SELECT at least one column. */
  readable: boolean;
  /** Bytes on disk (all partitions) when asked for (`$2`) and written nothing counted; else null. */
  bytes: number | null;
  /** Rows inserted, updated and deleted since statistics were last reset (all partitions); null when unknown. */
  writes: number | null;
  /** md5 of everything the detail queries read about the relation (see {@link FINGERPRINTS_SQL}). */
  digest: string;
}

/**
 * One row per relation of the schemas in `$1` with a digest of everything the detail queries read about it:
 * the relation (kind, comment, planner counts, privilege, storage file, write counters, size where asked),
 * its columns (name, number, type oid, modifier and name, nullability, comment, column ACL, privilege), its
 * primary and foreign keys (with the referenced relation's and columns' current names) and its planner
 * statistics. The cheap catalog-wide query of an incremental introspection: equal digests mean the detail
 * rows are equal, so only relations whose digest changed are read in detail (and profiled).
 *
 * Cost rule (50,000 relations, 500,000 columns): no function call per column that the raw catalog values
 * can stand for. The digest takes `atttypid`/`atttypmod` and the type's name instead of `format_type`, the
 * column ACL plus the table-level privilege instead of `has_column_privilege` (asked only of columns of
 * tables not readable as a whole), and plain concatenation with length prefixes (so a separator inside a
 * name or comment cannot make two inputs equal; NULL is `~`, '' is `0:`) instead of `format('%L')`.
 * `pg_relation_size` takes a lock and a file lookup per relation: it is computed only when `$2` is true
 * (sizes are wanted for row-version digests) and the write counters show no write.
 */
export const FINGERPRINTS_SQL = `
WITH rel AS (
  SELECT c.oid, n.nspname, c.relname, c.relkind, c.reltuples, c.relpages, c.relfilenode,
         has_table_privilege(c.oid, 'SELECT') AS all_columns
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = ANY($1::name[]) AND c.relkind IN ${RELKINDS} AND NOT c.relispartition
), cols AS (
  SELECT a.attrelid AS oid,
         md5(string_agg(length(a.attname) || ':' || a.attname || '|' || a.attnum || '|' || a.atttypid || '|'
                    || a.atttypmod || '|' || t.typnamespace || '.' || t.typname || '|' || a.attnotnull || '|'
                    || coalesce(length(d.description) || ':' || d.description, '~') || '|'
                    || coalesce(a.attacl::text, '~') || '|'
                    || CASE WHEN rel.all_columns THEN 'a'
                            ELSE has_column_privilege(a.attrelid, a.attnum, 'SELECT')::text END,
                    ';' ORDER BY a.attnum)) AS d
    FROM pg_attribute a
    JOIN rel ON rel.oid = a.attrelid
    JOIN pg_type t ON t.oid = a.atttypid
    -- a join, not col_description() per column (a lookup each: three times slower on a large catalog)
    LEFT JOIN pg_description d
      ON d.classoid = 'pg_class'::regclass AND d.objoid = a.attrelid AND d.objsubid = a.attnum
   WHERE a.attnum > 0 AND NOT a.attisdropped
   GROUP BY a.attrelid
), cons AS (
  SELECT con.conrelid AS oid,
         md5(string_agg(length(con.conname) || ':' || con.conname || '|' || con.contype::text || '|'
                    || con.conkey::text || '|'
                    || coalesce(length(rn.nspname) || ':' || rn.nspname || length(rc.relname) || ':' || rc.relname, '~')
                    || '|' || coalesce(con.confkey::text || (SELECT string_agg(length(a.attname) || ':' || a.attname, ','
                                                                                ORDER BY a.attnum)
                                                              FROM pg_attribute a
                                                             WHERE a.attrelid = con.confrelid
                                                               AND a.attnum = ANY(con.confkey)), '~'),
                    ';' ORDER BY con.conname, con.contype)) AS d
    FROM pg_constraint con
    JOIN rel ON rel.oid = con.conrelid
    LEFT JOIN pg_class rc ON rc.oid = con.confrelid
    LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
   WHERE con.contype IN ('p', 'f')
   GROUP BY con.conrelid
), st AS (
  SELECT s.schemaname, s.tablename,
         md5(string_agg(length(s.attname) || ':' || s.attname || '|' || s.inherited || '|' || s.null_frac::float8
                    || '|' || s.n_distinct::float8, ';' ORDER BY s.attname, s.inherited)) AS d
    FROM pg_stats s
   WHERE s.schemaname = ANY($1::name[])
   GROUP BY s.schemaname, s.tablename
), counted AS (
  SELECT rel.*,
         has_any_column_privilege(rel.oid, 'SELECT') AS readable,
         CASE WHEN rel.relkind = 'p' THEN
           (SELECT sum(pg_stat_get_tuples_inserted(p.relid) + pg_stat_get_tuples_updated(p.relid)
                       + pg_stat_get_tuples_deleted(p.relid))::float8
              FROM pg_partition_tree(rel.oid) p)
         ELSE (pg_stat_get_tuples_inserted(rel.oid) + pg_stat_get_tuples_updated(rel.oid)
               + pg_stat_get_tuples_deleted(rel.oid))::float8
         END AS writes
    FROM rel
), base AS (
  SELECT counted.*,
         CASE WHEN NOT $2::boolean OR coalesce(counted.writes, 0) > 0 THEN NULL
              WHEN counted.relkind IN ('r', 'm') THEN pg_relation_size(counted.oid)::float8
              WHEN counted.relkind = 'p' THEN (SELECT coalesce(sum(pg_relation_size(p.relid)), 0)::float8
                                                 FROM pg_partition_tree(counted.oid) p)
         END AS bytes
    FROM counted
)
SELECT b.oid::text AS oid, b.nspname::text AS schema, b.relname::text AS name, b.relkind::text AS relkind,
       b.readable, b.bytes, b.writes,
       md5(b.relkind::text || '|' || coalesce(length(rd.description) || ':' || rd.description, '~') || '|'
           || b.reltuples::float8 || '|' || b.relpages || '|' || coalesce(b.bytes::text, '~') || '|'
           || b.readable || '|' || b.all_columns || '|' || b.relfilenode || '|' || coalesce(b.writes::text, '~')
           || '#' || coalesce(cols.d, '~') || '#' || coalesce(cons.d, '~') || '#' || coalesce(st.d, '~')) AS digest
  FROM base b
  LEFT JOIN pg_description rd ON rd.classoid = 'pg_class'::regclass AND rd.objoid = b.oid AND rd.objsubid = 0
  LEFT JOIN cols ON cols.oid = b.oid
  LEFT JOIN cons ON cons.oid = b.oid
  LEFT JOIN st ON st.schemaname = b.nspname AND st.tablename = b.relname`;

/**
 * The epoch of the source's write counters: the server's start and the database's last statistics reset.
 * Within one epoch a relation's counters only grow, so a count equal to the previous reindex's means no
 * write since; a restart (a crash loses the counters) or a reset starts a new epoch.
 */
export const COUNTER_EPOCH_SQL = `
SELECT pg_postmaster_start_time()::text || '|' || coalesce(pg_stat_get_db_stat_reset_time(d.oid)::text, '~') AS epoch
  FROM pg_database d WHERE d.datname = current_database()`;

/**
 * One row per relation with a digest of its row versions (`xmin` and `ctid` of every row): any insert,
 * update or delete changes it. Only for small relations, where the scan costs less than a profile; the
 * relations are quoted by `quote`.
 */
export function rowVersionsSql(relations: readonly { oid: string; quoted: string }[]): string {
  return relations
    .map(
      (r) =>
        `SELECT ${Number(r.oid)}::text AS oid, (SELECT md5(coalesce(string_agg(xmin::text || ctid::text, ',' ORDER BY ctid), '')) FROM ${r.quoted}) AS digest`,
    )
    .join('\nUNION ALL\n');
}

/** A row of {@link rowVersionsSql}. */
export interface RowVersionsRow {
  oid: string;
  digest: string;
}
