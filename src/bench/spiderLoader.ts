import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Queryable } from '../sources';
import { errorMessage } from '../errors';
import { silentLogger, type Logger } from '../logging';
import { inferColumnType, toPgParam, type PgColumnType, type PgParam, type SqliteValue } from './columnTypes';
import {
  readSpiderSchemas,
  spiderDatabaseFile,
  SpiderDatasetError,
  type SpiderSchema,
} from './spiderDataset';
import { quoteAlways, spiderSchemaName, uniqueNormalisedNames } from './spiderNames';

/** Options for {@link loadSpider}. */
export interface LoadSpiderOptions {
  /** A Spider-format folder: `tables.json` and `database/<db_id>/<db_id>.sqlite`. */
  spiderDir: string;
  /** Where to create the schemas (a PGlite or Postgres server connection). */
  target: Queryable;
  /** Only these databases. @default every database of tables.json that has a SQLite file */
  dbIds?: string[];
  /** @default silentLogger() */
  logger?: Logger;
}

/** What {@link loadSpider} created. */
export interface LoadSpiderResult {
  /** Postgres schema names, one per loaded db_id, in load order. */
  schemas: string[];
  /** Tables created over all schemas. */
  tables: number;
  /** Rows copied over all tables. */
  rows: number;
  /** Keys (from the SQLite schema or tables.json) the data did not allow, one readable line each. */
  skipped: string[];
}

/** One SQLite column as loaded. */
interface LoadedColumn {
  sqliteName: string;
  pgName: string;
  type: PgColumnType;
}

/** A foreign key declared in the SQLite schema (`PRAGMA foreign_key_list`), by SQLite names. */
interface DeclaredForeignKey {
  table: string;
  from: string[];
  /** Null entries reference the referenced table's primary key. */
  to: (string | null)[];
}

/** One SQLite table as loaded. */
interface LoadedTable {
  sqliteName: string;
  pgName: string;
  columns: LoadedColumn[];
  /** Primary key declared in the SQLite schema, by SQLite column names (empty when none). */
  declaredPrimaryKey: string[];
  declaredForeignKeys: DeclaredForeignKey[];
}

/** A key to try, by loaded columns. */
interface KeyPlan {
  from: LoadedTable;
  fromColumns: LoadedColumn[];
  to: LoadedTable;
  toColumns: LoadedColumn[];
}

/** Rows per INSERT are capped so that rows x columns stays well below Postgres' 65535 parameters. */
const MAX_PARAMS_PER_INSERT = 30_000;
const MAX_ROWS_PER_INSERT = 2_000;

function listSqliteTables(db: Database.Database): string[] {
  const rows = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
    )
    .all() as { name: string }[];
  return rows.map((r) => r.name);
}

function readTable(
  db: Database.Database,
  table: string,
): {
  columns: { name: string; declared: string }[];
  rows: SqliteValue[][];
  primaryKey: string[];
  foreignKeys: DeclaredForeignKey[];
} {
  const statement = db
    .prepare(`SELECT * FROM ${quoteAlways(table)}`)
    .safeIntegers(true)
    .raw(true);
  const columns = statement.columns().map((c) => ({ name: c.name, declared: c.type ?? '' }));
  const info = db.prepare(`PRAGMA table_info(${quoteAlways(table)})`).all() as { name: string; pk: number }[];
  const primaryKey = info
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const fkRows = db.prepare(`PRAGMA foreign_key_list(${quoteAlways(table)})`).all() as {
    id: number;
    table: string;
    from: string;
    to: string | null;
  }[];
  const byId = new Map<number, DeclaredForeignKey>();
  for (const fk of fkRows) {
    const entry = byId.get(fk.id) ?? { table: fk.table, from: [], to: [] };
    entry.from.push(fk.from);
    entry.to.push(fk.to);
    byId.set(fk.id, entry);
  }
  return { columns, rows: statement.all() as SqliteValue[][], primaryKey, foreignKeys: [...byId.values()] };
}

