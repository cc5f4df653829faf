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

/** Characters (or copied bytes) gathered by a {@link LinesWriter} before it writes. */
const WRITE_CHUNK = 1 << 20;

/**
 * Writes a file of lines a chunk at a time (one write per ~1 MB, not per line) and copies byte ranges of
 * other files into it: consecutive ranges of one file are copied as one run, read and written a chunk at
 * a time. For the published snapshot files, whose unchanged lines a new version copies from the previous one
 * instead of serialising them again. `position` is the bytes written so far (buffered ones included).
 */
export class LinesWriter {
  private parts: string[] = [];
  private chars = 0;
  private run: { file: string; offset: number; bytes: number } | undefined;
  private readonly sources = new Map<string, number>();
  private readonly fd: number;
  private copyBuffer: Buffer | undefined;
  position = 0;

  constructor(file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  /** Appends `text` (a line with its newline, or several); returns its length in bytes. */
  write(text: string): number {
    this.flushRun();
    const bytes = Buffer.byteLength(text);
    this.parts.push(text);
    this.chars += text.length;
    this.position += bytes;
    if (this.chars >= WRITE_CHUNK) this.flushText();
    return bytes;
  }

  /** Appends `bytes` bytes of `file` from `offset`. */
  copy(file: string, offset: number, bytes: number): void {
    this.flushText();
    const run = this.run;
    if (run !== undefined && run.file === file && run.offset + run.bytes === offset) run.bytes += bytes;
    else {
      this.flushRun();
      this.run = { file, offset, bytes };
    }
    this.position += bytes;
  }

  /** Writes what is buffered and closes the file (and the files copied from). */
  close(): void {
    try {
      this.flushText();
      this.flushRun();
    } finally {
      fs.closeSync(this.fd);
      for (const fd of this.sources.values()) fs.closeSync(fd);
      this.sources.clear();
    }
  }

  private flushText(): void {
    if (this.parts.length === 0) return;
    fs.writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.chars = 0;
  }

  private flushRun(): void {
    const run = this.run;
    if (run === undefined) return;
    this.run = undefined;
    let fd = this.sources.get(run.file);
    if (fd === undefined) this.sources.set(run.file, (fd = fs.openSync(run.file, 'r')));
    this.copyBuffer ??= Buffer.allocUnsafe(WRITE_CHUNK);
    for (let done = 0; done < run.bytes;) {
      const slice = this.copyBuffer.subarray(0, Math.min(WRITE_CHUNK, run.bytes - done));
      readFullyAt(fd, slice, run.offset + done, run.file);
      let written = 0;
      while (written < slice.length) written += fs.writeSync(this.fd, slice, written, slice.length - written);
      done += slice.length;
    }
  }
}
