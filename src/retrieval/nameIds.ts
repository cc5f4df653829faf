import { type CorpusTable, tableNames } from './retrievalCorpus';
import { type NameVectorReader, SnapshotTable } from './snapshotTables';

/** A table's names (its own, then each column's) and name vectors as ids of a {@link NameIds}. */
export interface TableNameIds {
  names: Int32Array;
  vectors: Int32Array;
}

/** Most tables whose ids {@link NameIds} keeps; past it the table cache starts again (ids stay). */
const TABLES_KEPT = 20_000;

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
  private readonly slotIds = new WeakMap<NameVectorReader, Int32Array>();
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
        this.sparseValues[id] = Float32Array.from(positions, (p) => read[p]);
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

/** Ids per page of an {@link IdCache}. */
const PAGE_BITS = 10;
const PAGE_SIZE = 1 << PAGE_BITS;

/**
 * Values per id computed on first use (NaN until then): a per-question cache. The values are held in pages of
 * 1,024 ids made when an id of theirs is first set, so a question that touches a few thousand of a large
 * catalog's names allocates a few small, short-lived arrays, not one array as long as every id given so far
 * (which, past ~16,000 ids, the garbage collector places with the long-lived objects and collects only in a
 * full collection).
 */
export class IdCache {
  private readonly pages: (Float64Array | undefined)[] = [];

  /** The value of `id`; NaN when not set yet. */
  value(id: number): number {
    const page = this.pages[id >> PAGE_BITS];
    return page === undefined ? Number.NaN : page[id & (PAGE_SIZE - 1)];
  }

  /** Sets the value of `id`; returns it. */
  set(id: number, value: number): number {
    const at = id >> PAGE_BITS;
    let page = this.pages[at];
    if (page === undefined) {
      while (this.pages.length < at) this.pages.push(undefined);
      this.pages[at] = page = new Float64Array(PAGE_SIZE).fill(Number.NaN);
    }
    return (page[id & (PAGE_SIZE - 1)] = value);
  }
}
