import { readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createEmbedder } from '../embeddings';
import { loadConfig } from '../config';
import { silentLogger, type Logger } from '../logging';
import type { AskResult, Timings } from '../pipeline/types';
import { type DataSource, PgliteSource, PgSource, redactUrl } from '../sources';
import { ExactIndex, HnswIndex, readCurrentVersion } from '../vector';
import { BenchError } from './benchPlan';
import { percentile } from './metrics';
import { ProcessProbe } from './processProbe';
import { generateScaleCatalog, schemaSql, type ScaleQuestion, type ScaleTable } from './scaleCatalog';
import { scaleChangeSql } from './scaleChanges';

/** File in the work folder saying its source holds the generated catalog unchanged (so a rerun skips loading). */
const LOADED_MARKER = 'source.loaded.json';

/** Options of {@link runScaleBench}. */
export interface ScaleBenchOptions {
  tables: number;
  /** @default 200 */
  questions?: number;
  /**
   * After the questions, change this many tables in the source (`scaleChanges.ts`) and time a second
   * reindex of the same catalog: the incremental case. @default 0 (none)
   */
  incremental?: number;
  /** Postgres URL to create the catalog's schemas in (dropped and recreated); default PGlite in the work folder. */
  target?: string;
  /** Postgres URL of the bot's metadata store; default PGlite in the work folder. */
  store?: string;
  /** The repository root (holds dist/). */
  root: string;
  env: Record<string, string | undefined>;
  /**
   * Work folder (kept); default a temporary folder, removed afterwards. A rerun on a work folder whose source
   * (its PGlite folder, or the same `target`) still holds the same generated catalog — no `--incremental` ran
   * on it since — skips loading and indexes it afresh.
   */
  workDir?: string;
  /** Where `<timestamp>-scale-<N>.json/.md` go; none written when absent. */
  resultsDir?: string;
  command?: string;
  logger?: Logger;
  onProgress?: (message: string) => void;
}

/** Percentiles of one stage, ms. */
export interface StageTimes {
  p50: number | null;
  p95: number | null;
}

