/** A bounded statistical profile of one column. */
export interface ColumnProfile {
  /** Estimated number of distinct values (planner statistics or a sample), or null when unknown. */
  distinctEstimate: number | null;
  /** Fraction of rows that are null, 0..1, or null when unknown. */
  nullFraction: number | null;
  /** Most frequent values of a low-cardinality text column, most frequent first (at most ~20). */
  topValues: string[];
  /** Minimum of a number or date column, as text. */
  min: string | null;
  /** Maximum of a number or date column, as text. */
  max: string | null;
}

/** One column of a catalog table. */
export interface CatalogColumn {
  name: string;
  /** 1-based ordinal position. */
  position: number;
  /** Postgres type as `format_type` prints it, e.g. `integer`, `numeric(12,2)`, `timestamp with time zone`. */
  dataType: string;
  nullable: boolean;
  comment: string | null;
  profile: ColumnProfile | null;
}

/** A foreign key from this table to another (possibly in another schema of the same source). */
export interface ForeignKey {
  name: string;
  columns: string[];
  referencedSchema: string;
  referencedTable: string;
  referencedColumns: string[];
}

/** A table or view of a data source, as introspected. */
export interface CatalogTable {
  sourceId: string;
  schema: string;
  name: string;
  kind: 'table' | 'view' | 'materialized_view';
  comment: string | null;
  /** Planner row estimate (or an exact count for small tables); null when unknown. */
  rowEstimate: number | null;
  columns: CatalogColumn[];
  primaryKey: string[];
  foreignKeys: ForeignKey[];
  /** Hash of the definition and profile; unchanged fingerprint means the embedding can be reused. */
  fingerprint: string;
  /**
   * Hash of the catalog's view of the relation before profiling (definition, statistics, storage, write
   * counters; `changeFingerprint`); unchanged means the profile can be reused. Absent for relations whose
   * data the catalog cannot vouch for (views, foreign tables) and for catalogs stored before it existed.
   */
  changeFingerprint?: string;
}

/** Everything introspected from one source for the selected schemas. */
export interface SourceCatalog {
  sourceId: string;
  /** Redacted connection label. */
  label: string;
  schemas: string[];
  tables: CatalogTable[];
  introspectedAt: Date;
  /**
   * Relations profiled by the introspection that produced this catalog; the others were unchanged since the
   * previous one and kept its profile. Absent on a catalog read back from the store.
   */
  profiled?: number;
}

/** `schema.table`, the key tablebot uses for a table everywhere (ask JSON, index labels, logs). */
export function qualifiedName(table: { schema: string; name: string }): string {
  return `${table.schema}.${table.name}`;
}

/** A Postgres string literal: the text in single quotes, each quote doubled. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Quotes an identifier for Postgres when needed (mixed case, spaces, reserved words, non-ASCII). */
export function quoteIdent(identifier: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(identifier) && !RESERVED.has(identifier)
    ? identifier
    : `"${identifier.replace(/"/g, '""')}"`;
}

/** `schema.table` quoted for SQL. */
export function quoteTable(table: { schema: string; name: string }): string {
  return `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
}

const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation ' +
    'column concurrently constraint create cross current_catalog current_date current_role current_schema current_time ' +
    'current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze ' +
    'from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit ' +
    'localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references ' +
    'returning right select session_user similar some symmetric system_user table tablesample then to trailing true union ' +
    'unique user using variadic verbose when where window with year month day hour minute second value values position'
  ).split(' '),
);
