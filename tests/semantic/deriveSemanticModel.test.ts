import { CatalogIntrospector } from '../../src/catalog/catalogIntrospector';
import type { SourceCatalog } from '../../src/catalog/types';
import {
  deriveSemanticModel,
  SemanticLookup,
  type Entity,
  type ModelElement,
  type SemanticModel,
} from '../../src/semantic';
import { repeatedActionPhrases } from '../../src/semantic/language';
import { BACKEND, createTestDatabase, type TestDatabase } from '../support/databases';
import { SEMANTIC_FIXTURE_SQL } from './semanticFixture';

function entity(model: SemanticModel, table: string): Entity {
  const found = model.entities.find((e) => e.table === table);
  if (!found) throw new Error(`no entity ${table}`);
  return found;
}

function describeElement(e: ModelElement): string {
  switch (e.kind) {
    case 'entity':
      return `entity ${e.entity.table}`;
    case 'measure':
      return `measure ${e.entity.table}.${e.measure.column}`;
    case 'timeDimension':
      return `time ${e.entity.table}.${e.timeDimension.column}`;
    case 'dimension':
      return `dimension ${e.entity.table}.${e.dimension.column}`;
    case 'flag':
      return `flag ${e.entity.table}.${e.flag.column}`;
    case 'flagState':
      return `state ${e.entity.table}.${e.flag.column}=${e.state.label}`;
    case 'metric':
      return `metric ${e.metric.table}:${e.metric.name}`;
    case 'value':
      return `value ${e.entity.table}.${e.dimension.column}=${e.value}`;
  }
}

