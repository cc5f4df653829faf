import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { CatalogTable } from '../catalog';
import type { Embedder } from '../embeddings';
import { errorMessage } from '../errors';
import type { JoinEdge } from '../joins';
import { jsonLines, LinesWriter, readRange, StringPool, type JsonLine } from '../text';
import { nameText, RetrievalCorpus, tableNames, type CorpusTable } from './retrievalCorpus';
import {
  CACHED_NAME_VECTORS,
  entryOfLine,
  NameVectorReader,
  SnapshotLineReader,
  SnapshotTable,
  type TableLine,
} from './snapshotTables';
import { Bm25Index, buildTableEntry, type TableEntry } from './tableCorpus';

/**
 * The retrieval snapshot: everything {@link RetrievalCorpus.build} derives from the catalog (per-table lexical
 * entries, name vectors, BM25 postings, join edges), written by the reindex into the index's version folder so
 * an answering process loads it instead of recomputing it (start-up then no longer grows with embedding
 * and tokenising every table). Three files:
 *
 * - `corpus.jsonl`: a header line ({@link SnapshotHeader}: format version, embedder, counts), one line per
 *   table (its id, lexical entry, name-vector positions and where its catalog entry is), in corpus order, one
 *   line per source (its join edges), and a last line with the BM25 tokens;
 * - `catalog.jsonl`: each table's catalog entry on a line of its own, so an answering process reads it when a
 *   question uses the table instead of holding every one (`snapshotTables.ts`);
 * - `corpus.bin`: typed arrays back to back: BM25 frequencies (Float64), name vectors (Float32, each distinct
 *   vector once: tables that share a column name share its vector; an answering process reads them when
 *   used), BM25 offsets and documents (Uint32).
 *
 * A snapshot that is missing, of another format version or embedder, or whose sampled tables no longer
 * derive to what it holds (the tokenising code changed since the reindex) is not used: the caller recomputes.
 */

/** Format version of the snapshot files; bump on any incompatible change of the files or of what they hold. */
export const CORPUS_SNAPSHOT_FORMAT_VERSION = 2;
const JSONL_FILE = 'corpus.jsonl';
const CATALOG_FILE = 'catalog.jsonl';
const BINARY_FILE = 'corpus.bin';

const headerSchema = z.object({
  format: z.literal('tablebot-corpus'),
  formatVersion: z.number().int(),
  embedderId: z.string(),
  dimension: z.number().int().positive(),
  tables: z.number().int().nonnegative(),
  nameVectors: z.number().int().nonnegative(),
  tokens: z.number().int().nonnegative(),
  postings: z.number().int().nonnegative(),
  avgLength: z.number(),
  sources: z.number().int().nonnegative(),
  createdAt: z.string(),
});

/** The first line of `corpus.jsonl`. */
export type SnapshotHeader = z.infer<typeof headerSchema>;

/** One source line of `corpus.jsonl`. */
interface SourceLine {
  sourceId: string;
  edges: readonly JoinEdge[];
}

/** Whether a version folder holds a snapshot (of any format version). */
export function hasCorpusSnapshot(folder: string): boolean {
  return fs.existsSync(path.join(folder, JSONL_FILE)) && fs.existsSync(path.join(folder, BINARY_FILE));
}

function tableLine(t: CorpusTable, names: number[] = [], at: [number, number] = [0, 0]): TableLine {
  const e = t.entry;
  return {
    names,
    sourceId: t.sourceId,
    key: t.key,
    columns: names.length - 1,
    at,
    tenants: t.tenants,
    signature: t.contentSignature,
    nameTokens: e.nameTokens,
    columnTokens: [...e.columnTokens],
    length: e.length,
    values: [...e.values],
    schemaTokens: [...e.schemaTokens],
    valueTokens: [...e.valueTokens],
    schemaNameTokens: [...e.schemaNameTokens],
    hasTime: e.hasTime,
  };
}

/** The derived fields of a lexical entry as compared by the load-time check. */
function derived(
  line: Omit<TableLine, 'sourceId' | 'key' | 'columns' | 'at' | 'tenants' | 'signature' | 'names'>,
): string {
  return JSON.stringify([
    line.nameTokens,
    line.columnTokens,
    line.length,
    line.values,
    // as sets: a loaded snapshot's entries list their words sorted (SortedWords), a built one's in order met
    [...line.schemaTokens].sort(),
    [...line.valueTokens].sort(),
    [...line.schemaNameTokens].sort(),
    line.hasTime,
  ]);
}

