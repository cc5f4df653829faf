import type { CatalogTable } from '../../src/catalog/types';
import { OfflineEmbedder } from '../../src/embeddings/offlineEmbedder';
import { updateCorpus } from '../../src/retrieval/corpusUpdate';
import { RetrievalCorpus, tableId, type CorpusInput } from '../../src/retrieval/retrievalCorpus';
import { compareTables } from '../../src/store/catalogStore';
import { table } from './support/smallCatalog';

/**
 * An incremental reindex updates the retrieval corpus from the previous one instead of building it from every
 * table: the result must be the corpus a build gives (tables in order, lexical entries, name vectors, BM25
 * postings and mean length, join edges declared and inferred). Invented catalogs: a bicycle workshop (source
 * `workshop`, keys mostly not declared, so edges are inferred from names) and a choir (source `choir`).
 */
const workshop = (): CatalogTable[] => [
  table({
    sourceId: 'workshop',
    schema: 'repairs',
    name: 'bikes',
    columns: [
      ['id', 'integer'],
      ['frame_size', 'integer'],
      ['colour', 'text', ['Red', 'Teal']],
      ['owner_id', 'integer'],
    ],
  }),
  table({
    sourceId: 'workshop',
    schema: 'repairs',
    name: 'owners',
    columns: [
      ['id', 'integer'],
      ['owner_name', 'text'],
    ],
  }),
  table({
    sourceId: 'workshop',
    schema: 'repairs',
    name: 'jobs',
    columns: [
      ['id', 'integer'],
      ['bike_id', 'integer'],
      ['mechanic_id', 'integer'],
      ['labour_minutes', 'integer'],
    ],
  }),
  table({
    sourceId: 'workshop',
    schema: 'repairs',
    name: 'mechanics',
    columns: [
      ['id', 'integer'],
      ['mechanic_name', 'text'],
    ],
  }),
  table({
    sourceId: 'workshop',
    schema: 'stock',
    name: 'parts',
    columns: [
      ['id', 'integer'],
      ['part_name', 'text', ['Chain', 'Brake pad', 'Inner tube']],
      ['supplier_id', 'integer'],
    ],
  }),
  table({
    sourceId: 'workshop',
    schema: 'stock',
    name: 'suppliers',
    columns: [
      ['id', 'integer'],
      ['supplier_name', 'text'],
    ],
  }),
  table({
    sourceId: 'choir',
    schema: 'music',
    name: 'singers',
    columns: [
      ['singer_id', 'integer'],
      ['voice', 'text', ['Alto', 'Bass', 'Soprano', 'Tenor']],
    ],
  }),
  table({
    sourceId: 'choir',
    schema: 'music',
    name: 'rehearsals',
    columns: [
      ['rehearsal_id', 'integer'],
      ['singer_id', 'integer'],
      ['held_on', 'date'],
    ],
    foreignKeys: [
      {
        columns: ['singer_id'],
        referencedSchema: 'music',
        referencedTable: 'singers',
        referencedColumns: ['singer_id'],
      },
    ],
  }),
];

let embedder: OfflineEmbedder;
beforeAll(async () => {
  embedder = await OfflineEmbedder.create();
});

const idOf = (t: CatalogTable) => tableId(t.sourceId, `${t.schema}.${t.name}`);
/** A made-up table vector per table (the corpus carries it, never computes it). */
const inputs = (tables: readonly CatalogTable[]): CorpusInput[] =>
  [...tables].sort(compareTables).map((t) => {
    const vector = new Float32Array(embedder.dimension);
    vector[idOf(t).length % embedder.dimension] = 1;
    return { table: t, vector, columnVectors: {} };
  });

