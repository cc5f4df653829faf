/**
 * Reading the published snapshot files without holding them whole: the lines of a JSON-lines file a chunk at
 * a time (the retrieval corpus, the semantic models), and a byte range read fully at a position.
 */
import fs from 'node:fs';

/** Bytes read at a time by {@link jsonLines}. */
const LINE_CHUNK = 1 << 20;

/** One line of a file with where it is (bytes). */
export interface JsonLine {
  text: string;
  offset: number;
  bytes: number;
}

/** The non-empty lines of a UTF-8 file with their byte places, read a chunk at a time (memory bounded by the longest line). */
export function* jsonLines(file: string): Generator<JsonLine> {
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(LINE_CHUNK);
    // bytes of a line begun in an earlier chunk, and where that line starts in the file
    let pending: Buffer[] = [];
    let lineStart = 0;
    let position = 0;
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.byteLength, null);
      let from = 0;
      for (;;) {
        const nl = n === 0 ? -1 : chunk.indexOf(10, from);
        if (nl === -1 || nl >= n) break;
        const tail = chunk.subarray(from, nl);
        const bytes = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
        if (bytes.length > 0) yield { text: bytes.toString('utf8'), offset: lineStart, bytes: bytes.length };
        pending = [];
        from = nl + 1;
        lineStart = position + from;
      }
      if (n === 0) {
        const bytes = Buffer.concat(pending);
        if (bytes.length > 0) yield { text: bytes.toString('utf8'), offset: lineStart, bytes: bytes.length };
        return;
      }
      if (from < n) pending.push(Buffer.from(chunk.subarray(from, n)));
      position += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** `bytes` bytes of a file from `from`, in a buffer of their own. */
export function readRange(file: string, from: number, bytes: number): ArrayBuffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = new ArrayBuffer(bytes);
    readFullyAt(fd, new Uint8Array(buffer), from, file);
    return buffer;
  } finally {
    fs.closeSync(fd);
  }
}

/** Fills `bytes` from `fd` at byte `offset` (a positioned read can return less than asked). */
export function readFullyAt(fd: number, bytes: Uint8Array, offset: number, what: string): void {
  let read = 0;
  while (read < bytes.length) {
    const n = fs.readSync(fd, bytes, read, bytes.length - read, offset + read);
    if (n === 0) throw new Error(`${what} ended at byte ${offset + read}`);
    read += n;
  }
}
