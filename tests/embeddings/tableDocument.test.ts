import { buildTableDocument, representativeValues } from '../../src/catalog/tableDocument';
import type { CatalogColumn, CatalogTable, ColumnProfile } from '../../src/catalog/types';

function column(name: string, dataType: string, extra: Partial<CatalogColumn> = {}): CatalogColumn {
  return { name, position: 1, dataType, nullable: true, comment: null, profile: null, ...extra };
}

function profile(topValues: string[]): ColumnProfile {
  return { distinctEstimate: topValues.length, nullFraction: 0, topValues, min: null, max: null };
}

const orders: CatalogTable = {
  sourceId: 'demo',
  schema: 'sales',
  name: 'cust_orders',
  kind: 'table',
  comment: 'Orders placed online by customers',
  rowEstimate: 1000,
  columns: [
    column('order_id', 'integer'),
    column('cust_id', 'integer'),
    column('orderDt', 'date', { comment: 'When the order was placed' }),
    column('ship_qty', 'integer'),
    column('status', 'text', {
      profile: profile(['shipped', 'pending', '12345', '2024-01-02', 'ORD-000123', 'a'.repeat(60), 'shipped ']),
    }),
    column('channel', 'character varying(20)', { profile: profile(['web', 'mobile app']) }),
    column('amount', 'numeric(12,2)', { profile: profile(['10.5']) }),
  ],
  primaryKey: ['order_id'],
  foreignKeys: [
    {
      name: 'fk_cust',
      columns: ['cust_id'],
      referencedSchema: 'sales',
      referencedTable: 'customers',
      referencedColumns: ['id'],
    },
  ],
  fingerprint: 'f1',
};

describe('buildTableDocument', () => {
  const document = buildTableDocument(orders);
  const texts = (kind: string): string[] => document.entities.filter((e) => e.kind === kind).map((e) => e.text);

  it('names the table by schema.table', () => {
    expect(document.table).toBe('sales.cust_orders');
  });

  it('splits and expands table, schema and column names', () => {
    expect(texts('table_name')).toEqual(['customer orders']);
    expect(texts('schema_name')).toEqual(['sales']);
    expect(texts('column_name')).toContain('ship quantity');
    expect(texts('column_name')).toContain('channel');
  });

  it('drops a leading repetition of the table name from column names', () => {
    // order_id and cust_id in cust_orders -> "identifier", orderDt -> "date"
    expect(texts('column_name').filter((t) => t === 'identifier')).toHaveLength(2);
    expect(texts('column_name')).toContain('date');
  });

  it('keeps table and column comments', () => {
    expect(texts('table_comment')).toEqual(['Orders placed online by customers']);
    const comment = document.entities.find((e) => e.kind === 'column_comment');
    expect(comment).toMatchObject({ text: 'When the order was placed', column: 'orderDt' });
  });

  it('weighs key and foreign-key columns less', () => {
    const weight = (name: string): number | undefined =>
      document.entities.find((e) => e.kind === 'column_name' && e.column === name)?.weight;
    expect(weight('ship_qty')).toBe(1);
    expect(weight('order_id')).toBeLessThan(1);
    expect(weight('cust_id')).toBeLessThan(weight('order_id') ?? 0);
  });

  it('keeps representative text values and skips numbers, dates, codes and long strings', () => {
    expect(texts('value')).toEqual(['shipped', 'pending', 'web', 'mobile app']);
  });

  it('has a flat text and tokens with both short and expanded forms', () => {
    expect(document.text).toContain('customer orders');
    expect(document.tokens).toEqual(expect.arrayContaining(['cust', 'customer', 'qty', 'quantity', 'shipped']));
    expect(document.tokens.every((t) => t === t.toLowerCase())).toBe(true);
  });

  it('segments run-together names unless told not to', () => {
    const table: CatalogTable = { ...orders, name: 'roomnumber', columns: [column('blockfloor', 'integer')] };
    expect(buildTableDocument(table).entities[0].text).toBe('room number');
    expect(buildTableDocument(table, { segment: false }).entities[0].text).toBe('roomnumber');
  });
});

describe('representativeValues', () => {
  it('limits values per column and ignores non-text columns', () => {
    const many = column('city', 'text', { profile: profile(['Boise', 'Austin', 'Reno', 'Salem', 'Tulsa', 'Provo']) });
    expect(representativeValues(many, { maxValuesPerColumn: 3 })).toEqual(['Boise', 'Austin', 'Reno']);
    expect(representativeValues(column('n', 'integer', { profile: profile(['Boise']) }))).toEqual([]);
    expect(representativeValues(column('c', 'text'))).toEqual([]);
  });
});
