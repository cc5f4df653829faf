import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { SpiderQuestionSet } from '../bench/spiderDataset';
import type * as BenchModules from './benchModules';
import { loadConfig, readProcessEnvironment } from '../config';
import { redactUrl } from '../sources/pgSource';
import { errorMessage } from '../errors';
import { createLogger } from '../logging';
import { runAsScript } from './runAsScript';

/** Where the Spider sample sits beside a checkout (also in src/bench/benchPlan.ts, loaded only when needed). */
const SPIDER_DIR_HINT = '../shared/bench/spider-train-sample';

export const USAGE = `usage: tablebot bench [options]   (npm run bench -- [options] is the same)

Loads Spider-format databases, indexes them, asks every question through the product and scores the
answers (retrieval, decisions, execution accuracy, latency). Needs the dev dependency better-sqlite3
(installed by npm install unless dev dependencies are omitted).

  --questions original|syn|both   question set(s) to ask (default both)
  --limit N                       at most N questions per set, round-robin over the databases
  --db <db_id>                    only this database (repeatable); left-out databases stay left out
  --spider <dir>                  Spider-format folder (default ../shared/bench/spider-train-sample)
  -h, --help                      this help
  --target <postgres-url>         load the databases into this Postgres database (default: PGlite in a temp folder)
  --results <dir>                 where <timestamp>.json/.md go (default bench/results)
  --load-only                     load the databases, print counts and time, and stop`;

const QUESTION_SETS: Record<string, SpiderQuestionSet[]> = {
  original: ['original'],
  syn: ['syn'],
  both: ['original', 'syn'],
};

/** The folder holding package.json, walking up from this file (src/cli or dist/src/cli). */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** The gold SQL runs on SQLite files: better-sqlite3 is a dev dependency only the bench needs. */
function sqliteMissing(): string | null {
  try {
    require.resolve('better-sqlite3');
    return null;
  } catch {
    return (
      'bench: better-sqlite3 (a dev dependency, used only by the benchmark) is not installed (it runs the gold SQL on the Spider ' +
      'SQLite files). Install the dev dependencies (npm install) or just it: npm install --no-save better-sqlite3'
    );
  }
}

/** `tablebot bench`: runs the benchmark. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await bench(argv);
  } catch (error) {
    console.error(`bench: ${errorMessage(error)}`);
    return 1;
  }
}

async function bench(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      questions: { type: 'string', default: 'both' },
      limit: { type: 'string' },
      db: { type: 'string', multiple: true },
      spider: { type: 'string' },
      target: { type: 'string' },
      results: { type: 'string' },
      'load-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const sets = QUESTION_SETS[values.questions];
  if (!sets) {
    console.error(`bench: --questions must be original, syn or both\n${USAGE}`);
    return 2;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    console.error(`bench: --limit must be a positive integer\n${USAGE}`);
    return 2;
  }
  const missing = sqliteMissing();
  if (missing) {
    console.error(missing);
    return 2;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded once better-sqlite3 is known present
  const modules = require('./benchModules') as typeof BenchModules;
  const {
    DEFAULT_RESULTS_DIR,
    DEFAULT_SPIDER_DIR,
    formatReport,
    loadBenchDatabases,
    planDatabases,
    runBench,
  } = modules;
  const root = repoRoot();
  const spiderDir = path.resolve(root, values.spider ?? DEFAULT_SPIDER_DIR);
  if (!existsSync(path.join(spiderDir, 'tables.json'))) {
    console.error(
      `bench: ${spiderDir} is not a Spider-format folder (no tables.json). The benchmark reads the Spider ` +
        `sample (${SPIDER_DIR_HINT} beside the checkout) or --spider <dir>.\n${USAGE}`,
    );
    return 2;
  }
  const env = readProcessEnvironment({ cwd: root }).env;
  const settings = loadConfig({ LOG_LEVEL: 'info', ...env }, root);
  const logger = createLogger({ level: settings.logLevel, name: 'bench', format: settings.logFormat });

  if (values['load-only']) {
    const plan = planDatabases({ spiderDir, dbIds: values.db, leftOut: [] });
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'tablebot-bench-load-'));
    try {
      const loaded = await loadBenchDatabases({
        spiderDir,
        dbIds: plan.selected,
        target: values.target,
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
    dbIds: values.db,
    target: values.target,
    env,
    cwd: root,
    resultsDir: path.resolve(root, values.results ?? DEFAULT_RESULTS_DIR),
    command: ['tablebot bench', ...argv.map((a) => (/^postgres(ql)?:/i.test(a) ? redactUrl(a) : a))].join(
      ' ',
    ),
    logger,
  });
  process.stdout.write(`${formatReport(run.result)}\n`);
  if (run.files)
    process.stdout.write(`\nresults: ${run.files.jsonPath}\nsummary: ${run.files.markdownPath}\n`);
  return 0;
}

runAsScript(module, 'bench', main);
