/**
 * Development harness for the built-in generator: execution accuracy (EX) on a Spider-format folder with the
 * GOLD tables given to the generator (retrieval is out of the picture here; `npm run bench` measures the full
 * product path with the same loader, introspector and EX rules).
 *
 * Usage (bundled with esbuild for a fast edit-run loop, or after `npm run -s build` from dist/):
 *   npx esbuild src/bench/devEval.ts --bundle --platform=node --packages=external --outfile=/tmp/devEval.js
 *   node /tmp/devEval.js [--spider ../shared/bench/spider-train-sample] [--questions original|syn]
 *        [--db a,b] [--limit N] [--offset N] [--fails N] [--url postgres://postgres@127.0.0.1:5432/postgres]
 *        [--reload] [--show-ok] [--shape S]
 *
 * The Spider databases are loaded (once; `--reload` to redo) into the Postgres database `tb_gen_eval` with the
 * bench loader, introspected with the product's CatalogIntrospector, and every question is generated with its
 * gold tables and the foreign-key edges among them; the first candidate runs read-only on Postgres and is
 * compared with the gold SQL's rows on the SQLite file (bench `executionMatch`: strict column order, and
 * `any` column order as EX-perm).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { GoldRunner } from './goldRunner';
import { GoldSqlAnalyzer } from './goldTables';
import { executionMatch } from './executionMatch';
import { readSpiderQuestions, readSpiderSchemas, type SpiderQuestionSet } from './spiderDataset';
import { loadSpider } from './spiderLoader';
import { spiderSchemaName } from './spiderNames';
import { CatalogIntrospector, type CatalogTable, qualifiedName } from '../catalog';
import { PgSource } from '../sources';
import { BuiltinSqlGenerator, type GeneratorAnalysis, type JoinEdge } from '../sql';

interface Args {
  spider: string;
  questions: SpiderQuestionSet;
  dbs: string[] | null;
  limit: number;
  offset: number;
  fails: number;
  url: string;
  reload: boolean;
  showOk: boolean;
  shape: string | null;
  trace: boolean;
  grep: string | null;
  save: string | null;
}

const EVAL_DATABASE = 'tb_gen_eval';

function parseArgs(argv: string[]): Args {
  const args: Args = {
    spider: path.resolve(process.cwd(), '../shared/bench/spider-train-sample'),
    questions: 'original',
    dbs: null,
    limit: Infinity,
    offset: 0,
    fails: 40,
    url: 'postgres://postgres@127.0.0.1:5432/postgres',
    reload: false,
    showOk: false,
    shape: null,
    trace: false,
    grep: null,
    save: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i] ?? '';
    if (a === '--spider') args.spider = path.resolve(next());
    else if (a === '--questions') args.questions = next() === 'syn' ? 'syn' : 'original';
    else if (a === '--db') args.dbs = next().split(',');
    else if (a === '--limit') args.limit = Number(next());
    else if (a === '--offset') args.offset = Number(next());
    else if (a === '--fails') args.fails = Number(next());
    else if (a === '--url') args.url = next();
    else if (a === '--reload') args.reload = true;
    else if (a === '--show-ok') args.showOk = true;
    else if (a === '--shape') args.shape = next();
    else if (a === '--trace') args.trace = true;
    else if (a === '--save') args.save = next();
    else if (a === '--grep') args.grep = next().toLowerCase();
  }
  return args;
}

function joinEdges(tables: CatalogTable[]): JoinEdge[] {
  const names = new Set(tables.map(qualifiedName));
  const edges: JoinEdge[] = [];
  for (const t of tables)
    for (const fk of t.foreignKeys) {
      const to = `${fk.referencedSchema}.${fk.referencedTable}`;
      if (names.has(to))
        edges.push({ from: qualifiedName(t), fromColumns: fk.columns, to, toColumns: fk.referencedColumns });
    }
  return edges;
}

/** A coarse shape label of a gold query, for the per-shape breakdown. */
function goldShape(sql: string): string {
  const s = sql.toLowerCase();
  const join = /\bjoin\b/.test(s) ? '+join' : '';
  if (/\b(intersect|union|except)\b/.test(s)) return 'setop';
  if (/\(\s*select\b/.test(s)) return 'nested';
  if (/\bhaving\b/.test(s)) return 'having' + join;
  if (/\bgroup by\b/.test(s) && /\border by\b/.test(s)) return 'group-order' + join;
  if (/\bgroup by\b/.test(s)) return 'group' + join;
  if (/\border by\b/.test(s) && /\blimit\b/.test(s)) return 'superlative' + join;
  if (/\border by\b/.test(s)) return 'order' + join;
  if (/\bcount\s*\(/.test(s)) return 'count' + join;
  if (/\b(avg|sum|max|min)\s*\(/.test(s)) return 'aggregate' + join;
  if (/\bwhere\b/.test(s)) return 'filter' + join;
  return 'list' + join;
}

async function ensureEvalDatabase(adminUrl: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EVAL_DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${EVAL_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${EVAL_DATABASE}`;
  return url.toString();
}

interface Outcome {
  ok: boolean;
  okPerm: boolean;
  shape: string;
  db: string;
  question: string;
  gold: string;
  sql: string;
  trace?: string;
  error?: string;
  goldRows?: unknown[][];
  predRows?: unknown[][];
}

const show = (rows: unknown[][] | undefined) =>
  JSON.stringify(rows?.slice(0, 3), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** Cues and mentions of a question, one line each (for --trace). */
function traceOf(analysis: GeneratorAnalysis): string {
  const { tokens, cues, mentions } = analysis;
  const span = (s: number, e: number) =>
    tokens
      .slice(s, e)
      .map((t) => t.text)
      .join(' ');
  const lines = cues.map(
    (c) =>
      `  cue ${c.meaning.kind}${'dir' in c.meaning ? `:${c.meaning.dir}` : ''}${c.soft ? '(soft)' : ''} [${span(c.start, c.end)}]`,
  );
  for (const m of mentions) {
    if (m.kind === 'value')
      lines.push(
        `  value [${m.text}] ${m.candidates
          .slice(0, 3)
          .map((c) => `${c.column.table.table.name}.${c.column.name}=${c.value}`)
          .join(' ')}`,
      );
    else
      lines.push(
        `  schema [${m.text}] cols: ${m.columns
          .slice(0, 4)
          .map((c) => `${c.column.table.table.name}.${c.column.name}:${c.score.toFixed(2)}`)
          .join(' ')} tables: ${m.tables
          .slice(0, 2)
          .map((t) => `${t.table.table.name}:${t.score.toFixed(2)}`)
          .join(' ')}`,
      );
  }
  lines.push(`  notes: ${analysis.notes.join('; ')}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const schemas = readSpiderSchemas({ spiderDir: args.spider });
  let items = readSpiderQuestions({ spiderDir: args.spider, set: args.questions });
  if (args.dbs) items = items.filter((i) => args.dbs?.includes(i.dbId));
  const url = await ensureEvalDatabase(args.url);
  const source = await PgSource.create({ url, id: 'eval' });
  const dbIds = [...new Set(items.map((i) => i.dbId))];
  const present = await source.query<{ schema_name: string }>(
    'SELECT schema_name FROM information_schema.schemata',
  );
  const have = new Set(present.rows.map((r) => r.schema_name));
  const missing = dbIds.filter((d) => args.reload || !have.has(spiderSchemaName(d)));
  if (missing.length > 0) {
    const loaded = await loadSpider({ spiderDir: args.spider, target: source, dbIds: missing });
    console.error(`loaded ${loaded.schemas.length} databases, ${loaded.rows} rows`);
  }
  const catalog = await new CatalogIntrospector().introspect(source, {
    schemas: dbIds.map(spiderSchemaName),
  });
  const byKey = new Map(catalog.tables.map((t) => [qualifiedName(t), t]));
  const analyzer = await GoldSqlAnalyzer.create({ schemas });
  const gold = GoldRunner.create({ spiderDir: args.spider });
  const generator = await BuiltinSqlGenerator.create({});
  const now = new Date('2024-06-15T12:00:00Z');
  const shaped = items.map((item) => ({ item, shape: goldShape(item.goldSql) }));
  const selected = shaped
    .filter((s) => !args.shape || s.shape.startsWith(args.shape))
    .filter((s) => !args.grep || s.item.question.toLowerCase().includes(args.grep))
    .slice(args.offset, args.offset + args.limit);
  const outcomes: Outcome[] = [];
  let genMs = 0;
  for (const { item, shape } of selected) {
    const analysis = analyzer.analyze({ dbId: item.dbId, sql: item.goldSql });
    const tables = analysis.tables.map((k) => byKey.get(k)).filter((t): t is CatalogTable => t !== undefined);
    const goldResult = gold.run({ dbId: item.dbId, sql: item.goldSql });
    if (!goldResult.ok) continue;
    const base = {
      shape,
      db: item.dbId,
      question: item.question,
      gold: item.goldSql,
      goldRows: goldResult.rows,
    };
    const t0 = performance.now();
    let sql = '';
    try {
      const candidates = await generator.generate({
        question: item.question,
        tables,
        joins: joinEdges(tables),
        now,
      });
      sql = candidates[0]?.sql ?? '';
    } catch (error) {
      outcomes.push({ ...base, ok: false, okPerm: false, sql, error: `generate: ${String(error)}` });
      continue;
    }
    genMs += performance.now() - t0;
    let predRows: unknown[][] = [];
    let error: string | undefined;
    try {
      predRows = await source.readOnly(async (q) => (await q.queryArrays(sql)).rows, {
        statementTimeoutMs: 5000,
      });
    } catch (e) {
      error = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    }
    const ok =
      !error && executionMatch({ product: predRows, gold: goldResult.rows, ordered: analysis.ordered });
    const okPerm =
      ok ||
      (!error &&
        executionMatch({
          product: predRows,
          gold: goldResult.rows,
          ordered: analysis.ordered,
          columnOrder: 'any',
        }));
    const trace = args.trace
      ? traceOf(await generator.analyze({ question: item.question, tables, joins: joinEdges(tables), now }))
      : undefined;
    outcomes.push({ ...base, ok, okPerm, sql, error, predRows, trace });
  }
  gold.close();
  await source.close();

  if (args.save)
    fs.writeFileSync(
      args.save,
      JSON.stringify(
        outcomes.map((o) => ({ q: o.question, ok: o.ok, sql: o.sql, gold: o.gold })),
        null,
        1,
      ),
    );
  const pct = (n: number, d: number) => (d ? (n / d).toFixed(3) : '-');
  const group = (key: (o: Outcome) => string) => {
    const m = new Map<string, Outcome[]>();
    for (const o of outcomes) m.set(key(o), [...(m.get(key(o)) ?? []), o]);
    return [...m.entries()].sort((a, b) => b[1].length - a[1].length);
  };
  const shown = args.showOk ? outcomes : outcomes.filter((o) => !o.ok);
  for (const f of shown.slice(0, args.fails)) {
    console.log(`--- [${f.ok ? 'OK' : f.okPerm ? 'PERM' : 'FAIL'}] ${f.db} | ${f.shape} | ${f.question}`);
    console.log(`  gold: ${f.gold.replace(/\s+/g, ' ')}`);
    console.log(`  pred: ${f.sql}`);
    if (f.trace) console.log(f.trace);
    if (f.error) console.log(`  error: ${f.error}`);
    else if (!f.ok)
      console.log(
        `  gold rows: ${show(f.goldRows)} (${f.goldRows?.length}) pred rows: ${show(f.predRows)} (${f.predRows?.length})`,
      );
  }
  const line = (label: string, os: Outcome[]) =>
    `${label.padEnd(20)} ${String(os.length).padStart(5)}  ${pct(os.filter((o) => o.ok).length, os.length)}  ${pct(os.filter((o) => o.okPerm).length, os.length)}`;
  console.log('\nshape                    n     EX    EX-perm');
  for (const [shape, os] of group((o) => o.shape)) console.log(line(shape, os));
  console.log('\ndb                       n     EX    EX-perm');
  for (const [db, os] of group((o) => o.db)) console.log(line(db, os));
  const errors = outcomes.filter((o) => o.error).length;
  console.log(
    `\nquestions=${args.questions} n=${outcomes.length} EX=${pct(outcomes.filter((o) => o.ok).length, outcomes.length)} ` +
      `EX-perm=${pct(outcomes.filter((o) => o.okPerm).length, outcomes.length)} sql-errors=${errors} ` +
      `generate-avg-ms=${(genMs / Math.max(1, outcomes.length)).toFixed(2)}`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
