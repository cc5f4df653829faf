import { CatalogIntrospector } from '../../src/catalog/catalogIntrospector';
import { probeNames } from '../../src/pipeline/valueProbe';
import { deriveSemanticModel, SemanticLookup } from '../../src/semantic';
import { createTestDatabase, type TestDatabase } from '../support/databases';

/**
 * A made-up ferry line: vessels with names, and crossings whose booking numbers and stock codes are codes
 * that happen to hold a vessel's name ("ORCA-0001"). Many crossings, so the codes are not profiled whole.
 */
const FERRY_SQL = `
CREATE SCHEMA ferry;
CREATE TABLE ferry.vessels (vessel_id int PRIMARY KEY, vessel_name text NOT NULL);
CREATE TABLE ferry.crossings (
  crossing_id int PRIMARY KEY, vessel_id int NOT NULL REFERENCES ferry.vessels(vessel_id),
  booking_nbr text NOT NULL, sku text NOT NULL, harbour_note text NOT NULL);
INSERT INTO ferry.vessels
  SELECT g, 'Auk ' || g FROM generate_series(1, 40) g;
INSERT INTO ferry.vessels VALUES (41, 'Orca'), (42, 'Petrel');
INSERT INTO ferry.crossings
  SELECT g, 41, 'ORCA-' || lpad(g::text, 4, '0'), 'ORCA ' || g, 'calm day ' || g FROM generate_series(1, 300) g;
INSERT INTO ferry.crossings VALUES (301, 42, 'PTRL-0301', 'PTRL 301', 'Orca sighted near the pier');
`;

/** Decision rule 6 of src/retrieval/README.md: which columns the name probe reads. */
describe('name probe columns', () => {
  let db: TestDatabase | undefined;
  let lookup: SemanticLookup;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.source.exec(FERRY_SQL);
    const catalog = await new CatalogIntrospector().introspect(db.source, { schemas: ['ferry'] });
    lookup = new SemanticLookup(deriveSemanticModel(catalog));
  }, 120_000);
  afterAll(() => db?.drop());

  it('finds a name in names and free text, never in a number or code column', async () => {
    const source = (db as TestDatabase).source;
    const sql: string[] = [];
    const probe = await probeNames({
      question: 'how many crossings did the Orca make?',
      lookup,
      tables: ['ferry.vessels', 'ferry.crossings'],
      run: async (text) => {
        sql.push(text);
        return (await source.queryArrays(text)).rows;
      },
    });
    expect(probe.phrases.map((p) => p.words)).toEqual([['orca']]);
    const places = probe.hits.map((h) => `${h.table}.${h.columns.join('+')}`).sort();
    expect(places).toEqual(['ferry.crossings.harbour_note', 'ferry.vessels.vessel_name']);
    expect(probe.hits.find((h) => h.table === 'ferry.vessels')).toMatchObject({
      values: ['Orca'],
      whole: true,
    });
    expect(sql.join(' ')).not.toMatch(/booking_nbr|sku/);
  });
});
