import fs from 'node:fs';

/**
 * The reduced space the HNSW graph of an index version searches in, when the table vectors allow one.
 *
 * The class of problem: hnswlib keeps every vector it searches as float32 beside its links, so a graph over
 * 1,024-d vectors holds 4 KiB a table in the answering process (and hnswlib has no quantised space). Table
 * vectors of one catalog are often far from filling their space: they share a large common part (the mean)
 * and vary along few directions (an embedder that hashes words spans at most one direction per distinct
 * word feature of the catalog). The rule: fit the principal subspace of the centred vectors (at most a
 * quarter of the dimensions); when it holds at least {@link MIN_CAPTURED_VARIANCE} of their variance, the
 * graph holds each vector's coordinates in it (L2 there ranks like cosine in the full space, up to the
 * variance left out: `|q - v|² = 2 - 2 q·v` for unit vectors, and a rotation keeps distances) and every
 * search re-ranks a wider candidate pool ({@link candidatePool}) by the exact cosine of the full vectors,
 * read from the version's vector file. When the subspace holds less, the graph keeps the full vectors
 * (cosine), as before — no loss of recall is traded for memory.
 */

/** Share of the centred vectors' variance the subspace must hold for the graph to use it. */
export const MIN_CAPTURED_VARIANCE = 0.999;
/** Vectors the subspace is fitted on, at most (evenly spaced over the index): the fit's cost is bounded. */
const FIT_SAMPLE = 4096;
/**
 * Subspace iterations: one suffices when the vectors span fewer dimensions than the subspace keeps; the
 * variance the result holds is measured, so too few iterations can only cost memory (a full graph), never recall.
 */
const ITERATIONS = 2;
/**
 * Size of the table vectors (count × dimension × 4 bytes) from which a reduced space is fitted: 64 MiB, e.g.
 * 16,384 tables of 1,024 dimensions. Class: the fit is a fixed cost of every full reindex (the covariance of
 * up to 4,096 sampled vectors and its subspace iteration: seconds of CPU, ~a fifth of a 5,000-table reindex
 * here), while what it saves grows with the index (~3 KiB a table at 1,024 dimensions); below this size the
 * saving (< 48 MiB) is not worth the time, so smaller indexes keep the full graph.
 */
export const REDUCE_FROM_BYTES = 64 * 2 ** 20;
/** Smallest graph dimension worth a reduced space (below it the re-ranking reads dominate). */
const MIN_REDUCED = 16;

/**
 * Candidates the reduced graph returns for a search of `k` before exact re-ranking: twice `k` plus 20.
 * Measured on the scale catalog's vectors (2,000 tables, principal subspace of 256 of 1,024 dimensions,
 * a one-off script, not kept): 60 candidates re-ranked gave recall@30 1.0000 against exact search.
 */
export function candidatePool(k: number): number {
  return 2 * k + 20;
}

/** Entries of a reduced graph up to which {@link reducedBeam} is twice the index's beam; it widens past it. */
export const REDUCED_BEAM_SIZE = 50_000;

/** Widest beam of a reduced graph, in times the index's `ef` (see {@link reducedBeam}). */
export const MAX_BEAM_FACTOR = 8;

/**
 * Search beam width of a reduced graph of `size` entries for an index whose beam is `ef`: twice as wide up to
 * {@link REDUCED_BEAM_SIZE} entries, and in proportion to the size past it. Class: a graph built by L2 over
 * projected coordinates finds its neighbours less surely at the same beam than a cosine graph over the full
 * vectors, and less surely the more entries it holds; the re-ranking cannot bring back a candidate the graph
 * search missed. Measured on the scale catalog (`bench --suite scale`, 200 question vectors against exact
 * search, recall@10): at 50,000 tables 0.9855 with a beam of ef 200, 0.9960 with 2 × 200, ~2.5-3.5 ms a
 * query either way (a wider candidate pool gained nothing); at 100,000 tables 0.9785 with 2 × 200, 0.988
 * with 3 × 200, 0.992 with 4 × 200 (3-6 ms a query on a loaded machine, against 250-480 ms for exact search).
 * It stops widening at {@link MAX_BEAM_FACTOR} × `ef` (200,000 entries): past that a search's cost would grow with
 * the catalog, and the table vectors belong in a vector store behind `TableVectorStore` (README, beyond one
 * machine).
 */
