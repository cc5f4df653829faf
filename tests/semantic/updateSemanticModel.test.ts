import type { CatalogTable } from '../../src/catalog/types';
import { deriveSemanticModel, updateSemanticModel } from '../../src/semantic';

import { smallCatalog } from './catalogFixture';

/**
 * An incremental reindex updates the semantic model from the previous one: only changed entities (and those
 * whose being-referenced flipped) are derived again, and the result is the model a full derivation gives.
 */
const names = (tables: readonly CatalogTable[]) => new Set(tables.map((t) => `${t.schema}.${t.name}`));

it('gives the model a full derivation gives after a change, an addition and a removal', () => {
  const before = smallCatalog();
  const previous = deriveSemanticModel(before);
  const [staff, deals] = before.tables;
  // the deals lose their key to the staff (the staff are no longer referenced), gain a comment;
  // a new table of targets refers to the deals (which become referenced)
  const changedDeals: CatalogTable = { ...deals, comment: 'closed and open deals', foreignKeys: [] };
  const targets: CatalogTable = {
    ...deals,
    name: 'targets',
    fingerprint: 'sales.targets',
    comment: null,
    foreignKeys: [
      {
        name: 'targets_deal',
        columns: ['deal_id'],
        referencedSchema: 'sales',
        referencedTable: 'deals',
        referencedColumns: ['deal_id'],
      },
    ],
  };
  const after = [staff, changedDeals, targets];
  const updated = updateSemanticModel(
    { sourceId: 'test', tables: after },
    {
      previous: JSON.parse(JSON.stringify(previous)),
      previousTables: before.tables,
      changed: names([changedDeals, targets]),
    },
  );
  expect(JSON.stringify(updated)).toBe(
    JSON.stringify(deriveSemanticModel({ sourceId: 'test', tables: after })),
  );

  const removed = updateSemanticModel(
    { sourceId: 'test', tables: [staff] },
    { previous, previousTables: before.tables, changed: new Set() },
  );
  expect(JSON.stringify(removed)).toBe(
    JSON.stringify(deriveSemanticModel({ sourceId: 'test', tables: [staff] })),
  );
});

it('is undefined when the previous model was derived by other rules', () => {
  const before = smallCatalog();
  const previous = deriveSemanticModel(before);
  const stale = {
    ...previous,
    entities: previous.entities.map((e) => ({ ...e, synonyms: [...e.synonyms, 'an older rule'] })),
  };
  expect(
    updateSemanticModel(
      { sourceId: 'test', tables: before.tables },
      { previous: stale, previousTables: before.tables, changed: new Set() },
    ),
  ).toBeUndefined();
});
