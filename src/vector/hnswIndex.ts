import fs from 'node:fs';
import path from 'node:path';
import { HierarchicalNSW } from 'hnswlib-node';
import { z } from 'zod';
import { IndexError } from '../errors';
import { matchesFilter } from './filter';
import type { IndexEntry } from './indexEntry';
import type { VectorEntryMeta, VectorHit, VectorIndex, VectorSearchFilter } from './types';
import { normalizeInPlace } from './vectorMath';
import { readCurrentVersion, writeNewVersion, type StoredVersion } from './versionedStore';

/** HNSW graph parameters. */
export interface HnswParams {
  /** Graph degree. */
  m: number;
  /** Construction beam width. */
  efConstruction: number;
  /** Search beam width (raised to k when k is larger). */
  ef: number;
}

/**
 * Defaults chosen with `src/bench/measureRecall.ts --text`: on 10k real offline-embedder vectors
 * (1024 dimensions) M=16/efConstruction=200 gives recall@10 0.964 at ef=50, 0.996 at ef=200 (1.4 ms per
 * query on 2 cores) and 0.999 at ef=400; M=32 gains little (0.999 at ef=200) for a slower query.
 */
export const DEFAULT_HNSW_PARAMS: Readonly<HnswParams> = { m: 16, efConstruction: 200, ef: 200 };

/** On-disk format version of the manifest and files; bump on any incompatible change. */
export const HNSW_FORMAT_VERSION = 1;
const INDEX_FILE = 'index.hnsw';
const VECTORS_FILE = 'vectors.f32';
const COLUMNS_FILE = 'columns.f32';
const MANIFEST_FILE = 'manifest.json';

const manifestSchema = z.object({
  format: z.literal('tablebot-hnsw'),
  formatVersion: z.number().int(),
  embedderId: z.string(),
  dimension: z.number().int().positive(),
  params: z.object({ m: z.number().int().positive(), efConstruction: z.number().int().positive() }),
  createdAt: z.string(),
  entries: z.array(
    z.object({
      label: z.number().int().nonnegative(),
      key: z.string(),
      meta: z.object({ table: z.string(), sourceId: z.string(), tenants: z.array(z.string()) }),
      fingerprint: z.string().optional(),
      columns: z.array(z.string()),
    }),
  ),
});

type Manifest = z.infer<typeof manifestSchema>;

/** Options of {@link HnswIndex.build}. */
export interface HnswBuildOptions {
  /** Id of the embedder that produced the vectors; queries must use the same embedder. */
  embedderId: string;
  dimension: number;
  entries: readonly IndexEntry[];
  /** @default 16 */
  m?: number;
  /** @default 200 */
  efConstruction?: number;
  /** @default 200 */
  ef?: number;
}

/** Options of {@link HnswIndex.load}. */
export interface HnswLoadOptions {
  /** Search beam width. @default 200 */
  ef?: number;
  /** Refuse an index built by another embedder (`Embedder.id`). */
  expectEmbedderId?: string;
  /** Refuse an index of another dimension. */
  expectDimension?: number;
  /** Read the column vectors too (answering does not need them). @default true */
  columns?: boolean;
}

/**
 * A cosine HNSW index (hnswlib-node) over table vectors. Searches restrict to the allowed sources and
 * tenant inside hnswlib's filter callback, i.e. before ranking. Saved as a new version folder under an
 * index directory and swapped in atomically (see `versionedStore.ts`).
 */
export class HnswIndex implements VectorIndex {
  readonly embedderId: string;
  readonly dimension: number;
  private currentParams: HnswParams;
  /** The version folder the index was loaded from or last saved to; undefined for an unsaved index. */
  stored: StoredVersion | undefined;

  private readonly graph: HierarchicalNSW;
  private readonly entriesByLabel: readonly IndexEntry[];
  private readonly labelsByKey: ReadonlyMap<string, number>;

