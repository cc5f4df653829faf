import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { IndexError } from '../errors';
import { StringPool } from '../text';
import { columnNamesOf, type IndexEntry } from './indexEntry';

/**
 * The manifest of an HNSW index version (`manifest.json`): which table each graph label and vector is, and
 * where its column vectors are. Written last, so a version folder without one is incomplete.
 */

/**
 * On-disk format version of the manifest and files; bump on any incompatible change. 2: labels may have
 * holes (tables deleted by an in-place update), `slots` vectors in `vectors.f32` by label, each entry's
 * column vectors at `columnStart` in `columns.f32`. 3: column vectors in several segment files
 * (`columnFiles`, written by an in-place update: `columnSegments.ts`). 4: the graph's space is recorded
 * (`graph`): the coordinates of a reduced space (`reduced.f32`, `reducedSpace.ts`) searched by L2 and
 * re-ranked by exact cosine, or null for the full vectors by cosine; column segments as in 3. Formats 1–3
 * (a full cosine graph) are still read; an in-place update of one rebuilds the graph once, so the reindex
 * decides its space.
 */
export const HNSW_FORMAT_VERSION = 4;
/** First format that records the graph's space ({@link Manifest.graph}). */
export const GRAPH_SPACE_FORMAT_VERSION = 4;
const READABLE_FORMATS = new Set([1, 2, 3, 4]);
export const INDEX_FILE = 'index.hnsw';
export const VECTORS_FILE = 'vectors.f32';
export const COLUMNS_FILE = 'columns.f32';
export const MANIFEST_FILE = 'manifest.json';
export const REDUCED_FILE = 'reduced.f32';

const manifestSchema = z.object({
  format: z.literal('tablebot-hnsw'),
  formatVersion: z.number().int(),
  embedderId: z.string(),
  dimension: z.number().int().positive(),
  params: z.object({ m: z.number().int().positive(), efConstruction: z.number().int().positive() }),
  createdAt: z.string(),
  /** Labels in the graph and vectors in `vectors.f32`, deleted ones included (format 2). */
  slots: z.number().int().nonnegative().optional(),
  /** The column vector segments in order, when not `columns.f32` alone (format 3). */
  columnFiles: z.array(z.object({ file: z.string(), count: z.number().int().nonnegative() })).optional(),
  /**
   * The graph's space (format 4): the reduced space of `reduced.f32` (its dimension and the variance share
   * it holds), or null when the graph holds the full vectors. Absent before format 4 (full vectors).
   */
  graph: z.object({ dimension: z.number().int().positive(), captured: z.number() }).nullable().optional(),
  entries: z.array(
    z.object({
      label: z.number().int().nonnegative(),
      key: z.string(),
      meta: z.object({ table: z.string(), sourceId: z.string(), tenants: z.array(z.string()) }),
      fingerprint: z.string().optional(),
      columns: z.array(z.string()),
      /** Index of the first column vector in `columns.f32`, or in the segments read as one (format 2). */
      columnStart: z.number().int().nonnegative().optional(),
    }),
  ),
});

/** A parsed manifest. */
export type Manifest = z.infer<typeof manifestSchema>;
/** One table of a manifest. */
export type ManifestEntry = Manifest['entries'][number];

/** A manifest with the positions format 1 leaves implicit made explicit. */
export interface Layout {
  manifest: Manifest;
  slots: number;
  entries: (ManifestEntry & { columnStart: number })[];
}

/** The manifest's layout, format 1 positions made explicit. */
export function layoutOf(manifest: Manifest): Layout {
  let next = 0;
  const entries = manifest.entries.map((e) => {
    const columnStart = e.columnStart ?? next;
    next = columnStart + e.columns.length;
    return { ...e, columnStart };
  });
  return { manifest, slots: manifest.slots ?? manifest.entries.length, entries };
}

/** The manifest entry of `entry` at `label`, its column vectors from `columnStart`. */
export function manifestEntry(entry: IndexEntry, label: number, columnStart: number): ManifestEntry {
  return {
    label,
    key: entry.key,
    meta: entry.meta,
    fingerprint: entry.fingerprint,
    columns: [...columnNamesOf(entry)],
    columnStart,
  };
}

/** Writes the manifest; it comes last, since a version folder without one is incomplete. */
export function writeManifest(dir: string, head: Omit<Manifest, 'entries'>, entries: ManifestEntry[]): void {
  const manifest: Manifest = { ...head, entries };
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest)}\n`);
}

/** Manifest fields whose values are one of a kind (an entry's key and fingerprint, its table's name). */
const UNIQUE_FIELDS: ReadonlySet<string> = new Set(['key', 'fingerprint', 'table', 'createdAt']);
const UNIQUE_AND_COLUMNS: ReadonlySet<string> = new Set([...UNIQUE_FIELDS, 'columns']);

/**
 * Reads and checks a version's manifest (`columns: false`: the caller does not keep the entries' column
 * names, which are then not interned).
 * @throws IndexError `INDEX_CORRUPT` when it is missing, invalid or of an unknown format
 */
export function readManifest(dir: string, options: { columns?: boolean } = {}): Manifest {
  let parsed: unknown;
  try {
    // string values interned: column names and metadata recur across thousands of tables; not the keys,
    // fingerprints and table names (one of a kind), nor the column names when the caller drops them
    parsed = new StringPool().internAll(
      JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as unknown,
      options.columns === false ? UNIQUE_AND_COLUMNS : UNIQUE_FIELDS,
    );
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
  if (!READABLE_FORMATS.has(result.data.formatVersion)) {
    throw new IndexError(
      'INDEX_CORRUPT',
      `HnswIndex.load: index format ${result.data.formatVersion} in ${dir} is not supported (expected ` +
        `${HNSW_FORMAT_VERSION}); run \`npm run reindex\` to rebuild it`,
    );
  }
  return result.data;
}
