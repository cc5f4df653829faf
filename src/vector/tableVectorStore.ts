import type { IndexEntry } from './indexEntry';
import type { VectorIndex } from './types';

/** One published version of the table vectors, opened for answering or for reuse by a reindex. */
export interface OpenedTableVectors {
  /** Version number (increasing with every publish). */
  version: number;
  /** Nearest-neighbour search over the table vectors. */
  index: VectorIndex;
  /**
   * Every table's entry: key, meta, reuse fingerprint, table vector and, when opened with `columns`, its
   * column vectors (or, `located`, where they are).
   */
  entries: readonly IndexEntry[];
  /**
   * The version's folder, where files published with the vectors ({@link PublishOptions.attach}) are read
   * from; undefined for a store that is not a folder.
   */
  folder?: string;
}

/** Options of {@link TableVectorStore.publish}. */
export interface PublishOptions {
  /**
   * Writes more files into the version being published (the retrieval snapshot), before it is made current:
   * a process that sees the version sees them too.
   */
  attach?: (folder: string) => Promise<void> | void;
  /**
   * The caller gives the entries' table vectors up: they may be normalised in place instead of copied (a
   * full build then holds each table vector once besides the graph's own copy). @default false
   */
  adoptVectors?: boolean;
}

/** What a publish wrote. */
export interface PublishedTableVectors {
  version: number;
  /** Set by {@link TableVectorStore.update}: whether the store rebuilt the version from its live tables. */
  compacted?: boolean;
  /** Where it lives (a folder, a table name). */
  path: string;
  bytes: number;
}

/**
 * Where table and column vectors live between a reindex and the processes that answer: the seam between
 * the index files and, beyond one machine, a vector database. Asynchronous throughout (vectra-style), so a
 * pgvector backend is one new implementation. The metadata store keeps the catalog, versions and state;
 * vectors never go through it. {@link HnswFileStore} is the file implementation (versioned folders).
 */
export interface TableVectorStore {
  /** The version currently published, or null when nothing is (cheap: a process polls it). */
  currentVersion(): Promise<number | null>;
  /**
   * Opens the current version; null when nothing is published.
   * @param options.columns also read the column vectors (a reindex reuses them; answering does not need
   *   them); `located`: only where they are (`IndexEntry.columnsAt`), so a reindex copies them unread
   * @param options.lazyVectors read each entry's table vector when used rather than all at open (answering
   *   reads a few per question; the store may ignore it)
   */
  open(options?: {
    columns?: boolean | 'located';
    lazyVectors?: boolean;
  }): Promise<OpenedTableVectors | null>;
  /** Publishes a new version holding exactly `entries` (and the `attach`ed files) and makes it current. */
  publish(entries: readonly IndexEntry[], options?: PublishOptions): Promise<PublishedTableVectors>;
  /**
   * Publishes a new version that is the current one with `changes` applied (and the `attach`ed files), made
   * current atomically like {@link publish}. What stays is carried over without being read back or embedded
   * again, so its cost follows the size of the change.
   * @throws IndexError `INDEX_MOVED` when `changes.baseVersion` is no longer the current version
   */
  update(changes: TableVectorChanges, options?: PublishOptions): Promise<PublishedTableVectors>;
}

/** A change of the published table vectors, for {@link TableVectorStore.update}. */
export interface TableVectorChanges {
  /** The version the changes were computed against (the one {@link TableVectorStore.open} returned). */
  baseVersion: number;
  /** Keys of the tables to drop. */
  remove: readonly string[];
  /** Tables to add, with their column vectors; one whose key is published replaces it. */
  add: readonly IndexEntry[];
}
