import type { CatalogTable } from '../../src/catalog/types';
import { OfflineEmbedder } from '../../src/embeddings/offlineEmbedder';
import { embedTables } from '../../src/embeddings/table2vec';
import { HybridRetriever } from '../../src/retrieval/hybridRetriever';
import { RetrievalCorpus } from '../../src/retrieval/retrievalCorpus';
import { RETRIEVAL_RELATIONS, WordRelations } from '../../src/text';
import type { VectorIndex } from '../../src/vector';
import { retrievalFor, table } from './support/smallCatalog';

/**
 * Questions that say a table's words otherwise, linked through WordNet beyond synonyms and one related step:
 * a bridge (both words one step from a common synset, one step morphological: "molar" is a kind of tooth,
 * "dental" pertains to teeth), a definition ("gum": "the tissue ... that surrounds the bases of the teeth", and
 * "dental" is of the teeth) to a table's own name, and the lexical search widened with the words a question word stands for. Only words no table has
 * are linked so loosely. Invented schemas: a clinic's claims, a bar's orders, a garden show.
 */
const claimColumns: [string, string][] = [
  ['claim_id', 'integer'],
  ['payout', 'numeric'],
  ['filed_on', 'date'],
];
const orderColumns: [string, string][] = [
  ['order_id', 'integer'],
  ['tab', 'numeric'],
  ['poured_at', 'date'],
];

async function ranked(tables: CatalogTable[], question: string, topK?: number): Promise<string[]> {
  const { state } = await retrievalFor(tables, undefined, { topK });
  const r = await state.retriever.retrieve({ question });
  return r.candidates.map((c) => c.corpusTable.key);
}

describe('WordNet links of words no table has', () => {
  it('bridges a word to a qualifier through a synset both reach ("molar" and "dental" through tooth)', async () => {
    const tables = ['dental', 'optical', 'hearing'].map((q) =>
      table({ schema: 'clinic', name: `${q}_claim`, columns: claimColumns }),
    );
    expect((await ranked(tables, 'Show the payout of each molar claim'))[0]).toBe('clinic.dental_claim');
  });

  it('counts a bridge as a weak link: below a synonym or one related step, and not as a matched word', () => {
    const relations = new WordRelations(RETRIEVAL_RELATIONS);
    const bridged = relations.relate('molar', 'dental');
    expect(bridged).toBeGreaterThan(0);
    expect(bridged).toBeLessThan(0.5);
    expect(relations.relate('molar', 'optical')).toBe(0);
  });

  it("links a word to a table's own name through a definition", async () => {
    const tables = ['dental', 'optical', 'hearing'].map((q) =>
      table({ schema: 'clinic', name: `${q}_claim`, columns: claimColumns }),
    );
    expect((await ranked(tables, 'Show the payout of each gum claim'))[0]).toBe('clinic.dental_claim');
  });

  it('links a word the catalog already uses only as written and by its close relations', async () => {
    const tables = [
      ...['wine', 'beer'].map((q) => table({ schema: 'bar', name: `${q}_order`, columns: orderColumns })),
      table({
        schema: 'bar',
        name: 'staff',
        columns: [
          ['staff_id', 'integer'],
          ['sommelier_name', 'text'],
        ],
      }),
    ];
    const { state } = await retrievalFor(tables);
    const r = await state.retriever.retrieve({ question: 'Which tab does each sommelier order have?' });
    const at = r.tokens.findIndex((t) => t.token === 'sommeli' || t.word === 'sommelier');
    expect(at).toBeGreaterThanOrEqual(0);
    for (const c of r.candidates)
      if (c.corpusTable.key.endsWith('_order')) expect(c.strengths[at]).toBeLessThan(0.2);
  });

  it('widens the lexical search for candidates with what a word no table has stands for', async () => {
    const crowd = ['rose', 'orchid', 'tulip', 'cactus', 'fern', 'moss', 'ivy', 'bonsai'].map((q) =>
      table({
        schema: 'garden',
        name: `${q}_show_entry`,
        columns: [
          ['entry_id', 'integer'],
          ['ribbon', 'text'],
          ['judged_on', 'date'],
        ],
      }),
    );
    const flower = table({
      schema: 'garden',
      name: 'flower_show_entry',
      columns: [
        ['entry_id', 'integer'],
        ['ribbon', 'text'],
        ['judged_on', 'date'],
      ],
    });
    // the vector stage finds nothing here (as when its top k misses the table in a large catalog), and the
    // lexical top 1 of the question's own words is any of the equally named tables
    const tables = [...crowd, flower];
    const embedder = await OfflineEmbedder.create();
    const vectors = await embedTables({ embedder, tables });
    const corpus = await RetrievalCorpus.build(
      tables.map((t, i) => ({ table: t, vector: vectors[i].vector, columnVectors: vectors[i].columns })),
      { embedder },
    );
    const nothing: VectorIndex = {
      embedderId: embedder.id,
      dimension: embedder.dimension,
      size: 0,
      search: () => [],
    };
    const retriever = new HybridRetriever({ embedder, index: nothing, corpus, topK: 1 });
    const r = await retriever.retrieve({ question: 'Which ribbon does each blossom show entry have?' });
    const keys = r.candidates.map((c) => c.corpusTable.key);
    expect(keys).toContain('garden.flower_show_entry');
  });
});
