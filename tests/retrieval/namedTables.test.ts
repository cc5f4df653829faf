import type { CatalogTable } from '../../src/catalog/types';
import { retrievalFor, table } from './support/smallCatalog';

/**
 * A table whose whole name the question says: always a candidate, however many tables share its words, and
 * told apart from a twin whose name has the same words in another order. Invented schema: a warehouse.
 */
const columns: [string, string][] = [
  ['pallet_id', 'integer'],
  ['barcode', 'text'],
  ['printed_on', 'date'],
];

describe('tables the question names', () => {
  it('tells twin names apart by the order the question says the words in', async () => {
    const { state } = await retrievalFor([
      table({ schema: 'warehouse', name: 'pallet_label', columns }),
      table({ schema: 'warehouse', name: 'label_pallet', columns }),
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
    expect(await top('Show the barcode of each pallet label')).toBe('warehouse.pallet_label');
    expect(await top('Show the barcode of each label pallet')).toBe('warehouse.label_pallet');
  });

  it('makes a table named in full a candidate when neither the vector nor the BM25 top k holds it', async () => {
    const crowd: CatalogTable[] = ['archived', 'pending', 'foreign', 'manual', 'reversed', 'daily'].map((q) =>
      table({
        schema: 'books',
        name: `${q}_ledger_entry`,
        columns: [
          ['ledger_entry_id', 'integer'],
          ['posted_amount', 'numeric'],
          ['ledger_entry_posted_amount_note', 'text'],
        ],
      }),
    );
    const named = table({
      schema: 'books',
      name: 'ledger_entry',
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
      await state.retriever.retrieve({ question: 'What is the posted amount of each ledger entry?' })
    ).candidates.map((c) => c.corpusTable.key);
    expect(keys).toContain('books.ledger_entry');
    expect(state.corpus.idsNamed(['each', 'ledger', 'entry'], 30)).toHaveLength(1);
    // a phrase that names more tables than the limit singles none out
    expect(state.corpus.idsNamed(['ledger', 'entry'], 0)).toEqual([]);
  });
});
