import type { CatalogColumn, CatalogTable } from '../../../src/catalog/types';
import { findCues } from '../../../src/sql/builtin/cuePatterns';
import { JoinGraph } from '../../../src/sql/builtin/joinGraph';
import { tokenizeQuestion } from '../../../src/sql/builtin/questionTokens';
import { SchemaLinker, type SchemaMention, type ValueMention } from '../../../src/sql/builtin/schemaLinker';
import { buildSchemaModel } from '../../../src/sql/builtin/schemaModel';
import { porterStem, splitIdentifier } from '../../../src/text';

function column(name: string, dataType: string, topValues: string[] = []): CatalogColumn {
  return {
    name,
    position: 1,
    dataType,
    nullable: true,
    comment: null,
    profile: { distinctEstimate: topValues.length || null, nullFraction: 0, topValues, min: null, max: null },
  };
}

function table(
  name: string,
  columns: CatalogColumn[],
  primaryKey: string[],
  foreignKeys: CatalogTable['foreignKeys'] = [],
): CatalogTable {
  return {
    sourceId: 'test',
    schema: 'app',
    name,
    kind: 'table',
    comment: null,
    rowEstimate: 100,
    columns: columns.map((c, i) => ({ ...c, position: i + 1 })),
    primaryKey,
    foreignKeys,
    fingerprint: name,
  };
}

const TABLES: CatalogTable[] = [
  table(
    'products',
    [
      column('product_id', 'integer'),
      column('product_name', 'text'),
      column('category', 'text', ['Fashion', 'Home']),
      column('unit_price', 'numeric(10,2)'),
    ],
    ['product_id'],
  ),
  table(
    'users',
    [
      column('user_id', 'integer'),
      column('display_name', 'text'),
      column('location', 'text', ['Boise, ID', 'Austin, TX']),
      column('stuID', 'integer'),
    ],
    ['user_id'],
  ),
  table(
    'trip',
    [column('id', 'integer'), column('end_station_id', 'integer'), column('start_station_id', 'integer')],
    ['id'],
  ),
  table('station', [column('id', 'integer'), column('name', 'text')], ['id']),
];

const model = buildSchemaModel(TABLES, []);
const linker = SchemaLinker.forModel(model);

function link(question: string) {
  const tokens = tokenizeQuestion(question);
  return { tokens, mentions: linker.link(tokens) };
}

describe('tokenizeQuestion', () => {
  it.each([
    [
      'How many users live in "Boise, ID"?',
      ['How', 'many', 'users', 'live', 'in', 'Boise, ID', '?'],
      'quoted',
    ],
    ["What is Astrid Gruber's email?", ['What', 'is', 'Astrid', 'Gruber', "'s", 'email', '?'], 'word'],
    ['Orders over 1,200.50 since 2023-05-01', ['Orders', 'over', '1,200.50', 'since', '2023-05-01'], 'date'],
    ['Course QM-261 and Ph.D holders', ['Course', 'QM-261', 'and', 'Ph.D', 'holders'], 'word'],
  ])('splits %s', (question, texts, kind) => {
    const tokens = tokenizeQuestion(question);
    expect(tokens.map((t) => t.text)).toEqual(texts);
    expect(tokens.some((t) => t.kind === kind)).toBe(true);
  });

  it('reads dates written in words as ISO dates', () => {
    const tokens = tokenizeQuestion('Hired between November 5th, 2007 and 21 June 2009, or on 3rd May 2010?');
    expect(tokens.filter((t) => t.kind === 'date').map((t) => t.text)).toEqual([
      '2007-11-05',
      '2009-06-21',
      '2010-05-03',
    ]);
  });

  it('reads numbers and number words', () => {
    const tokens = tokenizeQuestion('the top three of 1,200 rows');
    expect(tokens.find((t) => t.lower === 'three')?.number).toBe(3);
    expect(tokens.find((t) => t.kind === 'number')?.number).toBe(1200);
  });
});

describe('identifiers and stems', () => {
  it.each([
    ['productName', ['product', 'name']],
    ['end_station_id', ['end', 'station', 'id']],
    ['HTTPServer2', ['http', 'server', '2']],
  ])('splits %s', (identifier, parts) => {
    expect(splitIdentifier(identifier)).toEqual(parts);
  });

  it('stems inflections to one key', () => {
    expect(porterStem('located')).toBe(porterStem('location'));
    expect(porterStem('categories')).toBe(porterStem('category'));
  });

  it('expands abbreviations in column words (stuID → student id)', () => {
    const stu = model.columns.find((c) => c.name === 'stuID');
    expect(stu?.words).toEqual(['student', 'id']);
  });
});