/** What the scale benchmark measured. */
export interface ScaleResult {
  suite: 'scale';
  startedAt: string;
  command: string;
  tables: number;
  columns: number;
  schemas: number;
  target: string;
  store: string;
  load: { seconds: number };
  reindex: { seconds: number; tablesPerSecond: number; peakRssMiB: number };
  sizes: { indexMiB: number; storeMiB: number | null };
  server: {
    /** Spawn to the first `/healthz` 200. */
    healthzSeconds: number | null;
    /** Spawn to exit of a bare `node -e ''` on this machine now: the floor under `healthzSeconds`. */
    bareNodeSeconds: number;
    /** Spawn to `/readyz` 200. */
    readySeconds: number;
    /** Spawn to the first answered question. */
    firstAnswerSeconds: number;
    rssAtReadyMiB: number | null;
    rssAfterQuestionsMiB: number | null;
    peakRssMiB: number;
    /** How `/readyz` described start-up while loading (distinct lines). */
    loadingPhases: string[];
  };
  ask: { questions: number; errors: number; stages: Record<keyof Timings, StageTimes> };
  retrieval: {
    r1: number;
    r3: number;
    byKind: Record<ScaleQuestion['kind'], { r1: number; r3: number; n: number }>;
  };
  hnsw: { recallAt10: number; ef: number; hnswMs: number; exactMs: number };
  /** The second reindex after changing `changed` tables, when asked for. */
  incremental?: {
    changed: number;
    seconds: number;
    peakRssMiB: number;
    /** The reindex CLI's own summary lines. */
    summary: string[];
    /** Dropped tables the published index still holds (should be 0), added tables it holds. */
    droppedStillIndexed: number;
    addedIndexed: number;
  };
  misses: { question: string; gold: string; top: string[] }[];
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : statSync(full).size;
  }
  return total;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new BenchError('runScaleBench: no free port');
  return address.port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The scale benchmark, run as a user runs the product: generates the synthetic catalog
 * (`scaleCatalog.ts`) into PGlite or the target Postgres database, reindexes it with the reindex CLI in its
 * own process (wall time and the kernel's peak RSS), starts the bot server process and times `/healthz`,
 * `/readyz` and the first answer, asks every question through `/api/ask` (stage timings, R@1, R@3), and
 * measures HNSW recall@10 of the published index against exact search on the questions' vectors.
 * @throws BenchError when a process fails
 */
export async function runScaleBench(
  options: ScaleBenchOptions,
): Promise<{ result: ScaleResult; files: string[] }> {
  const progress = options.onProgress ?? (() => undefined);
  const logger = options.logger ?? silentLogger();
  const startedAt = new Date();
  const workDir = options.workDir ?? (await mkdtemp(path.join(os.tmpdir(), 'tablebot-scale-')));
  await mkdir(workDir, { recursive: true });
  try {
    const catalog = generateScaleCatalog({ tables: options.tables, questions: options.questions });
    progress(`generated ${catalog.tables.length} tables in ${catalog.schemas.length} schemas`);
    const loadStarted = performance.now();
    const sourceSpec = options.target ?? `pglite:${path.join(workDir, 'source')}`;
    const marker = path.join(workDir, LOADED_MARKER);
    const loadedKey = JSON.stringify({
      tables: options.tables,
      questions: options.questions ?? null,
      target: options.target ? redactUrl(options.target) : null,
    });
    const reuse = (await readFile(marker, 'utf8').catch(() => '')) === loadedKey;
    // Every run indexes from scratch: no metadata store or index of an earlier run in the work folder.
    for (const dir of ['data', 'embeddings', ...(reuse || options.target ? [] : ['source'])])
      await rm(path.join(workDir, dir), { recursive: true, force: true });
    if (reuse) {
      progress(`reusing the catalog already loaded into ${sourceSpec}`);
    } else {
      await rm(marker, { force: true });
      await loadCatalog(catalog, { target: options.target, dataDir: path.join(workDir, 'source') });
      await writeFile(marker, loadedKey);
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    progress(
      `loaded into ${options.target ? redactUrl(options.target) : sourceSpec} in ${round(loadSeconds, 1)} s`,
    );

    const env: Record<string, string> = {
      PATH: options.env.PATH ?? '',
      HOME: options.env.HOME ?? '',
      TABLEBOT_ENV_FILE: '/dev/null',
      TABLEBOT_DATA_DIR: path.join(workDir, 'data'),
      EMBEDDINGS_DIR: path.join(workDir, 'embeddings'),
      MODELS_DIR: options.env.MODELS_DIR ?? path.join(options.root, 'embeddings', 'models'),
      DATABASE_URL: options.store ?? '',
      DEFAULT_SOURCE: sourceSpec,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
    };
    for (const key of ['EMBEDDER', 'HNSW_EF', 'HNSW_M', 'HNSW_EF_CONSTRUCTION', 'NODE_OPTIONS']) {
      const v = options.env[key];
      if (v !== undefined) env[key] = v;
    }
    const config = loadConfig(env, options.root);
    const dist = path.join(options.root, 'dist', 'src');

    progress('reindexing (tablebot reindex)');
    const reindexArgs = [
      path.join(dist, 'cli', 'reindex.js'),
      '--source',
      sourceSpec,
      ...(options.target ? catalog.schemas.flatMap((s) => ['--schema', s]) : []),
    ];
    const reindexer = new ProcessProbe(reindexArgs[0], reindexArgs.slice(1), env, options.root);
    const reindexCode = await reindexer.exited;
    const reindexSeconds = reindexer.seconds();
    if (reindexCode !== 0)
      throw new BenchError(`runScaleBench: reindex failed (exit ${reindexCode}):\n${reindexer.output}`);
    progress(`reindexed in ${round(reindexSeconds, 1)} s, peak ${Math.round(reindexer.peakMiB)} MiB`);
    const indexVersion = readCurrentVersion(config.indexDir);
    const storeMiB = options.store ? null : folderBytes(path.join(config.dataDir, 'meta')) / 2 ** 20;

    const server = await askThroughServer({
      dist,
      env,
      root: options.root,
      questions: catalog.questions,
      progress,
    });
    const hnsw = await hnswRecall({ config, questions: catalog.questions.map((q) => q.question) });
    // The incremental case changes the source: it no longer holds the generated catalog.
    if ((options.incremental ?? 0) > 0) await rm(marker, { force: true });
    const incremental =
      (options.incremental ?? 0) > 0
        ? await incrementalReindex({
            tables: catalog.tables,
            count: options.incremental ?? 0,
            target: options.target,
            sourceDir: path.join(workDir, 'source'),
            reindexArgs,
            env,
            root: options.root,
            indexDir: config.indexDir,
            progress,
          })
        : undefined;

    const hits = catalog.questions.map((q, i) => {
      const top = (server.answers[i]?.candidates ?? []).map((c) => c.table);
      return { q, top, r1: top[0] === q.gold, r3: top.slice(0, 3).includes(q.gold) };
    });
    const share = (list: typeof hits, f: (h: (typeof hits)[number]) => boolean) =>
      list.length === 0 ? 0 : round(list.filter(f).length / list.length, 3);
    const byKind = (kind: ScaleQuestion['kind']) => {
      const list = hits.filter((h) => h.q.kind === kind);
      return { r1: share(list, (h) => h.r1), r3: share(list, (h) => h.r3), n: list.length };
    };
    const stageNames: (keyof Timings)[] = ['embed', 'retrieve', 'generate', 'execute', 'total'];
    const stages = Object.fromEntries(
      stageNames.map((s) => {
        const values = server.answers.flatMap((a) => (a ? [a.timings[s]] : []));
        const p = (n: number) => {
          const v = percentile(values, n);
          return v === null ? null : round(v, 1);
        };
        return [s, { p50: p(50), p95: p(95) }];
      }),
    ) as Record<keyof Timings, StageTimes>;
    const columns = catalog.tables.reduce((s, tb) => s + tb.columns.length, 0);
    const result: ScaleResult = {
      suite: 'scale',
      startedAt: startedAt.toISOString(),
      command: options.command ?? `npm run bench -- --suite scale --tables ${options.tables}`,
      tables: catalog.tables.length,
      columns,
      schemas: catalog.schemas.length,
      target: options.target ? redactUrl(options.target) : 'pglite',
      store: options.store ? redactUrl(options.store) : 'pglite',
      load: { seconds: round(loadSeconds, 1) },
      reindex: {
        seconds: round(reindexSeconds, 1),
        tablesPerSecond: round(catalog.tables.length / reindexSeconds, 1),
        peakRssMiB: Math.round(reindexer.peakMiB),
      },
      sizes: {
        indexMiB: round((indexVersion?.bytes ?? 0) / 2 ** 20, 1),
        storeMiB: storeMiB === null ? null : round(storeMiB, 1),
      },
      server: server.timing,
      ask: { questions: catalog.questions.length, errors: server.errors, stages },
      retrieval: {
        r1: share(hits, (h) => h.r1),
        r3: share(hits, (h) => h.r3),
        byKind: { literal: byKind('literal'), paraphrase: byKind('paraphrase') },
      },
      hnsw,
      ...(incremental ? { incremental } : {}),
      misses: hits
        .filter((h) => !h.r1)
        .slice(0, 20)
        .map((h) => ({ question: h.q.question, gold: h.q.gold, top: h.top.slice(0, 3) })),
    };
    logger.info({ tables: result.tables }, 'bench scale: done');
    const files = options.resultsDir ? await writeScaleReport(result, options.resultsDir) : [];
    return { result, files };
  } finally {
    if (options.workDir === undefined) await rm(workDir, { recursive: true, force: true });
  }
}

/** Starts the bot server process, times its start-up, asks every question over `/api/ask`, stops it. */
async function askThroughServer(o: {
  dist: string;
  env: Record<string, string>;
  root: string;
  questions: readonly ScaleQuestion[];
  progress: (message: string) => void;
}): Promise<{ timing: ScaleResult['server']; answers: (AskResult | null)[]; errors: number }> {
  const bare = new ProcessProbe('-e', [''], o.env, o.root);
  await bare.exited;
  const bareNodeSeconds = round(bare.seconds());
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  o.progress('starting the server');
  const server = new ProcessProbe(
    path.join(o.dist, 'index.js'),
    [],
    { ...o.env, PORT: String(port) },
    o.root,
  );
  const fail = (what: string) => new BenchError(`runScaleBench: ${what}:\n${server.output}`);
  try {
    let healthzSeconds: number | null = null;
    let readySeconds: number | null = null;
    const phases: string[] = [];
    while (readySeconds === null) {
      if (server.child.exitCode !== null) throw fail('the server exited during start-up');
      if (server.seconds() > 3600) throw fail('the server was not ready within an hour');
      try {
        if (healthzSeconds === null) {
          const h = await fetch(`${base}/healthz`);
          if (h.ok) healthzSeconds = server.seconds();
        }
        const r = await fetch(`${base}/readyz`);
        const body = (await r.json()) as { checks?: Record<string, string> };
        if (r.ok) readySeconds = server.seconds();
        else {
          const phase = body.checks?.startup?.replace(/, \d+ s$/, '').replace(/\(\d+ of/, '(… of');
          if (phase && phases.at(-1) !== phase) phases.push(phase);
        }
      } catch {
        // not listening yet
      }
      if (readySeconds === null) await sleep(100);
    }
    const rssAtReady = server.sample();
    o.progress(
      `server ready after ${round(readySeconds, 1)} s (healthz after ${healthzSeconds?.toFixed(2)} s)`,
    );
    const answers: (AskResult | null)[] = [];
    let errors = 0;
    let firstAnswerSeconds: number | null = null;
    for (const q of o.questions) {
      const response = await fetch(`${base}/api/ask`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ question: q.question }),
      });
      if (!response.ok) {
        errors++;
        answers.push(null);
        continue;
      }
      firstAnswerSeconds ??= server.seconds();
      answers.push((await response.json()) as AskResult);
    }
    if (firstAnswerSeconds === null) throw fail('no question was answered');
    o.progress(`asked ${o.questions.length} questions (${errors} errors)`);
    return {
      timing: {
        healthzSeconds: healthzSeconds === null ? null : round(healthzSeconds),
        bareNodeSeconds,
        readySeconds: round(readySeconds),
        firstAnswerSeconds: round(firstAnswerSeconds),
        rssAtReadyMiB: rssAtReady === null ? null : Math.round(rssAtReady),
        rssAfterQuestionsMiB: ((v) => (v === null ? null : Math.round(v)))(server.sample()),
        peakRssMiB: Math.round(server.peakMiB),
        loadingPhases: phases,
      },
      answers,
      errors,
    };
  } finally {
    await server.stop();
  }
}

