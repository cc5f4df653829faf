import { loadModule, parseSync, scanSync, type ParseResult, type ScanToken } from 'libpg-query';

let moduleLoading: Promise<void> | undefined;

/** Token names of comments in libpg-query's scanner output. */
const COMMENT_TOKENS: ReadonlySet<string> = new Set(['SQL_COMMENT', 'C_COMMENT']);

/**
 * The real Postgres parser (libpg-query compiled to WASM). The WASM module is loaded once per process;
 * after {@link SqlParser.create} every call is synchronous.
 *
 * Positions in parse trees and scanner tokens are UTF-8 byte offsets into the SQL text (see {@link SqlText}).
 */
export class SqlParser {
  private constructor() {}

  /** Loads the parser's WASM module (once per process) and returns a parser. */
  static async create(): Promise<SqlParser> {
    moduleLoading ??= loadModule().catch((error: unknown) => {
      moduleLoading = undefined;
      throw error;
    });
    await moduleLoading;
    return new SqlParser();
  }

  /** Parses SQL into the Postgres raw parse tree. @throws libpg-query's `SqlError` when the SQL does not parse. */
  parse(sql: string): ParseResult {
    return parseSync(sql);
  }

  /** Splits SQL into Postgres lexer tokens, comments included. */
  scan(sql: string): ScanToken[] {
    return scanSync(sql).tokens ?? [];
  }

  /** Whether a scanner token is a comment (`-- ...` or `/* ... *\/`). */
  static isComment(token: ScanToken): boolean {
    return COMMENT_TOKENS.has(token.tokenName);
  }
}
