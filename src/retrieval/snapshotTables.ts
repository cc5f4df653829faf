import fs from 'node:fs';
import type { CatalogTable } from '../catalog';
import type { CorpusTable } from './retrievalCorpus';
import { columnTokensOf, type TableEntry } from './tableCorpus';
import { SortedWords, type WordSet } from './wordSet';
import { FirstInFirstOut, readFullyAt } from '../text';

/**
 * The tables of a loaded retrieval snapshot that keep in memory what retrieval reads of every table for every
 * question (id, key, source, tenants, the lexical entry's words) and read the rest when used: the catalog
 * entry (columns, types, comments, keys, data profile) from the snapshot's `corpus.jsonl`, the name vectors
 * from its `corpus.bin`, each through a bounded cache ({@link SnapshotLineReader}, {@link NameVectorReader}).
 * The answering process then holds the catalog and name vectors of the tables questions use, not of the
 * whole catalog.
 */

/** One table line of `corpus.jsonl` (written by `corpusSnapshot.ts`); its catalog entry is a line of `catalog.jsonl`. */
export interface TableLine {
  sourceId: string;
  /** `schema.table`. */
  key: string;
  /** Number of columns of the catalog entry. */
  columns: number;
  /** Where the catalog entry's line is in `catalog.jsonl`: byte offset and length (without the newline). */
  at: [number, number];
  tenants: string[];
  signature: string;
  nameTokens: string[];
  columnTokens: [string, string[]][];
  length: number;
  values: [string, string[]][];
  schemaTokens: string[];
  valueTokens: string[];
  schemaNameTokens: string[];
  hasTime: boolean;
  /** Position of each name's vector in `corpus.bin` (the table name first, then each column's; shared by equal names). */
  names: number[];
}

/** The lexical entry of a snapshot line, as the corpus holds it. */
export function entryOfLine(id: string, table: CatalogTable, line: TableLine): TableEntry {
  return {
    key: id,
    table,
    nameTokens: line.nameTokens,
    columnTokens: new Map(line.columnTokens),
    length: line.length,
    values: new Map(line.values),
    schemaTokens: new SortedWords(line.schemaTokens),
    valueTokens: new SortedWords(line.valueTokens),
    schemaNameTokens: new SortedWords(line.schemaNameTokens),
    hasTime: line.hasTime,
  };
}

/** Closes the file of a {@link SnapshotLineReader} nobody holds any more. */
const openFiles = new FinalizationRegistry<number>((fd) => {
  try {
    fs.closeSync(fd);
  } catch {
    // already closed
  }
});

/** Where a table's line is in `corpus.jsonl`. */
export interface LinePlace {
  offset: number;
  bytes: number;
}

/**
 * Reads the catalog entries of one `catalog.jsonl` by byte position, keeping the last `capacity` read (first
 * in, first out: a hit costs one lookup). The file stays open while the reader is referenced, so a version
 * folder removed meanwhile is still read.
 */
export class SnapshotLineReader {
  private readonly fd: number;
  private readonly cache: FirstInFirstOut<number, CatalogTable>;
  /** Lines read from the file (cache misses), for tests and measurement. */
  reads = 0;

  constructor(file: string, capacity: number) {
    this.cache = new FirstInFirstOut(capacity);
    this.fd = fs.openSync(file, 'r');
    openFiles.register(this, this.fd);
  }

  /** The catalog entry of the table at `position`, whose line is at `place`. */
  table(position: number, place: LinePlace): CatalogTable {
    const cached = this.cache.get(position);
    if (cached !== undefined) return cached;
    const table = this.line(place);
    this.reads++;
    this.cache.set(position, table);
    return table;
  }

  /** Tables whose catalog entries are held now. */
  get cached(): number {
    return this.cache.size;
  }

  private line(place: LinePlace): CatalogTable {
    const buffer = Buffer.allocUnsafe(place.bytes);
    readFullyAt(this.fd, buffer, place.offset, `catalog.jsonl, inside the line at byte ${place.offset},`);
    return JSON.parse(buffer.toString('utf8')) as CatalogTable;
  }
}

