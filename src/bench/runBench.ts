import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openTablebot } from '../app';
import { askBatch, type AskJson } from '../pipeline/askJson';
import { redactUrl } from '../sources';
import { silentLogger } from '../logging';
import {
  BENCH_MAX_ROWS,
  BenchError,
  benchConfig,
  loadBenchDatabases,
  planDatabases,
  selectQuestions,
  type SuiteRunOptions,
} from './benchPlan';
import { DECIMALS, executionMatch, type ColumnOrder } from './executionMatch';
import { GoldRunner, type GoldResult } from './goldRunner';
import { GoldSqlAnalyzer } from './goldTables';
import { summarizeMetrics, type BenchRecord } from './metrics';
import { checkTargets, compactRecord, writeReport, type BenchResult, type CompactRecord } from './report';
import {
  readSpiderQuestions,
  readSpiderSchemas,
  type SpiderQuestion,
  type SpiderQuestionSet,
} from './spiderDataset';
import { spiderSchemaName } from './spiderNames';

/** Options for {@link runBench}. */
export interface RunBenchOptions extends SuiteRunOptions {
  /** A Spider-format folder. */
  spiderDir: string;
  /** @default ['original', 'syn'] */
  questionSets?: SpiderQuestionSet[];
  /** Questions per set, taken round-robin over the databases in file order. @default all */
  limit?: number;
  /** Only these databases. @default every database of tables.json with a SQLite file */
  dbIds?: string[];
  /** Databases loaded but not indexed. @default LEFT_OUT_DATABASES */
  leftOut?: readonly string[];
}

/** What {@link runBench} returns. */
export interface BenchRun {
  result: BenchResult;
  files: { jsonPath: string; markdownPath: string } | null;
  /** Every record with the product's full answer. */
  records: BenchRecord[];
}

/** EX outcomes of one indexed question: by column position (the headline) and with columns in any order. */
interface ExScore {
  ex: boolean | null;
  exAnyColumnOrder: boolean | null;
  exNote?: string;
}

function scoreEx(options: { answer: AskJson; gold: GoldResult; ordered: boolean }): ExScore {
  const { answer, gold, ordered } = options;
  if (!gold.ok) return { ex: null, exAnyColumnOrder: null, exNote: `gold failed: ${gold.error}` };
  if (answer.decision !== 'answer') {
    return { ex: false, exAnyColumnOrder: false, exNote: `not answered (${answer.decision})` };
  }
  if (answer.rows === null) {
    return {
      ex: false,
      exAnyColumnOrder: false,
      exNote: `no rows${answer.error ? ` (${answer.error})` : ''}`,
    };
  }
  const match = (columnOrder: ColumnOrder) =>
    executionMatch({ product: answer.rows ?? [], gold: gold.rows, ordered, columnOrder });
  const ex = match('strict');
  const exAnyColumnOrder = ex || match('any');
  if (ex) return { ex, exAnyColumnOrder };
  const width = (rows: unknown[][]) => (rows.length === 0 ? 0 : rows[0].length);
  const shape = `product ${answer.rows.length}x${width(answer.rows)}, gold ${gold.rows.length}x${width(gold.rows)}`;
  return {
    ex,
    exAnyColumnOrder,
    exNote: exAnyColumnOrder ? `columns in another order: ${shape}` : `rows differ: ${shape}`,
  };
}

/**
 * Runs the benchmark on the real product path: loads the Spider databases into Postgres (the server when
 * `target` is given, else PGlite in a temp folder), reindexes every selected database except the left-out
 * ones through tablebot's Reindexer, asks every question through `askBatch` (the code behind
 * `npm run ask -- --json --batch`), scores retrieval, decisions, EX and latency, and writes the report.
 * @throws BenchError for bad options; errors of the loader, reindex or product pass through
 */
