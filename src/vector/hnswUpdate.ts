/**
 * The in-place update of a published HNSW version (`HnswIndex.update`): removed tables marked deleted,
 * changed and new ones inserted, vector files carried over with the new vectors appended, or a compaction
 * when too many labels are deleted. Kept apart from `hnswIndex.ts` (build, load, search, save), which it
 * shares only the file layout with (`hnswManifest.ts`, `vectorFiles.ts`, `columnSegments.ts`).
 */
import path from 'node:path';
import { IndexError } from '../errors';
import type { IndexEntry } from './indexEntry';
import { checkDimension, normalizeInPlace } from './vectorMath';
import { copyAndAppend, readFloats, writeColumnVectors, writeFloats } from './vectorFiles';
import { ReducedSpace } from './reducedSpace';
import { buildGraph, pointOf, readGraph, readSpace } from './graphSpace';
import { carrySegments, locateSegments, segmentsCount, storedColumns } from './columnSegments';
import {
  COLUMNS_FILE,
  HNSW_FORMAT_VERSION,
  GRAPH_SPACE_FORMAT_VERSION,
  REDUCED_FILE,
  INDEX_FILE,
  layoutOf,
  manifestEntry,
  readManifest,
  VECTORS_FILE,
  writeManifest,
  type ManifestEntry,
} from './hnswManifest';
import { readCurrentVersion, writeNewVersion, type StoredVersion } from './versionedStore';

/** Options of {@link updateHnswIndex} (`HnswIndex.update`). */
export interface HnswUpdateOptions {
  embedderId: string;
  dimension: number;
  /** The version the changes were computed against: refused when another one is current. */
  baseVersion: number;
  /** Keys to drop. */
  remove: readonly string[];
  /** Entries to add (with their column vectors); an entry whose key is present replaces it. */
  add: readonly IndexEntry[];
  /**
   * When deleted labels would exceed this share of the graph, the update compacts: a new graph of the live
   * entries, the files rewritten without the deleted ones. @default 0.25
   */
  maxDeadFraction?: number;
  /** As `HnswBuildOptions.reduceFromBytes`, for a compaction. */
  reduceFromBytes?: number;
  /** Writes more files into the new version folder (see `HnswIndex.save`). */
  attach?: (dir: string) => Promise<void> | void;
}

/** What {@link updateHnswIndex} wrote. */
export interface HnswUpdated {
  stored: StoredVersion;
  /** True when the update rebuilt the graph without its deleted labels. */
  compacted: boolean;
  /** Live entries in the new version. */
  size: number;
}
/**
 * Publishes the current version of `indexDir` with `remove`d and `add`ed entries as a new version, without
 * re-reading what stays: the graph file is loaded, the removed labels marked deleted and the added vectors
 * inserted (hnswlib `markDelete`/`addPoint`), and the vector files are copied by the kernel with the new
 * vectors appended. When deleted labels would pass `maxDeadFraction`, it compacts instead (a new graph of
 * the live vectors, column vectors copied range by range). Published atomically like `HnswIndex.save`.
 * @throws IndexError `INDEX_MOVED` when `baseVersion` is no longer current, `INDEX_MISSING`,
 *   `INDEX_CORRUPT` or `INDEX_EMBEDDER_MISMATCH` as `HnswIndex.load`
 * @throws RangeError on a vector of the wrong dimension or a key added twice
 */