/** Changes tables in the source, reindexes again with the CLI and checks the published keys. */
async function incrementalReindex(o: {
  tables: readonly ScaleTable[];
  count: number;
  target: string | undefined;
  sourceDir: string;
  reindexArgs: readonly string[];
  env: Record<string, string>;
  root: string;
  indexDir: string;
  progress: (message: string) => void;
}): Promise<NonNullable<ScaleResult['incremental']>> {
  const changes = scaleChangeSql(o.tables, o.count);
  const source: DataSource = o.target
    ? await PgSource.create({ url: o.target })
    : await PgliteSource.create({ dataDir: o.sourceDir });
  try {
    for (const sql of changes.sql) await source.exec(sql);
  } finally {
    await source.close();
  }
  const changed = [changes.commented, changes.widened, changes.filled, changes.dropped, changes.added].reduce(
    (n, list) => n + list.length,
    0,
  );
  o.progress(`changed ${changed} tables; reindexing again`);
  const probe = new ProcessProbe(o.reindexArgs[0], o.reindexArgs.slice(1), o.env, o.root);
  const code = await probe.exited;
  const seconds = probe.seconds();
  if (code !== 0)
    throw new BenchError(`runScaleBench: incremental reindex failed (exit ${code}):\n${probe.output}`);
  o.progress(`incremental reindex in ${round(seconds, 1)} s, peak ${Math.round(probe.peakMiB)} MiB`);
  const index = await HnswIndex.load(o.indexDir, { columns: false });
  const keys = new Set(index.entries().map((e) => e.meta.table));
  return {
    changed,
    seconds: round(seconds, 2),
    peakRssMiB: Math.round(probe.peakMiB),
    summary: probe.output
      .split('\n')
      .filter((line) => /^ {2}(tables|index|seconds):/.test(line))
      .map((line) => line.trim()),
    droppedStillIndexed: changes.dropped.filter((t) => keys.has(t)).length,
    addedIndexed: changes.added.filter((t) => keys.has(t)).length,
  };
}

