import type { CorpusTable } from './retrievalCorpus';

/** A table's names (its own, then each column's) as ids of a {@link NameIds}; name `n`'s vector is `nameVectors[n]`. */
export interface TableNameIds {
  names: Int32Array;
}

/** Most tables whose ids {@link NameIds} keeps; past it the table cache starts again (ids stay). */
const TABLES_KEPT = 20_000;

/**
 * Small integer ids for the distinct table and column names of a corpus, given on first use. Per-question
 * caches are then arrays indexed by id, not maps keyed by strings or vectors: a name that recurs across the
 * catalog (`id`, `status`) is looked at once per question word, at the cost of an array read per table.
 *
 * A name's id is also its vector's id: a corpus embeds each distinct name once and shares the vector
 * (`RetrievalCorpus.build`), so equal names have equal vectors. No vector is held here: a loaded snapshot
 * reads name vectors on demand and keeps only its last few thousand, and holding every vector met (or
 * keying ids by vector identity, which changes when a vector is read again) grew memory with every question.
 */
export class NameIds {
  private readonly nameIds = new Map<string, number>();
  /** The names by id. */
  readonly names: string[] = [];
  /**
   * Per id, the positions of its vector's non-zero values when they are few (a sparse vector), null when
   * dense, undefined until {@link dot} met the vector.
   */
  private readonly nonZero: (Int32Array | null | undefined)[] = [];
  private readonly byTable = new Map<string, TableNameIds>();

  /** The ids of a table's names (cached for up to {@link TABLES_KEPT} tables). */
  of(t: CorpusTable): TableNameIds {
    let ids = this.byTable.get(t.id);
    if (ids === undefined) {
      const columns = t.table.columns;
      const names = new Int32Array(columns.length + 1);
      names[0] = this.nameId(t.table.name);
      for (let c = 0; c < columns.length; c++) names[c + 1] = this.nameId(columns[c].name);
      if (this.byTable.size >= TABLES_KEPT) this.byTable.clear();
      this.byTable.set(t.id, (ids = { names }));
    }
    return ids;
  }

  /**
   * `q · v` over their common length, where `v` is the vector of the name `id`: the same sum as a dense
   * loop (the terms left out are zero), over the non-zero positions only when the vector is sparse (a
   * hashing embedder's names).
   */
  dot(q: Float32Array, id: number, v: Float32Array): number {
    let positions = this.nonZero[id];
    if (positions === undefined) this.nonZero[id] = positions = nonZeroPositions(v);
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
      this.nonZero.push(undefined);
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