  private constructor(options: {
    embedderId: string;
    dimension: number;
    params: HnswParams;
    graph: HierarchicalNSW;
    entries: IndexEntry[];
    stored?: StoredVersion;
  }) {
    this.embedderId = options.embedderId;
    this.dimension = options.dimension;
    this.currentParams = { ...options.params };
    this.graph = options.graph;
    this.entriesByLabel = options.entries;
    this.labelsByKey = new Map(options.entries.map((entry, label) => [entry.key, label]));
    this.stored = options.stored;
    this.graph.setEf(options.params.ef);
  }

  /**
   * Builds an index in memory. Vectors are copied and normalised; keys must be unique.
   * @throws RangeError on a vector of the wrong dimension or a duplicate key.
   */
  static build(options: HnswBuildOptions): HnswIndex {
    const params: HnswParams = {
      m: options.m ?? DEFAULT_HNSW_PARAMS.m,
      efConstruction: options.efConstruction ?? DEFAULT_HNSW_PARAMS.efConstruction,
      ef: options.ef ?? DEFAULT_HNSW_PARAMS.ef,
    };
    const seen = new Set<string>();
    const entries = options.entries.map((entry) => {
      if (seen.has(entry.key)) throw new RangeError(`HnswIndex.build: duplicate key ${entry.key}`);
      seen.add(entry.key);
      checkDimension('HnswIndex.build', entry.key, entry.vector, options.dimension);
      for (const [column, vector] of Object.entries(entry.columns ?? {})) {
        checkDimension('HnswIndex.build', `${entry.key}.${column}`, vector, options.dimension);
      }
      return { ...entry, vector: normalizeInPlace(Float32Array.from(entry.vector)) };
    });
    const graph = new HierarchicalNSW('cosine', options.dimension);
    graph.initIndex({
      maxElements: Math.max(1, entries.length),
      m: params.m,
      efConstruction: params.efConstruction,
      randomSeed: 100,
    });
    entries.forEach((entry, label) => graph.addPoint(Array.from(entry.vector), label));
    return new HnswIndex({
      embedderId: options.embedderId,
      dimension: options.dimension,
      params,
      graph,
      entries,
    });
  }

  /**
   * Loads the current version of an index directory.
   * @throws IndexError `INDEX_MISSING` when nothing was saved there, `INDEX_CORRUPT` when the files are
   * unreadable or inconsistent, `INDEX_EMBEDDER_MISMATCH` when another embedder built it.
   */
  static async load(indexDir: string, options: HnswLoadOptions = {}): Promise<HnswIndex> {
    let stored: StoredVersion | undefined;
    try {
      stored = readCurrentVersion(indexDir);
    } catch (error) {
      throw new IndexError('INDEX_CORRUPT', `HnswIndex.load: unreadable index pointer in ${indexDir}`, {
        cause: error,
      });
    }
    if (stored === undefined) {
      throw new IndexError(
        'INDEX_MISSING',
        `HnswIndex.load: no index in ${indexDir}; run \`npm run reindex\` to build one`,
      );
    }
    const manifest = readManifest(stored.path);
    if (options.expectEmbedderId !== undefined && manifest.embedderId !== options.expectEmbedderId) {
      throw new IndexError(
        'INDEX_EMBEDDER_MISMATCH',
        `HnswIndex.load: the index in ${indexDir} was built by embedder "${manifest.embedderId}" but the ` +
          `configured embedder is "${options.expectEmbedderId}"; run \`npm run reindex\` to rebuild it`,
      );
    }
    if (options.expectDimension !== undefined && manifest.dimension !== options.expectDimension) {
      throw new IndexError(
        'INDEX_EMBEDDER_MISMATCH',
        `HnswIndex.load: the index in ${indexDir} has ${manifest.dimension} dimensions but the embedder ` +
          `produces ${options.expectDimension}; run \`npm run reindex\` to rebuild it`,
      );
    }
    try {
      const entries = readEntries(stored.path, manifest, options.columns ?? true);
      const graph = new HierarchicalNSW('cosine', manifest.dimension);
      await graph.readIndex(path.join(stored.path, INDEX_FILE));
      if (graph.getCurrentCount() !== entries.length) {
        throw new Error(`graph has ${graph.getCurrentCount()} points, manifest lists ${entries.length}`);
      }
      return new HnswIndex({
        embedderId: manifest.embedderId,
        dimension: manifest.dimension,
        params: { ...manifest.params, ef: options.ef ?? DEFAULT_HNSW_PARAMS.ef },
        graph,
        entries,
        stored,
      });
    } catch (error) {
      if (error instanceof IndexError) throw error;
      throw new IndexError('INDEX_CORRUPT', `HnswIndex.load: cannot read the index in ${stored.path}`, {
        cause: error,
      });
    }
  }

