import path from 'node:path';
import { HierarchicalNSW } from 'hnswlib-node';
import { IndexError } from '../errors';
import { effectiveFilter, matchesFilter } from './filter';
import { columnNamesOf, type IndexEntry } from './indexEntry';
import type { VectorEntryMeta, VectorHit, VectorIndex, VectorSearchFilter } from './types';
import { checkDimension, dot, normalizeInPlace } from './vectorMath';
import { buildGraph, readGraph, readSpace } from './graphSpace';
import { updateHnswIndex, type HnswUpdated, type HnswUpdateOptions } from './hnswUpdate';
import { candidatePool, reducedBeam, ReducedSpace } from './reducedSpace';
import { readFloats, VectorFileReader, writeColumnVectors, writeFloats } from './vectorFiles';
import { locateSegments, readSegments, segmentsCount, storedColumns } from './columnSegments';
import {
  COLUMNS_FILE,
  HNSW_FORMAT_VERSION,
  INDEX_FILE,
  layoutOf,
  manifestEntry,
  readManifest,
  REDUCED_FILE,
  VECTORS_FILE,
  writeManifest,
  type Layout,
  type Manifest,
  type ManifestEntry,
} from './hnswManifest';
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

export { HNSW_FORMAT_VERSION } from './hnswManifest';
export type { HnswUpdated, HnswUpdateOptions } from './hnswUpdate';

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
  /**
   * Normalise the entries' vectors in place instead of copying them (the caller no longer needs them as
   * they were): one copy of every table vector less while the graph is built. @default false
   */
  adoptVectors?: boolean;
  /** Table vectors' size from which the graph may use a reduced space. @default REDUCE_FROM_BYTES (64 MiB) */
  reduceFromBytes?: number;
}

/** Options of {@link HnswIndex.load}. */
export interface HnswLoadOptions {
  /** Search beam width. @default 200 */
  ef?: number;
  /** Refuse an index built by another embedder (`Embedder.id`). */
  expectEmbedderId?: string;
  /** Refuse an index of another dimension. */
  expectDimension?: number;
  /**
   * Read the column vectors too (answering does not need them); `located`: only say where they are in the
   * version's file (`IndexEntry.columnsAt`), for a reindex that copies them into its new version. @default true
   */
  columns?: boolean | 'located';
  /**
   * `file`: each entry's table vector is read from the vector file when used (a positioned read) instead
   * of all being held in memory beside the graph's own copy — for an answering process, which reads a few
   * per question; a file of at most `fileVectorsFromBytes` is read into memory all the same (a positioned
   * read per candidate costs more than the memory it saves there). @default 'memory'
   */
  vectors?: 'memory' | 'file';
  /** With `vectors: 'file'`, the vector file size from which vectors stay in the file. @default FILE_VECTORS_FROM_BYTES */
  fileVectorsFromBytes?: number;
}

/**
 * Size of the table vector file from which `vectors: 'file'` keeps the vectors in the file (16 MiB: about
 * 4,000 tables of 1,024 dimensions); below it they are read into memory at load (at most 16 MiB held).
 */
