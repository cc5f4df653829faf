import fs from 'node:fs';
import type { CatalogTable } from '../catalog';
import type { CorpusTable } from './retrievalCorpus';
import type { TableEntry } from './tableCorpus';

/**
 * The tables of a loaded retrieval snapshot that keep in memory only what every question reads of every
 * table (id, key, source, tenants, BM25 length, name vectors, content signature) and read the rest — the
 * catalog entry and the lexical entry — from the snapshot's `corpus.jsonl` when a question touches the
 * table, keeping the most recently used ones (a bounded cache). The answering process's memory for the
 * catalog then grows with the tables questions use, not with the catalog.
 */

/** One table line of `corpus.jsonl` (written by `corpusSnapshot.ts`). */
export interface TableLine {
  table: CatalogTable;
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
export function entryOfLine(id: string, line: TableLine): TableEntry {
  return {
    key: id,
    table: line.table,
    nameTokens: line.nameTokens,
    columnTokens: new Map(line.columnTokens),
    length: line.length,
    values: new Map(line.values),
    schemaTokens: new Set(line.schemaTokens),
    valueTokens: new Set(line.valueTokens),
    schemaNameTokens: new Set(line.schemaNameTokens),
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
 * Reads table lines of one `corpus.jsonl` by byte position, keeping the catalog and lexical entries of the
 * `capacity` most recently used tables. The file stays open while the reader is referenced, so a version
 * folder removed meanwhile is still read.
 */
export class SnapshotLineReader {
  private readonly fd: number;
  private readonly cache = new Map<number, { table: CatalogTable; entry: TableEntry }>();
  /** Lines read from the file (cache misses), for tests and measurement. */
  reads = 0;

  constructor(
    file: string,
    private readonly capacity: number,
  ) {
    this.fd = fs.openSync(file, 'r');
    openFiles.register(this, this.fd);
  }

  /** The catalog and lexical entry of the table at `position`, whose line is at `place`. */
  entries(position: number, id: string, place: LinePlace): { table: CatalogTable; entry: TableEntry } {
    const cached = this.cache.get(position);
    if (cached !== undefined) {
      // most recently used last
      this.cache.delete(position);
      this.cache.set(position, cached);
      return cached;
    }
    const line = this.line(place);
    const read = { table: line.table, entry: entryOfLine(id, line) };
    this.reads++;
    if (this.cache.size >= this.capacity) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
    this.cache.set(position, read);
    return read;
  }

  /** Tables whose entries are held now. */
  get cached(): number {
    return this.cache.size;
  }

  private line(place: LinePlace): TableLine {
    const buffer = Buffer.allocUnsafe(place.bytes);
    let read = 0;
    while (read < place.bytes) {
      const n = fs.readSync(this.fd, buffer, read, place.bytes - read, place.offset + read);
      if (n === 0) throw new Error(`corpus.jsonl ended inside the line at byte ${place.offset}`);
      read += n;
    }
    return JSON.parse(buffer.toString('utf8')) as TableLine;
  }
}

/** The fields of a {@link SnapshotTable} held in memory. */
export interface ResidentFields {
  id: string;
  key: string;
  sourceId: string;
  tenants: string[];
  nameVectors: Float32Array[];
  contentSignature: string;
  /** Weighted length of the table's bag of tokens (BM25 reads it for every posting it scores). */
  length: number;
}

const NO_COLUMN_VECTORS: Record<string, Float32Array> = Object.freeze({}) as Record<string, Float32Array>;

/**
 * A corpus table of a loaded snapshot: the fields every question reads are held; `table` and `entry`'s
 * words are read from `corpus.jsonl` when used (see {@link SnapshotLineReader}); `vector` is read from the
 * published vector file each time. The getters live on the prototype, so every such table shares one shape.
 */
export class SnapshotTable implements CorpusTable {
  readonly id: string;
  readonly key: string;
  readonly sourceId: string;
  readonly tenants: string[];
  readonly nameVectors: Float32Array[];
  readonly contentSignature: string;
  readonly entry: TableEntry;
  readonly columnVectors = NO_COLUMN_VECTORS;

  constructor(
    fields: ResidentFields,
    private readonly position: number,
    private readonly place: LinePlace,
    private readonly lines: SnapshotLineReader,
    private readonly readVector: (id: string) => Float32Array | undefined,
  ) {
    this.id = fields.id;
    this.key = fields.key;
    this.sourceId = fields.sourceId;
    this.tenants = fields.tenants;
    this.nameVectors = fields.nameVectors;
    this.contentSignature = fields.contentSignature;
    this.entry = new SnapshotEntry(this, fields.length);
  }

  get table(): CatalogTable {
    return this.read().table;
  }

  get vector(): Float32Array {
    const vector = this.readVector(this.id);
    if (vector === undefined) throw new Error(`the published vector of ${this.id} is gone`);
    return vector;
  }

  /** The table's catalog and lexical entry, from the cache or its line. */
  read(): { table: CatalogTable; entry: TableEntry } {
    return this.lines.entries(this.position, this.id, this.place);
  }
}

/** The lexical entry of a {@link SnapshotTable}: key and length held, the words read when used. */
class SnapshotEntry implements TableEntry {
  readonly key: string;

  constructor(
    private readonly owner: SnapshotTable,
    readonly length: number,
  ) {
    this.key = owner.id;
  }

  private get full(): TableEntry {
    return this.owner.read().entry;
  }

  get table(): CatalogTable {
    return this.full.table;
  }
  get nameTokens(): string[] {
    return this.full.nameTokens;
  }
  get columnTokens(): Map<string, string[]> {
    return this.full.columnTokens;
  }
  get values(): Map<string, string[]> {
    return this.full.values;
  }
  get schemaTokens(): Set<string> {
    return this.full.schemaTokens;
  }
  get valueTokens(): Set<string> {
    return this.full.valueTokens;
  }
  get schemaNameTokens(): Set<string> {
    return this.full.schemaNameTokens;
  }
  get hasTime(): boolean {
    return this.full.hasTime;
  }
}
