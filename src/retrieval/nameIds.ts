import type { CorpusTable } from './retrievalCorpus';

/** A table's names (its own, then each column's) and name vectors as ids of a {@link NameIds}. */
export interface TableNameIds {
  names: Int32Array;
  vectors: Int32Array;
}

/** Most tables whose ids {@link NameIds} keeps; past it the table cache starts again (ids stay). */
const TABLES_KEPT = 20_000;

/**
 * Small integer ids for the distinct table and column names of a corpus and for their distinct vectors
 * (by identity: equal names share one vector), given on first use. Per-question caches are then arrays
 * indexed by id, not maps keyed by strings or vectors: a name that recurs across the catalog (`id`,
 * `status`) is looked at once per question word, at the cost of an array read per table.
 */
export class NameIds {
  private readonly nameIds = new Map<string, number>();
  private readonly vectorIds = new Map<Float32Array, number>();
  /** The names by id. */
  readonly names: string[] = [];
  /** The vectors by id. */
  readonly vectors: Float32Array[] = [];
  /** Per vector id, the positions of its non-zero values when they are few (a sparse vector), else null. */
  private readonly nonZero: (Int32Array | null)[] = [];
  private readonly byTable = new Map<string, TableNameIds>();

  /** The ids of a table's names and name vectors (cached for up to {@link TABLES_KEPT} tables). */
  of(t: CorpusTable): TableNameIds {
    let ids = this.byTable.get(t.id);
    if (ids === undefined) {
      const columns = t.table.columns;
      const names = new Int32Array(columns.length + 1);
      names[0] = this.nameId(t.table.name);
      for (let c = 0; c < columns.length; c++) names[c + 1] = this.nameId(columns[c].name);
      const vectors = new Int32Array(t.nameVectors.length);
      for (let n = 0; n < vectors.length; n++) vectors[n] = this.vectorId(t.nameVectors[n]);
      if (this.byTable.size >= TABLES_KEPT) this.byTable.clear();
      this.byTable.set(t.id, (ids = { names, vectors }));
    }
    return ids;
  }

  /**
   * `q · vectors[id]` over their common length: the same sum as a dense loop (the terms left out are
   * zero), over the non-zero positions only when the vector is sparse (a hashing embedder's names).
   */
  dot(q: Float32Array, id: number): number {
    const v = this.vectors[id];
    const positions = this.nonZero[id];
    let s = 0;
    if (positions === null || q.length < v.length) {
      const n = Math.min(q.length, v.length);
      for (let i = 0; i < n; i++) s += q[i] * v[i];
    } else {
      for (let k = 0; k < positions.length; k++) s += q[positions[k]] * v[positions[k]];
    }
    return s;
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

/**
 * Values per id computed on first use (NaN until then), growing with the ids given: a per-question cache.
 */
export class IdCache {
  private values = new Float64Array(0);

  /** The value of `id`; NaN when not set yet. */
  value(id: number): number {
    return id < this.values.length ? this.values[id] : Number.NaN;
  }

  /** Sets the value of `id`; returns it. */
  set(id: number, value: number): number {
    if (id >= this.values.length) {
      const grown = new Float64Array(Math.max(64, id + 1, this.values.length * 2)).fill(Number.NaN);
      grown.set(this.values);
      this.values = grown;
    }
    return (this.values[id] = value);
  }
}