  get size(): number {
    return this.entriesByLabel.length;
  }

  /** Version number of the saved index (see {@link HnswIndex.currentVersion}); 0 while unsaved. */
  get version(): number {
    return this.stored?.version ?? 0;
  }

  /**
   * The version number `CURRENT` points at in an index directory, or null when nothing was saved there.
   * Cheap: reads one small file, so a server can poll it to pick up a reindex done by another process.
   */
  static async currentVersion(indexDir: string): Promise<number | null> {
    return readCurrentVersion(indexDir)?.version ?? null;
  }

  /** M, efConstruction and the current search ef. */
  get params(): Readonly<HnswParams> {
    return { ...this.currentParams };
  }

  /** Changes the search beam width (higher: better recall, slower queries). */
  setEf(ef: number): void {
    if (!Number.isInteger(ef) || ef < 1)
      throw new RangeError(`HnswIndex.setEf: ef must be a positive integer, got ${ef}`);
    this.currentParams.ef = ef;
    this.graph.setEf(ef);
  }

  /**
   * The `k` entries closest to `vector` among those passing `filter`, closest first, with cosine
   * similarity (1 - cosine distance). Returns fewer when fewer entries pass.
   */
  search(vector: Float32Array, k: number, filter?: VectorSearchFilter): VectorHit[] {
    if (vector.length !== this.dimension) {
      throw new RangeError(
        `HnswIndex.search: query has ${vector.length} dimensions, expected ${this.dimension}`,
      );
    }
    const allowed = (label: number): boolean => {
      const entry = this.entriesByLabel[label];
      return entry !== undefined && matchesFilter(entry.meta, filter);
    };
    let passing = 0;
    for (let label = 0; label < this.entriesByLabel.length; label++) if (allowed(label)) passing++;
    const count = Math.min(Math.floor(k), passing);
    if (count <= 0) return [];
    this.graph.setEf(Math.max(this.currentParams.ef, count));
    const result =
      filter === undefined
        ? this.graph.searchKnn(Array.from(vector), count)
        : this.graph.searchKnn(Array.from(vector), count, allowed);
    return result.neighbors.map((label, i) => {
      const entry = this.entriesByLabel[label];
      return { key: entry.key, meta: entry.meta, similarity: 1 - result.distances[i] };
    });
  }

  /** The stored entry of a key (vector, fingerprint, column vectors), for reuse and schema linking. */
  entry(key: string): IndexEntry | undefined {
    const label = this.labelsByKey.get(key);
    return label === undefined ? undefined : this.entriesByLabel[label];
  }

  /** All entries, in label order. */
  entries(): readonly IndexEntry[] {
    return this.entriesByLabel;
  }