export function reducedBeam(ef: number, size: number): number {
  return Math.min(MAX_BEAM_FACTOR * ef, Math.round(2 * ef * Math.max(1, size / REDUCED_BEAM_SIZE)));
}

/** What a version's manifest records of its reduced space. */
export interface ReducedSpaceHead {
  /** Dimensions of the graph's coordinates. */
  dimension: number;
  /** Share of the variance of the vectors it was fitted on that the subspace holds. */
  captured: number;
}

/**
 * A principal subspace of table vectors: `mean` and an orthonormal `basis` (`dimension` rows of the full
 * dimension, row-major). {@link ReducedSpace.project} gives a vector's coordinates in it.
 */
export class ReducedSpace {
  constructor(
    /** Full dimension. */
    readonly fullDimension: number,
    /** Mean of the (unit) vectors it was fitted on. */
    readonly mean: Float32Array,
    /** `dimension` × `fullDimension` orthonormal rows. */
    readonly basis: Float32Array,
    /** Share of the fitted vectors' variance the subspace holds. */
    readonly captured: number,
  ) {}

  /** Dimensions of the coordinates. */
  get dimension(): number {
    return this.basis.length / this.fullDimension;
  }

  /** The coordinates of `vector` (a unit vector) in the subspace: `basis · (vector - mean)`. */
  project(vector: Float32Array): Float32Array {
    const n = this.fullDimension;
    const centred = new Float64Array(n);
    for (let i = 0; i < n; i++) centred[i] = vector[i] - this.mean[i];
    const out = new Float32Array(this.dimension);
    for (let r = 0; r < out.length; r++) {
      let sum = 0;
      const row = r * n;
      for (let i = 0; i < n; i++) sum += this.basis[row + i] * centred[i];
      out[r] = sum;
    }
    return out;
  }

  /** What the manifest records. */
  head(): ReducedSpaceHead {
    return { dimension: this.dimension, captured: this.captured };
  }

  /** Writes mean then basis as float32 into `file`. */
  write(file: string): void {
    const all = new Float32Array(this.mean.length + this.basis.length);
    all.set(this.mean);
    all.set(this.basis, this.mean.length);
    fs.writeFileSync(file, new Uint8Array(all.buffer));
  }

  /** Reads a space written by {@link ReducedSpace.write}. @throws Error when the size does not fit `head` */
  static read(file: string, fullDimension: number, head: ReducedSpaceHead): ReducedSpace {
    const bytes = fs.readFileSync(file);
    const expected = 4 * fullDimension * (1 + head.dimension);
    if (bytes.byteLength !== expected)
      throw new Error(`${file} holds ${bytes.byteLength} bytes, expected ${expected}`);
    const all = new Float32Array(expected / 4);
    new Uint8Array(all.buffer).set(bytes);
    return new ReducedSpace(
      fullDimension,
      all.subarray(0, fullDimension),
      all.subarray(fullDimension),
      head.captured,
    );
  }

  /**
   * Fits the principal subspace of `count` unit vectors (`vectorAt(i)`), of at most a quarter of
   * `fullDimension` dimensions, on an evenly spaced sample of at most {@link FIT_SAMPLE}; null when it holds
   * less than {@link MIN_CAPTURED_VARIANCE} of their variance, or the vectors are too few or too short to
   * gain anything (less than `fromBytes` of them, default {@link REDUCE_FROM_BYTES}).
   */
  static fit(
    count: number,
    fullDimension: number,
    vectorAt: (i: number) => Float32Array,
    options: { fromBytes?: number } = {},
  ): ReducedSpace | null {
    const n = fullDimension;
    const dims = Math.floor(n / 4);
    if (dims < MIN_REDUCED || count <= dims) return null;
    if (count * n * 4 < (options.fromBytes ?? REDUCE_FROM_BYTES)) return null;
    const step = Math.max(1, count / FIT_SAMPLE);
    const sample: Float32Array[] = [];
    for (let at = 0; Math.floor(at) < count; at += step) sample.push(vectorAt(Math.floor(at)));
    const mean = new Float64Array(n);
    for (const v of sample) for (let i = 0; i < n; i++) mean[i] += v[i];
    for (let i = 0; i < n; i++) mean[i] /= sample.length;
    const covariance = covarianceOf(sample, mean);
    let total = 0;
    for (let i = 0; i < n; i++) total += covariance[i * n + i];
    if (total <= 0) return null;
    const basis = principalRows(covariance, n, dims);
    // the variance along the rows: the trace of basis · covariance · basisᵀ
    const product = multiplyRows(covariance, n, basis, dims);
    let held = 0;
    for (let i = 0; i < basis.length; i++) held += basis[i] * product[i];
    const captured = Math.min(1, held / total);
    if (captured < MIN_CAPTURED_VARIANCE) return null;
    return new ReducedSpace(n, Float32Array.from(mean), Float32Array.from(basis), captured);
  }
}

