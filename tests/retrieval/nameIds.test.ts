import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OfflineEmbedder } from '../../src/embeddings/offlineEmbedder';
import { loadCorpusSnapshot, writeCorpusSnapshot } from '../../src/retrieval/corpusSnapshot';
import { IdCache, NameIds } from '../../src/retrieval/nameIds';
import { RetrievalCorpus, tableId, tableNames, type CorpusTable } from '../../src/retrieval/retrievalCorpus';
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
/** A schema name with a dot: the table name cannot be told from `schema.table` alone. */
const dotted = table({
  schema: 'co.op',
  name: 'queens',
  columns: [
    ['queen_id', 'integer'],
    ['hive_id', 'integer'],
  ],
});

/** `q · v` by a dense loop. */
function denseDot(q: Float32Array, v: Float32Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += q[i] * v[i];
  return s;
}

/** Checks the ids of `t`: its names as `tableNames` gives them, and each vector's dot as a dense loop's. */
function expectIds(ids: NameIds, t: CorpusTable, q: Float32Array): void {
  const of = ids.of(t);
  expect([...of.names].map((n) => ids.names[n])).toEqual(tableNames(t.table));
  const held = t.nameVectors;
  of.vectors.forEach((id, n) => expect(ids.dot(q, id)).toBe(denseDot(q, held[n])));
}

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
    for (const t of [a, b]) expectIds(ids, t, q);
  });

  it("keys a loaded snapshot's name vectors by their slot: the same ids and sums as held vectors", async () => {
    const embedder = await OfflineEmbedder.create();
    const tables = [hives, harvests, dotted];
    const inputs = tables.map((t) => ({
      table: t,
      vector: new Float32Array(embedder.dimension),
      columnVectors: {},
    }));
    const built = await RetrievalCorpus.build(inputs, { embedder });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tablebot-nameids-'));
    try {
      await writeCorpusSnapshot(dir, built, embedder);
      const vectorOf = new Map(
        inputs.map((i) => [tableId(i.table.sourceId, `${i.table.schema}.${i.table.name}`), i.vector]),
      );
      const loaded = await loadCorpusSnapshot(dir, {
        embedder,
        tableVector: (id) => vectorOf.get(id),
        hasTableVector: (id) => vectorOf.has(id),
        cachedTables: 1,
      });
      if (loaded.corpus === null) throw new Error(loaded.reason);
      const [q] = await embedder.embed(['queen and honey status of each hive']);
      const fromSnapshot = new NameIds();
      const fromBuilt = new NameIds();
      for (const t of loaded.corpus.tables()) {
        expectIds(fromSnapshot, t, q);
        const b = built.byId.get(t.id);
        if (!b) throw new Error(`${t.id} missing`);
        // the same ids as the held vectors give (tables met in the same order)
        expect(fromSnapshot.of(t)).toEqual(fromBuilt.of(b));
      }
      const [a, b] = ['src|apiary.hives', 'src|apiary.honey_harvests'].map((id) =>
        loaded.corpus.byId.get(id),
      );
      if (!a || !b) throw new Error('tables missing');
      expect(fromSnapshot.of(a).vectors[1]).toBe(fromSnapshot.of(b).vectors[2]); // hive_id
      // each name's vector is read once, whatever the questions
      const [other] = await embedder.embed(['harvest of the queens']);
      for (const t of loaded.corpus.tables()) expectIds(fromSnapshot, t, other);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('forgets its ids between questions once more than it keeps were given, with the same sums after', async () => {
    const { state } = await retrievalFor([hives, harvests]);
    const ids = new NameIds({ idsKept: 3 });
    const [a, b] = ['src|apiary.hives', 'src|apiary.honey_harvests'].map((id) =>
      state.retriever.corpus.byId.get(id),
    );
    if (!a || !b) throw new Error('tables missing');
    const [q] = await (await OfflineEmbedder.create()).embed(['honey status of each hive']);
    expectIds(ids, a, q);
    ids.startQuestion(); // 3 names (hives, hive_id, status): kept
    expect(ids.generation).toBe(0);
    expect(ids.of(a).names[0]).toBe(0);
    expectIds(ids, b, q); // honey_harvests and harvest_id: 5 names
    ids.startQuestion();
    expect(ids.generation).toBe(1);
    expect(ids.names).toEqual([]);
    // ids given again from 0, in the order met, and the same sums
    expectIds(ids, b, q);
    expect(ids.names[ids.of(b).names[0]]).toBe('honey_harvests');
    expect(ids.of(b).names[0]).toBe(0);
    expectIds(ids, a, q);
  });

  it('caches values per id, NaN until set, in a table sized by the ids set', () => {
    const cache = new IdCache();
    expect(cache.value(5)).toBeNaN();
    expect(cache.set(5, 0.25)).toBe(0.25);
    expect(cache.set(1000, 0.5)).toBe(0.5);
    expect(cache.set(100_000, 0.75)).toBe(0.75);
    expect(cache.value(5)).toBe(0.25);
    expect(cache.value(1000)).toBe(0.5);
    expect(cache.value(100_000)).toBe(0.75);
    expect(cache.value(999)).toBeNaN();
    expect(cache.value(50_000)).toBeNaN();
    expect(cache.value(10_000_000)).toBeNaN();
  });

  it('keeps every value as it grows past its first slots', () => {
    const cache = new IdCache();
    const ids = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 1_000_003);
    ids.forEach((id, i) => cache.set(id, i / 8));
    cache.set(ids[10], -1);
    ids.forEach((id, i) => expect(cache.value(id)).toBe(i === 10 ? -1 : i / 8));
    expect(cache.value(1_000_004)).toBeNaN();
  });
});
