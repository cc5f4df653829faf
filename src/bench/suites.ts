/**
 * The benchmark suites behind `tablebot bench --suite <name>`: each one's options, usage text and runner.
 * Loaded by the CLI only after it checked that the bench-only SQLite driver (better-sqlite3) is installed.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { formatReport } from './report';
import { DEFAULT_RESULTS_DIR, DEFAULT_SPIDER_DIR, loadBenchDatabases, planDatabases } from './benchPlan';
import { runBench } from './runBench';
import { DEFAULT_BUSINESS_DIR } from './businessDataset';
import { formatBusinessReport } from './businessReport';
import { runBusinessBench } from './runBusinessBench';
import type { SpiderQuestionSet } from './spiderDataset';
import { loadConfig } from '../config';
import type { Logger } from '../logging';
import { formatLoadReport, runLoadBench, writeLoadReport } from './loadBench';
import { formatScaleReport, runScaleBench, type ScaleResult } from './scaleBench';
import { formatGrowthReport, scaleGrowth } from './scaleGrowth';

const SPIDER_USAGE = `spider suite (the default): Spider questions, retrieval + decisions + EX
  --questions original|syn|both   question set(s) to ask (default both)
  --limit N                       at most N questions per set, round-robin over the databases
  --db <db_id>                    only this database (repeatable); left-out databases stay left out
  --spider <dir>                  Spider-format folder (default ../shared/bench/spider-train-sample)
  --target <postgres-url>         load the databases into this Postgres database (default: PGlite in a temp folder)
  --results <dir>                 where <timestamp>.json/.md go (default bench/results)
  --load-only                     load the databases, print counts and time, and stop`;

const BUSINESS_USAGE = `business suite: business questions and conversations, answers scored against gold SQL
  --business <dir>                business-format folder (default ../shared/bench/business)
  --db chinook|demo               only this database (repeatable)
  --only <id,id,...>              only these question or conversation ids (ch001,demo005,conv03)
  --no-conversations              skip the conversations
  --target <postgres-url>         load chinook into this Postgres database (default: PGlite in a temp folder);
                                  the demo warehouse is always seeded fresh in a temp folder
  --results <dir>                 where <timestamp>-business.json/.md go (default bench/results)`;

const QUESTION_SETS: Record<string, SpiderQuestionSet[]> = {
  original: ['original'],
  syn: ['syn'],
  both: ['original', 'syn'],
};

/** The folder holding package.json, walking up from this file (src/cli or dist/src/cli). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** What every suite's runner gets. */
export interface SuiteContext {
  /** The repository root (relative folders resolve against it). */
  root: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  /** The command line, with Postgres URLs redacted, recorded in the results. */
  command: string;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** One benchmark suite: its options, usage text and runner (returns the exit code). */
export interface Suite {
  usage: string;
  options: OptionSpec;
  run(values: ParsedValues, context: SuiteContext): Promise<number>;
}

const str = (v: ParsedValues[string]): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: ParsedValues[string]): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;

async function runSpider(values: ParsedValues, context: SuiteContext): Promise<number> {
  const { root, env, logger } = context;
  const sets = QUESTION_SETS[str(values.questions) ?? 'both'];
  if (!sets) {
    console.error(`bench: --questions must be original, syn or both\n${SPIDER_USAGE}`);
    return 2;
  }
  const limitText = str(values.limit);
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    console.error(`bench: --limit must be a positive integer\n${SPIDER_USAGE}`);
    return 2;
  }
  const spiderDir = path.resolve(root, str(values.spider) ?? DEFAULT_SPIDER_DIR);
  if (!existsSync(path.join(spiderDir, 'tables.json'))) {
    console.error(`bench: ${spiderDir} is not a Spider-format folder (no tables.json)\n${SPIDER_USAGE}`);
    return 2;
  }
  const dbIds = strs(values.db);
  const target = str(values.target);

  if (values['load-only'] === true) {
    const plan = planDatabases({ spiderDir, dbIds, leftOut: [] });
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'tablebot-bench-load-'));
    try {
      const loaded = await loadBenchDatabases({
        spiderDir,
        dbIds: plan.selected,
        target,
        pgliteDir: path.join(workDir, 'spider'),
        logger,
      });
      process.stdout.write(
        `${JSON.stringify(
          {
            target: loaded.label,
            schemas: loaded.load.schemas.length,
            tables: loaded.load.tables,
            rows: loaded.load.rows,
            seconds: Math.round(loaded.seconds * 1000) / 1000,
            skipped: loaded.load.skipped,
          },
          null,
          2,
        )}\n`,
      );
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
    return 0;
  }

  const run = await runBench({
    spiderDir,
    questionSets: sets,
    limit,
    dbIds,
    target,
    env,
    cwd: root,
    resultsDir: path.resolve(root, str(values.results) ?? DEFAULT_RESULTS_DIR),
    command: context.command,
    logger,
  });
  process.stdout.write(`${formatReport(run.result)}\n`);
  if (run.files)
    process.stdout.write(`\nresults: ${run.files.jsonPath}\nsummary: ${run.files.markdownPath}\n`);
  return 0;
}

