import { canonicalValue, executionMatch } from '../../src/bench/executionMatch';
import { GoldRunner } from '../../src/bench/goldRunner';
import { createSpiderFixture } from './spiderFixture';

type Rows = unknown[][];

const CASES: { name: string; product: Rows; gold: Rows; ordered: boolean; match: boolean }[] = [
  { name: 'identical rows', product: [[1, 'a']], gold: [[1, 'a']], ordered: false, match: true },
  { name: 'both empty', product: [], gold: [], ordered: true, match: true },
  { name: 'empty vs one row', product: [], gold: [[1]], ordered: false, match: false },
  {
    name: 'unordered: row order does not matter',
    product: [[2], [1]],
    gold: [[1], [2]],
    ordered: false,
    match: true,
  },
  { name: 'ordered: row order matters', product: [[2], [1]], gold: [[1], [2]], ordered: true, match: false },
  { name: 'ordered and same order', product: [[1], [2]], gold: [[1], [2]], ordered: true, match: true },
  {
    name: 'multiset: duplicates count',
    product: [[1], [1], [2]],
    gold: [[1], [2], [2]],
    ordered: false,
    match: false,
  },
  { name: 'extra row', product: [[1], [2], [3]], gold: [[1], [2]], ordered: false, match: false },
  {
    name: 'column order matters (tuples, as Spider EX)',
    product: [['a', 1]],
    gold: [[1, 'a']],
    ordered: false,
    match: false,
  },
  { name: 'different column count', product: [[1, 2]], gold: [[1]], ordered: false, match: false },
  {
    name: 'float noise of an average',
    product: [[3.3333333333333335]],
    gold: [[3.333333333333333]],
    ordered: false,
    match: true,
  },
  {
    name: 'Postgres numeric as a string vs SQLite real',
    product: [['3.3333333333333333']],
    gold: [[3.3333333333333335]],
    ordered: false,
    match: true,
  },
  { name: 'rounded to 4 decimals', product: [[0.12341]], gold: [[0.12339]], ordered: false, match: true },
  { name: 'beyond 4 decimals apart', product: [[0.1234]], gold: [[0.1236]], ordered: false, match: false },
  { name: 'integer vs numeric string', product: [['42']], gold: [[42]], ordered: false, match: true },
  { name: 'bigint vs number', product: [[BigInt(7)]], gold: [[7]], ordered: false, match: true },
  { name: 'trailing zeros of numeric', product: [['2.50']], gold: [[2.5]], ordered: false, match: true },
  { name: 'null equals null', product: [[null, 1]], gold: [[null, 1]], ordered: false, match: true },
  { name: 'null is not zero', product: [[0]], gold: [[null]], ordered: false, match: false },
  {
    name: "null is not the string 'null'",
    product: [['null']],
    gold: [[null]],
    ordered: false,
    match: false,
  },
  { name: 'boolean vs SQLite 0/1', product: [[true], [false]], gold: [[1], [0]], ordered: true, match: true },
  { name: 'strings are exact', product: [['Smith']], gold: [['smith']], ordered: false, match: false },
  {
    name: 'ISO date-time from JSON vs SQLite text',
    product: [['2008-04-24T10:00:00.000Z']],
    gold: [['2008-04-24 10:00']],
    ordered: false,
    match: true,
  },
  {
    name: 'Postgres date vs unpadded SQLite date',
    product: [['1978-02-23']],
    gold: [['1978-2-23']],
    ordered: false,
    match: true,
  },
  {
    name: 'midnight timestamp vs date',
    product: [['2007-01-01T00:00:00.000Z']],
    gold: [['2007-01-01 00:00:00']],
    ordered: false,
    match: true,
  },
  {
    name: 'different dates',
    product: [['2008-05-01']],
    gold: [['2008-05-02']],
    ordered: false,
    match: false,
  },
];

describe('executionMatch', () => {
  it.each(CASES)('$name', ({ product, gold, ordered, match }) => {
    expect(executionMatch({ product, gold, ordered })).toBe(match);
  });

  it('matches permuted columns only when asked to', () => {
    const product = [
      ['a', 1, 'x'],
      ['b', 2, 'y'],
    ];
    const gold = [
      [1, 'a', 'x'],
      [2, 'b', 'y'],
    ];
    expect(executionMatch({ product, gold, ordered: false })).toBe(false);
    expect(executionMatch({ product, gold, ordered: false, columnOrder: 'any' })).toBe(true);
    const wrong = [
      ['a', 2, 'x'],
      ['b', 1, 'y'],
    ];
    expect(executionMatch({ product: wrong, gold, ordered: false, columnOrder: 'any' })).toBe(false);
  });

  it('reads a Date object in local time, as pg builds timestamps without time zone', () => {
    expect(canonicalValue(new Date(2008, 3, 24, 10, 0, 0))).toBe(canonicalValue('2008-04-24 10:00:00'));
  });
});

describe('GoldRunner', () => {
  const fixture = createSpiderFixture();
  const runner = GoldRunner.create({ spiderDir: fixture.dir });
  afterAll(() => {
    runner.close();
    fixture.remove();
  });

  it('runs gold SQL on the SQLite file and compares with product-shaped rows', () => {
    const gold = runner.run({
      dbId: 'orchard_1',
      sql: 'SELECT pName FROM Picker WHERE Rookie  =  \'no\' OR Badge = "30" ORDER BY pName DESC',
    });
    expect(gold).toEqual({ ok: true, columns: ['pName'], rows: [['Tomas'], ['Oskar'], ['Ines']] });
    if (!gold.ok) return;
    expect(
      executionMatch({ product: [['Tomas'], ['Oskar'], ['Ines']], gold: gold.rows, ordered: true }),
    ).toBe(true);
    expect(
      executionMatch({ product: [['Ines'], ['Oskar'], ['Tomas']], gold: gold.rows, ordered: true }),
    ).toBe(false);
    const avg = runner.run({ dbId: 'clinic_1', sql: 'SELECT avg(Fee) FROM Visit' });
    expect(
      avg.ok && executionMatch({ product: [['42.1000000000000000']], gold: avg.rows, ordered: false }),
    ).toBe(true);
  });

  it('returns a failure instead of throwing', () => {
    const r = runner.run({ dbId: 'orchard_1', sql: 'SELECT nope FROM Picker' });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^GoldRunner\.run: orchard_1: .*nope/) });
    expect(runner.run({ dbId: 'no_such_db', sql: 'SELECT 1' }).ok).toBe(false);
  });
});
