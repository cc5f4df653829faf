import { type CorpusTable, tableNames } from './retrievalCorpus';
import { type NameVectorReader, SnapshotTable } from './snapshotTables';

/** A table's names (its own, then each column's) and name vectors as ids of a {@link NameIds}. */
export interface TableNameIds {
  names: Int32Array;
  vectors: Int32Array;
}

/** Most tables whose ids {@link NameIds} keeps; past it the table cache starts again (ids stay). */
const TABLES_KEPT = 20_000;

/**
 * Most names, and most name vectors, {@link NameIds} gives ids to before {@link NameIds.startQuestion} forgets
 * them all (~2 KiB each with a sparse vector's positions and values): in a large catalog every question meets
 * new tables, and ids kept for good would hold every name of the catalog.
 */
const IDS_KEPT = 65_536;

/** Where a name vector read on demand is: its reader and slot (see {@link SnapshotTable.nameSlots}). */
interface VectorPlace {
  reader: NameVectorReader;
  slot: number;
}

/**
 * Small integer ids for the distinct table and column names of a corpus and for their distinct vectors
 * (by identity: equal names share one vector; for a loaded snapshot's tables, by the vector's slot in the
 * snapshot, so a vector read again is the same id and nothing is read to give the ids), given on first use.
 * Per-question caches are then arrays indexed by id, not maps keyed by strings or vectors: a name that recurs
 * across the catalog (`id`, `status`) is looked at once per question word, at the cost of an array read per
 * table.
 */
export class NameIds {
  private readonly nameIds = new Map<string, number>();
  private readonly vectorIds = new Map<Float32Array, number>();
  /** Per reader, the id of each slot (-1 until given). */
  private slotIds = new WeakMap<NameVectorReader, Int32Array>();
  /** The names by id. */
  readonly names: string[] = [];
  /** Per vector id, the vector when the table holds it, else where to read it. */
  private readonly vectors: (Float32Array | VectorPlace)[] = [];
  /**
   * Per vector id, the positions of its non-zero values when they are few (a sparse vector), null when dense,
   * undefined until the vector is first used.
   */
  private readonly nonZero: (Int32Array | null | undefined)[] = [];
  /** Per vector id of a vector read on demand and sparse, its values at {@link nonZero} (nothing read again). */
  private readonly sparseValues: (Float32Array | undefined)[] = [];
  private readonly byTable = new Map<string, TableNameIds>();
  /** Where {@link read} puts a vector read on demand. */
  private scratch = new Float32Array(0);
  /** See {@link NameIds.generation}. */
  private era = 0;
  private readonly idsKept: number;

  /** @param options.idsKept most names, and most vectors, given ids before they start again. @default 65,536 */
  constructor(options: { idsKept?: number } = {}) {
    this.idsKept = options.idsKept ?? IDS_KEPT;
  }

  /**
   * Counts the times the ids were forgotten ({@link NameIds.startQuestion}): values cached by id are valid for
   * one generation only.
   */
  get generation(): number {
    return this.era;
  }

  /**
   * Called before a question: when more than `idsKept` names or vectors have ids, forgets every id and what
   * was kept with it, and starts a new {@link NameIds.generation}. Another question may be in flight (an
   * answer is asynchronous): callers never hold ids across an `await`, and check the generation of what they
   * cached by id before each use.
   */
  startQuestion(): void {
    if (this.names.length <= this.idsKept && this.vectors.length <= this.idsKept) return;
    this.nameIds.clear();
    this.vectorIds.clear();
    this.slotIds = new WeakMap();
    this.names.length = 0;
    this.vectors.length = 0;
    this.nonZero.length = 0;
    this.sparseValues.length = 0;
    this.byTable.clear();
    this.era++;
  }

  /** The ids of a table's names and name vectors (cached for up to {@link TABLES_KEPT} tables). */
  of(t: CorpusTable): TableNameIds {
    let ids = this.byTable.get(t.id);
    if (ids === undefined) {
      const slotted = t instanceof SnapshotTable ? t.nameSlots() : null;
      const written = slotted?.names ?? tableNames(t.table);
      const names = new Int32Array(written.length);
      for (let n = 0; n < written.length; n++) names[n] = this.nameId(written[n]);
      let vectors: Int32Array;
      if (slotted !== null) {
        const { slots, reader } = slotted;
        vectors = new Int32Array(slots.length);
        for (let n = 0; n < slots.length; n++) vectors[n] = this.slotId(reader, slots[n]);
      } else {
        const held = t.nameVectors;
        vectors = new Int32Array(held.length);
        for (let n = 0; n < held.length; n++) vectors[n] = this.vectorId(held[n]);
      }
      ids = { names, vectors };
      if (this.byTable.size >= TABLES_KEPT) this.byTable.clear();
      this.byTable.set(t.id, ids);
    }
    return ids;
  }