export async function runBench(options: RunBenchOptions): Promise<BenchRun> {
  const logger = options.logger ?? silentLogger();
  const startedAt = new Date();
  const sets = options.questionSets ?? ['original', 'syn'];
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1)) {
    throw new BenchError(`runBench: limit must be a positive integer, got ${options.limit}`);
  }
  const plan = planDatabases({
    spiderDir: options.spiderDir,
    dbIds: options.dbIds,
    leftOut: options.leftOut,
  });
  const selectedSet = new Set(plan.selected);
  const questions = new Map<SpiderQuestionSet, SpiderQuestion[]>();
  for (const set of sets) {
    const all = readSpiderQuestions({ spiderDir: options.spiderDir, set }).filter((q) =>
      selectedSet.has(q.dbId),
    );
    questions.set(set, selectQuestions(all, options.limit));
  }

  const ownWorkDir = options.workDir === undefined;
  const workDir = options.workDir ?? (await mkdtemp(path.join(os.tmpdir(), 'tablebot-bench-')));
  const analyzer = await GoldSqlAnalyzer.create({
    schemas: readSpiderSchemas({ spiderDir: options.spiderDir }),
  });
  const goldRunner = GoldRunner.create({ spiderDir: options.spiderDir });
  try {
    logger.info(
      { databases: plan.selected.length, target: options.target ? redactUrl(options.target) : 'pglite' },
      'bench: loading',
    );
    const loaded = await loadBenchDatabases({
      spiderDir: options.spiderDir,
      dbIds: plan.selected,
      target: options.target,
      pgliteDir: path.join(workDir, 'spider'),
      logger,
    });
    logger.info(
      { seconds: loaded.seconds, tables: loaded.load.tables, rows: loaded.load.rows },
      'bench: loaded',
    );

    const config = benchConfig({
      env: options.env,
      cwd: options.cwd,
      workDir,
      defaultSource: loaded.spec,
    });
    const app = await openTablebot({
      config,
      logger: logger.child({ name: 'tablebot' }, { level: config.logLevel }),
    });
    const records: BenchRecord[] = [];
    let reindex: BenchResult['reindex'];
    try {
      const summary = await app.reindexer.reindex({
        source: loaded.spec,
        schemas: plan.indexed.map(spiderSchemaName),
      });
      reindex = {
        seconds: summary.seconds,
        tables: summary.tables,
        columns: summary.columns,
        embedder: summary.embedder,
        indexBytes: summary.indexBytes,
      };
      logger.info(reindex, 'bench: reindexed');
      const leftOut = new Set(plan.leftOut);
      for (const set of sets) {
        const list = questions.get(set) ?? [];
        const byId = new Map(list.map((q) => [q.id, q]));
        let done = 0;
        for await (const answer of askBatch({
          pipeline: app.pipeline,
          items: list.map((q) => ({ id: q.id, question: q.question })),
          sourceIds: [summary.sourceId],
          maxRows: BENCH_MAX_ROWS,
        })) {
          const q = answer.id === null ? undefined : byId.get(answer.id);
          if (!q) throw new BenchError(`runBench: askBatch returned an unknown id ${String(answer.id)}`);
          const gold = analyzer.analyze({ dbId: q.dbId, sql: q.goldSql });
          const isLeftOut = leftOut.has(q.dbId);
          const scored = isLeftOut
            ? { ex: null, exAnyColumnOrder: null }
            : scoreEx({
                answer,
                gold: goldRunner.run({ dbId: q.dbId, sql: q.goldSql }),
                ordered: gold.ordered,
              });
          records.push({
            id: q.id,
            set,
            dbId: q.dbId,
            question: q.question,
            goldSql: q.goldSql,
            goldTables: gold.tables,
            leftOut: isLeftOut,
            answer,
            ...scored,
          });
          done += 1;
          if (done % 100 === 0) logger.info({ set, done, of: list.length }, 'bench: asking');
        }
      }
    } finally {
      await app.close();
    }

    const metrics = summarizeMetrics(records);
    const compact: Partial<Record<SpiderQuestionSet, CompactRecord[]>> = {};
    for (const set of sets) compact[set] = records.filter((r) => r.set === set).map(compactRecord);
    const result: BenchResult = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      command: options.command ?? 'npm run bench',
      spiderDir: options.spiderDir,
      target: loaded.label,
      questionSets: sets,
      limit: options.limit ?? null,
      databases: { indexed: plan.indexed, leftOut: plan.leftOut },
      load: {
        seconds: Math.round(loaded.seconds * 100) / 100,
        schemas: loaded.load.schemas.length,
        tables: loaded.load.tables,
        rows: loaded.load.rows,
        skipped: loaded.load.skipped,
      },
      reindex,
      exRules: { decimals: DECIMALS },
      metrics,
      targets: checkTargets(metrics),
      records: compact,
    };
    const files = options.resultsDir ? await writeReport({ result, dir: options.resultsDir }) : null;
    return { result, files, records };
  } finally {
    goldRunner.close();
    if (ownWorkDir) await rm(workDir, { recursive: true, force: true });
  }
}