async function runBusiness(values: ParsedValues, context: SuiteContext): Promise<number> {
  const { root } = context;
  const businessDir = path.resolve(root, str(values.business) ?? DEFAULT_BUSINESS_DIR);
  if (!existsSync(path.join(businessDir, 'questions.jsonl'))) {
    console.error(
      `bench: ${businessDir} is not a business-format folder (no questions.jsonl)\n${BUSINESS_USAGE}`,
    );
    return 2;
  }
  const only = (strs(values.only) ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  const run = await runBusinessBench({
    businessDir,
    dbs: strs(values.db),
    only,
    skipConversations: values['no-conversations'] === true,
    target: str(values.target),
    env: context.env,
    cwd: root,
    resultsDir: path.resolve(root, str(values.results) ?? DEFAULT_RESULTS_DIR),
    command: context.command,
    logger: context.logger,
  });
  process.stdout.write(`${formatBusinessReport(run.result)}\n`);
  if (run.files)
    process.stdout.write(`\nresults: ${run.files.jsonPath}\nsummary: ${run.files.markdownPath}\n`);
  return 0;
}

const LOAD_USAGE = `load suite: concurrent web chat conversations through the real server on 127.0.0.1
  --conversations N               conversations at once (default 50)
  --questions N                   questions per conversation (default 10)
                                  the bot uses the environment's configuration (TABLEBOT_DATA_DIR, DEFAULT_SOURCE, ...);
                                  exit code 1 when any exchange failed`;

async function runLoad(values: ParsedValues, context: SuiteContext): Promise<number> {
  const conversations = Number(str(values.conversations) ?? '50');
  const questions = Number(str(values.questions) ?? '10');
  if (![conversations, questions].every((n) => Number.isInteger(n) && n > 0)) {
    console.error(`bench: --conversations and --questions must be positive integers\n${LOAD_USAGE}`);
    return 2;
  }
  const config = loadConfig({ LOG_LEVEL: 'warn', ...context.env }, context.root);
  const report = await runLoadBench({
    config,
    logger: context.logger,
    conversations,
    questions,
    onProgress: (message) => process.stderr.write(`load: ${message}\n`),
  });
  const files = await writeLoadReport(
    report,
    path.resolve(context.root, str(values.results) ?? DEFAULT_RESULTS_DIR),
  );
  process.stdout.write(`${formatLoadReport(report)}\n\nwritten: ${files.join(', ')}\n`);
  return report.errors === 0 ? 0 : 1;
}

const SCALE_USAGE = `scale suite: a synthetic business-like catalog of N tables, reindexed and asked as a user runs tablebot
  --tables N                      tables to generate (default 1000; 50-200 per schema, 4-15 columns, keys, comments)
  --questions N                   templated questions, half literal, half paraphrased (default 200)
  --target <postgres-url>         create the catalog's schemas there (dropped first; default: PGlite in a temp folder)
  --store <postgres-url>          the bot's metadata store (default: PGlite in the work folder)
  --incremental N                 afterwards change N tables (comment, column, rows, drop, add) and time a second reindex
  --work <dir>                    keep the generated database, index and store in this folder; a rerun on it
                                  reuses the catalog it loaded (PGlite or --target) unless --incremental changed it
  --results <dir>                 where <timestamp>-scale-<N>.json/.md go (default bench/results)
                                  reindex runs the reindex CLI, answering runs the server process (npm run build first)`;

async function runScale(values: ParsedValues, context: SuiteContext): Promise<number> {
  const tables = Number(str(values.tables) ?? '1000');
  const questions = Number(str(values.questions) ?? '200');
  if (![tables, questions].every((n) => Number.isInteger(n) && n > 0)) {
    console.error(`bench: --tables and --questions must be positive integers\n${SCALE_USAGE}`);
    return 2;
  }
  const incremental = Number(str(values.incremental) ?? '0');
  if (!Number.isInteger(incremental) || incremental < 0) {
    console.error(`bench: --incremental must be a non-negative integer\n${SCALE_USAGE}`);
    return 2;
  }
  const work = str(values.work);
  const run = await runScaleBench({
    tables,
    questions,
    incremental,
    target: str(values.target),
    store: str(values.store),
    root: context.root,
    env: context.env,
    workDir: work === undefined ? undefined : path.resolve(work),
    resultsDir: path.resolve(context.root, str(values.results) ?? DEFAULT_RESULTS_DIR),
    command: context.command,
    logger: context.logger,
    onProgress: (message) => process.stderr.write(`scale: ${message}\n`),
  });
  process.stdout.write(`${formatScaleReport(run.result)}\n\nwritten: ${run.files.join(', ')}\n`);
  return 0;
}

const GROWTH_USAGE = `growth suite: how the scale bench's figures grow with the catalog, projected to a larger one
  --from <file.json>              a scale result (repeatable; two or more table counts, one store kind)
  --at N                          project to this many tables (default 100000)`;

async function runGrowth(values: ParsedValues): Promise<number> {
  const from = values.from;
  const files = Array.isArray(from) ? from.filter((v): v is string => typeof v === 'string') : [];
  const at = Number(str(values.at) ?? '100000');
  if (files.length < 2 || !Number.isInteger(at) || at <= 0) {
    console.error(
      `bench: --from needs two or more scale results and --at a positive integer\n${GROWTH_USAGE}`,
    );
    return 2;
  }
  const results: ScaleResult[] = [];
  for (const file of files) results.push(JSON.parse(await readFile(file, 'utf8')) as ScaleResult);
  process.stdout.write(`${formatGrowthReport(scaleGrowth(results, at))}\n`);
  return 0;
}

/** Options every suite accepts. */
export const COMMON_OPTIONS: OptionSpec = {
  suite: { type: 'string', default: 'spider' },
  target: { type: 'string' },
  results: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};

/** The suites, by `--suite` name. Add a suite with one entry. */
export const SUITES: Record<string, Suite> = {
  spider: {
    usage: SPIDER_USAGE,
    options: {
      questions: { type: 'string', default: 'both' },
      limit: { type: 'string' },
      db: { type: 'string', multiple: true },
      spider: { type: 'string' },
      'load-only': { type: 'boolean', default: false },
    },
    run: runSpider,
  },
  business: {
    usage: BUSINESS_USAGE,
    options: {
      business: { type: 'string' },
      db: { type: 'string', multiple: true },
      only: { type: 'string', multiple: true },
      'no-conversations': { type: 'boolean', default: false },
    },
    run: runBusiness,
  },
  load: {
    usage: LOAD_USAGE,
    options: {
      conversations: { type: 'string' },
      questions: { type: 'string' },
    },
    run: runLoad,
  },
  scale: {
    usage: SCALE_USAGE,
    options: {
      tables: { type: 'string' },
      questions: { type: 'string' },
      store: { type: 'string' },
      work: { type: 'string' },
      incremental: { type: 'string' },
    },
    run: runScale,
  },
  growth: {
    usage: GROWTH_USAGE,
    options: {
      from: { type: 'string', multiple: true },
      at: { type: 'string' },
    },
    run: runGrowth,
  },
};
