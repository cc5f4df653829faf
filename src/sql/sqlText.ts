import type { ScanToken } from 'libpg-query';
import { SqlParser } from './sqlParser';

/** A replacement of the bytes `[start, end)` of a SQL text (UTF-8 byte offsets, as the parser reports them). */
export interface SqlEdit {
  start: number;
  end: number;
  text: string;
}

/** Turns an identifier token's text into the name Postgres resolves (quoted: unescaped; bare: ASCII-lowercased). */
export function identifierValue(tokenText: string): string {
  if (tokenText.startsWith('"') && tokenText.endsWith('"') && tokenText.length >= 2) {
    return tokenText.slice(1, -1).replace(/""/g, '"');
  }
  return tokenText.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * A SQL string addressed by UTF-8 byte offsets, with its scanner tokens. libpg-query reports every location
 * in bytes, so edits computed from a parse tree are applied here rather than on JavaScript string indexes.
 */
export class SqlText {
  /** The SQL as UTF-8 bytes. */
  public readonly bytes: Buffer;
  /** The scanner tokens, comments included, in order. */
  public readonly tokens: readonly ScanToken[];

  constructor(
    public readonly sql: string,
    parser: SqlParser,
  ) {
    this.bytes = Buffer.from(sql, 'utf8');
    this.tokens = parser.scan(sql);
  }

  /** The token that starts exactly at `offset`, if any. */
  tokenAt(offset: number): ScanToken | undefined {
    let lo = 0;
    let hi = this.tokens.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const token = this.tokens[mid];
      if (token.start === offset) return token;
      if (token.start < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** The index in {@link tokens} of the token that starts exactly at `offset`, or -1. */
  tokenIndexAt(offset: number): number {
    const token = this.tokenAt(offset);
    return token ? this.tokens.indexOf(token) : -1;
  }

  /** The original text of the bytes `[start, end)`. */
  slice(start: number, end: number): string {
    return this.bytes.subarray(start, end).toString('utf8');
  }

  /**
   * The byte range of a statement without leading/trailing comments, whitespace and the closing semicolon.
   * `location`/`length` are the parser's `stmt_location`/`stmt_len` (a length of 0 means "to the end").
   */
  statementSpan(location = 0, length = 0): { start: number; end: number } {
    const limit = length > 0 ? location + length : this.bytes.length;
    const inside = this.tokens.filter(
      (t) => t.start >= location && t.end <= limit && !SqlParser.isComment(t) && t.text !== ';',
    );
    if (inside.length === 0) return { start: location, end: location };
    return { start: inside[0].start, end: inside[inside.length - 1].end };
  }

  /**
   * The text of `[start, end)` with `edits` applied. Edits must lie inside the range and must not overlap.
   * @throws Error when an edit is outside the range or overlaps another.
   */
  apply(start: number, end: number, edits: readonly SqlEdit[]): string {
    const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    const parts: Buffer[] = [];
    let cursor = start;
    for (const edit of sorted) {
      if (edit.start < cursor || edit.end < edit.start || edit.end > end) {
        throw new Error(
          `SqlText.apply: edit [${edit.start}, ${edit.end}) overlaps or leaves [${start}, ${end})`,
        );
      }
      parts.push(this.bytes.subarray(cursor, edit.start), Buffer.from(edit.text, 'utf8'));
      cursor = edit.end;
    }
    parts.push(this.bytes.subarray(cursor, end));
    return Buffer.concat(parts).toString('utf8');
  }
}