  /**
   * `q · vector[id]` over their common length: the same sum as a dense loop (the terms left out are
   * zero), over the non-zero positions only when the vector is sparse (a hashing embedder's names).
   */
  dot(q: Float32Array, id: number): number {
    let positions = this.nonZero[id];
    const held = this.vectors[id];
    let v = held instanceof Float32Array ? held : undefined;
    if (positions === undefined) {
      const read = v ?? this.read(id);
      v = read;
      positions = this.nonZero[id] = nonZeroPositions(read);
      if (positions !== null && !(held instanceof Float32Array)) {
        // a plain loop: `Float32Array.from` with a mapping function boxes every value on the way
        const values = new Float32Array(positions.length);
        for (let k = 0; k < positions.length; k++) values[k] = read[positions[k]];
        this.sparseValues[id] = values;
      }
    }
    const length = v?.length ?? (held as VectorPlace).reader.dimension;
    let s = 0;
    if (positions === null || q.length < length) {
      v ??= this.read(id);
      const n = Math.min(q.length, v.length);
      for (let i = 0; i < n; i++) s += q[i] * v[i];
    } else {
      const values = this.sparseValues[id];
      if (values !== undefined) {
        for (let k = 0; k < positions.length; k++) s += q[positions[k]] * values[k];
      } else {
        v ??= this.read(id);
        for (let k = 0; k < positions.length; k++) s += q[positions[k]] * v[positions[k]];
      }
    }
    return s;
  }

  /**
   * The vector of an id: the held one, or one read on demand: through the reader's cache when it is dense
   * (read for every question), else into a scratch array valid until the next read (only its sparse values are
   * kept, so reading it allocates nothing that outlives the question).
   */
  private read(id: number): Float32Array {
    const held = this.vectors[id];
    if (held instanceof Float32Array) return held;
    if (this.nonZero[id] === null) return held.reader.get(held.slot);
    if (this.scratch.length !== held.reader.dimension) this.scratch = new Float32Array(held.reader.dimension);
    return held.reader.read(held.slot, this.scratch);
  }

  private nameId(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) {
      this.nameIds.set(name, (id = this.names.length));
      this.names.push(name);
    }
    return id;
  }

  private vectorId(vector: Float32Array): number {
    let id = this.vectorIds.get(vector);
    if (id === undefined) {
      this.vectorIds.set(vector, (id = this.vectors.length));
      this.vectors.push(vector);
      this.nonZero.push(nonZeroPositions(vector));
      this.sparseValues.push(undefined);
    }
    return id;
  }

  private slotId(reader: NameVectorReader, slot: number): number {
    let ids = this.slotIds.get(reader);
    if (ids === undefined) this.slotIds.set(reader, (ids = new Int32Array(reader.count).fill(-1)));
    let id = ids[slot];
    if (id < 0) {
      ids[slot] = id = this.vectors.length;
      this.vectors.push({ reader, slot });
      this.nonZero.push(undefined);
      this.sparseValues.push(undefined);
    }
    return id;
  }
}

/** The positions of a vector's non-zero values when they are at most a quarter of it, else null. */
function nonZeroPositions(v: Float32Array): Int32Array | null {
  let count = 0;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) count++;
  if (count * 4 > v.length) return null;
  const positions = new Int32Array(count);
  let at = 0;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) positions[at++] = i;
  return positions;
}

/** Slots of a new {@link IdCache} (a power of two). */
const INITIAL_SLOTS = 256;

/**
 * Values per id computed on first use (NaN until then): a per-question cache. An open-addressing hash table
 * (linear probing, kept at most half full) sized by the ids set, not by the largest id: the ids a question
 * touches are spread over every id given so far, which grows with the catalog, so an array indexed by id (or
 * pages of one) would make each question allocate, fill and collect memory in proportion to the catalog.
 */
export class IdCache {
  /** Per slot, the id plus one (0: empty). */
  private keys = new Int32Array(INITIAL_SLOTS);
  private values = new Float64Array(INITIAL_SLOTS);
  /** 32 minus log2 of the slots: the hash's top bits pick the slot. */
  private shift = 32 - Math.log2(INITIAL_SLOTS);
  private count = 0;

  /** The value of `id`; NaN when not set yet. */
  value(id: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    const key = id + 1;
    for (let at = Math.imul(key, 0x9e3779b1) >>> this.shift; ; at = (at + 1) & mask) {
      const k = keys[at];
      if (k === key) return this.values[at];
      if (k === 0) return Number.NaN;
    }
  }

  /** Sets the value of `id`; returns it. */
  set(id: number, value: number): number {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    this.put(id + 1, value);
    return value;
  }

  private put(key: number, value: number): void {
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let at = Math.imul(key, 0x9e3779b1) >>> this.shift; ; at = (at + 1) & mask) {
      const k = keys[at];
      if (k === key || k === 0) {
        if (k === 0) {
          keys[at] = key;
          this.count++;
        }
        this.values[at] = value;
        return;
      }
    }
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.values = new Float64Array(keys.length * 2);
    this.shift--;
    this.count = 0;
    for (let at = 0; at < keys.length; at++) if (keys[at] !== 0) this.put(keys[at], values[at]);
  }
}
