import type { CatalogTable } from '../../src/catalog/types';
import { NEIGHBOURHOOD_LIMIT } from '../../src/retrieval/hybridRetriever';
import { Bm25Index, buildTableEntry, type TableEntry } from '../../src/retrieval/tableCorpus';
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

describe('BM25 ranking that reads only the postings it needs', () => {
  // Invented nursery words in many combinations: common words, rare words and many equal scores.
  const words = ['seed', 'tray', 'soil', 'pot', 'water', 'light', 'bench', 'shade', 'compost', 'bulb'];
  const tables: CatalogTable[] = Array.from({ length: 400 }, (_, i) =>
    table({
      schema: `house_${i % 7}`,
      name: `${words[i % 10]}_${words[(i * 7 + 3) % 10]}${i % 13 === 0 ? '_orchid' : ''}_t${i}`,
      columns: [
        [`${words[(i * 3) % 10]}_id`, 'integer'],
        [`${words[(i * 11 + 1) % 10]}_level`, 'integer'],
      ],
    }),
  );
  const index = Bm25Index.build(tables.map((t) => buildTableEntry(t)));

  it('gives the k best of the full scoring (ties in the same order) and the wanted scores', () => {
    const accept = (e: TableEntry) => !e.key.startsWith('house_3.');
    const queries = [
      ['orchid', 'seed', 'tray'],
      ['orchid', 'water'],
      ['soil', 'level'],
      ['bulb'],
      ['pot', 'orchid', 'shade', 'id'],
    ];
    for (const query of queries) {
      for (const filter of [undefined, accept]) {
        const all = index.score(query, filter);
        const wanted = new Set(
          [...all.keys()].filter((_, i) => i % 5 === 0).concat(['house_3.seed_soil_t3']),
        );
        for (const k of [1, 5, 30]) {
          const { ranked, scores } = index.rank(query, { k, wanted, accept: filter });
          expect(ranked).toEqual([...all.entries()].sort((a, b) => b[1] - a[1]).slice(0, k));
          const expected = new Map(
            [...all].filter(([key]) => wanted.has(key) || ranked.some(([r]) => r === key)),
          );
          expect(scores).toEqual(expected);
        }
      }
    }
  });

  it('agrees with the full scoring on many random queries, words repeated and unknown', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const vocabulary = [...words, 'orchid', 'level', 'id', 't17', 't230', 'unknownword'];
    for (let q = 0; q < 200; q++) {
      const query = Array.from(
        { length: 1 + Math.floor(next() * 5) },
        () => vocabulary[Math.floor(next() * vocabulary.length)],
      );
      const filter = q % 3 === 0 ? (e: TableEntry) => !e.key.startsWith('house_2.') : undefined;
      const all = index.score(query, filter);
      const k = 1 + Math.floor(next() * 40);
      const wanted = new Set([...all.keys()].filter(() => next() < 0.1).concat(['house_2.pot_bench_t2']));
      const { ranked, scores } = index.rank(query, { k, wanted, accept: filter });
      expect(ranked).toEqual([...all.entries()].sort((a, b) => b[1] - a[1]).slice(0, k));
      expect(scores).toEqual(
        new Map([...all].filter(([key]) => wanted.has(key) || ranked.some(([r]) => r === key))),
      );
    }
  });
});