async function insertRows(options: {
  target: Queryable;
  /** Quoted `schema.table`. */
  qualified: string;
  columns: LoadedColumn[];
  rows: SqliteValue[][];
}): Promise<void> {
  const { target, qualified, rows } = options;
  const types = options.columns.map((c) => c.type);
  const columnList = options.columns.map((c) => quoteAlways(c.pgName)).join(', ');
  const width = Math.max(1, types.length);
  const batch = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMS_PER_INSERT / width)));
  for (let start = 0; start < rows.length; start += batch) {
    const chunk = rows.slice(start, start + batch);
    const params: PgParam[] = [];
    const tuples = chunk.map((row) => {
      const placeholders = types.map((type, i) => {
        params.push(toPgParam(type, row[i] ?? null));
        return `$${params.length}::${type}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await target.query(`INSERT INTO ${qualified} (${columnList}) VALUES ${tuples.join(', ')}`, params);
  }
}

/** The detail Postgres attaches to a constraint violation ("Key (id)=(3) is duplicated."), when present. */
function errorDetail(error: unknown): string {
  const detail = error instanceof Error && 'detail' in error ? error.detail : undefined;
  return typeof detail === 'string' && detail !== '' ? ` (${detail})` : '';
}

/** Adds constraints to one loaded schema; refusals by the data are logged and collected, never thrown. */
class ConstraintWriter {
  private readonly uniqueKeys = new Map<LoadedTable, Set<string>>();
  private readonly failedUnique = new Set<string>();

  private readonly target: Queryable;
  private readonly schemaName: string;
  private readonly skipped: string[];
  private readonly logger: Logger;

  constructor(options: { target: Queryable; schemaName: string; skipped: string[]; logger: Logger }) {
    this.target = options.target;
    this.schemaName = options.schemaName;
    this.skipped = options.skipped;
    this.logger = options.logger;
  }

  private qualify(table: LoadedTable): string {
    return `${quoteAlways(this.schemaName)}.${quoteAlways(table.pgName)}`;
  }

  private static list(columns: LoadedColumn[]): string {
    return columns.map((c) => quoteAlways(c.pgName)).join(', ');
  }

  private static names(columns: LoadedColumn[]): string {
    return columns.map((c) => c.pgName).join(', ');
  }

  private static keyOf(columns: LoadedColumn[]): string {
    return columns
      .map((c) => c.pgName)
      .sort()
      .join(',');
  }

  /** True when `columns` of `table` already carry a primary key or unique constraint. */
  isUnique(table: LoadedTable, columns: LoadedColumn[]): boolean {
    return this.uniqueKeys.get(table)?.has(ConstraintWriter.keyOf(columns)) ?? false;
  }

  private remember(table: LoadedTable, columns: LoadedColumn[]): void {
    const set = this.uniqueKeys.get(table) ?? new Set<string>();
    set.add(ConstraintWriter.keyOf(columns));
    this.uniqueKeys.set(table, set);
  }

  private async attempt(sql: string, what: string): Promise<boolean> {
    try {
      await this.target.exec(sql);
      return true;
    } catch (error) {
      const reason = `${errorMessage(error)}${errorDetail(error)}`;
      this.skipped.push(`${what}: ${reason}`);
      this.logger.info({ constraint: what, reason }, 'loadSpider: skipped constraint');
      return false;
    }
  }

  /** Tries each candidate primary key in turn; keeps the first the data allows. */
  async primaryKey(table: LoadedTable, candidates: LoadedColumn[][]): Promise<void> {
    const seen = new Set<string>();
    for (const columns of candidates) {
      const key = ConstraintWriter.keyOf(columns);
      if (columns.length === 0 || seen.has(key)) continue;
      seen.add(key);
      const ok = await this.attempt(
        `ALTER TABLE ${this.qualify(table)} ADD PRIMARY KEY (${ConstraintWriter.list(columns)})`,
        `${this.schemaName}.${table.pgName} PRIMARY KEY (${ConstraintWriter.names(columns)})`,
      );
      if (ok) {
        this.remember(table, columns);
        return;
      }
    }
  }

  /** Adds a foreign key, first a UNIQUE constraint on the referenced columns when they have none. */
  async foreignKey(plan: KeyPlan): Promise<void> {
    const { from, to, fromColumns, toColumns } = plan;
    if (!this.isUnique(to, toColumns)) {
      const uniqueWhat = `${this.schemaName}.${to.pgName} UNIQUE (${ConstraintWriter.names(toColumns)}) needed by a foreign key`;
      if (this.failedUnique.has(uniqueWhat)) return;
      const added = await this.attempt(
        `ALTER TABLE ${this.qualify(to)} ADD UNIQUE (${ConstraintWriter.list(toColumns)})`,
        uniqueWhat,
      );
      if (!added) {
        this.failedUnique.add(uniqueWhat);
        return;
      }
      this.remember(to, toColumns);
    }
    await this.attempt(
      `ALTER TABLE ${this.qualify(from)} ADD FOREIGN KEY (${ConstraintWriter.list(fromColumns)}) ` +
        `REFERENCES ${this.qualify(to)} (${ConstraintWriter.list(toColumns)})`,
      `${this.schemaName}.${from.pgName} (${ConstraintWriter.names(fromColumns)}) -> ` +
        `${to.pgName} (${ConstraintWriter.names(toColumns)})`,
    );
  }
}

function findColumn(table: LoadedTable, sqliteName: string): LoadedColumn | undefined {
  return table.columns.find((c) => c.sqliteName.toLowerCase() === sqliteName.toLowerCase());
}

/** Resolves a tables.json column index to the loaded table and column, or null when the data has no such column. */
function resolveColumn(
  schema: SpiderSchema,
  tables: Map<string, LoadedTable>,
  index: number,
): { table: LoadedTable; column: LoadedColumn } | null {
  const entry = schema.columns[index];
  if (!entry || entry[0] < 0) return null;
  const tableName = schema.tableNames[entry[0]];
  const table = tableName === undefined ? undefined : tables.get(tableName.toLowerCase());
  const column = table ? findColumn(table, entry[1]) : undefined;
  return table && column ? { table, column } : null;
}

/** Primary-key candidates per table: the SQLite declaration first (it carries composite keys), then tables.json. */
function primaryKeyCandidates(options: {
  spider: SpiderSchema;
  tables: Map<string, LoadedTable>;
  skipped: string[];
  schemaName: string;
}): Map<LoadedTable, LoadedColumn[][]> {
  const { spider, tables, skipped, schemaName } = options;
  const fromJson = new Map<LoadedTable, LoadedColumn[]>();
  for (const index of spider.primaryKeys.flat()) {
    const resolved = resolveColumn(spider, tables, index);
    if (!resolved) {
      skipped.push(`${schemaName}: primary key column #${index} of tables.json is not in the SQLite file`);
      continue;
    }
    const list = fromJson.get(resolved.table) ?? [];
    if (!list.includes(resolved.column)) list.push(resolved.column);
    fromJson.set(resolved.table, list);
  }
  const candidates = new Map<LoadedTable, LoadedColumn[][]>();
  for (const table of tables.values()) {
    const declared = table.declaredPrimaryKey.map((n) => findColumn(table, n));
    const list: LoadedColumn[][] = [];
    if (declared.length > 0 && declared.every((c) => c !== undefined))
      list.push(declared.filter((c) => c !== undefined));
    const json = fromJson.get(table);
    if (json) list.push(json);
    if (list.length > 0) candidates.set(table, list);
  }
  return candidates;
}

/**
 * Foreign-key plans: the SQLite declarations (composite keys intact), then the pairs of tables.json.
 * tables.json lists a composite key as several pairs; pairs from one table to another form one key when
 * their referenced columns are exactly a unique key of the referenced table, else each pair is a key.
 */
function foreignKeyPlans(options: {
  spider: SpiderSchema;
  tables: Map<string, LoadedTable>;
  writer: ConstraintWriter;
  skipped: string[];
  schemaName: string;
}): KeyPlan[] {
  const { spider, tables, writer, skipped, schemaName } = options;
  const plans: KeyPlan[] = [];
  for (const from of tables.values()) {
    for (const fk of from.declaredForeignKeys) {
      const to = tables.get(fk.table.toLowerCase());
      if (!to) continue;
      const fromColumns = fk.from.map((n) => findColumn(from, n));
      const toNames = fk.to.some((n) => n === null) ? to.declaredPrimaryKey : fk.to.map((n) => n ?? '');
      const toColumns = toNames.map((n) => findColumn(to, n));
      const okFrom = fromColumns.filter((c) => c !== undefined);
      const okTo = toColumns.filter((c) => c !== undefined);
      if (
        okFrom.length === fromColumns.length &&
        okTo.length === toColumns.length &&
        okFrom.length === okTo.length
      ) {
        plans.push({ from, to, fromColumns: okFrom, toColumns: okTo });
      }
    }
  }
  const groups = new Map<
    string,
    { from: LoadedTable; to: LoadedTable; pairs: [LoadedColumn, LoadedColumn][] }
  >();
  for (const [fromIndex, toIndex] of spider.foreignKeys) {
    const from = resolveColumn(spider, tables, fromIndex);
    const to = resolveColumn(spider, tables, toIndex);
    if (!from || !to) {
      skipped.push(
        `${schemaName}: foreign key #${fromIndex} -> #${toIndex} of tables.json names a column the SQLite file lacks`,
      );
      continue;
    }
    const key = `${from.table.pgName}->${to.table.pgName}`;
    const group = groups.get(key) ?? { from: from.table, to: to.table, pairs: [] };
    if (!group.pairs.some(([a, b]) => a === from.column && b === to.column))
      group.pairs.push([from.column, to.column]);
    groups.set(key, group);
  }
  for (const { from, to, pairs } of groups.values()) {
    const composite =
      pairs.length > 1 &&
      writer.isUnique(
        to,
        pairs.map(([, b]) => b),
      );
    const keys = composite ? [pairs] : pairs.map((p) => [p]);
    for (const key of keys)
      plans.push({ from, to, fromColumns: key.map(([a]) => a), toColumns: key.map(([, b]) => b) });
  }
  // A pair of tables.json already covered by a declared (possibly composite) key is not added twice.
  const signature = (p: KeyPlan) =>
    `${p.from.pgName}(${p.fromColumns.map((c) => c.pgName).join(',')})->${p.to.pgName}(${p.toColumns.map((c) => c.pgName).join(',')})`;
  const covered = (p: KeyPlan, q: KeyPlan) =>
    p !== q &&
    p.from === q.from &&
    p.to === q.to &&
    q.fromColumns.length > p.fromColumns.length &&
    p.fromColumns.every(
      (c, i) => q.fromColumns.includes(c) && q.toColumns[q.fromColumns.indexOf(c)] === p.toColumns[i],
    );
  const seen = new Set<string>();
  return plans.filter((p) => {
    const sig = signature(p);
    if (seen.has(sig) || plans.some((q) => covered(p, q))) return false;
    seen.add(sig);
    return true;
  });
}

async function addConstraints(options: {
  target: Queryable;
  schemaName: string;
  spider: SpiderSchema;
  tables: Map<string, LoadedTable>;
  skipped: string[];
  logger: Logger;
}): Promise<void> {
  const { target, schemaName, spider, tables, skipped, logger } = options;
  const writer = new ConstraintWriter({ target, schemaName, skipped, logger });
  for (const [table, candidates] of primaryKeyCandidates({ spider, tables, skipped, schemaName })) {
    await writer.primaryKey(table, candidates);
  }
  for (const plan of foreignKeyPlans({ spider, tables, writer, skipped, schemaName })) {
    await writer.foreignKey(plan);
  }
}

async function loadDatabase(options: {
  spiderDir: string;
  spider: SpiderSchema;
  target: Queryable;
  skipped: string[];
  logger: Logger;
}): Promise<{ schema: string; tables: number; rows: number }> {
  const { spider, target, logger } = options;
  const schemaName = spiderSchemaName(spider.dbId);
  const db = new Database(spiderDatabaseFile(options.spiderDir, spider.dbId), {
    readonly: true,
    fileMustExist: true,
  });
  const tables = new Map<string, LoadedTable>();
  let rowCount = 0;
  try {
    await target.exec(
      `DROP SCHEMA IF EXISTS ${quoteAlways(schemaName)} CASCADE; CREATE SCHEMA ${quoteAlways(schemaName)};`,
    );
    const sqliteTables = listSqliteTables(db);
    const pgTableNames = uniqueNormalisedNames(sqliteTables);
    for (const [t, sqliteName] of sqliteTables.entries()) {
      const data = readTable(db, sqliteName);
      const pgNames = uniqueNormalisedNames(data.columns.map((c) => c.name));
      const columns: LoadedColumn[] = data.columns.map((c, i) => ({
        sqliteName: c.name,
        pgName: pgNames[i],
        type: inferColumnType({ declaredType: c.declared, values: data.rows.map((r) => r[i] ?? null) }),
      }));
      const table: LoadedTable = {
        sqliteName,
        pgName: pgTableNames[t],
        columns,
        declaredPrimaryKey: data.primaryKey,
        declaredForeignKeys: data.foreignKeys,
      };
      const qualified = `${quoteAlways(schemaName)}.${quoteAlways(table.pgName)}`;
      const columnDefs = columns.map((c) => `${quoteAlways(c.pgName)} ${c.type}`).join(', ');
      await target.exec(`CREATE TABLE ${qualified} (${columnDefs})`);
      await insertRows({ target, qualified, columns, rows: data.rows });
      tables.set(sqliteName.toLowerCase(), table);
      rowCount += data.rows.length;
    }
    await addConstraints({ target, schemaName, spider, tables, skipped: options.skipped, logger });
    if (tables.size > 0) {
      const all = [...tables.values()].map((t) => `${quoteAlways(schemaName)}.${quoteAlways(t.pgName)}`);
      // Planner statistics help the product's profiles; a failure here does not spoil the load.
      await target
        .exec(`ANALYZE ${all.join(', ')}`)
        .catch((error: unknown) =>
          logger.warn({ schema: schemaName, err: errorMessage(error) }, 'loadSpider: ANALYZE failed'),
        );
    }
  } finally {
    db.close();
  }
  logger.info({ schema: schemaName, tables: tables.size, rows: rowCount }, 'loadSpider: loaded database');
  return { schema: schemaName, tables: tables.size, rows: rowCount };
}

/**
 * Loads Spider-format databases into Postgres: one schema per db_id (the normalised db_id, dropped and
 * recreated so a rerun is idempotent), tables and columns with normalised names, column types inferred
 * from the stored values (see `columnTypes.ts`), rows copied in multi-row parameterised INSERTs, then the
 * primary and foreign keys of `tables.json` that the data allows. A constraint the data refuses (duplicate
 * or null key values, dangling references, mismatched types) is skipped, logged and listed in `skipped`.
 * @throws SpiderDatasetError when tables.json is unreadable or a requested db_id is unknown or has no SQLite file
 */
export async function loadSpider(options: LoadSpiderOptions): Promise<LoadSpiderResult> {
  const logger = options.logger ?? silentLogger();
  const all = readSpiderSchemas({ spiderDir: options.spiderDir });
  let selected: SpiderSchema[];
  if (options.dbIds) {
    selected = options.dbIds.map((id) => {
      const found = all.find((s) => s.dbId === id);
      if (!found)
        throw new SpiderDatasetError(`loadSpider: database ${id} is not in ${options.spiderDir}/tables.json`);
      if (!fs.existsSync(spiderDatabaseFile(options.spiderDir, id))) {
        throw new SpiderDatasetError(
          `loadSpider: ${spiderDatabaseFile(options.spiderDir, id)} does not exist`,
        );
      }
      return found;
    });
  } else {
    selected = all.filter((s) => fs.existsSync(spiderDatabaseFile(options.spiderDir, s.dbId)));
  }
  const result: LoadSpiderResult = { schemas: [], tables: 0, rows: 0, skipped: [] };
  for (const spider of selected) {
    const loaded = await loadDatabase({
      spiderDir: options.spiderDir,
      spider,
      target: options.target,
      skipped: result.skipped,
      logger,
    });
    result.schemas.push(loaded.schema);
    result.tables += loaded.tables;
    result.rows += loaded.rows;
  }
  return result;
}