/** Recall@10 of the published HNSW index against exact search, on the questions' vectors. */
async function hnswRecall(o: {
  config: ReturnType<typeof loadConfig>;
  questions: readonly string[];
}): Promise<ScaleResult['hnsw']> {
  const { embedder } = await createEmbedder({
    provider: o.config.embedder,
    model: o.config.embeddingModel,
    modelsDir: o.config.modelsDir,
    allowRemoteModels: false,
  });
  // table vectors only: the column vectors (3.9 GB at 100,000 tables) are not searched here
  const index = await HnswIndex.load(o.config.indexDir, {
    ef: o.config.hnsw.ef,
    expectEmbedderId: embedder.id,
    columns: false,
  });
  const exact = ExactIndex.build({
    embedderId: embedder.id,
    dimension: index.dimension,
    entries: index.entries().map((e) => ({ key: e.key, meta: e.meta, vector: e.vector })),
  });
  const k = Math.min(10, index.size);
  const vectors = await embedder.embed([...o.questions]);
  let found = 0;
  let hnswMs = 0;
  let exactMs = 0;
  for (const v of vectors) {
    let started = performance.now();
    const approx = index.search(v, k);
    hnswMs += performance.now() - started;
    started = performance.now();
    const truth = new Set(exact.search(v, k).map((h) => h.key));
    exactMs += performance.now() - started;
    found += approx.filter((h) => truth.has(h.key)).length;
  }
  const n = Math.max(1, vectors.length);
  return {
    recallAt10: round(found / (n * Math.max(1, k)), 4),
    ef: o.config.hnsw.ef,
    hnswMs: round(hnswMs / n, 3),
    exactMs: round(exactMs / n, 3),
  };
}

