import fs from 'node:fs';
import { FirstInFirstOut } from '../text';
import type { StoredColumns } from './indexEntry';

/**
 * Float32 vector files of an index version: vectors back to back, little-endian, no header (the manifest
 * says which vector is whose). Written whole, grown by copying the previous version's file and appending,
 * or compacted by copying the ranges still in use, so a reindex never holds a whole file it only carries.
 */

/** Writes `vectors` back to back into a new file. */
export function writeFloats(file: string, vectors: readonly Float32Array[]): void {
  const fd = fs.openSync(file, 'w');
  try {
    appendFloats(fd, vectors);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads a whole file as one array. @throws Error when its size is not a multiple of 4 bytes */
export function readFloats(file: string): Float32Array {
  const bytes = fs.readFileSync(file);
  if (bytes.byteLength % 4 !== 0) throw new Error(`${file} is not a float32 file`);
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Vectors a file holds, for `dimension`-long vectors. @throws Error when the size does not divide */
export function countVectors(file: string, dimension: number): number {
  const bytes = fs.statSync(file).size;
  if (bytes % (4 * dimension) !== 0) throw new Error(`${file} does not hold ${dimension}-d float32 vectors`);
  return bytes / (4 * dimension);
}

/**
 * Writes `from`'s content followed by `vectors` into `to` (a new file): the previous version's vectors are
 * copied by the kernel, never read into memory.
 */
export function copyAndAppend(from: string, to: string, vectors: readonly Float32Array[]): void {
  fs.copyFileSync(from, to);
  appendToFile(to, vectors);
}

/** Appends `vectors` to the end of `file`. */
export function appendToFile(file: string, vectors: readonly Float32Array[]): void {
  const fd = fs.openSync(file, 'a');
  try {
    appendFloats(fd, vectors);
  } finally {
    fs.closeSync(fd);
  }
}

/** A run of vectors in a file: the first vector's index and how many. */
export interface VectorRange {
  start: number;
  count: number;
}

/**
 * Writes the given ranges of `from` (in order), then `vectors`, into `to` (a new file), reading one range
 * at a time: memory stays at the largest range whatever the file's size.
 */
export function copyRangesAndAppend(
  from: string,
  to: string,
  dimension: number,
  ranges: readonly VectorRange[],
  vectors: readonly Float32Array[],
): void {
  const bytesPerVector = 4 * dimension;
  const input = fs.openSync(from, 'r');
  const output = fs.openSync(to, 'w');
  try {
    for (const range of ranges) {
      if (range.count === 0) continue;
      const buffer = Buffer.allocUnsafe(range.count * bytesPerVector);
      const read = fs.readSync(input, buffer, 0, buffer.byteLength, range.start * bytesPerVector);
      if (read !== buffer.byteLength) throw new Error(`${from} is shorter than its manifest says`);
      fs.writeSync(output, buffer);
    }
    appendFloats(output, vectors);
  } finally {
    fs.closeSync(input);
    fs.closeSync(output);
  }
}

/** Reads `count` vectors from `start` of an open file. */
export function readVectors(fd: number, dimension: number, start: number, count: number): Float32Array {
  const out = new Float32Array(count * dimension);
  const bytes = new Uint8Array(out.buffer);
  const read = fs.readSync(fd, bytes, 0, bytes.byteLength, start * 4 * dimension);
  if (read !== bytes.byteLength) throw new Error('a vector file is shorter than its manifest says');
  return out;
}

/**
 * Writes entries' column vectors back to back into a new file, in order: each entry's vectors come from
 * memory or from a range of another file (`StoredColumns`), copied one run at a time (consecutive ranges
 * of one file are read together), so memory stays bounded whatever the total.
 */
export function writeColumnVectors(
  file: string,
  dimension: number,
  parts: readonly (readonly Float32Array[] | StoredColumns)[],
): void {
  const bytesPerVector = 4 * dimension;
  const output = fs.openSync(file, 'w');
  const inputs = new Map<string, number>();
  let run: { file: string; start: number; count: number } | undefined;
  const flush = () => {
    if (run === undefined || run.count === 0) return;
    let fd = inputs.get(run.file);
    if (fd === undefined) inputs.set(run.file, (fd = fs.openSync(run.file, 'r')));
    for (let done = 0; done < run.count;) {
      const count = Math.min(run.count - done, Math.max(1, Math.floor(WRITE_CHUNK / bytesPerVector)));
      const buffer = Buffer.allocUnsafe(count * bytesPerVector);
      const read = fs.readSync(fd, buffer, 0, buffer.byteLength, (run.start + done) * bytesPerVector);
      if (read !== buffer.byteLength) throw new Error(`${run.file} is shorter than its manifest says`);
      fs.writeSync(output, buffer);
      done += count;
    }
    run = undefined;
  };
  try {
    for (const part of parts) {
      if (isStored(part)) {
        if (run !== undefined && run.file === part.file && run.start + run.count === part.start)
          run.count += part.names.length;
        else {
          flush();
          run = { file: part.file, start: part.start, count: part.names.length };
        }
      } else if (part.length > 0) {
        flush();
        appendFloats(output, part);
      }
    }
    flush();
  } finally {
    for (const fd of inputs.values()) fs.closeSync(fd);
    fs.closeSync(output);
  }
}

function isStored(part: readonly Float32Array[] | StoredColumns): part is StoredColumns {
  return !Array.isArray(part);
}

/**
 * A scratch float32 file vectors are appended to while they are produced, so that they need not stay in
 * memory until a version is written (`StoredColumns` point into it). Closed and deleted by
 * {@link VectorSpill.remove}.
 */
export class VectorSpill {
  private readonly fd: number;
  private count = 0;

  /** @param release deletes the file (see `reserveScratch`) */
  constructor(
    readonly file: string,
    private readonly dimension: number,
    private readonly release: () => void = () => fs.rmSync(file, { force: true }),
  ) {
    this.fd = fs.openSync(file, 'w');
  }

  /** Appends `vectors` and says where they are. */
  append(names: readonly string[], vectors: readonly Float32Array[]): StoredColumns {
    for (const v of vectors)
      if (v.length !== this.dimension) throw new RangeError(`VectorSpill.append: a ${v.length}-d vector`);
    appendFloats(this.fd, vectors);
    const stored = { file: this.file, start: this.count, names };
    this.count += vectors.length;
    return stored;
  }

  /** Closes and deletes the file. */
  remove(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    this.release();
  }
}

/** Bytes gathered before one write. */
const WRITE_CHUNK = 4 * 1024 * 1024;

function appendFloats(fd: number, vectors: readonly Float32Array[]): void {
  const total = vectors.reduce((n, v) => n + v.byteLength, 0);
  if (total === 0) return;
  const chunk = Buffer.allocUnsafe(Math.min(WRITE_CHUNK, total));
  let used = 0;
  for (const vector of vectors) {
    const bytes = new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
    if (used + bytes.byteLength > chunk.byteLength) {
      fs.writeSync(fd, chunk, 0, used);
      used = 0;
    }
    if (bytes.byteLength > chunk.byteLength) fs.writeSync(fd, bytes);
    else {
      chunk.set(bytes, used);
      used += bytes.byteLength;
    }
  }
  if (used > 0) fs.writeSync(fd, chunk, 0, used);
}

/** Closes the descriptors of readers that are no longer reachable. */
const openReaders = new FinalizationRegistry<number>((fd) => fs.close(fd, () => undefined));

/**
 * Vectors a {@link VectorFileReader} keeps (4 KiB each at 1,024 dimensions: 4 MiB): the last ones read, so a
 * vector read twice within a question (ranking the graph's candidates, then scoring the same tables) costs one
 * positioned read, whatever the size of the file.
 */
const KEPT_VECTORS = 1024;

/**
 * The vectors of one file read one at a time when asked for (a positioned read each, the last
 * {@link KEPT_VECTORS} kept): the file stays in the kernel's page cache instead of the process's heap. The
 * file is opened once and closed when the reader is collected, so it can still be read after a newer version
 * removed its folder.
 */
export class VectorFileReader {
  private readonly fd: number;
  private readonly kept = new FirstInFirstOut<number, Float32Array>(KEPT_VECTORS);

  /** @throws Error when the file cannot be opened or does not hold `count` `dimension`-long vectors */
  constructor(
    file: string,
    private readonly dimension: number,
    private readonly count: number,
  ) {
    if (countVectors(file, dimension) !== count) throw new Error(`${file} does not hold ${count} vectors`);
    this.fd = fs.openSync(file, 'r');
    openReaders.register(this, this.fd);
  }

  /** The vector at `index` (a new array). @throws RangeError outside the file */
  read(index: number): Float32Array {
    if (!(index >= 0 && index < this.count))
      throw new RangeError(`VectorFileReader.read: no vector ${index}`);
    let vector = this.kept.get(index);
    if (vector === undefined) {
      vector = readVectors(this.fd, this.dimension, index, 1);
      this.kept.set(index, vector);
    }
    // a copy: the caller may change its array
    return vector.slice();
  }
}
