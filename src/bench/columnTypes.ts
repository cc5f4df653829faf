/**
 * Postgres column types for SQLite columns, inferred from the stored values.
 *
 * SQLite is loosely typed: a column declared `INTEGER` may hold `''`, `'T'` or `'NULL'`; a `DATETIME`
 * column holds text. The rules, applied to the non-missing values of a column (values read with
 * better-sqlite3 `safeIntegers(true)`, so INTEGER storage arrives as `bigint` and REAL as `number`):
 *
 * 1. Blobs only: `bytea`.
 * 2. Declared boolean and every value is 0/1/true/false/t/f/yes/no/y/n: `boolean`.
 * 3. Every value is a number or a numeric string, and at least one is stored as a number, or the declared
 *    type is numeric, or every numeric string is written canonically (`7`, `-12`, `89366.05`: no leading
 *    zero, sign-less exponent or padding, so nothing like zip code `01234` is lost): `integer` (all
 *    integral, within int32), `bigint` (integral, within int64), else `numeric` when declared
 *    DECIMAL/NUMERIC/MONEY and `double precision` otherwise.
 * 4. Every value is an ISO date (`YYYY-M-D`) or date-time (`YYYY-MM-DD[ T]HH:MM[:SS[.fff]]`) that exists
 *    on the calendar: `date` when none has a time, else `timestamp`.
 * 5. Anything else: `text`.
 *
 * "Missing" means SQL NULL, and for the non-text rules also blank strings and the null-like tokens
 * in {@link NULL_TOKENS}; a MySQL zero date (`0000-00-00`) counts as missing in date columns.
 * Missing values are loaded as NULL in non-text columns and kept verbatim in text columns.
 */

/** The Postgres types the loader creates. */
export type PgColumnType =
  'integer' | 'bigint' | 'double precision' | 'numeric' | 'text' | 'date' | 'timestamp' | 'boolean' | 'bytea';

/** A value as better-sqlite3 returns it with `safeIntegers(true)`. */
export type SqliteValue = bigint | number | string | Buffer | null;

/** A value ready to be sent as a query parameter. */
export type PgParam = string | number | boolean | Buffer | null;

/** Strings (compared lower-cased and trimmed) that mean "no value" in a non-text column. */
export const NULL_TOKENS: ReadonlySet<string> = new Set(['', 'null', 'nil', 'none', 'n/a', '\\n']);

const INT32_MIN = -2147483648n;
const INT32_MAX = 2147483647n;
const INT64_MIN = -9223372036854775808n;
const INT64_MAX = 9223372036854775807n;

const INTEGER_STRING = /^[+-]?\d+$/;
const NUMERIC_STRING = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** A number written the way it would print: no leading zeros, no exponent, no trailing dot. */
const CANONICAL_NUMBER = /^-?(0|[1-9]\d{0,17})(\.\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const ISO_TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(:(\d{2})(\.\d+)?)?$/;
const ZERO_DATE = /^0000-00-00( 00:00(:00)?)?$/;
const BOOLEAN_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['0', false],
  ['1', true],
  ['f', false],
  ['t', true],
  ['false', false],
  ['true', true],
  ['n', false],
  ['y', true],
  ['no', false],
  ['yes', true],
]);

/** What the declared SQLite type suggests, by the usual substring rules (case-insensitive). */
type DeclaredKind = 'boolean' | 'integer' | 'decimal' | 'float' | 'date' | 'timestamp' | 'text' | 'other';

const DECLARED_KINDS: readonly { pattern: RegExp; kind: DeclaredKind }[] = [
  { pattern: /BOOL/i, kind: 'boolean' },
  { pattern: /INT/i, kind: 'integer' },
  { pattern: /CHAR|CLOB|TEXT|STRING/i, kind: 'text' },
  { pattern: /REAL|FLOA|DOUB/i, kind: 'float' },
  { pattern: /DEC|NUMERIC|MONEY|NUMBER/i, kind: 'decimal' },
  { pattern: /TIME/i, kind: 'timestamp' },
  { pattern: /DATE|YEAR/i, kind: 'date' },
];

function declaredKind(declaredType: string): DeclaredKind {
  return DECLARED_KINDS.find((k) => k.pattern.test(declaredType))?.kind ?? 'other';
}

const TYPE_FOR_EMPTY_COLUMN: Record<DeclaredKind, PgColumnType> = {
  boolean: 'boolean',
  integer: 'bigint',
  decimal: 'numeric',
  float: 'double precision',
  date: 'date',
  timestamp: 'timestamp',
  text: 'text',
  other: 'text',
};

function isMissingToken(value: string): boolean {
  return NULL_TOKENS.has(value.trim().toLowerCase());
}