/** The result as one table row of the issue's kind, plus details. */
export function formatScaleReport(r: ScaleResult): string {
  const s = r.ask.stages;
  return [
    `# scale bench: ${r.tables} tables (${r.schemas} schemas, ${r.columns} columns), source ${r.target}, store ${r.store}`,
    '',
    `| tables | reindex | tables/s | reindex peak RSS | index | metadata store | ask p50 / p95 | retrieve p95 | healthz | ready | first answer | ask RSS | R@1 | R@3 | HNSW R@10 |`,
    `|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|`,
    `| ${r.tables} | ${r.reindex.seconds} s | ${r.reindex.tablesPerSecond} | ${r.reindex.peakRssMiB} MiB | ${r.sizes.indexMiB} MiB | ${r.sizes.storeMiB ?? 'n/a'} MiB | ${s.total.p50} / ${s.total.p95} ms | ${s.retrieve.p95} ms | ${r.server.healthzSeconds} s | ${r.server.readySeconds} s | ${r.server.firstAnswerSeconds} s | ${r.server.peakRssMiB} MiB | ${r.retrieval.r1} | ${r.retrieval.r3} | ${r.hnsw.recallAt10} |`,
    '',
    `stages p50/p95 ms: ${Object.entries(s)
      .map(([k, v]) => `${k} ${v.p50}/${v.p95}`)
      .join(', ')}`,
    `literal R@1 ${r.retrieval.byKind.literal.r1} R@3 ${r.retrieval.byKind.literal.r3} (n=${r.retrieval.byKind.literal.n}); paraphrase R@1 ${r.retrieval.byKind.paraphrase.r1} R@3 ${r.retrieval.byKind.paraphrase.r3} (n=${r.retrieval.byKind.paraphrase.n})`,
    `healthz ${r.server.healthzSeconds} s after spawn (a bare node process takes ${r.server.bareNodeSeconds} s here now)`,
    `server RSS at ready ${r.server.rssAtReadyMiB} MiB, after questions ${r.server.rssAfterQuestionsMiB} MiB, peak ${r.server.peakRssMiB} MiB; ask errors ${r.ask.errors}`,
    `HNSW recall@10 ${r.hnsw.recallAt10} at ef ${r.hnsw.ef}: ${r.hnsw.hnswMs} ms/query vs exact ${r.hnsw.exactMs} ms`,
    ...(r.incremental
      ? [
          `incremental: ${r.incremental.changed} tables changed, reindex ${r.incremental.seconds} s, peak ${r.incremental.peakRssMiB} MiB; dropped still indexed ${r.incremental.droppedStillIndexed}, added indexed ${r.incremental.addedIndexed} (${r.incremental.summary.join('; ')})`,
        ]
      : []),
    `load ${r.load.seconds} s; start-up phases seen on /readyz: ${r.server.loadingPhases.join(' → ') || '(none)'}`,
    `command: ${r.command}`,
  ].join('\n');
}

