import type { CatalogTable } from '../../src/catalog/types';
import { NEIGHBOURHOOD_LIMIT } from '../../src/retrieval/hybridRetriever';
import { retrievalFor, table } from './support/smallCatalog';

/**
 * Per-question structures that must not grow with the catalog: the tables generated SQL may read are
 * built once per snapshot, previous-turn tables are looked up, not scanned for, and a hub table's
 * foreign-key neighbourhood is bounded. Invented schema: a greenhouse referenced by many seed trays.
 */
const hub = table({
  schema: 'nursery',
  name: 'greenhouses',
  columns: [
    ['greenhouse_id', 'integer'],
    ['label', 'text'],
  ],
});
const trays: CatalogTable[] = Array.from({ length: NEIGHBOURHOOD_LIMIT + 20 }, (_, i) =>
  table({
    schema: 'nursery',
    name: `seed_trays_${i}`,
    columns: [
      ['tray_id', 'integer'],
      ['greenhouse_id', 'integer'],
      ['sown_on', 'date'],
    ],
    foreignKeys: [
      {
        columns: ['greenhouse_id'],
        referencedSchema: 'nursery',
        referencedTable: 'greenhouses',
        referencedColumns: ['greenhouse_id'],
      },
    ],
  }),
);

describe('per-question work independent of the catalog size', () => {
  it('builds the readable table set once per source and filters it only for a restricted user', async () => {
    const { state } = await retrievalFor([hub, ...trays.slice(0, 3)]);
    const all = state.tableKeys('src');
    expect(state.tableKeys('src')).toBe(all);
    expect([...all].sort()).toEqual([
      'nursery.greenhouses',
      'nursery.seed_trays_0',
      'nursery.seed_trays_1',
      'nursery.seed_trays_2',
    ]);
    const onlyHub = state.tableKeys('src', (_source, key) => key === 'nursery.greenhouses');
    expect([...onlyHub]).toEqual(['nursery.greenhouses']);
    expect(state.tableKeys('other').size).toBe(0);
  });

  it('ranks with a hub referenced by more tables than the neighbourhood limit, and keeps previous tables', async () => {
    const { state } = await retrievalFor([hub, ...trays]);
    const r = await state.retriever.retrieve({
      question: 'Which greenhouse label has the most seed trays?',
      previousTables: ['nursery.seed_trays_70'],
    });
    const keys = r.candidates.map((c) => c.corpusTable.key);
    expect(keys).toContain('nursery.greenhouses');
    expect(keys).toContain('nursery.seed_trays_70');
    for (const c of r.candidates) expect(c.features.schemaCoverage).toBeLessThanOrEqual(1);
  });
});
