import type { CatalogColumn, CatalogTable } from '../../src/catalog/types';
import { deriveSemanticModel, SemanticLookup } from '../../src/semantic';

function col(name: string, dataType: string): CatalogColumn {
  return { name, position: 0, dataType, nullable: false, comment: null, profile: null };
}

function table(name: string, columns: CatalogColumn[]): CatalogTable {
  return {
    sourceId: 'test',
    schema: 'harbour',
    name,
    kind: 'table',
    comment: null,
    rowEstimate: 100,
    columns: columns.map((c, i) => ({ ...c, position: i + 1 })),
    primaryKey: [columns[0].name],
    foreignKeys: [],
    fingerprint: name,
  };
}

/** A made-up harbour: vessels, berths, voyages, and bookings with a total. */
function lookup(): SemanticLookup {
  const tables = [
    table('vessels', [
      col('vessel_id', 'integer'),
      col('vessel_name', 'text'),
      col('flag', 'text'),
      col('tonnage', 'integer'),
      col('crew_size', 'integer'),
      col('captain', 'text'),
    ]),
    table('berths', [col('berth_id', 'integer'), col('port', 'text'), col('length_m', 'numeric')]),
    table('voyages', [col('voyage_id', 'integer'), col('vessel_id', 'integer'), col('cargo', 'text')]),
    table('bookings', [
      col('booking_id', 'integer'),
      col('booked_on', 'date'),
      col('total_amount', 'numeric'),
    ]),
  ];
  return new SemanticLookup(deriveSemanticModel({ sourceId: 'test', tables }));
}

describe('ordinary domain words read against the semantic model (WordNet)', () => {
  const model = lookup();
  const tablesOf = (question: string) =>
    model
      .resolve(question)
      .cover.filter((m) => m.element.kind === 'entity')
      .map((m) => ({
        text: m.text,
        via: m.via,
        table: m.element.kind === 'entity' ? m.element.entity.table : '',
      }));

  it('links a kind of what a table holds to the table (yachts are vessels)', () => {
    expect(tablesOf('how many yachts are there')).toEqual([
      { text: 'yachts', via: 'related', table: 'harbour.vessels' },
    ]);
  });

  it('leaves a capitalised word inside the question to names and values', () => {
    expect(tablesOf('which voyages carried Yacht Club cargo')).not.toContainEqual(
      expect.objectContaining({ via: 'related' }),
    );
  });

  it('does not link words of other data (salaries, passengers)', () => {
    const reading = model.resolve('what are the salaries of the passengers');
    expect(reading.cover.filter((m) => m.via === 'related')).toEqual([]);
  });

  it('reads money made as the revenue metric', () => {
    const metrics = (q: string) =>
      model
        .resolve(q)
        .cover.filter((m) => m.element.kind === 'metric')
        .map((m) => (m.element.kind === 'metric' ? m.element.metric.name : ''));
    expect(metrics('did we make more money in 2023 or 2024')).toContain('revenue');
    expect(metrics('how much did we make last year')).toContain('revenue');
    expect(metrics('how much money is in the harbour fund')).toEqual([]);
  });
});
