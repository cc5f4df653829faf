import { loadModule } from 'libpg-query';
import { isPositionalReply } from '../../src/bench/businessConversations';
import { offeredReadings, readSql } from '../../src/bench/businessReadings';
import type { ClarificationOption } from '../../src/pipeline/types';

beforeAll(async () => {
  await loadModule();
});

describe('readSql', () => {
  it('qualifies tables with the default schema, keeps schemas, and drops CTE names', () => {
    const r = readSql(
      `WITH recent AS (SELECT * FROM plant WHERE planted_on >= DATE '2024-01-01')
       SELECT g.first_name, count(*) FROM recent r JOIN shop.gardener g ON g.gardener_id = r.gardener_id
       WHERE g.city = 'Leeds' GROUP BY g.first_name ORDER BY 2 DESC`,
    );
    expect(r.tables).toEqual(['public.plant', 'shop.gardener']);
    expect(r.ordered).toBe(true);
    expect(r.columns).toEqual(expect.arrayContaining(['first_name', 'planted_on', 'city', 'gardener_id']));
    expect(r.literals).toEqual(expect.arrayContaining(['leeds', '2024-01-01', '2024']));
    expect(r.functions).toContain('count');
  });

  it('reads an unordered query as unordered', () => {
    expect(readSql('SELECT count(*) FROM plant').ordered).toBe(false);
  });
});

describe('offeredReadings: does a clarification name both readings?', () => {
  const option = (label: string, tables: string[], column?: string): ClarificationOption => ({
    label,
    tables,
    ...(column ? { column } : {}),
  });

  it('matches options to readings by their distinguishing tables, in the order offered', () => {
    const gold = readSql('SELECT avg(rating) FROM shop.plant_reviews');
    const alt = readSql('SELECT avg(rating) FROM staff.appraisals');
    const inOrder = [
      option('Plant reviews', ['shop.plant_reviews']),
      option('Appraisals', ['staff.appraisals']),
    ];
    expect(offeredReadings(inOrder, gold, alt)).toEqual({ gold: 0, alt: 1, both: true, swapped: false });
    expect(offeredReadings([...inOrder].reverse(), gold, alt)).toEqual({
      gold: 1,
      alt: 0,
      both: true,
      swapped: true,
    });
    expect(offeredReadings([inOrder[0], option('Gardeners', ['shop.gardener'])], gold, alt).both).toBe(false);
  });

  it('matches by a distinguishing column, literal or aggregate in the label', () => {
    const count = readSql("SELECT count(*) FROM plant WHERE kind = 'shrub'");
    const sum = readSql("SELECT sum(price) FROM plant WHERE kind = 'shrub'");
    const byAggregate = [
      option('Number of plants', ['public.plant']),
      option('Total price', ['public.plant']),
    ];
    expect(offeredReadings(byAggregate, count, sum).both).toBe(true);

    const city = readSql("SELECT count(*) FROM gardener WHERE city = 'York'");
    const county = readSql("SELECT count(*) FROM gardener WHERE county = 'North Yorkshire'");
    const byColumn = [
      option('the county', ['public.gardener'], 'public.gardener.county'),
      option('York, the city', ['public.gardener']),
    ];
    expect(offeredReadings(byColumn, city, county)).toEqual({ gold: 1, alt: 0, both: true, swapped: true });

    const one = readSql("SELECT email FROM gardener WHERE last_name = 'Moss'");
    const other = readSql("SELECT email FROM gardener WHERE last_name = 'Reed'");
    expect(
      offeredReadings(
        [option('Ada Moss', ['public.gardener']), option('Cleo Reed', ['public.gardener'])],
        one,
        other,
      ).both,
    ).toBe(true);
    expect(
      offeredReadings(
        [option('Gardener', ['public.gardener']), option('Plant', ['public.plant'])],
        one,
        other,
      ).both,
    ).toBe(false);
  });

  it('names a reading whose features are all in the other one by what it shares and the other lacks', () => {
    const one = readSql("SELECT count(*) FROM plant WHERE kind = 'herb'");
    const both = readSql("SELECT count(*) FROM plant WHERE kind IN ('herb', 'shrub')");
    const options = [option('Herbs only', ['public.plant']), option('Herbs and shrubs', ['public.plant'])];
    expect(offeredReadings(options, one, both)).toEqual({ gold: 0, alt: 1, both: true, swapped: false });
    expect(offeredReadings([options[1]], one, both).both).toBe(false);
  });

  it('needs two different options', () => {
    const gold = readSql('SELECT count(*) FROM a.x');
    const alt = readSql('SELECT count(*) FROM a.y');
    expect(offeredReadings([option('x or y', ['a.x', 'a.y'])], gold, alt).both).toBe(false);
    expect(offeredReadings([], gold, alt)).toEqual({ gold: null, alt: null, both: false, swapped: false });
  });
});

describe('isPositionalReply (read with the bot option matcher)', () => {
  it.each(['the second one', '2', 'first', 'the last one', 'option 3'])('%s picks by position', (reply) => {
    expect(isPositionalReply(reply)).toBe(true);
  });
  it.each(['actual spend', 'the ones he wrote', 'product reviews'])('%s names an option', (reply) => {
    expect(isPositionalReply(reply)).toBe(false);
  });
});
