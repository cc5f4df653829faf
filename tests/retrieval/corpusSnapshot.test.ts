import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { CatalogTable } from '../../src/catalog/types';
import { OfflineEmbedder } from '../../src/embeddings/offlineEmbedder';
import { embedTables } from '../../src/embeddings/table2vec';
import { loadCorpusSnapshot, writeCorpusSnapshot } from '../../src/retrieval/corpusSnapshot';
import type { RetrievalResult } from '../../src/retrieval/hybridRetriever';
import { SnapshotLineReader } from '../../src/retrieval/snapshotTables';
import type { TableEntry } from '../../src/retrieval/tableCorpus';
import { indexedInputs, RetrievalCorpus, tableId } from '../../src/retrieval/retrievalCorpus';
import { RetrievalStateManager } from '../../src/retrieval/retrievalStateManager';
import { InMemoryCatalogStore } from '../../src/store/inMemoryCatalogStore';
import { HnswFileStore } from '../../src/vector/hnswFileStore';
import type { IndexEntry } from '../../src/vector/indexEntry';
import { table } from './support/smallCatalog';

/**
 * The retrieval snapshot published by a reindex must give exactly the rankings of a corpus recomputed from
 * the catalog. Invented catalogs: a plant nursery (source `nursery`) and a lending library (source `library`).
 */
const fk = (column: string, schema: string, referenced: string, referencedColumn = column) => ({
  columns: [column],
  referencedSchema: schema,
  referencedTable: referenced,
  referencedColumns: [referencedColumn],
});
const catalog: CatalogTable[] = [
  table({
    sourceId: 'nursery',
    schema: 'greenhouse',
    name: 'plants',
    columns: [
      ['plant_id', 'integer'],
      ['species', 'text', ['Fern', 'Orchid', 'Cactus']],
      ['potted_on', 'date'],
      ['bed_id', 'integer'],
    ],
    foreignKeys: [fk('bed_id', 'greenhouse', 'beds')],
  }),
  table({
    sourceId: 'nursery',
    schema: 'greenhouse',
    name: 'beds',
    columns: [
      ['bed_id', 'integer'],
      ['bed_name', 'text', ['North bench', 'Shade house']],
      ['soil_type', 'text', ['Loam', 'Peat']],
    ],
  }),
  table({
    sourceId: 'nursery',
    schema: 'shop',
    name: 'seed_sales',
    columns: [
      ['sale_id', 'integer'],
      ['plant_id', 'integer'],
      ['qty', 'integer'],
      ['sold_at', 'timestamp'],
      ['price', 'numeric(8,2)'],
    ],
    foreignKeys: [fk('plant_id', 'greenhouse', 'plants')],
  }),
  table({
    sourceId: 'library',
    schema: 'lending',
    name: 'books',
    columns: [
      ['book_id', 'integer'],
      ['title', 'text'],
      ['genre', 'text', ['Mystery', 'Poetry', 'Science fiction']],
    ],
  }),
  table({
    sourceId: 'library',
    schema: 'lending',
    name: 'loans',
    columns: [
      ['loan_id', 'integer'],
      ['book_id', 'integer'],
      ['member_id', 'integer'],
      ['due_date', 'date'],
    ],
    foreignKeys: [fk('book_id', 'lending', 'books')],
  }),
  table({
    sourceId: 'library',
    schema: 'lending',
    name: 'members',
    columns: [
      ['member_id', 'integer'],
      ['full_name', 'text'],
      ['joined_year', 'integer'],
    ],
  }),
];

const questions = [
  'Which orchid species were potted this year?',
  'How many seeds were sold per bed?',
  'total price of seed sales by species',
  'Which members borrowed mystery books?',
  'loans due next week per member',
  'soil type of the shade house',
];

let dir: string;
let embedder: OfflineEmbedder;
let entries: IndexEntry[];

