/**
 * A small tokenizer for SQLite-dialect SQL (Spider's gold queries) and the light rewrite that lets the real
 * Postgres parser read it: double-quoted strings become single-quoted literals, backtick and bracket
 * identifiers become double-quoted ones, `==` becomes `=`, comments are dropped.
 */

/** Kinds of {@link SqlToken}. */
export type SqlTokenKind = 'word' | 'quotedIdent' | 'string' | 'doubleQuoted' | 'number' | 'symbol';

/** One token of a SQL text. */
export interface SqlToken {
  kind: SqlTokenKind;
  /** Words as written; quoted identifiers and strings unquoted and unescaped. */
  text: string;
  /** Parenthesis depth at the token (0 = top level). */
  depth: number;
  /** Offsets of the token in the SQL text: `sql.slice(start, end)` is the token as written. */
  start: number;
  end: number;
}

interface Rule {
  pattern: RegExp;
  kind: SqlTokenKind | 'skip';
  /** Turns the match into the token text. */
  value?: (match: string) => string;
}

const unquote = (match: string, quote: string) => match.slice(1, -1).split(`${quote}${quote}`).join(quote);

/** Tried in order at each position; the first match wins. */
const RULES: readonly Rule[] = [
  { pattern: /\s+/y, kind: 'skip' },
  { pattern: /--[^\n]*/y, kind: 'skip' },
  { pattern: /\/\*[\s\S]*?\*\//y, kind: 'skip' },
  { pattern: /'(?:[^']|'')*'/y, kind: 'string', value: (m) => unquote(m, "'") },
  { pattern: /"(?:[^"]|"")*"/y, kind: 'doubleQuoted', value: (m) => unquote(m, '"') },
  { pattern: /`(?:[^`]|``)*`/y, kind: 'quotedIdent', value: (m) => unquote(m, '`') },
  { pattern: /\[[^\]]*\]/y, kind: 'quotedIdent', value: (m) => m.slice(1, -1) },
  { pattern: /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y, kind: 'number' },
  { pattern: /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y, kind: 'word' },
  {
    pattern: /==|!=|<>|<=|>=|\|\||[-+*/%<>=(),.;|&~]/y,
    kind: 'symbol',
    value: (m) => (m === '==' ? '=' : m),
  },
];

/**
 * Splits SQLite SQL into tokens. Characters no rule knows become one-character symbols, so the
 * tokenizer never fails.
 */
export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let depth = 0;
  let pos = 0;
  while (pos < sql.length) {
    let matched = false;
    for (const rule of RULES) {
      rule.pattern.lastIndex = pos;
      const m = rule.pattern.exec(sql);
      if (!m) continue;
      pos += m[0].length;
      matched = true;
      if (rule.kind !== 'skip') {
        const text = rule.value ? rule.value(m[0]) : m[0];
        if (text === ')') depth = Math.max(0, depth - 1);
        tokens.push({ kind: rule.kind, text, depth, start: pos - m[0].length, end: pos });
        if (text === '(') depth += 1;
      }
      break;
    }
    if (!matched) {
      tokens.push({ kind: 'symbol', text: sql[pos], depth, start: pos, end: pos + 1 });
      pos += 1;
    }
  }
  return tokens;
}

const singleQuote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const doubleQuote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Words after which a double-quoted token names a table, not a string. */
const TABLE_POSITION = new Set(['from', 'join']);

/**
 * Rewrites SQLite SQL so that the Postgres parser accepts it. A double-quoted token is an identifier
 * right after FROM/JOIN or when `isIdentifier` says so (e.g. it names a known table or column), and a
 * string literal otherwise (Spider writes `WHERE name = "Bob"`).
 */
export function sqliteToPostgres(sql: string, isIdentifier: (name: string) => boolean = () => false): string {
  const tokens = tokenizeSql(sql);
  const parts: string[] = [];
  tokens.forEach((t, i) => {
    const previous = tokens[i - 1];
    const isDot = (x: SqlToken) => x.kind === 'symbol' && x.text === '.';
    if (i > 0 && !isDot(t) && !isDot(previous)) parts.push(' ');
    switch (t.kind) {
      case 'string':
        parts.push(singleQuote(t.text));
        break;
      case 'doubleQuoted': {
        const afterFrom = previous?.kind === 'word' && TABLE_POSITION.has(previous.text.toLowerCase());
        const afterDot = previous?.text === '.';
        parts.push(afterFrom || afterDot || isIdentifier(t.text) ? doubleQuote(t.text) : singleQuote(t.text));
        break;
      }
      case 'quotedIdent':
        parts.push(doubleQuote(t.text));
        break;
      default:
        parts.push(t.text);
    }
  });
  return parts.join('');
}

/**
 * Rewrites SQLite's double-quoted string literals (`WHERE name = "Bob"`) as single-quoted ones and leaves
 * everything else as written, for SQLite builds compiled without double-quoted-string support
 * (better-sqlite3 sets SQLITE_DQS=0). As SQLite itself decides, a double-quoted token that names an
 * identifier (`isIdentifier`, e.g. a table or column of the database) stays an identifier.
 */
export function singleQuoteDoubleQuotedStrings(sql: string, isIdentifier: (name: string) => boolean): string {
  let out = '';
  let last = 0;
  for (const t of tokenizeSql(sql)) {
    if (t.kind !== 'doubleQuoted' || isIdentifier(t.text)) continue;
    out += sql.slice(last, t.start) + singleQuote(t.text);
    last = t.end;
  }
  return out + sql.slice(last);
}
