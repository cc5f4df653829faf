import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadModule } from 'libpg-query';
import { openTablebot, type Tablebot } from '../app';
import { askBatch } from '../pipeline/askJson';
import { silentLogger, type Logger } from '../logging';
import { type DataSource, PgliteSource, PgSource, redactUrl } from '../sources';
import { BENCH_MAX_ROWS, BenchError, benchConfig, type SuiteRunOptions } from './benchPlan';
import { runConversation, type TurnRecord } from './businessConversations';
import {
  businessFiles,
  readBusinessConversations,
  readBusinessQuestions,
  type BusinessConversation,
  type BusinessQuestion,
} from './businessDataset';
import { BUSINESS_RULES } from './businessMatch';
import { categoryMetrics, summarizeBusiness, type ScoredQuestion } from './businessMetrics';
import {
  checkBusinessTargets,
  writeBusinessReport,
  type BusinessQuestionLine,
  type BusinessResult,
  type BusinessTurnLine,
} from './businessReport';
import { runReadings, scoreItem, type ItemScore } from './businessScore';
import { RecordingPipeline } from './recordingPipeline';
import type { AskResult } from '../pipeline/types';

/** The database name that means tablebot's own demo warehouse, seeded fresh by the reindex. */
export const DEMO_DATABASE = 'demo';

/** Options for {@link runBusinessBench}; `target` holds the one script database (demo is always PGlite). */
export interface RunBusinessBenchOptions extends SuiteRunOptions {
  /** A business-format folder: `questions.jsonl`, optional `conversations.json`, `<db>.sql` per database. */
  businessDir: string;
  /** Only these databases. @default every database the items name */
  dbs?: string[];
  /** Only these question or conversation ids. @default all */
  only?: string[];
  /** Skip the conversations. @default false */
  skipConversations?: boolean;
}

/** What {@link runBusinessBench} returns. */
export interface BusinessRun {
  result: BusinessResult;
  files: { jsonPath: string; markdownPath: string } | null;
}

/** Names of the tables a SQL script creates, so a reload into a server database can drop them first. */
export function scriptTables(script: string): string[] {
  const names = [
    ...script.matchAll(
      /\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)/gi,
    ),
  ];
  return [...new Set(names.map((m) => m[1]))];
}

/** Loads `<db>.sql` into a fresh PGlite folder or (idempotently) into the target server database. */
async function loadScript(options: {
  file: string;
  target?: string;
  pgliteDir: string;
}): Promise<{ spec: string; label: string; seconds: number }> {
  const script = readFileSync(options.file, 'utf8');
  const started = performance.now();
  if (!options.target) await mkdir(options.pgliteDir, { recursive: true });
  const source: DataSource = options.target
    ? await PgSource.create({ url: options.target })
    : await PgliteSource.create({ dataDir: options.pgliteDir });
  try {
    if (options.target) {
      const drops = scriptTables(script).map((t) => `DROP TABLE IF EXISTS ${t} CASCADE;`);
      if (drops.length > 0) await source.exec(drops.join('\n'));
    }
    await source.exec(script);
  } catch (cause) {
    throw new BenchError(`runBusinessBench: cannot load ${options.file} into ${source.label}`, { cause });
  } finally {
    await source.close();
  }
  return {
    spec: options.target ?? `pglite:${options.pgliteDir}`,
    label: options.target ? redactUrl(options.target) : `pglite:${options.pgliteDir}`,
    seconds: (performance.now() - started) / 1000,
  };
}

function clarificationOf(result: AskResult | null): BusinessQuestionLine['clarification'] {
  const c = result?.clarification;
  if (!c) return null;
  return {
    question: c.question,
    options: c.options.map((o) => ({
      label: o.label,
      tables: o.tables,
      ...(o.column ? { column: o.column } : {}),
    })),
  };
}

function scoreFields(score: ItemScore) {
  return {
    decision: score.decision,
    correct: score.correct,
    match: score.match,
    matchedReading: score.matchedReading,
    bothReadings: score.bothReadings,
    ...(score.note === undefined ? {} : { note: score.note }),
  };
}