/**
 * Name vectors a loaded snapshot keeps in memory, at most (4 KiB each at 1,024 dimensions: 32 MiB), whatever
 * the size of the catalog. At 5,000 tables 200 questions touch nearly every name (~5,700 distinct), so they
 * all stay; at 100,000 tables (~100,000 distinct names, one per table name) the ones questions use stay.
 */
export const CACHED_NAME_VECTORS = 8192;

/**
 * Reads the name vectors of `corpus.bin` by position, keeping the last `capacity` read (the same array for a
 * position while it is kept, so callers' caches keyed by vector keep working).
 */
export class NameVectorReader {
  private readonly fd: number;
  private readonly cache: FirstInFirstOut<number, Float32Array>;
  /** Vectors read from the file (cache misses), for tests and measurement. */
  reads = 0;
  /**
   * The column name of each slot, as the snapshot's table lines give them at load ({@link nameSlot}):
   * equal names share one slot, so a slot names one column name (null when two names met it, undefined
   * when no column has it). What lets a table's names be known without reading its catalog entry.
   */
  private readonly columnNames: (string | null | undefined)[] = [];

  constructor(
    file: string,
    private readonly from: number,
    /** Values per vector. */
    readonly dimension: number,
    /** Vectors in the file (slots `0..count-1`). */
    readonly count: number,
    capacity: number,
  ) {
    this.cache = new FirstInFirstOut(capacity);
    this.fd = fs.openSync(file, 'r');
    openFiles.register(this, this.fd);
  }

  /** Records that the column name `name` has the vector at `slot` (at load, from the table lines). */
  nameSlot(slot: number, name: string): void {
    const known = this.columnNames[slot];
    if (known === undefined) {
      while (this.columnNames.length < slot) this.columnNames.push(undefined);
      this.columnNames[slot] = name;
    } else if (known !== name) this.columnNames[slot] = null;
  }

  /** The one column name with the vector at `slot`; undefined when none or several ({@link nameSlot}). */
  columnName(slot: number): string | undefined {
    return this.columnNames[slot] ?? undefined;
  }

  /** Positions as a compact array (what a table holds instead of its vectors). */
  slots(positions: readonly number[]): Uint32Array {
    return Uint32Array.from(positions);
  }

  /** The vector at `slot`. @throws RangeError outside the file */
  get(slot: number): Float32Array {
    const cached = this.cache.get(slot);
    if (cached !== undefined) return cached;
    const vector = this.read(slot, new Float32Array(this.dimension));
    this.reads++;
    this.cache.set(slot, vector);
    return vector;
  }

  /**
   * The vector at `slot` copied into `into` (of `dimension` values), from the cache when there, else from the
   * file without keeping it: for a caller that keeps what it needs of the vector itself.
   * @throws RangeError outside the file
   */
  read(slot: number, into: Float32Array): Float32Array {
    const cached = this.cache.get(slot);
    if (cached !== undefined) {
      into.set(cached);
      return into;
    }
    if (!(slot >= 0 && slot < this.count)) throw new RangeError(`NameVectorReader.read: no vector ${slot}`);
    const bytes = new Uint8Array(into.buffer, into.byteOffset, this.dimension * 4);
    readFullyAt(
      this.fd,
      bytes,
      this.from + slot * this.dimension * 4,
      `corpus.bin, inside name vector ${slot},`,
    );
    return into;
  }
}

/** The fields of a {@link SnapshotTable} held in memory. */
export interface ResidentFields {
  id: string;
  key: string;
  sourceId: string;
  tenants: string[];
  /** Positions of the table's name vectors (see {@link NameVectorReader}). */
  names: Uint32Array;
  contentSignature: string;
  /** The lexical entry's words, held (retrieval reads them for every candidate of every question). */
  line: TableLine;
}

const NO_COLUMN_VECTORS: Record<string, Float32Array> = Object.freeze({}) as Record<string, Float32Array>;

