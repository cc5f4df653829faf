import type { CatalogTable } from '../../src/catalog/types';
import { retrievalFor, table } from './support/smallCatalog';

/**
 * A table whose whole name the question says: always a candidate, however many tables share its words, and
 * told apart from a twin whose name has the same words in another order. Invented schema: a warehouse.
 */
const columns: [string, string][] = [
  ['crate_id', 'integer'],
  ['barcode', 'text'],
  ['printed_on', 'date'],
];

describe('tables the question names', () => {
  it('tells twin names apart by the order the question says the words in', async () => {
    const { state } = await retrievalFor([
      table({ schema: 'warehouse', name: 'crate_tag', columns }),
      table({ schema: 'warehouse', name: 'tag_crate', columns }),
      table({
        schema: 'warehouse',
        name: 'dock_door',
        columns: [
          ['door_id', 'integer'],
          ['bay', 'text'],
        ],
      }),
    ]);
    const top = async (question: string) =>
      (await state.retriever.retrieve({ question })).candidates[0]?.corpusTable.key;
    expect(await top('Show the barcode of each crate tag')).toBe('warehouse.crate_tag');
    expect(await top('Show the barcode of each tag crate')).toBe('warehouse.tag_crate');
  });

  it('makes a table named in full a candidate when neither the vector nor the BM25 top k holds it', async () => {
    const crowd: CatalogTable[] = ['archived', 'pending', 'foreign', 'manual', 'reversed', 'daily'].map((q) =>
      table({
        schema: 'books',
        name: `${q}_gate_log`,
        columns: [
          ['gate_log_id', 'integer'],
          ['posted_amount', 'numeric'],
          ['gate_log_posted_amount_note', 'text'],
        ],
      }),
    );
    const named = table({
      schema: 'books',
      name: 'gate_log',
      columns: [
        ['id', 'integer'],
        ['posted_amount', 'numeric'],
        ...['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'].map(
          (c): [string, string] => [`${c}_code`, 'text'],
        ),
      ],
    });
    const { state } = await retrievalFor([...crowd, named], undefined, { topK: 1 });
    const keys = (
      await state.retriever.retrieve({ question: 'What is the posted amount of each gate log?' })
    ).candidates.map((c) => c.corpusTable.key);
    expect(keys).toContain('books.gate_log');
    expect(state.corpus.idsNamed(['each', 'gate', 'log'], 30)).toHaveLength(1);
    // a phrase that names more tables than the limit singles none out
    expect(state.corpus.idsNamed(['gate', 'log'], 0)).toEqual([]);
  });
});
