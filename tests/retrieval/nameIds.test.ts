import { OfflineEmbedder } from '../../src/embeddings/offlineEmbedder';
import { IdCache, NameIds } from '../../src/retrieval/nameIds';
import { retrievalFor, table } from './support/smallCatalog';

/** Invented schema: a beekeeping co-op's hives and harvests, sharing column names. */
const hives = table({
  schema: 'apiary',
  name: 'hives',
  columns: [
    ['hive_id', 'integer'],
    ['status', 'text'],
  ],
});
const harvests = table({
  schema: 'apiary',
  name: 'honey_harvests',
  columns: [
    ['harvest_id', 'integer'],
    ['hive_id', 'integer'],
    ['status', 'text'],
  ],
});

describe('name ids for per-question caches', () => {
  it('gives equal names one id, and dots sparse vectors to the same sum as a dense loop', async () => {
    const { state } = await retrievalFor([hives, harvests]);
    const ids = new NameIds();
    const a = state.retriever.corpus.byId.get('src|apiary.hives');
    const b = state.retriever.corpus.byId.get('src|apiary.honey_harvests');
    if (!a || !b) throw new Error('tables missing');
    const ofA = ids.of(a);
    const ofB = ids.of(b);
    expect(ids.of(a)).toBe(ofA);
    expect(ofA.names[1]).toBe(ofB.names[2]); // hive_id
    expect(ofA.names[2]).toBe(ofB.names[3]); // status
    expect(a.nameVectors[2]).toBe(b.nameVectors[3]); // status: one vector shared, so one id serves both
    expect(ids.names[ofB.names[0]]).toBe('honey_harvests');
    const [q] = await (await OfflineEmbedder.create()).embed(['honey status of each hive']);
    for (const t of [a, b]) {
      const names = ids.of(t).names;
      for (let n = 0; n < names.length; n++) {
        const v = t.nameVectors[n];
        let dense = 0;
        for (let i = 0; i < v.length; i++) dense += q[i] * v[i];
        expect(ids.dot(q, names[n], v)).toBe(dense);
        expect(ids.dot(q, names[n], v)).toBe(dense); // again, from the remembered non-zero positions
      }
    }
  });

  it('caches values per id, NaN until set, growing past its size', () => {
    const cache = new IdCache();
    expect(cache.value(5)).toBeNaN();
    expect(cache.set(5, 0.25)).toBe(0.25);
    expect(cache.set(1000, 0.5)).toBe(0.5);
    expect(cache.value(5)).toBe(0.25);
    expect(cache.value(1000)).toBe(0.5);
    expect(cache.value(999)).toBeNaN();
  });
});