/** The questions and conversations a run asks, after the database and id filters. @throws BenchError */
export function selectBusinessItems(
  options: Pick<RunBusinessBenchOptions, 'businessDir' | 'dbs' | 'only' | 'skipConversations'>,
): {
  questions: BusinessQuestion[];
  conversations: BusinessConversation[];
} {
  const files = businessFiles(options.businessDir);
  if (!existsSync(files.questions)) {
    throw new BenchError(`runBusinessBench: ${options.businessDir} has no questions.jsonl`);
  }
  let questions = readBusinessQuestions(files.questions);
  let conversations =
    options.skipConversations || !existsSync(files.conversations)
      ? []
      : readBusinessConversations(files.conversations);
  const known = new Set([...questions.map((q) => q.db), ...conversations.map((c) => c.db)]);
  const unknownDbs = (options.dbs ?? []).filter((d) => !known.has(d));
  if (unknownDbs.length > 0) {
    throw new BenchError(
      `runBusinessBench: unknown database(s) ${unknownDbs.join(', ')}; known: ${[...known].join(', ')}`,
    );
  }
  if (options.dbs && options.dbs.length > 0) {
    const dbs = new Set(options.dbs);
    questions = questions.filter((q) => dbs.has(q.db));
    conversations = conversations.filter((c) => dbs.has(c.db));
  }
  if (options.only && options.only.length > 0) {
    const ids = new Set(options.only);
    const unknown = options.only.filter(
      (id) => !questions.some((q) => q.id === id) && !conversations.some((c) => c.id === id),
    );
    if (unknown.length > 0)
      throw new BenchError(`runBusinessBench: unknown or filtered-out id(s) ${unknown.join(', ')}`);
    questions = questions.filter((q) => ids.has(q.id));
    conversations = conversations.filter((c) => ids.has(c.id));
  }
  if (questions.length === 0 && conversations.length === 0)
    throw new BenchError('runBusinessBench: nothing to ask');
  return { questions, conversations };
}

/**
 * Runs the business-question benchmark on the real product path: loads each `<db>.sql` (PGlite in a temp
 * folder, or the `target` server) and seeds the demo warehouse fresh in a temp data folder, reindexes
 * each through tablebot's Reindexer, asks every question through `askBatch` (the code behind
 * `npm run ask -- --json --batch`) restricted to its database's source, drives every conversation through
 * the real bot on botbuilder's TestAdapter, runs each gold and alternative query on the same database
 * right after the bot's answer, scores per the set's README and writes the report.
 * @throws BenchError for bad options or data; errors of the loader, reindex or product pass through
 */
export async function runBusinessBench(options: RunBusinessBenchOptions): Promise<BusinessRun> {
  const logger = options.logger ?? silentLogger();
  const startedAt = new Date();
  const { questions, conversations } = selectBusinessItems(options);
  const dbs = [...new Set([...questions.map((q) => q.db), ...conversations.map((c) => c.db)])].sort();
  const scripts = dbs.filter((db) => db !== DEMO_DATABASE);
  for (const db of scripts) {
    const file = path.join(options.businessDir, `${db}.sql`);
    if (!existsSync(file)) throw new BenchError(`runBusinessBench: no ${file} to load database ${db} from`);
  }
  if (options.target && scripts.length > 1) {
    throw new BenchError(
      `runBusinessBench: --target holds one script database, but ${scripts.join(', ')} are selected`,
    );
  }
  await loadModule();

  const ownWorkDir = options.workDir === undefined;
  const workDir = options.workDir ?? (await mkdtemp(path.join(os.tmpdir(), 'tablebot-business-')));
  try {
    const specs: Record<string, string> = {};
    const targets: Record<string, string> = {};
    const load: BusinessResult['load'] = {};
    for (const db of scripts) {
      logger.info({ db }, 'bench business: loading');
      const loaded = await loadScript({
        file: path.join(options.businessDir, `${db}.sql`),
        target: options.target,
        pgliteDir: path.join(workDir, 'databases', db),
      });
      specs[db] = loaded.spec;
      targets[db] = loaded.label;
      load[db] = { seconds: Math.round(loaded.seconds * 100) / 100 };
    }
    if (dbs.includes(DEMO_DATABASE)) {
      specs[DEMO_DATABASE] = DEMO_DATABASE;
      targets[DEMO_DATABASE] =
        `demo warehouse seeded ${startedAt.toISOString().slice(0, 10)} in pglite:${path.join(workDir, 'data', 'demo')}`;
    }

    const [first, ...rest] = dbs.map((db) => specs[db]);
    const config = benchConfig({
      env: options.env,
      cwd: options.cwd,
      workDir,
      defaultSource: first,
      sources: rest,
    });
    const app = await openTablebot({
      config,
      logger: logger.child({ name: 'tablebot' }, { level: config.logLevel }),
    });
    try {
      const reindex: BusinessResult['reindex'] = {};
      const sourceIds: Record<string, string> = {};
      for (const db of dbs) {
        const summary = await app.reindexer.reindex({
          source: specs[db],
          ...(db === DEMO_DATABASE ? {} : { schemas: ['public'] }),
        });
        sourceIds[db] = summary.sourceId;
        reindex[db] = {
          seconds: Math.round(summary.seconds * 100) / 100,
          tables: summary.tables,
          columns: summary.columns,
          embedder: summary.embedder,
        };
        logger.info({ db, ...reindex[db] }, 'bench business: reindexed');
      }
      // One unscored question per database first, so the percentiles measure a warm process (a server
      // answers many questions); its time is reported as warmupMs.
      const warmupMs: Record<string, number> = {};
      for (const db of dbs) {
        const first = questions.find((q) => q.db === db);
        if (!first) continue;
        const warm = await app.pipeline.ask({
          question: first.question,
          sourceIds: [sourceIds[db]],
          maxRows: BENCH_MAX_ROWS,
        });
        warmupMs[db] = Math.round(warm.timings.total * 10) / 10;
      }
      const { questionLines, scored } = await askQuestions({ app, dbs, questions, sourceIds, logger });
      const turns: TurnRecord[] = [];
      for (const conversation of conversations) {
        const recorder = new RecordingPipeline({
          pipeline: app.pipeline,
          sourceIds: [sourceIds[conversation.db]],
          maxRows: BENCH_MAX_ROWS,
        });
        turns.push(
          ...(await runConversation({
            conversation,
            pipeline: recorder,
            source: await app.sources.get(sourceIds[conversation.db]),
            logger: silentLogger(),
          })),
        );
      }
      const metrics = summarizeBusiness(
        scored,
        turns.map((t) => ({ conversation: t.conversation, db: t.db, score: t.score })),
      );
      const result: BusinessResult = {
        suite: 'business',
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        command: options.command ?? 'npm run bench -- --suite business',
        businessDir: options.businessDir,
        targets,
        filters: {
          only: options.only?.length ? options.only : null,
          dbs: options.dbs?.length ? options.dbs : null,
        },
        load,
        reindex,
        warmupMs,
        rules: {
          decimals: BUSINESS_RULES.decimals ?? 2,
          readingsRule:
            'options name both readings by their distinguishing tables, columns, literals or aggregates (src/bench/businessReadings.ts)',
        },
        metrics,
        categories: categoryMetrics(
          scored.map((q) => ({ ...q, category: questions.find((x) => x.id === q.id)?.category ?? '' })),
        ),
        checks: checkBusinessTargets(metrics),
        questions: questionLines,
        conversations: turns.map(turnLine),
      };
      const files = options.resultsDir
        ? await writeBusinessReport({ result, dir: options.resultsDir })
        : null;
      return { result, files };
    } finally {
      await app.close();
    }
  } finally {
    if (ownWorkDir) await rm(workDir, { recursive: true, force: true });
  }
}