/**
 * A corpus table of a loaded snapshot: the fields and words retrieval reads are held; `table` (also
 * `entry.table`) is read from `corpus.jsonl` and `nameVectors` from `corpus.bin` when used; `vector` is read
 * from the published vector file each time. The getters live on the prototype, so every such table shares
 * one shape.
 */
export class SnapshotTable implements CorpusTable {
  readonly id: string;
  readonly key: string;
  readonly sourceId: string;
  readonly tenants: string[];
  readonly contentSignature: string;
  readonly entry: TableEntry;
  readonly columnVectors = NO_COLUMN_VECTORS;
  private readonly names: Uint32Array;

  constructor(
    fields: ResidentFields,
    private readonly position: number,
    private readonly place: LinePlace,
    private readonly readers: { lines: SnapshotLineReader; names: NameVectorReader },
    private readonly readVector: (id: string) => Float32Array | undefined,
  ) {
    this.id = fields.id;
    this.key = fields.key;
    this.sourceId = fields.sourceId;
    this.tenants = fields.tenants;
    this.names = fields.names;
    this.contentSignature = fields.contentSignature;
    this.entry = new SnapshotEntry(this, fields.line);
  }

  get table(): CatalogTable {
    return this.readers.lines.table(this.position, this.place);
  }

  /**
   * The slots of the table's name vectors in `reader` and its names (its own, then each column's, as
   * `tableNames` gives them), without reading the catalog entry or the vectors: the column names are the
   * reader's names of the column slots (recorded at load, {@link NameVectorReader.nameSlot}), the table name
   * the key's part after the schema. `names` is null when the key does not tell the table name apart (a schema
   * or table name with a dot) or a column slot has no single name: the caller then reads the catalog entry.
   */
  nameSlots(): { names: string[] | null; slots: Uint32Array; reader: NameVectorReader } {
    const slots = this.names;
    const reader = this.readers.names;
    const dot = this.key.indexOf('.');
    if (dot < 0 || this.key.indexOf('.', dot + 1) >= 0) return { names: null, slots, reader };
    const names = [this.key.slice(dot + 1)];
    for (let n = 1; n < slots.length; n++) {
      const name = reader.columnName(slots[n]);
      if (name === undefined) return { names: null, slots, reader };
      names.push(name);
    }
    return { names, slots, reader };
  }

  get nameVectors(): Float32Array[] {
    const reader = this.readers.names;
    return Array.from(this.names, (slot) => reader.get(slot));
  }

  get vector(): Float32Array {
    const vector = this.readVector(this.id);
    if (vector === undefined) throw new Error(`the published vector of ${this.id} is gone`);
    return vector;
  }
}

/** The lexical entry of a {@link SnapshotTable}: its words held, its catalog entry read when used. */
class SnapshotEntry implements TableEntry {
  readonly key: string;
  readonly nameTokens: string[];
  readonly length: number;
  readonly values: Map<string, string[]>;
  readonly schemaTokens: WordSet;
  readonly valueTokens: WordSet;
  readonly schemaNameTokens: WordSet;
  readonly hasTime: boolean;

  constructor(
    private readonly owner: SnapshotTable,
    line: TableLine,
  ) {
    this.key = owner.id;
    this.nameTokens = line.nameTokens;
    this.length = line.length;
    this.values = new Map(line.values);
    this.schemaTokens = new SortedWords(line.schemaTokens);
    this.valueTokens = new SortedWords(line.valueTokens);
    this.schemaNameTokens = new SortedWords(line.schemaNameTokens);
    this.hasTime = line.hasTime;
  }

  get table(): CatalogTable {
    return this.owner.table;
  }

  /**
   * Derived from the catalog entry when used (only the snapshot writer reads it), not held: the column
   * names' tokens were ~1 KiB a table. The load-time check guarantees they derive as the reindex wrote them.
   */
  get columnTokens(): Map<string, string[]> {
    return columnTokensOf(this.owner.table);
  }
}