  /**
   * Saves the index as a new version under `indexDir` and makes it current atomically; the previous
   * version is kept, older ones are removed. A crash mid-save leaves the previous version in use.
   * @param attach writes more files into the version folder (before the manifest, which marks it complete)
   */
  async save(indexDir: string, attach?: (dir: string) => Promise<void> | void): Promise<StoredVersion> {
    const stored = await writeNewVersion(indexDir, async (dir) => {
      await attach?.(dir);
      await this.graph.writeIndex(path.join(dir, INDEX_FILE));
      writeFloats(
        path.join(dir, VECTORS_FILE),
        this.entriesByLabel.map((entry) => entry.vector),
      );
      writeFloats(
        path.join(dir, COLUMNS_FILE),
        this.entriesByLabel.flatMap((entry) => Object.values(entry.columns ?? {})),
      );
      const manifest: Manifest = {
        format: 'tablebot-hnsw',
        formatVersion: HNSW_FORMAT_VERSION,
        embedderId: this.embedderId,
        dimension: this.dimension,
        params: { m: this.currentParams.m, efConstruction: this.currentParams.efConstruction },
        createdAt: new Date().toISOString(),
        entries: this.entriesByLabel.map((entry, label) => ({
          label,
          key: entry.key,
          meta: entry.meta,
          fingerprint: entry.fingerprint,
          columns: Object.keys(entry.columns ?? {}),
        })),
      };
      // the manifest is written last: a version folder without one is incomplete
      fs.writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest)}\n`);
    });
    this.stored = stored;
    return stored;
  }
}

function checkDimension(method: string, what: string, vector: Float32Array, dimension: number): void {
  if (vector.length !== dimension) {
    throw new RangeError(`${method}: ${what} has ${vector.length} dimensions, expected ${dimension}`);
  }
}

function readManifest(dir: string): Manifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8'));
  } catch (error) {
    throw new IndexError('INDEX_CORRUPT', `HnswIndex.load: missing or unreadable manifest in ${dir}`, {
      cause: error,
    });
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success) {
    throw new IndexError('INDEX_CORRUPT', `HnswIndex.load: invalid manifest in ${dir}`, {
      cause: result.error,
    });
  }
  if (result.data.formatVersion !== HNSW_FORMAT_VERSION) {
    throw new IndexError(
      'INDEX_CORRUPT',
      `HnswIndex.load: index format ${result.data.formatVersion} in ${dir} is not supported (expected ` +
        `${HNSW_FORMAT_VERSION}); run \`npm run reindex\` to rebuild it`,
    );
  }
  return result.data;
}

/** The manifest's entries with their vectors: views into one array per file (no copy per table). */
function readEntries(dir: string, manifest: Manifest, withColumns: boolean): IndexEntry[] {
  const { dimension } = manifest;
  const vectors = readFloats(path.join(dir, VECTORS_FILE));
  const columnCount = manifest.entries.reduce((sum, entry) => sum + entry.columns.length, 0);
  const columns = withColumns ? readFloats(path.join(dir, COLUMNS_FILE)) : undefined;
  if (
    vectors.length !== manifest.entries.length * dimension ||
    (columns !== undefined && columns.length !== columnCount * dimension)
  ) {
    throw new Error(`vector files do not match the manifest in ${dir}`);
  }
  let columnOffset = 0;
  return manifest.entries.map((stored, label) => {
    if (stored.label !== label) throw new Error(`manifest labels are not in order in ${dir}`);
    let entryColumns: Record<string, Float32Array> | undefined;
    if (columns !== undefined) {
      entryColumns = {};
      for (const column of stored.columns) {
        entryColumns[column] = columns.subarray(columnOffset, columnOffset + dimension);
        columnOffset += dimension;
      }
    }
    const meta: VectorEntryMeta = stored.meta;
    return {
      key: stored.key,
      meta,
      vector: vectors.subarray(label * dimension, (label + 1) * dimension),
      fingerprint: stored.fingerprint,
      ...(entryColumns === undefined ? {} : { columns: entryColumns }),
    };
  });
}

function writeFloats(file: string, vectors: readonly Float32Array[]): void {
  const total = vectors.reduce((sum, vector) => sum + vector.length, 0);
  const all = new Float32Array(total);
  let offset = 0;
  for (const vector of vectors) {
    all.set(vector, offset);
    offset += vector.length;
  }
  fs.writeFileSync(file, new Uint8Array(all.buffer, all.byteOffset, all.byteLength));
}

function readFloats(file: string): Float32Array {
  const bytes = fs.readFileSync(file);
  if (bytes.byteLength % 4 !== 0) throw new Error(`${file} is not a float32 file`);
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
