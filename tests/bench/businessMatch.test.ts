import { businessMatch, type ResultTable } from '../../src/bench/businessMatch';

const table = (columns: string[], rows: unknown[][]): ResultTable => ({ columns, rows });
const match = (bot: ResultTable, gold: ResultTable, ordered = false) => businessMatch({ bot, gold, ordered });

describe('businessMatch: the business set README rule 3', () => {
  it('pairs each gold column with a different bot column and ignores extra bot columns', () => {
    const gold = table(
      ['kind', 'avg'],
      [
        ['herb', 3.175],
        ['shrub', 21.25],
      ],
    );
    // Columns in another order, plus an extra count column.
    const bot = table(
      ['avg', 'n', 'kind'],
      [
        ['21.25', 2, 'shrub'],
        ['3.175', 2, 'herb'],
      ],
    );
    expect(match(bot, gold)).toBe(true);
  });

  it('fails when a gold column is missing or rows differ in number', () => {
    const gold = table(['first_name', 'city'], [['Ada', 'Leeds']]);
    expect(match(table(['first_name'], [['Ada']]), gold)).toBe(false);
    expect(
      match(
        table(
          ['first_name', 'city'],
          [
            ['Ada', 'Leeds'],
            ['Ada', 'Leeds'],
          ],
        ),
        gold,
      ),
    ).toBe(false);
  });

  it('never pairs one bot column with two gold columns', () => {
    const gold = table(['a', 'b'], [[1, 1]]);
    expect(match(table(['x'], [[1]]), gold)).toBe(false);
    expect(match(table(['x', 'y'], [[1, 1]]), gold)).toBe(true);
  });

  it('compares rows as a multiset, or as a sequence when order matters', () => {
    const gold = table(['name'], [['a'], ['b']]);
    const bot = table(['name'], [['b'], ['a']]);
    expect(match(bot, gold, false)).toBe(true);
    expect(match(bot, gold, true)).toBe(false);
    expect(match(table(['name'], [['a'], ['a']]), gold)).toBe(false);
  });

  it('rounds numbers, numeric strings included, to 2 decimals', () => {
    expect(match(table(['v'], [['39.4745762711864407']]), table(['v'], [[39.47]]))).toBe(true);
    expect(match(table(['v'], [[1.004]]), table(['v'], [['1.00']]))).toBe(true);
    expect(match(table(['v'], [[1.01]]), table(['v'], [[1.02]]))).toBe(false);
    expect(match(table(['v'], [[BigInt(83)]]), table(['v'], [['83']]))).toBe(true);
  });

  it('compares dates and timestamps as calendar values', () => {
    const gold = table(['d'], [[new Date(2023, 3, 1)]]);
    for (const v of ['2023-04-01', '2023-04-01 00:00:00', '2023-04-01T00:00:00.000Z', new Date(2023, 3, 1)]) {
      expect(match(table(['d'], [[v]]), gold)).toBe(true);
    }
    expect(match(table(['d'], [['2023-04-01 10:30:00']]), gold)).toBe(false);
  });

  it('reads a YYYY-MM text as the first day of that month', () => {
    const gold = table(['month'], [['2023-04-01'], ['2023-05-01']]);
    expect(match(table(['m'], [['2023-04'], ['2023-05']]), gold)).toBe(true);
    expect(match(table(['m'], [['2023-04'], ['2023-06']]), gold)).toBe(false);
  });

  it('accepts month numbers for month buckets only when every gold row is in one year', () => {
    const oneYear = table(
      ['month', 'n'],
      [
        [new Date(2021, 0, 1), 7],
        [new Date(2021, 1, 1), 6],
      ],
    );
    expect(
      match(
        table(
          ['m', 'n'],
          [
            [1, 7],
            ['2', 6],
          ],
        ),
        oneYear,
      ),
    ).toBe(true);
    expect(
      match(
        table(
          ['m', 'n'],
          [
            [1, 6],
            [2, 7],
          ],
        ),
        oneYear,
      ),
    ).toBe(false);
    const twoYears = table(
      ['month', 'n'],
      [
        [new Date(2021, 11, 1), 7],
        [new Date(2022, 0, 1), 6],
      ],
    );
    expect(
      match(
        table(
          ['m', 'n'],
          [
            [12, 7],
            [1, 6],
          ],
        ),
        twoYears,
      ),
    ).toBe(false);
    // A month number column never stands for something that is not a month bucket.
    expect(match(table(['m'], [[4]]), table(['d'], [[new Date(2021, 3, 15)]]))).toBe(false);
  });

  it("matches first_name and last_name with one 'first last' column", () => {
    const gold = table(
      ['first_name', 'last_name'],
      [
        ['Nancy', 'Edwards'],
        ['Ada', 'Moss'],
      ],
    );
    expect(match(table(['name'], [['Ada Moss'], ['Nancy Edwards']]), gold)).toBe(true);
    expect(
      match(
        table(
          ['first_name', 'last_name'],
          [
            ['Ada', 'Moss'],
            ['Nancy', 'Edwards'],
          ],
        ),
        gold,
      ),
    ).toBe(true);
    expect(match(table(['name'], [['Moss Ada'], ['Edwards Nancy']]), gold)).toBe(false);
    const withMeasure = table(['first_name', 'last_name', 'revenue'], [['Ada', 'Moss', 10]]);
    expect(match(table(['revenue', 'customer'], [[10, 'Ada Moss']]), withMeasure)).toBe(true);
  });

  it('reads booleans as 1 and 0, trims text, and lets NULL equal only NULL', () => {
    expect(match(table(['b'], [[true], [false]]), table(['b'], [[1], [0]]))).toBe(true);
    expect(match(table(['t'], [['  Leeds ']]), table(['t'], [['Leeds']]))).toBe(true);
    expect(match(table(['t'], [['leeds']]), table(['t'], [['Leeds']]))).toBe(false);
    expect(match(table(['v'], [[null]]), table(['v'], [[null]]))).toBe(true);
    expect(match(table(['v'], [[0]]), table(['v'], [[null]]))).toBe(false);
    expect(match(table(['v'], [['']]), table(['v'], [[null]]))).toBe(false);
  });

  it('matches two empty results', () => {
    expect(match(table(['a'], []), table(['b'], []))).toBe(true);
  });
});