function validCalendarDate(y: string, m: string, d: string): boolean {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `date`, `timestamp` or null when the string is no ISO date/date-time that exists. */
function dateKind(value: string): 'date' | 'timestamp' | null {
  const s = value.trim();
  const d = ISO_DATE.exec(s);
  if (d) return validCalendarDate(d[1], d[2], d[3]) ? 'date' : null;
  const t = ISO_TIMESTAMP.exec(s);
  if (!t) return null;
  const validTime = Number(t[4]) < 24 && Number(t[5]) < 60 && (t[7] === undefined || Number(t[7]) < 60);
  return validTime && validCalendarDate(t[1], t[2], t[3]) ? 'timestamp' : null;
}

/** Facts about the non-missing values of one column, gathered in one pass. */
interface ValueStats {
  present: number;
  blobs: number;
  /** Stored as INTEGER or REAL (not text). */
  storedNumbers: number;
  allNumeric: boolean;
  /** Every numeric string is written canonically ({@link CANONICAL_NUMBER}). */
  canonicalNumericStrings: boolean;
  allIntegral: boolean;
  intMin: bigint;
  intMax: bigint;
  allBoolean: boolean;
  allDates: boolean;
  anyTime: boolean;
}

function gatherStats(values: Iterable<SqliteValue>): ValueStats {
  const s: ValueStats = {
    present: 0,
    blobs: 0,
    storedNumbers: 0,
    allNumeric: true,
    canonicalNumericStrings: true,
    allIntegral: true,
    intMin: 0n,
    intMax: 0n,
    allBoolean: true,
    allDates: true,
    anyTime: false,
  };
  const noteInteger = (n: bigint) => {
    if (n < s.intMin) s.intMin = n;
    if (n > s.intMax) s.intMax = n;
  };
  for (const v of values) {
    if (v === null) continue;
    if (typeof v === 'string' && isMissingToken(v)) continue;
    if (typeof v === 'string' && ZERO_DATE.test(v.trim())) {
      // Missing in a date column; an ordinary string everywhere else.
      s.present += 1;
      s.allNumeric = false;
      s.allBoolean = false;
      continue;
    }
    s.present += 1;
    if (Buffer.isBuffer(v)) {
      s.blobs += 1;
      s.allNumeric = s.allBoolean = s.allDates = false;
    } else if (typeof v === 'bigint') {
      s.storedNumbers += 1;
      noteInteger(v);
      s.allDates = false;
      if (v !== 0n && v !== 1n) s.allBoolean = false;
    } else if (typeof v === 'number') {
      s.storedNumbers += 1;
      s.allDates = false;
      s.allIntegral = false;
      if (v !== 0 && v !== 1) s.allBoolean = false;
      if (!Number.isFinite(v)) s.allNumeric = false;
    } else {
      const t = v.trim();
      if (!BOOLEAN_WORDS.has(t.toLowerCase())) s.allBoolean = false;
      if (!CANONICAL_NUMBER.test(v)) s.canonicalNumericStrings = false;
      if (INTEGER_STRING.test(t)) noteInteger(BigInt(t));
      else if (NUMERIC_STRING.test(t)) s.allIntegral = false;
      else s.allNumeric = false;
      const kind = s.allDates ? dateKind(t) : null;
      if (kind === null) s.allDates = false;
      else if (kind === 'timestamp') s.anyTime = true;
    }
  }
  return s;
}

/**
 * Infers the Postgres type of one SQLite column from its declared type and stored values
 * (rules in the module comment).
 */
export function inferColumnType(options: {
  declaredType: string;
  values: Iterable<SqliteValue>;
}): PgColumnType {
  const kind = declaredKind(options.declaredType);
  const s = gatherStats(options.values);
  if (s.present === 0) return TYPE_FOR_EMPTY_COLUMN[kind];
  if (s.blobs > 0) return s.blobs === s.present ? 'bytea' : 'text';
  if (kind === 'boolean' && s.allBoolean) return 'boolean';
  const declaredNumeric = kind === 'integer' || kind === 'decimal' || kind === 'float';
  if (s.allNumeric && (s.storedNumbers > 0 || declaredNumeric || s.canonicalNumericStrings)) {
    if (s.allIntegral && s.intMin >= INT32_MIN && s.intMax <= INT32_MAX) return 'integer';
    if (s.allIntegral && s.intMin >= INT64_MIN && s.intMax <= INT64_MAX) return 'bigint';
    if (s.allIntegral) return 'numeric';
    return kind === 'decimal' ? 'numeric' : 'double precision';
  }
  if (s.allDates) return s.anyTime ? 'timestamp' : 'date';
  return 'text';
}

/** SQLite's text rendering of a REAL (`3.0`, not `3`). */
function realAsText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e15 ? n.toFixed(1) : String(n);
}

function asText(value: Exclude<SqliteValue, null>): string {
  if (typeof value === 'string') return value.replaceAll('\u0000', '');
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return realAsText(value);
  return value.toString('hex');
}

function asNumberParam(value: Exclude<SqliteValue, null | Buffer>): PgParam {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  return typeof value === 'number' ? value : value.trim();
}

/**
 * Converts a stored SQLite value to the parameter for a column of `type` (missing values become NULL
 * in non-text columns; text keeps every string as stored).
 */
export function toPgParam(type: PgColumnType, value: SqliteValue): PgParam {
  if (value === null) return null;
  if (type === 'text') return asText(value);
  if (type === 'bytea') return Buffer.isBuffer(value) ? value : Buffer.from(asText(value));
  if (Buffer.isBuffer(value)) return null;
  if (typeof value === 'string' && (isMissingToken(value) || ZERO_DATE.test(value.trim()))) return null;
  if (type === 'boolean') {
    return typeof value === 'string'
      ? (BOOLEAN_WORDS.get(value.trim().toLowerCase()) ?? null)
      : Number(value) !== 0;
  }
  if (type === 'date' || type === 'timestamp') return asText(value).trim();
  return asNumberParam(value);
}