describe(`deriveSemanticModel on an introspected schema (${BACKEND})`, () => {
  let db: TestDatabase;
  let catalog: SourceCatalog;
  let model: SemanticModel;

  beforeAll(async () => {
    db = await createTestDatabase('tb_semantic');
    await db.source.exec(SEMANTIC_FIXTURE_SQL);
    catalog = await new CatalogIntrospector().introspect(db.source, { profile: { sampleRows: 1000 } });
    model = deriveSemanticModel(catalog);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('names entities in the singular and plural, without table affixes, with business synonyms', () => {
    const clients = entity(model, 'shop.clients_tbl');
    expect([clients.name, clients.plural]).toEqual(['client', 'clients']);
    expect(clients.synonyms).toEqual(expect.arrayContaining(['customer', 'customers']));
    expect(clients.description).toBe('People and companies who buy from the shop');
    const staff = entity(model, 'shop.employees');
    expect(staff.synonyms).toEqual(expect.arrayContaining(['staff', 'reps']));
    expect(entity(model, 'shop.order_lines').synonyms).toEqual(expect.arrayContaining(['line items']));
  });

  it('sums amounts and quantities, averages prices, rates and scores, never makes a key a measure', () => {
    const aggregation = (table: string) =>
      Object.fromEntries(entity(model, table).measures.map((m) => [m.column, m.aggregation]));
    expect(aggregation('shop.orders')).toEqual({ freight: 'sum', total_amt: 'sum' });
    expect(aggregation('shop.order_lines')).toEqual({ unit_price: 'avg', qty: 'sum', discount: 'avg' });
    expect(aggregation('shop.items')).toMatchObject({
      list_prc: 'avg',
      units_in_stock: 'sum',
      weight_kg: 'avg',
    });
    expect(aggregation('shop.support_tickets')).toEqual({ satisfaction_score: 'avg' });
    expect(aggregation('shop.employees')).toEqual({ salary: 'avg', age: 'avg' });
    for (const e of model.entities) {
      for (const m of e.measures) expect(m.column).not.toMatch(/_id$|_no$|number$/);
    }
    expect(entity(model, 'shop.order_lines').keyColumns).toEqual(
      expect.arrayContaining(['line_id', 'order_id', 'item_id', 'line_no']),
    );
    expect(entity(model, 'shop.clients_tbl').keyColumns).toContain('phone_number');
  });

  it('reads units and currencies from names and comments', () => {
    const orders = entity(model, 'shop.orders');
    expect(orders.measures.find((m) => m.column === 'total_amt')).toMatchObject({
      name: 'total amount',
      currency: 'EUR',
      money: true,
    });
    expect(entity(model, 'shop.items').measures.find((m) => m.column === 'weight_kg')).toMatchObject({
      name: 'weight',
      unit: 'kg',
      money: false,
    });
  });

  it('makes a year-like integer a year dimension, never a measure', () => {
    const clients = entity(model, 'shop.clients_tbl');
    expect(clients.measures.map((m) => m.column)).not.toContain('signup_year');
    expect(clients.yearColumns.map((y) => y.column)).toEqual(['signup_year']);
    expect(clients.dimensions.find((d) => d.column === 'signup_year')?.isYear).toBe(true);
  });

  it('chooses the default time dimension with a reason', () => {
    expect(entity(model, 'shop.orders').defaultTimeDimension).toEqual({
      column: 'ordered_on',
      reason: expect.stringMatching(
        /"ordered" names the event that creates the row; preferred over ship_date, required_date/,
      ),
    });
    expect(entity(model, 'shop.clients_tbl').defaultTimeDimension?.column).toBe('created_at');
    expect(entity(model, 'shop.support_tickets').defaultTimeDimension?.column).toBe('opened_at');
    expect(entity(model, 'shop.items').defaultTimeDimension).toBeNull();
    expect(entity(model, 'shop.orders').timeDimensions.map((t) => [t.column, t.type])).toEqual([
      ['ordered_on', 'date'],
      ['ship_date', 'date'],
      ['required_date', 'date'],
    ]);
  });

  it('picks display columns: a name, first and last name, a subject', () => {
    expect(entity(model, 'shop.clients_tbl').displayColumns).toEqual(['first_name', 'last_name']);
    expect(entity(model, 'shop.items').displayColumns).toEqual(['item_name']);
    expect(entity(model, 'shop.employees').displayColumns).toEqual(['full_name']);
    expect(entity(model, 'shop.support_tickets').displayColumns).toEqual(['subject']);
    expect(entity(model, 'shop.order_lines').displayColumns).toEqual([]);
  });

  it('derives flags from booleans, status columns and meaningful nulls', () => {
    const clients = entity(model, 'shop.clients_tbl');
    expect(clients.flags).toEqual([
      expect.objectContaining({
        column: 'is_active',
        kind: 'boolean',
        states: [
          expect.objectContaining({
            label: 'active',
            predicate: { column: 'is_active', op: 'eq', value: true },
          }),
          expect.objectContaining({
            label: 'inactive',
            predicate: { column: 'is_active', op: 'eq', value: false },
          }),
        ],
      }),
    ]);
    const orders = entity(model, 'shop.orders');
    const status = orders.flags.find((f) => f.kind === 'status');
    expect(status?.states.map((s) => s.label).sort()).toEqual(['cancelled', 'open', 'shipped']);
    const shipped = orders.flags.find((f) => f.kind === 'nullable');
    expect(shipped?.column).toBe('ship_date');
    expect(shipped?.states.map((s) => [s.label, s.predicate.op])).toEqual([
      ['shipped', 'is_not_null'],
      ['not shipped', 'is_null'],
    ]);
    const tickets = entity(model, 'shop.support_tickets');
    const open = tickets.flags.find((f) => f.column === 'state')?.states.find((s) => s.label === 'open');
    expect(open?.predicate).toEqual({ column: 'state', op: 'eq', value: 'Open' });
    expect(open?.eventWords).toContain('opened');
    // a column that is never null-meaningful by name is no flag
    expect(orders.flags.map((f) => f.column)).not.toContain('required_date');
  });

  it('hides secret columns', () => {
    const items = entity(model, 'shop.items');
    expect(items.hiddenColumns).toEqual(['password_hash']);
    expect(items.dimensions.map((d) => d.column)).not.toContain('password_hash');
  });

  it('derives revenue of line items, revenue and average order value of orders, headcount of staff', () => {
    const byKey = Object.fromEntries(model.metrics.map((m) => [`${m.table}:${m.name}`, m]));
    expect(byKey['shop.order_lines:revenue']).toMatchObject({
      aggregation: 'sum',
      derived: true,
      expression: {
        kind: 'binary',
        op: '*',
        left: {
          kind: 'binary',
          op: '*',
          left: { kind: 'column', column: 'unit_price' },
          right: { kind: 'column', column: 'qty' },
        },
        right: {
          kind: 'binary',
          op: '-',
          left: { kind: 'number', value: 1 },
          right: { kind: 'column', column: 'discount' },
        },
      },
    });
    expect(byKey['shop.order_lines:revenue'].synonyms).toEqual(expect.arrayContaining(['sales', 'turnover']));
    expect(byKey['shop.orders:revenue']).toMatchObject({
      aggregation: 'sum',
      expression: { kind: 'column', column: 'total_amt' },
      currency: 'EUR',
    });
    expect(byKey['shop.orders:average order value']).toMatchObject({ aggregation: 'avg' });
    expect(byKey['shop.employees:headcount']).toMatchObject({
      aggregation: 'count',
      expression: { kind: 'rows' },
      filters: [{ column: 'termination_date', op: 'is_null' }],
    });
    // an attribute table with a price and a stock level has no revenue
    expect(model.metrics.filter((m) => m.table === 'shop.items')).toEqual([]);
  });

  it('is JSON-safe and deterministic', () => {
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
    expect(deriveSemanticModel(catalog)).toEqual(model);
  });

  describe('SemanticLookup', () => {
    let lookup: SemanticLookup;
    beforeAll(() => {
      lookup = new SemanticLookup(model);
    });
    const cover = (question: string) =>
      lookup.resolve(question).cover.map((m) => `${m.text} -> ${describeElement(m.element)}`);

    it('resolves business words, synonyms and plurals to entities, measures and metrics', () => {
      expect(cover('total revenue by client')).toEqual(
        expect.arrayContaining([
          'revenue -> metric shop.order_lines:revenue',
          'revenue -> metric shop.orders:revenue',
          'client -> entity shop.clients_tbl',
        ]),
      );
      expect(cover('headcount of reps')).toEqual([
        'headcount -> metric shop.employees:headcount',
        'reps -> entity shop.employees',
      ]);
      expect(cover('average order value')).toEqual([
        'average order value -> metric shop.orders:average order value',
      ]);
      expect(cover('AOV per customer')).toEqual(
        expect.arrayContaining([
          'aov -> metric shop.orders:average order value',
          'customer -> entity shop.clients_tbl',
        ]),
      );
      expect(lookup.lookup('shipping cost').map(describeElement)).toEqual(['measure shop.orders.freight']);
      expect(lookup.lookup('SKUs').map(describeElement)).toEqual(['entity shop.items']);
    });

    it('resolves profiled values, flag states and their event words', () => {
      expect(cover('how many dairy products')).toContain(
        'dairy products -> value shop.items.category=Dairy Products',
      );
      expect(cover('orders not shipped yet')).toContain(
        'not shipped yet -> state shop.orders.ship_date=not shipped',
      );
      expect(cover('inactive clients')).toContain('inactive -> state shop.clients_tbl.is_active=inactive');
      const opened = lookup.resolve('tickets opened last month').matches.filter((m) => m.text === 'opened');
      expect(opened.map((m) => [describeElement(m.element), m.via])).toEqual(
        expect.arrayContaining([
          ['time shop.support_tickets.opened_at', 'synonym'],
          ['state shop.support_tickets.state=open', 'event'],
        ]),
      );
    });

    it('matches typos of names and values, and reports words it cannot account for', () => {
      const reading = lookup.resolve('revenu by categroy and salary of employeees in Seafod');
      expect(reading.cover.map((m) => `${m.text} -> ${describeElement(m.element)} (${m.via})`)).toEqual(
        expect.arrayContaining([
          'revenu -> metric shop.order_lines:revenue (typo)',
          'categroy -> dimension shop.items.category (typo)',
          'salary -> measure shop.employees.salary (name)',
          'employeees -> entity shop.employees (typo)',
          'seafod -> value shop.items.category=Seafood (typo)',
        ]),
      );
      expect(
        lookup
          .resolve('carbon footprint of items')
          .uncovered.map((i) => lookup.resolve('carbon footprint of items').words[i]),
      ).toEqual(['carbon', 'footprint']);
      expect(lookup.matchValue('seafood').map((m) => describeElement(m.element))).toEqual([
        'value shop.items.category=Seafood',
      ]);
      expect(lookup.matchValue('beverage', { table: 'shop.items', column: 'category' })).toHaveLength(1);
    });
  });
});

describe('measure names whose head only says "amount of"', () => {
  const column = (name: string, dataType: string) => ({
    name,
    position: 1,
    dataType,
    nullable: false,
    comment: null,
    profile: null,
  });
  const model = deriveSemanticModel({
    sourceId: 'ferry',
    tables: [
      {
        sourceId: 'ferry',
        schema: 'fy',
        name: 'cancellations',
        kind: 'table',
        comment: null,
        rowEstimate: 10,
        columns: [
          column('cancellation_id', 'integer'),
          column('refund_amt', 'numeric(8,2)'),
          column('fee_total', 'numeric(8,2)'),
          column('total_amt', 'numeric(8,2)'),
          column('unit_price', 'numeric(8,2)'),
          column('reissued', 'boolean'),
          column('reviewed', 'boolean'),
        ].map((c, i) => ({ ...c, position: i + 1 })),
        primaryKey: ['cancellation_id'],
        foreignKeys: [],
        fingerprint: 'fy.cancellations',
      },
    ],
  });
  const synonyms = (name: string) =>
    entity(model, 'fy.cancellations').measures.find((m) => m.column === name)?.synonyms ?? [];

  it('names a summed "<word> amount" or "<word> total" by the word, singular and plural', () => {
    expect(synonyms('refund_amt')).toEqual(expect.arrayContaining(['refund', 'refunds']));
    expect(synonyms('fee_total')).toEqual(expect.arrayContaining(['fee', 'fees']));
  });

  it('adds nothing to a total amount or to an averaged price', () => {
    expect(synonyms('total_amt')).not.toContain('total');
    expect(synonyms('unit_price')).not.toContain('unit');
  });
});

describe('yes/no columns named by a re- verb', () => {
  it('are also named by the verb done again, from its WordNet definition', () => {
    expect(repeatedActionPhrases('reopened')).toEqual(expect.arrayContaining(['opened again', 'open again']));
    expect(repeatedActionPhrases('restocked')).toEqual(expect.arrayContaining(['back in stock']));
    // "review" is defined as "look at again", not "view again"; "refund" as "pay back".
    expect(repeatedActionPhrases('reviewed')).toEqual([]);
    expect(repeatedActionPhrases('refunded')).toEqual([]);
  });
});