export async function updateHnswIndex(indexDir: string, options: HnswUpdateOptions): Promise<HnswUpdated> {
  const stored = readCurrentVersion(indexDir);
  if (stored === undefined)
    throw new IndexError('INDEX_MISSING', `HnswIndex.update: no index in ${indexDir} to update`);
  if (stored.version !== options.baseVersion) {
    throw new IndexError(
      'INDEX_MOVED',
      `HnswIndex.update: version ${stored.version} of ${indexDir} is current, the update was prepared ` +
        `against version ${options.baseVersion}`,
    );
  }
  const layout = layoutOf(readManifest(stored.path));
  const { manifest } = layout;
  if (manifest.embedderId !== options.embedderId || manifest.dimension !== options.dimension) {
    throw new IndexError(
      'INDEX_EMBEDDER_MISMATCH',
      `HnswIndex.update: the index in ${indexDir} was built by "${manifest.embedderId}" ` +
        `(${manifest.dimension} dimensions), not "${options.embedderId}" (${options.dimension})`,
    );
  }
  const seen = new Set<string>();
  const added = options.add.map((entry) => {
    if (seen.has(entry.key)) throw new RangeError(`HnswIndex.update: ${entry.key} added twice`);
    seen.add(entry.key);
    checkDimension('HnswIndex.update', entry.key, entry.vector, options.dimension);
    for (const [column, vector] of Object.entries(entry.columns ?? {}))
      checkDimension('HnswIndex.update', `${entry.key}.${column}`, vector, options.dimension);
    return { ...entry, vector: normalizeInPlace(Float32Array.from(entry.vector)) };
  });
  const removing = new Set([...options.remove, ...seen]);
  const kept = layout.entries.filter((e) => !removing.has(e.key));
  const removed = layout.entries.filter((e) => removing.has(e.key));
  const slots = layout.slots + added.length;
  const dead = slots - kept.length - added.length;
  // a version of a format before the graph's space was recorded is rebuilt once, which decides it
  const compact =
    dead > (options.maxDeadFraction ?? 0.25) * slots || manifest.formatVersion < GRAPH_SPACE_FORMAT_VERSION;
  const addedColumns = added.flatMap((entry) => Object.values(entry.columns ?? {}));
  const files = {
    graph: path.join(stored.path, INDEX_FILE),
    vectors: path.join(stored.path, VECTORS_FILE),
  };
  const head = {
    format: 'tablebot-hnsw' as const,
    formatVersion: HNSW_FORMAT_VERSION,
    embedderId: manifest.embedderId,
    dimension: manifest.dimension,
    params: manifest.params,
    createdAt: new Date().toISOString(),
  };
  try {
    const segments = locateSegments(stored.path, manifest.dimension, manifest.columnFiles);
    if (!compact) {
      // the added vectors take the coordinates of the version's reduced space (refitted at compaction)
      const space = readSpace(stored.path, manifest);
      const graph = await readGraph(stored.path, manifest.dimension, space, layout.slots);
      if (slots > graph.getMaxElements()) graph.resizeIndex(slots);
      for (const e of removed) graph.markDelete(e.label);
      added.forEach((entry, i) => graph.addPoint(Array.from(pointOf(space, entry.vector)), layout.slots + i));
      let columnStart = segmentsCount(segments);
      const entries: ManifestEntry[] = [
        ...kept,
        ...added.map((entry, i) => {
          const e = manifestEntry(entry, layout.slots + i, columnStart);
          columnStart += e.columns.length;
          return e;
        }),
      ];
      const saved = await writeNewVersion(indexDir, async (dir) => {
        await options.attach?.(dir);
        await graph.writeIndex(path.join(dir, INDEX_FILE));
        space?.write(path.join(dir, REDUCED_FILE));
        copyAndAppend(
          files.vectors,
          path.join(dir, VECTORS_FILE),
          added.map((entry) => entry.vector),
        );
        // the previous segments linked, not copied: the update writes only what it adds
        const columnFiles = carrySegments(segments, dir, manifest.dimension, addedColumns);
        const single = columnFiles.length === 1 && columnFiles[0].file === COLUMNS_FILE;
        const graphHead = { graph: space?.head() ?? null };
        writeManifest(
          dir,
          single ? { ...head, slots, ...graphHead } : { ...head, slots, columnFiles, ...graphHead },
          entries,
        );
      });
      return { stored: saved, compacted: false, size: entries.length };
    }
    const vectors = readFloats(files.vectors);
    const d = manifest.dimension;
    const live = [
      ...kept.map((e) => vectors.subarray(e.label * d, (e.label + 1) * d)),
      ...added.map((entry) => entry.vector),
    ];
    const space = ReducedSpace.fit(live.length, d, (i) => live[i], { fromBytes: options.reduceFromBytes });
    const graph = buildGraph(space, d, manifest.params, live);
    let columnStart = 0;
    const entries: ManifestEntry[] = kept.map((e, label) => {
      const moved = { ...e, label, columnStart };
      columnStart += e.columns.length;
      return moved;
    });
    added.forEach((entry, i) => {
      const e = manifestEntry(entry, kept.length + i, columnStart);
      columnStart += e.columns.length;
      entries.push(e);
    });
    const saved = await writeNewVersion(indexDir, async (dir) => {
      await options.attach?.(dir);
      await graph.writeIndex(path.join(dir, INDEX_FILE));
      space?.write(path.join(dir, REDUCED_FILE));
      writeFloats(path.join(dir, VECTORS_FILE), live);
      writeColumnVectors(path.join(dir, COLUMNS_FILE), d, [
        ...kept.map((e) => storedColumns(segments, e.columnStart, e.columns)),
        addedColumns,
      ]);
      writeManifest(dir, { ...head, slots: live.length, graph: space?.head() ?? null }, entries);
    });
    return { stored: saved, compacted: true, size: entries.length };
  } catch (error) {
    if (error instanceof IndexError) throw error;
    throw new IndexError('INDEX_CORRUPT', `HnswIndex.update: cannot update the index in ${stored.path}`, {
      cause: error,
    });
  }
}
