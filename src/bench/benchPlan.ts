import { existsSync } from 'node:fs';
import path from 'node:path';
import { type DataSource, PgliteSource, PgSource } from '../sources';
import { TablebotError } from '../errors';
import { loadConfig, type Config } from '../config';
import type { Logger } from '../logging';
import { readSpiderSchemas, spiderDatabaseFile, type SpiderQuestion } from './spiderDataset';
import { loadSpider, type LoadSpiderResult } from './spiderLoader';

/**
 * Databases of the Spider sample that are never indexed: every question about them must be declined.
 * Fixed so runs compare. Chosen because no other database of the sample covers their subject (bike
 * sharing and weather; movie reviews; wines), so declining is the only right answer; databases that share
 * tables with others (the Student table of allergy_1, dorm_1 and game_1; customers and employees) would
 * make a correct answer from another database count as a failure to decline.
 */
export const LEFT_OUT_DATABASES: readonly string[] = ['bike_1', 'movie_1', 'wine_1'];

/** The Spider sample, relative to the repository root. */
export const DEFAULT_SPIDER_DIR = path.join('..', 'shared', 'bench', 'spider-train-sample');

/** Where results go, relative to the repository root. */
export const DEFAULT_RESULTS_DIR = path.join('bench', 'results');

/** Row cap for the product during the benchmark, high enough that EX sees whole results. */
export const BENCH_MAX_ROWS = 20_000;

/** Options every benchmark suite's runner takes (the suite adds its own data options). */
export interface SuiteRunOptions {
  /** Postgres URL to load the databases into. @default a PGlite folder in the work folder */
  target?: string;
  /**
   * Base settings (the environment, passed in by the CLI); the bench overrides the data and index folders,
   * the metadata store, the sources and the row cap so it never touches the user's index. @default {}
   */
  env?: Record<string, string | undefined>;
  /** Folder relative settings (MODELS_DIR) resolve against. @default process.cwd() */
  cwd?: string;
  /** Work folder (PGlite data, metadata store, index). @default a fresh temp folder, removed afterwards */
  workDir?: string;
  /** Write the `.json` and `.md` results there. @default not written */
  resultsDir?: string;
  /** The command line recorded in the results. */
  command?: string;
  /** @default silentLogger() */
  logger?: Logger;
}

/**
 * The product's configuration for a benchmark run: the given settings, with the data folder, index and
 * metadata store inside the work folder (the user's index is never touched), the given sources and the
 * bench row cap.
 */
export function benchConfig(options: {
  env?: Record<string, string | undefined>;
  cwd?: string;
  workDir: string;
  defaultSource: string;
  sources?: string[];
}): Config {
  const env = options.env ?? {};
  return loadConfig(
    {
      ...env,
      LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
      TABLEBOT_DATA_DIR: path.join(options.workDir, 'data'),
      EMBEDDINGS_DIR: path.join(options.workDir, 'embeddings'),
      DATABASE_URL: '',
      SOURCES: (options.sources ?? []).join(','),
      DEFAULT_SOURCE: options.defaultSource,
      MAX_ROWS: String(BENCH_MAX_ROWS),
    },
    options.cwd ?? process.cwd(),
  );
}

/** A benchmark run could not start or finish (bad options, unknown databases, product failure). */
export class BenchError extends TablebotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BENCH_FAILED', message, options);
  }
}

/**
 * Picks up to `limit` questions, round-robin over databases in order of first appearance, each database's
 * questions in file order, so a small limit still covers many databases. Without a limit: all, in file order.
 */
export function selectQuestions(questions: readonly SpiderQuestion[], limit?: number): SpiderQuestion[] {
  if (limit === undefined || limit >= questions.length) return [...questions];
  const byDb = new Map<string, SpiderQuestion[]>();
  for (const q of questions) {
    const queue = byDb.get(q.dbId) ?? [];
    queue.push(q);
    byDb.set(q.dbId, queue);
  }
  const queues = [...byDb.values()];
  const picked: SpiderQuestion[] = [];
  for (let round = 0; picked.length < limit; round += 1) {
    const before = picked.length;
    for (const queue of queues) {
      if (picked.length >= limit) break;
      if (round < queue.length) picked.push(queue[round]);
    }
    if (picked.length === before) break;
  }
  return picked;
}

/** Which databases are loaded, indexed and left out. @throws BenchError for unknown ids or nothing to index */
export function planDatabases(options: {
  spiderDir: string;
  dbIds?: string[];
  leftOut?: readonly string[];
}): { selected: string[]; indexed: string[]; leftOut: string[] } {
  const known = readSpiderSchemas({ spiderDir: options.spiderDir })
    .map((s) => s.dbId)
    .filter((id) => existsSync(spiderDatabaseFile(options.spiderDir, id)));
  const unknown = (options.dbIds ?? []).filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    throw new BenchError(`runBench: unknown database(s) ${unknown.join(', ')}; known: ${known.join(', ')}`);
  }
  const selected = options.dbIds && options.dbIds.length > 0 ? [...new Set(options.dbIds)] : known;
  const leftOutSet = new Set(options.leftOut ?? LEFT_OUT_DATABASES);
  const leftOut = selected.filter((id) => leftOutSet.has(id));
  const indexed = selected.filter((id) => !leftOutSet.has(id));
  if (indexed.length === 0) {
    throw new BenchError(
      `runBench: every selected database (${selected.join(', ')}) is left out of the index`,
    );
  }
  return { selected, indexed, leftOut };
}

/** Opens the load target: the Postgres server URL, or a PGlite folder. */
async function openTarget(
  target: string | undefined,
  pgliteDir: string,
): Promise<{ source: DataSource; spec: string }> {
  if (target) return { source: await PgSource.create({ url: target }), spec: target };
  return { source: await PgliteSource.create({ dataDir: pgliteDir }), spec: `pglite:${pgliteDir}` };
}

/**
 * Loads the selected Spider databases into the target (one schema each) and reports the time.
 * The target connection is closed afterwards (a PGlite folder admits one process at a time).
 */
export async function loadBenchDatabases(options: {
  spiderDir: string;
  dbIds: string[];
  target?: string;
  pgliteDir: string;
  logger?: Logger;
}): Promise<{ load: LoadSpiderResult; seconds: number; spec: string; label: string }> {
  const { source, spec } = await openTarget(options.target, options.pgliteDir);
  try {
    const started = performance.now();
    const load = await loadSpider({
      spiderDir: options.spiderDir,
      target: source,
      dbIds: options.dbIds,
      logger: options.logger,
    });
    return { load, seconds: (performance.now() - started) / 1000, spec, label: source.label };
  } finally {
    await source.close();
  }
}