beforeAll(async () => {
  embedder = await OfflineEmbedder.create();
  const vectors = await embedTables({ embedder, tables: catalog });
  entries = catalog.map((t, i) => ({
    key: tableId(t.sourceId, `${t.schema}.${t.name}`),
    meta: { table: `${t.schema}.${t.name}`, sourceId: t.sourceId, tenants: [] },
    vector: vectors[i].vector,
    fingerprint: vectors[i].fingerprint,
    columns: vectors[i].columns,
  }));
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tablebot-snapshot-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What a ranking shows: every candidate with its score and features, and the question tokens' weights. */
function ranking(r: RetrievalResult) {
  return {
    candidates: r.candidates.map((c) => ({ id: c.corpusTable.id, score: c.score, features: c.features })),
    tokens: r.tokens.map((t) => [t.token, t.weight]),
  };
}

/** Publishes the vectors, with the snapshot of the catalog as the metadata store lists it (as a reindex does). */
async function publish(
  store: HnswFileStore,
  withSnapshot: boolean,
  tables: readonly CatalogTable[] = catalog,
): Promise<string> {
  const vectorOf = new Map(entries.map((e) => [e.key, e.vector]));
  const corpus = await RetrievalCorpus.build(
    indexedInputs(tables, (id) => vectorOf.get(id)),
    { embedder },
  );
  const saved = await store.publish(entries, {
    attach: withSnapshot ? (folder) => void writeCorpusSnapshot(folder, corpus, embedder) : undefined,
  });
  return saved.path;
}

function fileStore(): HnswFileStore {
  return new HnswFileStore({
    indexDir: path.join(dir, 'index'),
    embedderId: embedder.id,
    dimension: embedder.dimension,
    hnsw: { m: 16, efConstruction: 200, ef: 200 },
  });
}

async function manager(withSnapshot: boolean, cachedTables?: number) {
  const store = new InMemoryCatalogStore();
  for (const sourceId of ['nursery', 'library']) {
    await store.replaceSource({
      sourceId,
      label: sourceId,
      schemas: [],
      tables: catalog.filter((t) => t.sourceId === sourceId),
      introspectedAt: new Date(),
    });
  }
  const vectors = fileStore();
  await publish(vectors, withSnapshot, await store.loadAllTables());
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const m = new RetrievalStateManager({
    store,
    embedder,
    indexDir: dir,
    vectors,
    topK: 30,
    logger,
    cachedTables,
  });
  await m.reload();
  const state = m.current();
  if (state === null) throw new Error('no state loaded');
  return { state, logs, store };
}

/** A lexical entry's fields as plain data (a loaded snapshot's entries read their words when used). */
const plain = (e: TableEntry) => ({
  key: e.key,
  table: e.table,
  nameTokens: e.nameTokens,
  columnTokens: e.columnTokens,
  length: e.length,
  values: e.values,
  schemaTokens: [...e.schemaTokens].sort(),
  valueTokens: [...e.valueTokens].sort(),
  schemaNameTokens: [...e.schemaNameTokens].sort(),
  hasTime: e.hasTime,
});

describe('retrieval snapshot', () => {
  // 1: every use of a table's catalog or words reads its line again (the smallest cache)
  it.each([undefined, 1])(
    'ranks exactly as a corpus recomputed from the catalog (cache of %p tables)',
    async (cachedTables) => {
      const built = await manager(false);
      const loaded = await manager(true, cachedTables);
      expect(built.logs.some((l) => l.includes('retrieval snapshot not used'))).toBe(true);
      expect(loaded.logs.some((l) => l.includes('"snapshot":true'))).toBe(true);
      const a = built.state.corpus;
      const b = loaded.state.corpus;
      expect(b.tables().map((t) => t.id)).toEqual(a.tables().map((t) => t.id));
      expect(b.tables().map((t) => plain(t.entry))).toEqual(a.tables().map((t) => plain(t.entry)));
      expect(b.tables().map((t) => t.table)).toEqual(a.tables().map((t) => t.table));
      expect(b.tables().map((t) => t.tenants)).toEqual(a.tables().map((t) => t.tenants));
      expect(b.tables().map((t) => t.nameVectors)).toEqual(a.tables().map((t) => t.nameVectors));
      expect(b.tables().map((t) => t.contentSignature)).toEqual(a.tables().map((t) => t.contentSignature));
      expect([...b.joinEdges()]).toEqual([...a.joinEdges()]);
      // a column name two tables share is one vector (embedded once, stored once)
      const plantIdOf = (id: string) => {
        const t = b.byId.get(id);
        return t?.nameVectors[1 + t.table.columns.findIndex((c) => c.name === 'plant_id')];
      };
      expect(plantIdOf('nursery|greenhouse.plants')).toBe(plantIdOf('nursery|shop.seed_sales'));
      expect(b.edgesOf('nursery|shop.seed_sales')).toEqual(a.edgesOf('nursery|shop.seed_sales'));
      for (const question of questions) {
        for (const sourceIds of [undefined, ['nursery'], ['library']]) {
          const request = { question, sourceIds };
          expect(ranking(await loaded.state.retriever.retrieve(request))).toEqual(
            ranking(await built.state.retriever.retrieve(request)),
          );
          const tokens = question.toLowerCase().split(/\W+/);
          expect(b.bm25.score(tokens)).toEqual(a.bm25.score(tokens));
          // rank: the k best of score (a stable sort on score), and the scores of the wanted keys
          const all = b.bm25.score(tokens);
          const wanted = new Set(b.tables().map((t) => t.id));
          for (const k of [1, 2, 30]) {
            const { ranked, scores } = b.bm25.rank(tokens, { k, wanted });
            expect(ranked).toEqual([...all.entries()].sort((x, y) => y[1] - x[1]).slice(0, k));
            expect(scores).toEqual(all);
          }
        }
      }
    },
  );

  it('takes the catalog entries a reindex holds for tables in the same state, and writes them back unchanged', async () => {
    const stamped = catalog.map((t) => ({ ...t, changeFingerprint: `change of ${t.name}` }));
    const vectorOf = new Map(entries.map((e) => [e.key, e.vector]));
    const tableVector = (id: string) => vectorOf.get(id);
    const folder = (name: string) =>
      fs.mkdirSync(path.join(dir, name), { recursive: true }) ?? path.join(dir, name);
    const first = folder('first');
    const built = await RetrievalCorpus.build(indexedInputs(stamped, tableVector), { embedder });
    writeCorpusSnapshot(first, built, embedder);
    // the reindex's entries: copies of the same state, but one table profiled again since (another state)
    const held = new Map(
      stamped.map((t) => [tableId(t.sourceId, `${t.schema}.${t.name}`), structuredClone(t)]),
    );
    const [moved] = [...held.keys()];
    const movedEntry = held.get(moved);
    if (movedEntry === undefined) throw new Error('no table');
    held.set(moved, { ...movedEntry, comment: 'profiled again', changeFingerprint: 'another state' });
    const loaded = await loadCorpusSnapshot(first, {
      embedder,
      tableVector,
      catalogEntry: (id) => held.get(id),
    });
    if (loaded.corpus === null) throw new Error(loaded.reason);
    for (const t of loaded.corpus.tables()) {
      if (t.id === moved) expect(t.table).toEqual(stamped.find((s) => t.table.name === s.name));
      else expect(t.table).toBe(held.get(t.id));
    }
    // written again: the same files but for the header's time (entries copied from the first snapshot)
    const second = folder('second');
    writeCorpusSnapshot(second, loaded.corpus, embedder);
    const read = (f: string, name: string) => fs.readFileSync(path.join(f, name), 'utf8');
    expect(read(second, 'catalog.jsonl')).toBe(read(first, 'catalog.jsonl'));
    const again = await loadCorpusSnapshot(second, { embedder, tableVector });
    if (again.corpus === null) throw new Error(again.reason);
    expect(again.corpus.tables().map((t) => t.table)).toEqual(built.tables().map((t) => t.table));
    expect(again.corpus.tables().map((t) => plain(t.entry))).toEqual(
      built.tables().map((t) => plain(t.entry)),
    );
    expect(read(second, 'corpus.bin')).toBe(read(first, 'corpus.bin'));
  });

  it('does not need the metadata store when the snapshot is there', async () => {
    const loaded = await manager(true);
    const spy = jest.spyOn(loaded.store, 'loadAllTables');
    const vectors = fileStore();
    const m = new RetrievalStateManager({
      store: loaded.store,
      embedder,
      indexDir: dir,
      vectors,
      topK: 30,
      logger: pino({ level: 'silent' }),
    });
    await m.reload();
    expect(m.current()?.corpus.size).toBe(catalog.length);
    expect(spy).not.toHaveBeenCalled();
  });

  it('answers questions without reading any catalog entry: names, schemas and values come from what is held', async () => {
    const loaded = await manager(true, 1);
    const reads = jest.spyOn(SnapshotLineReader.prototype, 'table');
    try {
      for (const question of questions) {
        const r = await loaded.state.retriever.retrieve({ question });
        expect(r.candidates.length).toBeGreaterThan(0);
      }
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
  });

  it('reads catalog entries and name vectors when used, from lines longer than a read and with multi-byte text', async () => {
    // a long comment in a few languages: the table's line spans several reads of corpus.jsonl
    const long = 'Pflanzenbeet im Gewächshaus — 苗床 🌱 '.repeat(40_000);
    const tables = catalog.map((t) => (t.name === 'beds' ? { ...t, comment: long } : t));
    const folder = await publish(fileStore(), true, tables);
    const vectorOf = new Map(entries.map((e) => [e.key, e.vector]));
    const built = await RetrievalCorpus.build(
      indexedInputs(tables, (id) => vectorOf.get(id)),
      { embedder },
    );
    const loaded = await loadCorpusSnapshot(folder, {
      embedder,
      tableVector: (id) => vectorOf.get(id),
      hasTableVector: (id) => vectorOf.has(id),
      cachedTables: 1,
    });
    if (loaded.corpus === null) throw new Error(loaded.reason);
    const corpus = loaded.corpus;
    // backwards and twice: each read evicts the one before
    for (const t of [...built.tables()].reverse().concat(built.tables())) {
      const l = corpus.byId.get(t.id);
      expect(l?.table).toEqual(t.table);
      expect(l?.entry.table).toEqual(t.table);
      expect(l?.nameVectors).toEqual(t.nameVectors);
      expect(l?.vector).toEqual(t.vector);
    }
    expect(corpus.byId.get('nursery|greenhouse.beds')?.table.comment).toBe(long);
  });

  it('is not used, and says why, when missing, of another version or embedder, or stale', async () => {
    const vectors = fileStore();
    const folder = await publish(vectors, true);
    const tableVector = (id: string) => entries.find((e) => e.key === id)?.vector;
    expect((await loadCorpusSnapshot(folder, { embedder, tableVector })).corpus).not.toBeNull();

    const jsonl = path.join(folder, 'corpus.jsonl');
    const original = fs.readFileSync(jsonl, 'utf8');
    const [header, ...rest] = original.split('\n');
    const rewrite = (change: (h: Record<string, unknown>) => void) => {
      const h = JSON.parse(header) as Record<string, unknown>;
      change(h);
      fs.writeFileSync(jsonl, [JSON.stringify(h), ...rest].join('\n'));
    };

    rewrite((h) => (h.formatVersion = 999));
    expect(await loadCorpusSnapshot(folder, { embedder, tableVector })).toMatchObject({
      corpus: null,
      reason: expect.stringContaining('format 999'),
    });
    rewrite((h) => (h.embedderId = 'another:v9'));
    expect(await loadCorpusSnapshot(folder, { embedder, tableVector })).toMatchObject({
      corpus: null,
      reason: expect.stringContaining('another:v9'),
    });

    // a table whose words the code would derive differently now (first table: always checked)
    const lines = original.split('\n');
    const first = JSON.parse(lines[1]) as { nameTokens: string[] };
    first.nameTokens = ['outdated'];
    lines[1] = JSON.stringify(first);
    fs.writeFileSync(jsonl, lines.join('\n'));
    expect(await loadCorpusSnapshot(folder, { embedder, tableVector })).toMatchObject({
      corpus: null,
      reason: expect.stringContaining('stale'),
    });

    fs.writeFileSync(jsonl, original);
    // the catalog entries are a file of their own, read at load or when used
    const catalogFile = path.join(folder, 'catalog.jsonl');
    const catalogText = fs.readFileSync(catalogFile);
    fs.rmSync(catalogFile);
    for (const cachedTables of [undefined, 10]) {
      expect(await loadCorpusSnapshot(folder, { embedder, tableVector, cachedTables })).toMatchObject({
        corpus: null,
        reason: expect.stringContaining('unreadable'),
      });
    }
    fs.writeFileSync(catalogFile, catalogText);
    expect((await loadCorpusSnapshot(folder, { embedder, tableVector })).corpus).not.toBeNull();

    fs.truncateSync(path.join(folder, 'corpus.bin'), 100);
    expect(await loadCorpusSnapshot(folder, { embedder, tableVector })).toMatchObject({
      corpus: null,
      reason: expect.stringContaining('unreadable'),
    });

    fs.rmSync(jsonl);
    expect(await loadCorpusSnapshot(folder, { embedder, tableVector })).toMatchObject({
      corpus: null,
      reason: expect.stringContaining('no retrieval snapshot'),
    });
  });
});