function turnLine(t: TurnRecord): BusinessTurnLine {
  return {
    conversation: t.conversation,
    db: t.db,
    turn: t.turn,
    say: t.say,
    asked: t.asked,
    forcedTables: t.forcedTables,
    expect: t.expect,
    swapped: t.swapped,
    clarification: clarificationOf(t.result),
    sql: t.result?.sql ?? null,
    goldSql: t.goldSql,
    ...scoreFields(t.score),
  };
}

/** Asks every question of each database through `askBatch` and scores it against readings run right after. */
async function askQuestions(options: {
  app: Tablebot;
  dbs: string[];
  questions: BusinessQuestion[];
  sourceIds: Record<string, string>;
  logger: Logger;
}): Promise<{ questionLines: BusinessQuestionLine[]; scored: ScoredQuestion[] }> {
  const { app, questions, sourceIds } = options;
  const questionLines: BusinessQuestionLine[] = [];
  const scored: ScoredQuestion[] = [];
  for (const db of options.dbs) {
    const list = questions.filter((q) => q.db === db);
    if (list.length === 0) continue;
    const byId = new Map(list.map((q) => [q.id, q]));
    const source = await app.sources.get(sourceIds[db]);
    const recorder = new RecordingPipeline({
      pipeline: app.pipeline,
      sourceIds: [sourceIds[db]],
      maxRows: BENCH_MAX_ROWS,
    });
    for await (const answer of askBatch({
      pipeline: recorder,
      items: list.map((q) => ({ id: q.id, question: q.question })),
      sourceIds: [sourceIds[db]],
      maxRows: BENCH_MAX_ROWS,
    })) {
      const q = answer.id === null ? undefined : byId.get(answer.id);
      const result = recorder.take().at(-1)?.result ?? null;
      if (!q || !result)
        throw new BenchError(`runBusinessBench: askBatch returned an unknown id ${String(answer.id)}`);
      const readings = await runReadings(source, q);
      const score = scoreItem({ item: q, result, readings });
      const totalMs = Math.round(answer.timings_ms.total * 10) / 10;
      scored.push({
        id: q.id,
        db,
        expect: q.expect,
        score,
        totalMs: answer.timings_ms.total,
        error: answer.error !== null,
      });
      questionLines.push({
        id: q.id,
        db,
        category: q.category,
        expect: q.expect,
        question: q.question,
        tables: answer.tables,
        goldTables: q.goldTables,
        tablesExact: score.tablesExact,
        tablesCovering: score.tablesCovering,
        clarification: clarificationOf(result),
        sql: answer.sql,
        goldSql: q.goldSql,
        rowCount: answer.rows === null ? null : answer.rows.length,
        reason: answer.reason,
        error: answer.error,
        totalMs,
        ...scoreFields(score),
      });
    }
    options.logger.info({ db, questions: list.length }, 'bench business: asked');
  }
  return { questionLines, scored };
}