export const FILE_VECTORS_FROM_BYTES = 16 * 2 ** 20;

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
  /** Entries by graph label; a hole is a label deleted by an in-place update. */
  private readonly entriesByLabel: readonly (IndexEntry | undefined)[];
  private readonly live: readonly IndexEntry[];
  private readonly labelsByKey: ReadonlyMap<string, number>;
  /** The reduced space the graph searches in, or undefined when it holds the full vectors (`reducedSpace.ts`). */
  private readonly space: ReducedSpace | undefined;

  private constructor(options: {
    embedderId: string;
    dimension: number;
    params: HnswParams;
    graph: HierarchicalNSW;
    entries: (IndexEntry | undefined)[];
    space: ReducedSpace | undefined;
    stored?: StoredVersion;
  }) {
    this.space = options.space;
    this.embedderId = options.embedderId;
    this.dimension = options.dimension;
    this.currentParams = { ...options.params };
    this.graph = options.graph;
    this.entriesByLabel = options.entries;
    this.live = options.entries.filter((entry): entry is IndexEntry => entry !== undefined);
    const labels = new Map<string, number>();
    options.entries.forEach((entry, label) => {
      if (entry !== undefined) labels.set(entry.key, label);
    });
    this.labelsByKey = labels;
    this.stored = options.stored;
    this.graph.setEf(options.params.ef);
  }

  /**
   * Builds an index in memory. Vectors are copied (or, with `adoptVectors`, taken over) and normalised; keys
   * must be unique.
   * @throws RangeError on a vector of the wrong dimension or a duplicate key.
   */
  static build(options: HnswBuildOptions): HnswIndex {
    const params: HnswParams = {
      m: options.m ?? DEFAULT_HNSW_PARAMS.m,
      efConstruction: options.efConstruction ?? DEFAULT_HNSW_PARAMS.efConstruction,
      ef: options.ef ?? DEFAULT_HNSW_PARAMS.ef,
    };
    const seen = new Set<string>();
    const uses = new Map<Float32Array, number>();
    if (options.adoptVectors === true)
      for (const entry of options.entries) uses.set(entry.vector, (uses.get(entry.vector) ?? 0) + 1);
    const entries = options.entries.map((entry) => {
      if (seen.has(entry.key)) throw new RangeError(`HnswIndex.build: duplicate key ${entry.key}`);
      seen.add(entry.key);
      checkDimension('HnswIndex.build', entry.key, entry.vector, options.dimension);
      for (const [column, vector] of Object.entries(entry.columns ?? {})) {
        checkDimension('HnswIndex.build', `${entry.key}.${column}`, vector, options.dimension);
      }
      // an array several entries share (equal tables of two sources) is copied, as without adopting
      const adopt = options.adoptVectors === true && uses.get(entry.vector) === 1;
      const vector = adopt ? entry.vector : Float32Array.from(entry.vector);
      return { ...entry, vector: normalizeInPlace(vector) };
    });
    const space = ReducedSpace.fit(entries.length, options.dimension, (i) => entries[i].vector, {
      fromBytes: options.reduceFromBytes,
    });
    const graph = buildGraph(
      space,
      options.dimension,
      params,
      entries.map((entry) => entry.vector),
    );
    return new HnswIndex({
      embedderId: options.embedderId,
      dimension: options.dimension,
      params,
      graph,
      entries,
      space: space ?? undefined,
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
    const manifest = readManifest(stored.path, { columns: options.columns !== false });
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
      const layout = layoutOf(manifest);
      const entries = readEntries(stored.path, layout, {
        columns: options.columns ?? true,
        inMemory:
          (options.vectors ?? 'memory') === 'memory' ||
          layout.slots * manifest.dimension * 4 < (options.fileVectorsFromBytes ?? FILE_VECTORS_FROM_BYTES),
      });
      const space = readSpace(stored.path, manifest);
      const graph = await readGraph(stored.path, manifest.dimension, space, layout.slots);
      return new HnswIndex({
        embedderId: manifest.embedderId,
        dimension: manifest.dimension,
        params: { ...manifest.params, ef: options.ef ?? DEFAULT_HNSW_PARAMS.ef },
        graph,
        entries,
        space,
        stored,
      });
    } catch (error) {
      if (error instanceof IndexError) throw error;
      throw new IndexError('INDEX_CORRUPT', `HnswIndex.load: cannot read the index in ${stored.path}`, {
        cause: error,
      });
    }
  }

  /** Live entries (deleted labels not counted). */
  get size(): number {
    return this.live.length;
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
   * The `k` entries closest to `vector` among those passing the filter `given`, closest first, with cosine
   * similarity (1 - cosine distance). Returns fewer when fewer entries pass.
   */
  search(vector: Float32Array, k: number, given?: VectorSearchFilter): VectorHit[] {
    checkDimension('HnswIndex.search', 'query', vector, this.dimension);
    const filter = effectiveFilter(given);
    const allowed = (label: number): boolean => {
      const entry = this.entriesByLabel[label];
      return entry !== undefined && matchesFilter(entry.meta, filter);
    };
    // how many entries pass, counted only up to the candidates wanted (a question's work does not grow
    // with the catalog)
    const wanted = Math.floor(k);
    const space = this.space;
    const pool = space === undefined ? wanted : candidatePool(wanted);
    let passing = 0;
    for (let label = 0; label < this.entriesByLabel.length && passing < pool; label++)
      if (allowed(label)) passing++;
    const count = Math.min(pool, passing);
    if (Math.min(wanted, passing) <= 0) return [];
    const beam = space === undefined ? this.currentParams.ef : reducedBeam(this.currentParams.ef, this.size);
    this.graph.setEf(Math.max(beam, count));
    const query = space === undefined ? vector : space.project(normalizeInPlace(Float32Array.from(vector)));
    const result =
      filter === undefined
        ? this.graph.searchKnn(Array.from(query), count)
        : this.graph.searchKnn(Array.from(query), count, allowed);
    if (space !== undefined) return this.reranked(vector, result.neighbors, wanted);
    return result.neighbors.flatMap((label, i) => {
      const entry = this.entriesByLabel[label];
      return entry === undefined
        ? []
        : [{ key: entry.key, meta: entry.meta, similarity: 1 - result.distances[i] }];
    });
  }

  /**
   * The `k` of the reduced graph's candidate `labels` closest to `vector` by the exact cosine of their full
   * (unit) vectors, closest first; equal similarities keep the graph's order.
   */
  private reranked(vector: Float32Array, labels: readonly number[], k: number): VectorHit[] {
    const norm = Math.sqrt(dot(vector, vector));
    const hits: VectorHit[] = [];
    for (const label of labels) {
      const entry = this.entriesByLabel[label];
      if (entry === undefined) continue;
      const similarity = norm === 0 ? 0 : dot(vector, entry.vector) / norm;
      hits.push({ key: entry.key, meta: entry.meta, similarity });
    }
    return hits
      .map((hit, order) => ({ hit, order }))
      .sort((a, b) => b.hit.similarity - a.hit.similarity || a.order - b.order)
      .slice(0, k)
      .map(({ hit }) => hit);
  }

  /** The stored entry of a key (vector, fingerprint, column vectors), for reuse and schema linking. */
  entry(key: string): IndexEntry | undefined {
    const label = this.labelsByKey.get(key);
    return label === undefined ? undefined : this.entriesByLabel[label];
  }

  /** All live entries, in label order. */
  entries(): readonly IndexEntry[] {
    return this.live;
  }

  /**
   * Saves the index as a new version under `indexDir` and makes it current atomically; the previous
   * version is kept, older ones are removed. A crash mid-save leaves the previous version in use.
   * @param attach writes more files into the version folder (before the manifest, which marks it complete)
   */
  async save(indexDir: string, attach?: (dir: string) => Promise<void> | void): Promise<StoredVersion> {
    const hole = new Float32Array(this.dimension);
    const stored = await writeNewVersion(indexDir, async (dir) => {
      await attach?.(dir);
      await this.graph.writeIndex(path.join(dir, INDEX_FILE));
      this.space?.write(path.join(dir, REDUCED_FILE));
      writeFloats(
        path.join(dir, VECTORS_FILE),
        this.entriesByLabel.map((entry) => entry?.vector ?? hole),
      );
      writeColumnVectors(
        path.join(dir, COLUMNS_FILE),
        this.dimension,
        this.live.map((entry) => (entry.columns ? Object.values(entry.columns) : (entry.columnsAt ?? []))),
      );
      let columnStart = 0;
      const entries: ManifestEntry[] = [];
      this.entriesByLabel.forEach((entry, label) => {
        if (entry === undefined) return;
        entries.push(manifestEntry(entry, label, columnStart));
        columnStart += columnNamesOf(entry).length;
      });
      writeManifest(
        dir,
        { ...this.manifestHead(this.entriesByLabel.length), graph: this.space?.head() ?? null },
        entries,
      );
    });
    this.stored = stored;
    return stored;
  }

  private manifestHead(slots: number): Omit<Manifest, 'entries'> {
    return {
      format: 'tablebot-hnsw',
      formatVersion: HNSW_FORMAT_VERSION,
      embedderId: this.embedderId,
      dimension: this.dimension,
      params: { m: this.currentParams.m, efConstruction: this.currentParams.efConstruction },
      createdAt: new Date().toISOString(),
      slots,
    };
  }

  /**
   * Publishes the current version of `indexDir` with `remove`d and `add`ed entries as a new version, without
   * re-reading what stays: the graph file is loaded, the removed labels marked deleted and the added vectors
   * inserted (hnswlib `markDelete`/`addPoint`), and the vector files are copied by the kernel with the new
   * vectors appended. When deleted labels would pass `maxDeadFraction`, it compacts instead (a new graph of
   * the live vectors, column vectors copied range by range). Published atomically like {@link save}.
   * @throws IndexError `INDEX_MOVED` when `baseVersion` is no longer current, `INDEX_MISSING`,
   *   `INDEX_CORRUPT` or `INDEX_EMBEDDER_MISMATCH` as {@link load}
   * @throws RangeError on a vector of the wrong dimension or a key added twice
   */
  static update(indexDir: string, options: HnswUpdateOptions): Promise<HnswUpdated> {
    return updateHnswIndex(indexDir, options);
  }
}

/**
 * An entry whose table vector is read from the version's vector file each time it is used. The getter lives
 * on the prototype (one shape for every entry); a spread copy (`{ ...e }`) has no `vector` and must set it.
 */
class FileVectorEntry implements IndexEntry {
  readonly key: string;
  readonly meta: VectorEntryMeta;
  readonly fingerprint?: string;
  readonly columns?: Record<string, Float32Array>;

  constructor(
    fields: Omit<IndexEntry, 'vector'>,
    private readonly reader: VectorFileReader,
    private readonly label: number,
  ) {
    this.key = fields.key;
    this.meta = fields.meta;
    this.fingerprint = fields.fingerprint;
    if (fields.columns !== undefined) this.columns = fields.columns;
  }

  get vector(): Float32Array {
    return this.reader.read(this.label);
  }
}

/** The manifest's entries with their vectors by label: views into one array per file (no copy per table). */
function readEntries(
  dir: string,
  layout: Layout,
  read: { columns: boolean | 'located'; inMemory: boolean },
): (IndexEntry | undefined)[] {
  const { dimension } = layout.manifest;
  const file = path.join(dir, VECTORS_FILE);
  const vectors = read.inMemory ? readFloats(file) : undefined;
  const reader = read.inMemory ? undefined : new VectorFileReader(file, dimension, layout.slots);
  const withColumns = read.columns;
  const segments = withColumns === false ? [] : locateSegments(dir, dimension, layout.manifest.columnFiles);
  const columns = withColumns === true ? readSegments(segments, dimension) : undefined;
  const columnCount = withColumns === 'located' ? segmentsCount(segments) : 0;
  if (vectors !== undefined && vectors.length !== layout.slots * dimension)
    throw new Error(`vector files do not match the manifest in ${dir}`);
  const byLabel: (IndexEntry | undefined)[] = new Array<IndexEntry | undefined>(layout.slots).fill(undefined);
  let previous = -1;
  for (const stored of layout.entries) {
    if (stored.label <= previous || stored.label >= layout.slots)
      throw new Error(`manifest labels are not in order in ${dir}`);
    previous = stored.label;
    let entryColumns: Record<string, Float32Array> | undefined;
    if (columns !== undefined) {
      if ((stored.columnStart + stored.columns.length) * dimension > columns.length)
        throw new Error(`vector files do not match the manifest in ${dir}`);
      entryColumns = {};
      let offset = stored.columnStart * dimension;
      for (const column of stored.columns) {
        entryColumns[column] = columns.subarray(offset, offset + dimension);
        offset += dimension;
      }
    }
    if (withColumns === 'located' && stored.columnStart + stored.columns.length > columnCount)
      throw new Error(`vector files do not match the manifest in ${dir}`);
    const meta: VectorEntryMeta = stored.meta;
    const { label } = stored;
    const fields = {
      key: stored.key,
      meta,
      fingerprint: stored.fingerprint,
      ...(entryColumns === undefined ? {} : { columns: entryColumns }),
      ...(withColumns === 'located'
        ? { columnsAt: storedColumns(segments, stored.columnStart, stored.columns) }
        : {}),
    };
    byLabel[label] =
      reader !== undefined
        ? new FileVectorEntry(fields, reader, label)
        : {
            ...fields,
            vector: (vectors as Float32Array).subarray(label * dimension, (label + 1) * dimension),
          };
  }
  return byLabel;
}
