/**
 * Development evaluation of table embeddings on a Spider-format folder (default
 * `../shared/bench/spider-train-sample`): builds catalog tables from `tables.json` (and, with `--values`,
 * column profiles from the SQLite files), embeds them with Table2Vec, embeds every question and reports
 * the pure-embedding retrieval quality of the gold tables over all tables of all databases.
 *
 *   npm run -s build && node dist/src/bench/evalSpider.js [--spider <dir>] [--values]
 *     [--provider offline|transformers] [--dimension 512] [--method kind_mass|entity_sum|document]
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { z } from 'zod';
import type { CatalogColumn, CatalogTable, ColumnProfile, ForeignKey } from '../catalog';
import { dot } from '../vector';
import { type Embedder, embedTables, OfflineEmbedder, type Table2VecWeights } from '../embeddings';

/** One Spider question with its gold tables (`schema.table`). */
export interface SpiderQuestion {
  dbId: string;
  question: string;
  gold: string[];
}

/** Retrieval quality of one question set. */
export interface RetrievalReport {
  questions: number;
  /** The top table is a gold table. */
  recallAt1: number;
  /** All gold tables are among the top 3. */
  recallAt3All: number;
  /** Mean reciprocal rank of the first gold table. */
  mrr: number;
  /** p50 / p95 milliseconds to embed one question. */
  embedP50Ms: number;
  embedP95Ms: number;
  perDatabase: Record<string, { questions: number; recallAt1: number }>;
}

const spiderSchemaSchema = z.object({
  db_id: z.string(),
  table_names_original: z.array(z.string()),
  column_names_original: z.array(z.tuple([z.number(), z.string()])),
  column_types: z.array(z.string()),
  primary_keys: z.array(z.union([z.number(), z.array(z.number())])),
  foreign_keys: z.array(z.tuple([z.number(), z.number()])),
});
type SpiderSchema = z.infer<typeof spiderSchemaSchema>;

const spiderItemSchema = z.object({ db_id: z.string(), question: z.string(), query: z.string() });
const statsRowSchema = z.object({ d: z.number(), n: z.number() });
const valueRowSchema = z.object({ v: z.unknown() });

/** Postgres-style identifier of a Spider name, as the Spider loader creates it: lower case, `_` for the rest. */
export function spiderIdentifier(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
}

/**
 * Catalog tables of every database in a Spider folder's `tables.json` (one schema per `db_id`).
 * With `values`, low-cardinality text columns get their most frequent values from the SQLite file.
 */
export function loadSpiderCatalog(options: { spiderDir: string; values?: boolean }): CatalogTable[] {
  const schemas = readJson(path.join(options.spiderDir, 'tables.json'), z.array(spiderSchemaSchema));
  const tables: CatalogTable[] = [];
  for (const schema of schemas) {
    const dbFile = path.join(options.spiderDir, 'database', schema.db_id, `${schema.db_id}.sqlite`);
    const db =
      options.values === true && fs.existsSync(dbFile) ? new Database(dbFile, { readonly: true }) : null;
    try {
      schema.table_names_original.forEach((tableName, tableIndex) => {
        if (tableName.toLowerCase() === 'sqlite_sequence') return;
        tables.push(spiderTable(schema, tableIndex, db));
      });
    } finally {
      db?.close();
    }
  }
  return tables;
}

function spiderTable(schema: SpiderSchema, tableIndex: number, db: Database.Database | null): CatalogTable {
  const columnIndexes = schema.column_names_original
    .map(([table], index) => ({ table, index }))
    .filter((c) => c.table === tableIndex)
    .map((c) => c.index);
  const columnName = (index: number): string => spiderIdentifier(schema.column_names_original[index][1]);
  const tableOf = (index: number): string =>
    spiderIdentifier(schema.table_names_original[schema.column_names_original[index][0]]);
  const rawTable = schema.table_names_original[tableIndex];
  const columns: CatalogColumn[] = columnIndexes.map((index, position) => {
    const type = schema.column_types[index] === 'number' ? 'numeric' : schema.column_types[index];
    const rawColumn = schema.column_names_original[index][1];
    return {
      name: columnName(index),
      position: position + 1,
      dataType: type === 'text' ? 'text' : type,
      nullable: true,
      comment: null,
      profile: db === null || type !== 'text' ? null : columnProfile(db, rawTable, rawColumn),
    };
  });
  const primaryKey = schema.primary_keys
    .flatMap((key) => (Array.isArray(key) ? key : [key]))
    .filter((index) => columnIndexes.includes(index))
    .map(columnName);
  const foreignKeys: ForeignKey[] = schema.foreign_keys
    .filter(([from]) => columnIndexes.includes(from))
    .map(([from, to]) => ({
      name: `${columnName(from)}_fkey`,
      columns: [columnName(from)],
      referencedSchema: spiderIdentifier(schema.db_id),
      referencedTable: tableOf(to),
      referencedColumns: [columnName(to)],
    }));
  return {
    sourceId: 'spider',
    schema: spiderIdentifier(schema.db_id),
    name: spiderIdentifier(rawTable),
    kind: 'table',
    comment: null,
    rowEstimate: null,
    columns,
    primaryKey,
    foreignKeys,
    fingerprint: `${schema.db_id}.${rawTable}`,
  };
}

