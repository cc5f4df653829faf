import fs from 'node:fs';
import path from 'node:path';
import type { StoredColumns } from './indexEntry';
import { appendToFile, countVectors, readVectors, writeFloats } from './vectorFiles';

/**
 * The column vectors of an index version as segments: float32 files in the version folder read as one
 * sequence (an entry's `columnStart` counts from the first vector of the first segment). An in-place update
 * carries the previous version's segments over by hard link (immutable files, never rewritten, so the
 * previous version still reads them) and writes only the added tables' vectors as a new segment: its cost
 * follows the change, not the catalog. A full build or a compaction writes one segment, `columns.f32`.
 */

/** The first segment's name, and the only one of a version published as one file. */
export const FIRST_SEGMENT = 'columns.f32';

/** Segments a version may have before an update merges all but the first into one. */
export const MAX_COLUMN_SEGMENTS = 8;

/** One segment of a version, as the manifest lists it. */
export interface ColumnSegment {
  /** File name in the version folder. */
  file: string;
  /** Vectors it holds. */
  count: number;
}

/** A segment located: its path and the index of its first vector in the sequence. */
export interface LocatedSegment extends ColumnSegment {
  path: string;
  start: number;
}

/**
 * The segments of the version in `dir`: those its manifest lists, or (a version published as one file)
 * `columns.f32` whole. @throws Error when a listed segment does not hold the vectors the manifest says
 */
export function locateSegments(
  dir: string,
  dimension: number,
  listed: readonly ColumnSegment[] | undefined,
): LocatedSegment[] {
  const segments = listed ?? [
    { file: FIRST_SEGMENT, count: countVectors(path.join(dir, FIRST_SEGMENT), dimension) },
  ];
  let start = 0;
  return segments.map((s) => {
    if (path.basename(s.file) !== s.file || !s.file.endsWith('.f32'))
      throw new Error(`column segment "${s.file}" is not a file name`);
    const located = { ...s, path: path.join(dir, s.file), start };
    if (listed !== undefined && countVectors(located.path, dimension) !== s.count)
      throw new Error(`${located.path} does not hold ${s.count} vectors`);
    start += s.count;
    return located;
  });
}

/** Vectors in all segments. */
export function segmentsCount(segments: readonly LocatedSegment[]): number {
  return segments.reduce((n, s) => n + s.count, 0);
}

/** The segment holding vector `index`, by binary search. @throws RangeError outside the sequence */
export function segmentAt(segments: readonly LocatedSegment[], index: number): LocatedSegment {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid];
    if (index < s.start) hi = mid - 1;
    else if (index >= s.start + s.count) lo = mid + 1;
    else return s;
  }
  throw new RangeError(`no column vector ${index}`);
}

/**
 * Where an entry's column vectors are: a range of the segment holding them (an entry's vectors are always
 * written together, so they never straddle two segments). @throws Error when they do
 */
export function storedColumns(
  segments: readonly LocatedSegment[],
  columnStart: number,
  names: readonly string[],
): StoredColumns {
  if (names.length === 0) return { file: segments[0]?.path ?? '', start: 0, names };
  const segment = segmentAt(segments, columnStart);
  if (columnStart + names.length > segment.start + segment.count)
    throw new Error(`column vectors ${columnStart}+${names.length} straddle the segments of ${segment.path}`);
  return { file: segment.path, start: columnStart - segment.start, names };
}

/** Every segment read into one array (what a process that needs all column vectors in memory holds). */
export function readSegments(segments: readonly LocatedSegment[], dimension: number): Float32Array {
  const out = new Float32Array(segmentsCount(segments) * dimension);
  for (const s of segments) {
    if (s.count === 0) continue;
    const fd = fs.openSync(s.path, 'r');
    try {
      out.set(readVectors(fd, dimension, 0, s.count), s.start * dimension);
    } finally {
      fs.closeSync(fd);
    }
  }
  return out;
}

/**
 * Puts `segments` (another version's) into `dir` followed by `added` as a new segment, and returns the
 * list for the manifest: each segment is hard-linked (copied where the file system cannot link), never
 * read. Past {@link MAX_COLUMN_SEGMENTS} the segments after the first are merged, with the added vectors,
 * into one new file (a copy of the tail only; a compaction resets to one file).
 */
export function carrySegments(
  segments: readonly LocatedSegment[],
  dir: string,
  dimension: number,
  added: readonly Float32Array[],
): ColumnSegment[] {
  const total = segmentsCount(segments);
  const nonEmpty = segments.filter((s) => s.count > 0);
  const merge = nonEmpty.length + (added.length > 0 ? 1 : 0) > MAX_COLUMN_SEGMENTS;
  const kept = merge ? nonEmpty.slice(0, 1) : nonEmpty;
  const out: ColumnSegment[] = kept.map((s) => {
    linkOrCopy(s.path, path.join(dir, s.file));
    return { file: s.file, count: s.count };
  });
  const tailStart = kept.length === 0 ? 0 : kept[0].start + (merge ? kept[0].count : 0);
  const tailFrom = merge ? nonEmpty.slice(1) : [];
  const tailCount = segmentsCount(tailFrom) + added.length;
  if (tailCount > 0) {
    const start = merge ? tailStart : total;
    const file = start === 0 ? FIRST_SEGMENT : `columns-${start}.f32`;
    const target = path.join(dir, file);
    const fd = fs.openSync(target, 'w');
    try {
      for (const s of tailFrom) {
        const from = fs.openSync(s.path, 'r');
        try {
          fs.writeSync(fd, readVectors(from, dimension, 0, s.count));
        } finally {
          fs.closeSync(from);
        }
      }
    } finally {
      fs.closeSync(fd);
    }
    appendToFile(target, added);
    out.push({ file, count: tailCount });
  }
  if (out.length === 0) {
    writeFloats(path.join(dir, FIRST_SEGMENT), []);
    out.push({ file: FIRST_SEGMENT, count: 0 });
  }
  return out;
}

function linkOrCopy(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
  }
}