async function writeScaleReport(result: ScaleResult, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  const json = path.join(dir, `${stamp}-scale-${result.tables}.json`);
  const md = path.join(dir, `${stamp}-scale-${result.tables}.md`);
  await writeFile(json, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(md, `${formatScaleReport(result)}\n`);
  return [json, md];
}

/**
 * Server sessions per loading connection: a Postgres backend that creates thousands of relations slows down
 * several-fold (its caches grow with every relation it touched), so the loader opens a fresh connection every
 * few schemas. Measured loading 50,000 tables into an empty database: ~50 tables/s after 8,000 on one
 * connection; with a fresh one every 5 schemas the other 40,000 took 174 s (~230 tables/s).
 */
const SCHEMAS_PER_CONNECTION = 5;

/** Creates the catalog's schemas in the target server (replacing them) or in a new PGlite folder. */
async function loadCatalog(
  catalog: { schemas: readonly string[]; tables: readonly ScaleTable[] },
  where: { target?: string; dataDir: string },
): Promise<void> {
  const open = (): Promise<DataSource> =>
    where.target ? PgSource.create({ url: where.target }) : PgliteSource.create({ dataDir: where.dataDir });
  let source: DataSource | undefined;
  try {
    for (const [i, schema] of catalog.schemas.entries()) {
      if (source && where.target && i % SCHEMAS_PER_CONNECTION === 0) {
        const done = source;
        source = undefined;
        await done.close();
      }
      source ??= await open();
      if (where.target) await source.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE;`);
      await source.exec(schemaSql(schema, catalog.tables));
    }
  } finally {
    await source?.close();
  }
}
