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
  it('gives equal names and shared vectors one id, and dots sparse vectors to the same sum as a dense loop', async () => {
    const { state } = await retrievalFor([hives, harvests]);
    const ids = new NameIds();
    const a = state.retriever.corpus.byId.get('src|apiary.hives');
    const b = state.retriever.corpus.byId.get('src|apiary.honey_harvests');
    if (!a || !b) throw new Error('tables missing');
    const ofA = ids.of(a);
    const ofB = ids.of(b);
    expect(ids.of(a)).toBe(ofA);
    expect(ofA.names[1]).toBe(ofB.names[2]); // hive_id
    expect(ofA.vectors[2]).toBe(ofB.vectors[3]); // status: one vector shared
    expect(ids.names[ofB.names[0]]).toBe('honey_harvests');
    const [q] = await (await OfflineEmbedder.create()).embed(['honey status of each hive']);
    for (let id = 0; id < ids.vectors.length; id++) {
      const v = ids.vectors[id];
      let dense = 0;
      for (let i = 0; i < v.length; i++) dense += q[i] * v[i];
      expect(ids.dot(q, id)).toBe(dense);
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
