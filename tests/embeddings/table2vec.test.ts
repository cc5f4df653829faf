import type { CatalogColumn, CatalogTable } from '../../src/catalog/types';
import type { Embedder } from '../../src/embeddings/embedder';
import { OfflineEmbedder } from '../../src/embeddings/offlineEmbedder';
import { embedTables, tableVectorsFingerprint } from '../../src/embeddings/table2vec';
import { dot } from '../../src/vector/vectorMath';

function table(name: string, columns: string[], extra: Partial<CatalogTable> = {}): CatalogTable {
  return {
    sourceId: 'test',
    schema: 'music',
    name,
    kind: 'table',
    comment: null,
    rowEstimate: null,
    columns: columns.map(
      (column, i): CatalogColumn => ({
        name: column,
        position: i + 1,
        dataType: 'text',
        nullable: true,
        comment: null,
        profile: null,
      }),
    ),
    primaryKey: [],
    foreignKeys: [],
    fingerprint: `fp-${name}`,
    ...extra,
  };
}

const tables = [
  table('singer', ['singer_id', 'name', 'country', 'age', 'song_name']),
  table('stadium', ['stadium_id', 'location', 'capacity', 'highest_attendance']),
  table('concert', ['concert_id', 'concert_name', 'theme', 'stadium_id', 'year'], {
    comment: 'Concerts held at stadiums',
  }),
  table('weather', ['date', 'max_temperature_f', 'precipitation_inches', 'wind_speed_mph']),
];

/** Counts the calls and texts that reach the real embedder. */
class CountingEmbedder implements Embedder {
  readonly calls: number[] = [];
  constructor(private readonly inner: Embedder) {}
  get id(): string {
    return this.inner.id;
  }
  get dimension(): number {
    return this.inner.dimension;
  }
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls.push(texts.length);
    return this.inner.embed(texts);
  }
}

describe('embedTables', () => {
  let embedder: OfflineEmbedder;
  beforeAll(async () => {
    embedder = await OfflineEmbedder.create({ dimension: 512 });
  });

  it('returns a unit table vector and unit column vectors per table', async () => {
    const vectors = await embedTables({ embedder, tables });
    expect(vectors.map((v) => v.table)).toEqual(['music.singer', 'music.stadium', 'music.concert', 'music.weather']);
    for (const v of vectors) {
      expect(v.vector).toHaveLength(512);
      expect(dot(v.vector, v.vector)).toBeCloseTo(1, 5);
      for (const column of Object.values(v.columns)) expect(dot(column, column)).toBeCloseTo(1, 5);
    }
    expect(Object.keys(vectors[0].columns)).toEqual(['singer_id', 'name', 'country', 'age', 'song_name']);
  });

  it('ranks the right table first for questions, including synonym questions', async () => {
    const vectors = await embedTables({ embedder, tables });
    const top = (question: string): string => {
      const q = embedder.embedOne(question);
      return [...vectors].sort((a, b) => dot(q, b.vector) - dot(q, a.vector))[0].table;
    };
    expect(top('What is the average age of singers from France?')).toBe('music.singer');
    expect(top('How old is the oldest vocalist from each nation?')).toBe('music.singer');
    expect(top('Which stadium has the largest capacity?')).toBe('music.stadium');
    expect(top('List the themes of all concerts')).toBe('music.concert');
    expect(top('What was the maximum temperature on rainy days?')).toBe('music.weather');
  });

  it('links a question to the right column through the column vectors', async () => {
    const [singer] = await embedTables({ embedder, tables: tables.slice(0, 1) });
    const q = embedder.embedOne('how old');
    const best = Object.entries(singer.columns).sort((a, b) => dot(q, b[1]) - dot(q, a[1]))[0][0];
    expect(best).toBe('age');
  });

  it('sends all entity texts of a chunk in one embed call and gives the same vectors in any chunking', async () => {
    const counting = new CountingEmbedder(embedder);
    const together = await embedTables({ embedder: counting, tables });
    expect(counting.calls).toHaveLength(1);
    const progress: number[] = [];
    const chunked = await embedTables({
      embedder: counting,
      tables,
      chunkSize: 3,
      onProgress: (done) => progress.push(done),
    });
    expect(counting.calls).toHaveLength(3);
    expect(progress).toEqual([3, 4]);
    chunked.forEach((v, i) => expect(Array.from(v.vector)).toEqual(Array.from(together[i].vector)));
  });

  it('supports the alternative combinations', async () => {
    for (const method of ['entity_sum', 'document'] as const) {
      const [v] = await embedTables({ embedder, tables: tables.slice(0, 1), weights: { method } });
      expect(dot(v.vector, v.vector)).toBeCloseTo(1, 5);
    }
  });

  it('fingerprints vectors by table definition, embedder and weights', async () => {
    const [v] = await embedTables({ embedder, tables: tables.slice(0, 1) });
    expect(v.fingerprint).toBe(tableVectorsFingerprint(tables[0], embedder.id));
    expect(tableVectorsFingerprint(tables[0], embedder.id)).not.toBe(
      tableVectorsFingerprint({ ...tables[0], fingerprint: 'changed' }, embedder.id),
    );
    expect(tableVectorsFingerprint(tables[0], embedder.id)).not.toBe(tableVectorsFingerprint(tables[0], 'other'));
    expect(tableVectorsFingerprint(tables[0], embedder.id)).not.toBe(
      tableVectorsFingerprint(tables[0], embedder.id, { massExponent: 1 }),
    );
  });

  it('refuses an embedder that returns the wrong number of vectors', async () => {
    const broken: Embedder = { id: 'broken', dimension: 4, embed: async () => [] };
    await expect(embedTables({ embedder: broken, tables })).rejects.toThrow(/embedTables/);
  });
});