/**
 * Writes the snapshot of `corpus` into `folder` (a version folder being published): streamed line by line,
 * so the size of the catalog does not bound it by the size of one string.
 */
export function writeCorpusSnapshot(
  folder: string,
  corpus: RetrievalCorpus,
  embedder: { id: string; dimension: number },
): { bytes: number } {
  const tables = corpus.tables();
  const postings = corpus.bm25.toPostings();
  // each distinct vector once (equal names share one), tables refer to it by position
  const slots = new Map<Float32Array, number>();
  const distinct: Float32Array[] = [];
  const slotsOf = tables.map((t) =>
    t.nameVectors.map((v) => {
      let slot = slots.get(v);
      if (slot === undefined) {
        slots.set(v, (slot = distinct.length));
        distinct.push(v);
      }
      return slot;
    }),
  );
  const nameCount = distinct.length;
  const sources = [...corpus.joinEdges()];
  const header: SnapshotHeader = {
    format: 'tablebot-corpus',
    formatVersion: CORPUS_SNAPSHOT_FORMAT_VERSION,
    embedderId: embedder.id,
    dimension: embedder.dimension,
    tables: tables.length,
    nameVectors: nameCount,
    tokens: postings.tokens.length,
    postings: postings.docs.length,
    avgLength: postings.avgLength,
    sources: sources.length,
    createdAt: new Date().toISOString(),
  };
  let bytes = 0;
  const jsonl = new LinesWriter(path.join(folder, JSONL_FILE));
  const catalogFile = new LinesWriter(path.join(folder, CATALOG_FILE));
  try {
    const line = (value: unknown) => {
      bytes += jsonl.write(`${JSON.stringify(value)}\n`);
    };
    line(header);
    tables.forEach((t, n) => {
      // the catalog entry on a line of its own (read when used), its place on the table's line; an entry
      // read from a snapshot is copied from there (with its newline), not serialised again
      const at = catalogFile.position;
      const from = readFrom.get(t.table);
      let written: number;
      if (from === undefined) written = catalogFile.write(`${JSON.stringify(t.table)}\n`);
      else {
        catalogFile.copy(from.file, from.offset, from.bytes + 1);
        written = from.bytes + 1;
      }
      line(tableLine(t, slotsOf[n], [at, written - 1]));
      bytes += written;
    });
    for (const [sourceId, edges] of sources) line({ sourceId, edges } satisfies SourceLine);
    line({ tokens: postings.tokens });
  } finally {
    jsonl.close();
    catalogFile.close();
  }
  const bin = fs.openSync(path.join(folder, BINARY_FILE), 'w');
  try {
    const write = (array: Float64Array | Float32Array | Uint32Array) => {
      bytes += fs.writeSync(bin, new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    };
    write(postings.tfs);
    for (const v of distinct) write(v);
    write(postings.offsets);
    write(postings.docs);
  } finally {
    fs.closeSync(bin);
  }
  return { bytes };
}

/**
 * Where a catalog entry loaded from a snapshot's `catalog.jsonl` is (its line without the newline): a
 * snapshot written from a corpus that still holds the entry (an incremental reindex carries unchanged tables
 * over as loaded) copies those bytes instead of serialising the entry again. Entries are never changed once
 * loaded (a changed table is a new entry), so the bytes still hold it. Weak: it goes with the entry.
 */
const readFrom = new WeakMap<CatalogTable, { file: string; offset: number; bytes: number }>();

/** What {@link loadCorpusSnapshot} found: the corpus, or why the snapshot cannot be used. */
export type SnapshotLoad = { corpus: RetrievalCorpus } | { corpus: null; reason: string };

/** Options of {@link loadCorpusSnapshot}. */
export interface LoadSnapshotOptions {
  /** The configured embedder: a snapshot of another embedder is not used; sampled names are re-embedded. */
  embedder: Embedder;
  /** The published table vector of a corpus id; a snapshot table without one is not used. */
  tableVector: (id: string) => Float32Array | undefined;
  /**
   * Whether a corpus id has a published table vector, without reading it. When given, the vectors are not
   * read at load: each table's {@link CorpusTable.vector} is read through `tableVector` when used (an
   * answering process keeps the table vectors in the published file, not in memory, beside the HNSW graph's
   * own copy).
   */
  hasTableVector?: (id: string) => boolean;
  /** Tables re-derived at load to check the code still derives what the snapshot holds. @default 3 */
  checkedTables?: number;
  /**
   * When given, each table's catalog and lexical entry are not kept in memory: they are read from
   * `corpus.jsonl` when a question uses the table, and the entries of this many recently used tables are
   * kept (`snapshotTables.ts`). An answering process passes it; a reindex, which reads every table, does not.
   */
  cachedTables?: number;
  /**
   * The catalog entries the caller already holds (a reindex: the catalog it introspected), by corpus id. A
   * snapshot table whose line in `catalog.jsonl` is of the same table state (same definition-and-profile and
   * change fingerprints) takes the given entry instead of parsing its own: the catalog is then held once.
   */
  catalogEntry?: (id: string) => CatalogTable | undefined;
}

/**
 * Loads the snapshot in a version folder as a corpus, without recomputing it; `{ corpus: null, reason }`
 * when there is none or it cannot be used (the caller recomputes and says why).
 */
export async function loadCorpusSnapshot(
  folder: string,
  options: LoadSnapshotOptions,
): Promise<SnapshotLoad> {
  if (!hasCorpusSnapshot(folder)) return { corpus: null, reason: `no retrieval snapshot in ${folder}` };
  try {
    return await readSnapshot(folder, options);
  } catch (error) {
    return { corpus: null, reason: `unreadable retrieval snapshot in ${folder}: ${errorMessage(error)}` };
  }
}

async function readSnapshot(folder: string, options: LoadSnapshotOptions): Promise<SnapshotLoad> {
  // line by line (never the whole file as one string)
  const lines = jsonLines(path.join(folder, JSONL_FILE));
  try {
    return await readLines(lines, folder, options);
  } finally {
    lines.return(undefined);
  }
}

async function readLines(
  lines: Generator<JsonLine>,
  folder: string,
  options: LoadSnapshotOptions,
): Promise<SnapshotLoad> {
  const { embedder } = options;
  // every string value interned: the catalog's recurring names, types and tokens are held once
  const pool = new StringPool();
  const parse = (): unknown => {
    const line = lines.next();
    if (line.done === true) throw new Error('corpus.jsonl ended early');
    return JSON.parse(line.value.text) as unknown;
  };
  const next = (): unknown => pool.internAll(parse());
  const parsedHeader = headerSchema.safeParse(next());
  if (!parsedHeader.success) return { corpus: null, reason: 'the retrieval snapshot header is invalid' };
  const header = parsedHeader.data;
  if (header.formatVersion !== CORPUS_SNAPSHOT_FORMAT_VERSION) {
    return {
      corpus: null,
      reason: `retrieval snapshot format ${header.formatVersion}, this version reads ${CORPUS_SNAPSHOT_FORMAT_VERSION}`,
    };
  }
  if (header.embedderId !== embedder.id || header.dimension !== embedder.dimension) {
    return {
      corpus: null,
      reason: `retrieval snapshot built by embedder ${header.embedderId}, configured ${embedder.id}`,
    };
  }

  const binaryFile = path.join(folder, BINARY_FILE);
  const { dimension } = header;
  const { tableVector, hasTableVector, cachedTables } = options;
  const lazy = cachedTables !== undefined;
  const tfsBytes = header.postings * 8;
  const namesBytes = header.nameVectors * dimension * 4;
  const size = fs.statSync(binaryFile).size;
  const expected = tfsBytes + namesBytes + (header.tokens + 1) * 4 + header.postings * 4;
  if (size !== expected) throw new Error(`corpus.bin has ${size} bytes, expected ${expected}`);
  // read when used, the name vectors stay in the file (see NameVectorReader)
  const front = readRange(binaryFile, 0, lazy ? tfsBytes : tfsBytes + namesBytes);
  const back = readRange(binaryFile, tfsBytes + namesBytes, size - tfsBytes - namesBytes);
  const tfs = new Float64Array(front, 0, header.postings);
  const offsets = new Uint32Array(back, 0, header.tokens + 1);
  const docs = new Uint32Array(back, (header.tokens + 1) * 4, header.postings);

  const tables: CorpusTable[] = [];
  // the lines of the tables the load-time check re-derives (the others are not kept)
  const checked = checkedPositions(header.tables, options.checkedTables ?? 3);
  const lineOf = new Map<number, TableLine>();
  const views: Float32Array[] = [];
  if (!lazy) {
    const names = new Float32Array(front, tfsBytes, header.nameVectors * dimension);
    for (let n = 0; n < header.nameVectors; n++)
      views.push(names.subarray(n * dimension, (n + 1) * dimension));
  }
  const nameReader = lazy
    ? new NameVectorReader(binaryFile, tfsBytes, dimension, header.nameVectors, CACHED_NAME_VECTORS)
    : undefined;
  const catalogFile = path.join(folder, CATALOG_FILE);
  // read when used: only what every question reads of every table is kept (and interned)
  const reader =
    cachedTables === undefined ? undefined : new SnapshotLineReader(catalogFile, Math.max(1, cachedTables));
  // else every catalog entry is read now, in step with the table lines
  const catalogLines = reader === undefined ? jsonLines(catalogFile) : undefined;
  try {
    for (let i = 1; i <= header.tables; i++) {
      // a table line whose catalog entry is read when used: only the words it keeps are interned
      const line = lazy ? internKept(pool, parse() as TableLine) : (next() as TableLine);
      const { key, sourceId } = line;
      const id = `${sourceId}|${key}`;
      const vector = hasTableVector === undefined ? tableVector(id) : undefined;
      if (hasTableVector === undefined ? vector === undefined : !hasTableVector(id)) {
        return { corpus: null, reason: `retrieval snapshot table ${id} has no published vector` };
      }
      if (line.names.length !== 1 + line.columns || line.names.some((n) => !(n < header.nameVectors))) {
        throw new Error(`the name vectors of ${id} do not fit the table`);
      }
      if (checked.has(i - 1)) lineOf.set(i - 1, line);
      const place = { offset: line.at[0], bytes: line.at[1] };
      if (reader !== undefined && nameReader !== undefined) {
        // the column names of the name slots, so a table's names are known without its catalog entry
        if (line.columnTokens.length === line.columns) {
          line.columnTokens.forEach(([name], c) => nameReader.nameSlot(line.names[c + 1], name));
        }
        const resident = {
          id,
          key,
          sourceId,
          tenants: line.tenants.length === 0 ? NO_TENANTS : line.tenants,
          names: nameReader.slots(line.names),
          contentSignature: line.signature,
          line,
        };
        tables.push(
          new SnapshotTable(resident, i - 1, place, { lines: reader, names: nameReader }, tableVector),
        );
        continue;
      }
      const catalogLine = catalogLines?.next();
      if (catalogLine === undefined || catalogLine.done === true)
        throw new Error('catalog.jsonl ended early');
      if (catalogLine.value.offset !== place.offset)
        throw new Error(`catalog.jsonl: the entry of ${id} is not in place`);
      const given = sameState(options.catalogEntry?.(id), catalogLine.value.text);
      const table = given ?? pool.internAll(JSON.parse(catalogLine.value.text) as CatalogTable);
      if (table.columns.length !== line.columns || `${table.schema}.${table.name}` !== key) {
        throw new Error(`catalog.jsonl: the entry of ${id} is another table`);
      }
      readFrom.set(table, { file: catalogFile, offset: place.offset, bytes: catalogLine.value.bytes });
      const fields = {
        id,
        key,
        sourceId,
        tenants: line.tenants,
        table,
        entry: entryOfLine(id, table, line),
        columnVectors: {},
        nameVectors: line.names.map((n) => views[n]),
        contentSignature: line.signature,
      };
      tables.push(vector === undefined ? new VectorReadWhenUsed(fields, tableVector) : { ...fields, vector });
    }
  } finally {
    catalogLines?.return(undefined);
  }
  const edgesBySource = new Map<string, readonly JoinEdge[]>();
  for (let s = 0; s < header.sources; s++) {
    const line = next() as SourceLine;
    edgesBySource.set(line.sourceId, line.edges);
  }
  const tokens = (next() as { tokens: string[] }).tokens;
  if (tokens.length !== header.tokens) throw new Error(`BM25 tokens: ${tokens.length} for ${header.tokens}`);

  const stale = await staleTable(tables, lineOf, embedder);
  if (stale !== undefined) return { corpus: null, reason: stale };
  const bm25 = Bm25Index.fromPostings(
    tables.map((t) => t.entry),
    { tokens, offsets, docs, tfs, avgLength: header.avgLength },
  );
  return { corpus: RetrievalCorpus.fromParts({ tables, bm25, edgesBySource }) };
}

/**
 * Interns the strings of a table line that a {@link SnapshotTable} keeps (its words, values, tenants and
 * source), in place, and returns the line. The rest (the column names' tokens, about a third of the line's
 * strings, read at load only; the key and signature, one of a kind) is left as parsed: interning it would
 * cost a lookup per string and save nothing.
 */
function internKept(pool: StringPool, line: TableLine): TableLine {
  const words = (list: string[]) => {
    for (let w = 0; w < list.length; w++) list[w] = pool.intern(list[w]);
    return list;
  };
  line.sourceId = pool.intern(line.sourceId);
  words(line.tenants);
  words(line.nameTokens);
  words(line.schemaTokens);
  words(line.valueTokens);
  words(line.schemaNameTokens);
  for (const value of line.values) {
    value[0] = pool.intern(value[0]);
    words(value[1]);
  }
  return line;
}

/** The tenants of a table visible to everyone, shared by all such tables of a loaded snapshot. */
const NO_TENANTS: string[] = [];

/**
 * A corpus table whose `vector` is read from the published file each time it is used (checked to exist at
 * load). The getter lives on the prototype, so every such table shares one shape; a spread copy (`{ ...t }`)
 * has no `vector` and must set it.
 */
class VectorReadWhenUsed implements CorpusTable {
  readonly id: string;
  readonly key: string;
  readonly sourceId: string;
  readonly tenants: string[];
  readonly table: CatalogTable;
  readonly entry: TableEntry;
  readonly columnVectors: Record<string, Float32Array>;
  readonly nameVectors: Float32Array[];
  readonly contentSignature: string;

  constructor(
    fields: Omit<CorpusTable, 'vector'>,
    private readonly read: (id: string) => Float32Array | undefined,
  ) {
    this.id = fields.id;
    this.key = fields.key;
    this.sourceId = fields.sourceId;
    this.tenants = fields.tenants;
    this.table = fields.table;
    this.entry = fields.entry;
    this.columnVectors = fields.columnVectors;
    this.nameVectors = fields.nameVectors;
    this.contentSignature = fields.contentSignature;
  }

  get vector(): Float32Array {
    const vector = this.read(this.id);
    if (vector === undefined) throw new Error(`the published vector of ${this.id} is gone`);
    return vector;
  }
}

/**
 * `entry` when the catalog line `text` is an entry of the same table state: both fingerprints (definition
 * and profile; what the catalog showed) appear in the line as they do in `entry`. Else undefined: the line
 * is parsed. Only entries with a change fingerprint qualify (others are profiled at every reindex).
 */
function sameState(entry: CatalogTable | undefined, text: string): CatalogTable | undefined {
  if (entry?.changeFingerprint === undefined) return undefined;
  const has = (key: string, value: string) => text.includes(`"${key}":${JSON.stringify(value)}`);
  return has('fingerprint', entry.fingerprint) && has('changeFingerprint', entry.changeFingerprint)
    ? entry
    : undefined;
}

/** Positions of `count` tables spread evenly over `tables` (first and last included). */
function checkedPositions(tables: number, count: number): Set<number> {
  const picks = new Set<number>();
  for (let k = 0; k < Math.min(count, tables); k++) {
    picks.add(Math.floor((k * (tables - 1)) / Math.max(1, count - 1)));
  }
  return picks;
}

/**
 * Re-derives a few tables spread over the snapshot (lexical entry and name vectors) and says which one
 * differs, if any: a snapshot written by code that tokenises or embeds differently is not used.
 */
async function staleTable(
  tables: readonly CorpusTable[],
  lines: ReadonlyMap<number, TableLine>,
  embedder: Embedder,
): Promise<string | undefined> {
  for (const [i, line] of lines) {
    const t = tables[i];
    const fresh = tableLine({ ...t, entry: buildTableEntry(t.table).entry });
    if (derived(fresh) !== derived(line)) {
      return `retrieval snapshot is stale: table ${t.id} derives other words now`;
    }
    const vectors = await embedder.embed(tableNames(t.table).map(nameText));
    for (let n = 0; n < vectors.length; n++) {
      if (!close(vectors[n], t.nameVectors[n])) {
        return `retrieval snapshot is stale: the names of table ${t.id} embed differently now`;
      }
    }
  }
  return undefined;
}

/** Same vector up to float noise (batched and single embedding may differ in the last bits). */
function close(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 1e-4) return false;
  return true;
}
