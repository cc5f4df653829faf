import { inferColumnType, toPgParam, type SqliteValue } from '../../src/bench/columnTypes';

/** Stored values as better-sqlite3 returns them with safeIntegers(true): INTEGER as bigint, REAL as number. */
const CASES: { name: string; declared: string; values: SqliteValue[]; type: string }[] = [
  { name: 'integers', declared: 'INTEGER', values: [1n, 2n, null], type: 'integer' },
  { name: 'integers beyond int32', declared: 'INT', values: [1n, 5_000_000_000n], type: 'bigint' },
  { name: 'reals', declared: 'REAL', values: [1.5, 2n], type: 'double precision' },
  { name: 'decimal with fractions', declared: 'DECIMAL(19,4)', values: [734.73, 0n], type: 'numeric' },
  { name: 'numeric(5,0) holding whole numbers', declared: 'numeric(5,0)', values: [18000n], type: 'integer' },
  {
    name: "blank strings in an int column ('' is missing)",
    declared: 'INTEGER',
    values: [28n, '', null],
    type: 'integer',
  },
  {
    name: "'NULL' and 'nil' tokens in an int column",
    declared: 'INTEGER',
    values: [275n, 'NULL', 'nil'],
    type: 'integer',
  },
  {
    name: "a trace marker 'T' among numbers falls back to text",
    declared: 'INTEGER',
    values: [0n, 0.2, 'T'],
    type: 'text',
  },
  {
    name: 'zip+4 among integers falls back to text',
    declared: 'INTEGER',
    values: [94041n, '94040-1724'],
    type: 'text',
  },
  {
    name: 'digit strings with a leading zero stay text (zip codes)',
    declared: 'VARCHAR(10)',
    values: ['0171', '70174'],
    type: 'text',
  },
  {
    name: 'canonical digit strings in a varchar',
    declared: 'VARCHAR(10)',
    values: ['5', '12', ''],
    type: 'integer',
  },
  {
    name: 'canonical decimal strings in a varchar',
    declared: 'VARCHAR(80)',
    values: ['89366.05', '3'],
    type: 'double precision',
  },
  { name: 'phone numbers stay text', declared: 'VARCHAR(20)', values: ['515.123.4567'], type: 'text' },
  { name: 'numeric strings in a numeric column', declared: 'INT', values: ['12', '7'], type: 'integer' },
  { name: 'ISO dates', declared: 'DATETIME', values: ['2008-01-01', '1978-2-23'], type: 'date' },
  {
    name: 'ISO date-times',
    declared: 'DATETIME',
    values: ['2008-04-24 10:00', '2008-05-01'],
    type: 'timestamp',
  },
  {
    name: 'date-times in a TEXT column',
    declared: 'TEXT',
    values: ['2015-06-02 12:46:02'],
    type: 'timestamp',
  },
  { name: 'US dates stay text', declared: 'TEXT', values: ['8/21/2015 17:03'], type: 'text' },
  { name: 'impossible dates stay text', declared: 'DATE', values: ['2019-02-30'], type: 'text' },
  {
    name: 'MySQL zero dates count as missing',
    declared: 'date',
    values: ['0000-00-00', '1989-09-21'],
    type: 'date',
  },
  { name: 'BOOLEAN holding 0/1', declared: 'BOOLEAN', values: [1n, 0n], type: 'boolean' },
  {
    name: '0/1 without a boolean declaration stay integer',
    declared: 'INTEGER',
    values: [1n, 0n],
    type: 'integer',
  },
  {
    name: 'empty column: the declared type decides',
    declared: 'DOUBLE',
    values: [null],
    type: 'double precision',
  },
  { name: 'untyped empty column', declared: '', values: [], type: 'text' },
  { name: 'blobs', declared: 'BLOB', values: [Buffer.from('ab')], type: 'bytea' },
];

describe('inferColumnType', () => {
  it.each(CASES)('$name -> $type', ({ declared, values, type }) => {
    expect(inferColumnType({ declaredType: declared, values })).toBe(type);
  });
});

describe('toPgParam', () => {
  it('converts stored values to parameters of the inferred type', () => {
    expect(toPgParam('integer', 7n)).toBe(7);
    expect(toPgParam('integer', '')).toBeNull();
    expect(toPgParam('integer', 'NULL')).toBeNull();
    expect(toPgParam('bigint', 9_007_199_254_740_993n)).toBe('9007199254740993');
    expect(toPgParam('double precision', 1.5)).toBe(1.5);
    expect(toPgParam('boolean', 1n)).toBe(true);
    expect(toPgParam('boolean', 'no')).toBe(false);
    expect(toPgParam('date', '0000-00-00')).toBeNull();
    expect(toPgParam('date', ' 1978-2-23 ')).toBe('1978-2-23');
    expect(toPgParam('text', 3.0)).toBe('3.0');
    expect(toPgParam('text', 12n)).toBe('12');
    expect(toPgParam('text', '')).toBe('');
    expect(toPgParam('text', 'a\u0000b')).toBe('ab');
    expect(toPgParam('text', null)).toBeNull();
  });
});