describe('findCues', () => {
  it.each([
    ['How many products are there?', 'count'],
    ['What is the average unit price?', 'aggregate'],
    ['Which category has the most products?', 'extreme'],
    ['List products with a price of at least 10', 'compare'],
    ['Show the total sales for each category', 'group'],
    ['List users sorted by display name', 'order'],
    ['Which customers have never ordered?', 'negation'],
    ['What are the different categories?', 'distinct'],
    ['How many orders were placed in the past 5 years?', 'period'],
    ['What were the sales by quarter?', 'bucket'],
    ['Which products have names containing lamp?', 'like'],
  ])('%s has a %s cue', (question, kind) => {
    expect(findCues(tokenizeQuestion(question)).map((c) => c.meaning.kind)).toContain(kind);
  });

  it('captures the number of "top 5" and "past 3 months"', () => {
    const cues = findCues(tokenizeQuestion('the top 5 products in the past 3 months'));
    expect(cues.find((c) => c.meaning.kind === 'limit')?.number).toBe(5);
    const period = cues.find((c) => c.meaning.kind === 'period');
    expect(period?.number).toBe(3);
    expect(period?.meaning).toMatchObject({ unit: 'month', anchor: 'past' });
  });

  it('does not read "phone number of" as a count', () => {
    expect(
      findCues(tokenizeQuestion('What is the phone number of Ada?')).map((c) => c.meaning.kind),
    ).not.toContain('count');
  });
});

describe('SchemaLinker', () => {
  it.each([
    ['Show the fashion products', 'category', 'Fashion'],
    ['List the users in Boise, ID sorted by display name', 'location', 'Boise, ID'],
  ])('links a profile value in "%s"', (question, columnName, value) => {
    const values = link(question).mentions.filter((m): m is ValueMention => m.kind === 'value');
    const hit = values.flatMap((v) => v.candidates).find((c) => c.column.name === columnName);
    expect(hit?.value).toBe(value);
  });

  it.each([
    ['What is the unit price of each product?', 'unit_price'],
    ['List the display names of users', 'display_name'],
    ['Which products cost more than 10?', 'unit_price'],
  ])('links a column phrase in "%s"', (question, columnName) => {
    const schema = link(question).mentions.filter((m): m is SchemaMention => m.kind === 'schema');
    expect(schema.some((m) => m.columns[0]?.column.name === columnName)).toBe(true);
  });

  it('links a plural table noun', () => {
    const schema = link('How many products are there?').mentions.filter(
      (m): m is SchemaMention => m.kind === 'schema',
    );
    expect(schema[0].tables[0].table.table.name).toBe('products');
  });

  it('reads a capitalised name as a literal', () => {
    const values = link('What is the email of Astrid Gruber?').mentions.filter(
      (m): m is ValueMention => m.kind === 'value',
    );
    expect(values.map((v) => v.text)).toEqual(['Astrid Gruber']);
  });
});

describe('ValueLinker: lower-case function words are not values', () => {
  const ferries = SchemaLinker.forModel(
    buildSchemaModel(
      [
        table(
          'ports',
          [
            column('port_id', 'integer'),
            column('port_name', 'text'),
            column('country_code', 'text', ['US', 'GB', 'IT']),
          ],
          ['port_id'],
        ),
      ],
      [],
    ),
  );
  const codes = (question: string) =>
    ferries
      .link(tokenizeQuestion(question))
      .filter((m): m is ValueMention => m.kind === 'value')
      .flatMap((m) => m.candidates.map((c) => c.value));

  it.each([
    'Which ports have not sent a ferry to us this year?',
    'How many ports work for us?',
    'ports that sold it to us',
  ])('reads the pronoun in "%s" as no value', (question) => {
    expect(codes(question)).toEqual([]);
  });

  it.each([
    ['How many ports are in the US?', 'US'],
    ['How many ports are in the us?', 'US'],
    ['ports in IT', 'IT'],
  ])('reads the code in "%s"', (question, code) => {
    expect(codes(question)).toContain(code);
  });
});

describe('JoinGraph', () => {
  it('infers joins the catalog does not declare from key names and prefers the edge the question names', () => {
    const graph = JoinGraph.build(model, (edge) =>
      edge.fromColumns.some((c) => c.startsWith('end')) ? 1 : 0,
    );
    const trip = model.tables.find((t) => t.table.name === 'trip');
    const station = model.tables.find((t) => t.table.name === 'station');
    if (!trip || !station) throw new Error('fixture tables missing');
    const { steps, unreachable } = graph.connect([trip, station], trip);
    expect(unreachable).toEqual([]);
    expect(steps[1].via?.pairs).toEqual([['id', 'end_station_id']]);
  });
});