function columnProfile(db: Database.Database, table: string, column: string): ColumnProfile | null {
  const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;
  try {
    const stats = statsRowSchema.parse(
      db.prepare(`SELECT count(DISTINCT ${q(column)}) AS d, count(*) AS n FROM ${q(table)}`).get(),
    );
    const topValues =
      stats.d > 0 && stats.d <= 50
        ? db
            .prepare(
              `SELECT CAST(${q(column)} AS TEXT) AS v FROM ${q(table)} WHERE ${q(column)} IS NOT NULL ` +
                `GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 20`,
            )
            .all()
            .map((row) => String(valueRowSchema.parse(row).v))
        : [];
    return { distinctEstimate: stats.d, nullFraction: null, topValues, min: null, max: null };
  } catch {
    // a column SQLite cannot aggregate (odd names, blobs) simply has no profile
    return null;
  }
}

const TABLE_AFTER_KEYWORD = /\b(?:from|join)\s+([A-Za-z_][A-Za-z0-9_]*)/gi;

/** The tables a Spider gold query reads (`FROM` / `JOIN` targets), as `schema.table`. */
export function goldTables(dbId: string, sql: string): string[] {
  const out = new Set<string>();
  for (const match of sql.matchAll(TABLE_AFTER_KEYWORD)) {
    out.add(`${spiderIdentifier(dbId)}.${spiderIdentifier(match[1])}`);
  }
  return [...out];
}

/** Questions of a Spider question file with their gold tables. */
export function loadSpiderQuestions(file: string): SpiderQuestion[] {
  return readJson(file, z.array(spiderItemSchema)).map((item) => ({
    dbId: item.db_id,
    question: item.question,
    gold: goldTables(item.db_id, item.query),
  }));
}

/** Ranks all tables for every question by cosine similarity and scores the gold tables. */
export async function evaluateRetrieval(options: {
  embedder: Embedder;
  tables: { table: string; vector: Float32Array }[];
  questions: readonly SpiderQuestion[];
}): Promise<RetrievalReport> {
  let hits1 = 0;
  let hits3 = 0;
  let reciprocal = 0;
  const times: number[] = [];
  const perDatabase: Record<string, { questions: number; hits: number }> = {};
  for (const question of options.questions) {
    const started = performance.now();
    const [vector] = await options.embedder.embed([question.question]);
    times.push(performance.now() - started);
    const ranked = options.tables
      .map((t) => ({ table: t.table, score: dot(vector, t.vector) }))
      .sort((a, b) => b.score - a.score)
      .map((t) => t.table);
    const gold = new Set(question.gold);
    const firstGold = ranked.findIndex((table) => gold.has(table));
    const hit = firstGold === 0;
    if (hit) hits1++;
    if (question.gold.every((table) => ranked.slice(0, 3).includes(table))) hits3++;
    if (firstGold >= 0) reciprocal += 1 / (firstGold + 1);
    const db = (perDatabase[question.dbId] ??= { questions: 0, hits: 0 });
    db.questions++;
    if (hit) db.hits++;
  }
  times.sort((a, b) => a - b);
  const n = Math.max(1, options.questions.length);
  return {
    questions: options.questions.length,
    recallAt1: hits1 / n,
    recallAt3All: hits3 / n,
    mrr: reciprocal / n,
    embedP50Ms: times[Math.floor(times.length * 0.5)] ?? 0,
    embedP95Ms: times[Math.floor(times.length * 0.95)] ?? 0,
    perDatabase: Object.fromEntries(
      Object.entries(perDatabase).map(([db, s]) => [
        db,
        { questions: s.questions, recallAt1: s.hits / s.questions },
      ]),
    ),
  };
}

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  return schema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

function argument(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(args: readonly string[]): Promise<void> {
  const spiderDir = path.resolve(argument(args, '--spider') ?? '../shared/bench/spider-train-sample');
  const dimensionArgument = argument(args, '--dimension');
  const dimension = dimensionArgument === undefined ? undefined : Number(dimensionArgument);
  const method = argument(args, '--method');
  const weights: Partial<Table2VecWeights> =
    method === 'kind_mass' || method === 'entity_sum' || method === 'document' ? { method } : {};
  const tables = loadSpiderCatalog({ spiderDir, values: args.includes('--values') });
  const started = performance.now();
  const embedder = await OfflineEmbedder.create({ dimension });
  const vectors = await embedTables({ embedder, tables, weights });
  const indexMs = performance.now() - started;
  console.log(`${embedder.id}: ${tables.length} tables embedded in ${indexMs.toFixed(0)} ms`);
  for (const file of ['train_sample.json', 'train_sample_syn.json']) {
    const report = await evaluateRetrieval({
      embedder,
      tables: vectors,
      questions: loadSpiderQuestions(path.join(spiderDir, file)),
    });
    console.log(
      `${file}: n=${report.questions} R@1=${report.recallAt1.toFixed(3)} R@3-all=${report.recallAt3All.toFixed(3)} ` +
        `MRR=${report.mrr.toFixed(3)} embed p50=${report.embedP50Ms.toFixed(2)}ms p95=${report.embedP95Ms.toFixed(2)}ms`,
    );
    if (args.includes('--per-db')) {
      for (const [db, s] of Object.entries(report.perDatabase)) {
        console.log(`  ${db.padEnd(20)} ${s.questions} R@1=${s.recallAt1.toFixed(3)}`);
      }
    }
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