/** Samples whose centred values are gathered (transposed) before they are added to the covariance. */
const BLOCK = 64;

/**
 * The covariance (`n` × `n`, row-major) of the sample around `mean`, accumulated a block of samples at a
 * time (each block's values transposed, so the inner loop is contiguous and the matrix is read once a block).
 */
function covarianceOf(sample: readonly Float32Array[], mean: Float64Array): Float64Array {
  const n = mean.length;
  const out = new Float64Array(n * n);
  const block = new Float64Array(n * BLOCK);
  for (let start = 0; start < sample.length; start += BLOCK) {
    const size = Math.min(BLOCK, sample.length - start);
    block.fill(0);
    for (let s = 0; s < size; s++) {
      const v = sample[start + s];
      for (let i = 0; i < n; i++) block[i * BLOCK + s] = v[i] - mean[i];
    }
    for (let i = 0; i < n; i++) {
      const a = i * BLOCK;
      const row = i * n;
      // upper triangle only; mirrored below
      for (let j = i; j < n; j++) {
        const b = j * BLOCK;
        let sum = 0;
        for (let s = 0; s < size; s++) sum += block[a + s] * block[b + s];
        out[row + j] += sum;
      }
    }
  }
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const value = out[i * n + j] / sample.length;
      out[i * n + j] = value;
      out[j * n + i] = value;
    }
  return out;
}

/**
 * `matrix · rowᵀ` for every row of `rows` (`dims` × `n`), as rows: the loop takes one matrix row at a time
 * against all of `rows`, so the matrix is read once.
 */
function multiplyRows(matrix: Float64Array, n: number, rows: Float64Array, dims: number): Float64Array {
  const out = new Float64Array(dims * n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let r = 0; r < dims; r++) {
      const z = r * n;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += matrix[row + j] * rows[z + j];
      out[z + i] = sum;
    }
  }
  return out;
}

/**
 * `dims` orthonormal rows spanning the dominant invariant subspace of the symmetric `covariance`: subspace
 * iteration from a deterministic start, re-orthonormalised (modified Gram–Schmidt) after each product.
 */
function principalRows(covariance: Float64Array, n: number, dims: number): Float64Array {
  let rows: Float64Array = new Float64Array(dims * n);
  // deterministic start: a fixed pseudo-random matrix (xorshift)
  let state = 0x9e3779b9;
  for (let i = 0; i < rows.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    rows[i] = (state >>> 0) / 4294967296 - 0.5;
  }
  orthonormalise(rows, n, dims);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    rows = multiplyRows(covariance, n, rows, dims);
    orthonormalise(rows, n, dims);
  }
  return rows;
}

/** Modified Gram–Schmidt over the rows; a row that vanishes is replaced by a unit vector orthogonal to the others. */
function orthonormalise(rows: Float64Array, n: number, dims: number): void {
  for (let r = 0; r < dims; r++) {
    const a = r * n;
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < r; p++) {
        const b = p * n;
        let d = 0;
        for (let i = 0; i < n; i++) d += rows[a + i] * rows[b + i];
        for (let i = 0; i < n; i++) rows[a + i] -= d * rows[b + i];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += rows[a + i] * rows[a + i];
    norm = Math.sqrt(norm);
    if (norm < 1e-12) {
      // the space is exhausted along this row: any direction orthogonal to the others
      for (let axis = 0; axis < n; axis++) {
        for (let i = 0; i < n; i++) rows[a + i] = i === axis ? 1 : 0;
        for (let p = 0; p < r; p++) {
          const b = p * n;
          const d = rows[b + axis];
          for (let i = 0; i < n; i++) rows[a + i] -= d * rows[b + i];
        }
        norm = 0;
        for (let i = 0; i < n; i++) norm += rows[a + i] * rows[a + i];
        norm = Math.sqrt(norm);
        if (norm > 1e-6) break;
      }
    }
    for (let i = 0; i < n; i++) rows[a + i] /= norm;
  }
}