/** Everything a corpus holds, comparably. */
function contents(corpus: RetrievalCorpus) {
  const tables = corpus.tables();
  const postings = corpus.bm25.toPostings();
  return {
    tables: tables.map((t) => ({
      id: t.id,
      table: t.table,
      entry: t.entry,
      names: t.nameVectors.map((v) => [...v]),
      signature: t.contentSignature,
      vector: [...t.vector],
    })),
    postings: postings.tokens
      .map((token, i) => {
        const list: [string, number][] = [];
        for (let p = postings.offsets[i]; p < postings.offsets[i + 1]; p++)
          list.push([tables[postings.docs[p]].id, postings.tfs[p]]);
        return [token, list] as const;
      })
      .sort(([a], [b]) => (a < b ? -1 : 1)),
    avgLength: postings.avgLength,
    edges: [...corpus.joinEdges()],
    idf: ['bike', 'owner', 'chain', 'tenor', 'inspection', 'wheel'].map((w) => corpus.bm25.idf(w)),
  };
}

it('gives the corpus a build gives after tables are changed, added and removed', async () => {
  const before = workshop();
  const previous = await RetrievalCorpus.build(inputs(before), { embedder });
  expect(previous.joinEdges().get('workshop')?.length).toBeGreaterThan(0);

  const after = before
    // removed: the mechanics (the jobs' mechanic_id no longer joins anything)
    .filter((t) => t.name !== 'mechanics')
    .map((t) =>
      t.name === 'bikes'
        ? // changed: a column renamed away from its join to the owners
          table({
            sourceId: 'workshop',
            schema: 'repairs',
            name: 'bikes',
            columns: [
              ['id', 'integer'],
              ['frame_size', 'integer'],
              ['colour', 'text', ['Red', 'Teal', 'Black']],
              ['keeper_ref', 'integer'],
            ],
          })
        : t,
    );
  // added: inspections refer to the bikes by name, and wheels to the parts (another schema)
  const inspections = table({
    sourceId: 'workshop',
    schema: 'repairs',
    name: 'inspections',
    columns: [
      ['id', 'integer'],
      ['bike_id', 'integer'],
      ['passed', 'boolean'],
    ],
  });
  const wheels = table({
    sourceId: 'workshop',
    schema: 'stock',
    name: 'wheels',
    columns: [
      ['id', 'integer'],
      ['part_id', 'integer'],
      ['rim_size', 'integer'],
    ],
  });
  after.push(inspections, wheels);
  const changed = after.filter((t) => ['bikes', 'inspections', 'wheels'].includes(t.name));
  const mechanics = before.find((t) => t.name === 'mechanics');
  if (mechanics === undefined) throw new Error('no mechanics');

  const byVector = new Map(inputs(after).map((i) => [idOf(i.table), i]));
  const updated = await updateCorpus(
    previous,
    {
      sourceId: 'workshop',
      changed: changed.map((t) => byVector.get(idOf(t)) as CorpusInput),
      removed: [idOf(mechanics)],
    },
    { embedder },
  );
  const built = await RetrievalCorpus.build(inputs(after), { embedder });
  expect(contents(updated)).toEqual(contents(built));
  const edges = updated.joinEdges().get('workshop') ?? [];
  expect(edges).toContainEqual(expect.objectContaining({ from: 'repairs.inspections', to: 'repairs.bikes' }));
  expect(edges.some((e) => e.to === 'repairs.mechanics' || e.from === 'repairs.bikes')).toBe(false);
  expect(updated.joinEdges().get('choir')).toEqual(previous.joinEdges().get('choir'));
});

it('gives the corpus a build gives when a source is new', async () => {
  const catalog = workshop();
  const previous = await RetrievalCorpus.build(inputs(catalog.filter((t) => t.sourceId === 'choir')), {
    embedder,
  });
  const updated = await updateCorpus(
    previous,
    { sourceId: 'workshop', changed: inputs(catalog.filter((t) => t.sourceId === 'workshop')), removed: [] },
    { embedder },
  );
  expect(contents(updated)).toEqual(contents(await RetrievalCorpus.build(inputs(catalog), { embedder })));
});
