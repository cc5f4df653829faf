/**
 * The catalog queries of {@link CatalogIntrospector}: one query per kind of object for all selected schemas
 * at once (schemas, relations, columns, constraints, planner statistics), never one per table.
 * Every name is returned as `text` so both drivers parse arrays of names the same way.
 */

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

/** Relations of the schemas in `$1`. */
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
 WHERE n.nspname = ANY($1::name[]) AND c.relkind IN ${RELKINDS} AND NOT c.relispartition`;

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

/** Columns of every relation of the schemas in `$1`, in attribute order. */
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
   AND a.attnum > 0 AND NOT a.attisdropped
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

/** Primary and foreign keys of the relations of the schemas in `$1` (multi-column keys in key order). */
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
 WHERE n.nspname = ANY($1::name[]) AND con.contype IN ('p', 'f') AND NOT c.relispartition`;

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

/** `pg_stats` of the schemas in `$1` (only columns the current user may read are visible). */
export const STATS_SQL = `
SELECT schemaname::text AS schema, tablename::text AS "table", attname::text AS "column", inherited,
       null_frac::float8 AS null_frac, n_distinct::float8 AS n_distinct
  FROM pg_stats
 WHERE schemaname = ANY($1::name[])`;

/** What changes when a relation's data or storage changes, without reading the relation. */
export interface ChangeRow {
  oid: string;
  /** Storage file (a TRUNCATE, VACUUM FULL, REFRESH MATERIALIZED VIEW or rewrite gives a new one). */
  filenode: string;
  /** Rows inserted, updated and deleted since statistics were last reset (all partitions); null when unknown. */
  writes: number | null;
}

/**
 * Change counters of the relations of the schemas in `$1`: one query for every relation, read by an
 * incremental reindex to tell which relations need profiling again.
 */
export const CHANGES_SQL = `
SELECT c.oid::text AS oid, c.relfilenode::text AS filenode,
       CASE WHEN c.relkind = 'p' THEN
         (SELECT sum(pg_stat_get_tuples_inserted(p.relid) + pg_stat_get_tuples_updated(p.relid)
                     + pg_stat_get_tuples_deleted(p.relid))::float8
            FROM pg_partition_tree(c.oid) p)
       ELSE (pg_stat_get_tuples_inserted(c.oid) + pg_stat_get_tuples_updated(c.oid)
             + pg_stat_get_tuples_deleted(c.oid))::float8
       END AS writes
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = ANY($1::name[]) AND c.relkind IN ${RELKINDS} AND NOT c.relispartition`;

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
