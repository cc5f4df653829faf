import type { CatalogColumn } from '../../src/catalog/types';
import { chooseDefaultTimeDimension, classifyColumn, type TimeDimension } from '../../src/semantic';
import { editDistance, plural, singular } from '../../src/semantic/language';

function column(name: string, dataType: string, extra: Partial<CatalogColumn> = {}): CatalogColumn {
  return { name, position: 1, dataType, nullable: true, comment: null, profile: null, ...extra };
}

const plain = { primaryKey: ['id'], foreignKeyColumns: new Set(['customer_id']), transactional: false };

describe('classifyColumn', () => {
  it.each([
    ['amount', 'numeric(10,2)', 'sum'],
    ['discount_amt', 'numeric', 'sum'],
    ['total_price', 'numeric', 'sum'],
    ['quantity', 'integer', 'sum'],
    ['num_employees', 'integer', 'sum'],
    ['attendees', 'integer', 'sum'],
    ['unit_price', 'numeric', 'avg'],
    ['price_per_unit', 'numeric', 'avg'],
    ['tax_rate', 'numeric', 'avg'],
    ['avg_rating', 'real', 'avg'],
    ['score', 'integer', 'avg'],
    ['age', 'integer', 'avg'],
    ['completion_pct', 'numeric', 'avg'],
  ])('%s (%s) is a measure aggregated by %s', (name, type, aggregation) => {
    expect(classifyColumn(column(name, type), plain)).toMatchObject({ kind: 'measure', aggregation });
  });

  it.each([
    ['id', 'integer', 'key'],
    ['customer_id', 'integer', 'key'],
    ['external_ref_key', 'bigint', 'key'],
    ['zip_code', 'integer', 'key'],
    ['fiscal_year', 'integer', 'year'],
    ['release_year', 'smallint', 'year'],
    ['sort_order', 'integer', 'dimension'],
    ['month', 'integer', 'dimension'],
    ['latitude', 'double precision', 'dimension'],
    ['is_active', 'boolean', 'boolean'],
    ['created_at', 'timestamp with time zone', 'time'],
    ['region', 'text', 'dimension'],
    ['payload', 'jsonb', 'ignored'],
  ])('%s (%s) is a %s', (name, type, kind) => {
    expect(classifyColumn(column(name, type), plain).kind).toBe(kind);
  });

  it('does not take a number outside year range for a year', () => {
    const c = column('year_total', 'integer', {
      profile: { distinctEstimate: 10, nullFraction: 0, topValues: [], min: '0', max: '90000' },
    });
    expect(classifyColumn(c, plain).kind).toBe('measure');
  });

  it('sums an unknown number on a transaction row and averages it on a thing', () => {
    const c = column('horsepower', 'integer');
    expect(classifyColumn(c, plain)).toMatchObject({ aggregation: 'avg' });
    expect(classifyColumn(c, { ...plain, transactional: true })).toMatchObject({ aggregation: 'sum' });
  });

  it('reads a currency from a comment', () => {
    expect(classifyColumn(column('cost', 'numeric', { comment: 'cost in USD' }), plain)).toMatchObject({
      currency: 'USD',
      money: true,
    });
  });
});

describe('chooseDefaultTimeDimension', () => {
  const time = (name: string, nullable = true): TimeDimension => ({
    column: name,
    name,
    synonyms: [],
    description: null,
    type: 'date',
    nullable,
    min: null,
    max: null,
    origin: 'derived',
  });
  it('takes the only date column', () => {
    expect(chooseDefaultTimeDimension([time('happened')], 'thing')).toEqual({
      column: 'happened',
      reason: 'the only date column',
    });
  });
  it('prefers the creating event over updates, deletions and shipping', () => {
    const chosen = chooseDefaultTimeDimension(
      [time('updated_at'), time('shipped_at'), time('created_at'), time('deleted_at')],
      'thing',
    );
    expect(chosen?.column).toBe('created_at');
    expect(chosen?.reason).toMatch(/created/);
  });
  it('prefers a NOT NULL date when names say nothing', () => {
    const chosen = chooseDefaultTimeDimension([time('alpha_date'), time('beta_date', false)], 'thing');
    expect(chosen).toEqual({ column: 'beta_date', reason: expect.stringMatching(/NOT NULL/) });
  });
});

describe('language helpers', () => {
  it.each([
    ['categories', 'category'],
    ['boxes', 'box'],
    ['status', 'status'],
    ['people', 'person'],
    ['addresses', 'address'],
    ['orders', 'order'],
  ])('singular(%s) = %s', (word, expected) => expect(singular(word)).toBe(expected));
  it.each([
    ['category', 'categories'],
    ['box', 'boxes'],
    ['person', 'people'],
    ['staff', 'staff'],
    ['goods', 'goods'],
  ])('plural(%s) = %s', (word, expected) => expect(plural(word)).toBe(expected));
  it('counts a transposition as one edit and stops past the bound', () => {
    expect(editDistance('categroy', 'category', 1)).toBe(1);
    expect(editDistance('revenu', 'revenue', 1)).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});
