/**
 * Conversion of database values (as `pg` or PGlite return them) into JSON-safe values for answers, the `ask`
 * CLI and the HTTP API. Uses the column's Postgres type when the driver reports it.
 */

/** Postgres type OIDs the conversion treats specially. */
const PG_TYPE = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  int8Array: 1016,
  numericArray: 1231,
  dateArray: 1182,
} as const;

/** Types whose values arrive as strings but are numbers. */
const NUMERIC_TEXT_TYPES: ReadonlySet<number> = new Set([
  PG_TYPE.int8,
  PG_TYPE.numeric,
  PG_TYPE.int8Array,
  PG_TYPE.numericArray,
]);
const DATE_TYPES: ReadonlySet<number> = new Set([PG_TYPE.date, PG_TYPE.dateArray]);

/** Largest count of significant decimal digits a double always represents exactly. */
const SAFE_DIGITS = 15;

/**
 * A numeric string as a number when that loses nothing (integers within 2^53, decimals with at most 15
 * significant digits), otherwise the string unchanged (`'NaN'`, `'Infinity'`, huge or very precise values).
 */
export function numericTextToJson(text: string): number | string {
  const trimmed = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return text;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return text;
  if (/^[+-]?\d+$/.test(trimmed)) return Number.isSafeInteger(value) ? value : text;
  const mantissa = trimmed.replace(/^[+-]/, '').replace(/[eE].*$/, '');
  const digits = mantissa.replace('.', '').replace(/^0+/, '');
  const significant = mantissa.includes('.') ? digits.replace(/0+$/, '') : digits;
  return significant.length <= SAFE_DIGITS ? value : text;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * A `date` value as `YYYY-MM-DD`. `pg` parses dates as local midnight and PGlite as UTC midnight; whichever
 * midnight the value sits on gives the calendar day.
 */
function dateOnly(value: Date): string {
  const utcMidnight =
    value.getUTCHours() === 0 &&
    value.getUTCMinutes() === 0 &&
    value.getUTCSeconds() === 0 &&
    value.getUTCMilliseconds() === 0;
  return utcMidnight
    ? `${pad(value.getUTCFullYear(), 4)}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`
    : `${pad(value.getFullYear(), 4)}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

/** `pg` returns intervals as objects that print themselves in Postgres syntax. */
function hasToPostgres(value: object): value is { toPostgres: () => unknown } {
  return 'toPostgres' in value && typeof value.toPostgres === 'function';
}

/**
 * One value as JSON: bigint and numeric as numbers when safe (else strings), `date` as `YYYY-MM-DD`, other
 * timestamps as ISO-8601 strings (UTC), binary as Postgres hex text (`\x0102`), non-finite floats as strings,
 * intervals as their Postgres text, arrays and JSON documents converted element by element.
 * @param typeOid the column's Postgres type OID, when known.
 */
export function toJsonValue(value: unknown, typeOid?: number): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return typeOid !== undefined && NUMERIC_TEXT_TYPES.has(typeOid) ? numericTextToJson(value) : value;
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return String(value);
  }
  if (isDateValue(value)) {
    if (Number.isNaN(value.getTime())) return null;
    return typeOid !== undefined && DATE_TYPES.has(typeOid) ? dateOnly(value) : value.toISOString();
  }
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (Array.isArray(value)) return value.map((item) => toJsonValue(item, typeOid));
  if (hasToPostgres(value)) return String(value.toPostgres());
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = toJsonValue(item);
  return out;
}

/** A result row as JSON-safe values, using the columns' type OIDs when known. */
export function toJsonRow(row: readonly unknown[], columnTypes?: readonly number[]): unknown[] {
  return row.map((value, index) => toJsonValue(value, columnTypes?.[index]));
}

/**
 * True for a Date, whichever realm made it: a driver running in another context (a worker, a VM module
 * context such as a test runner's) makes Dates that fail `instanceof Date` here and would read as `{}`.
 */
export function isDateValue(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}
