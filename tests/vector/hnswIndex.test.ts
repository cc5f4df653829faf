import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IndexError } from '../../src/errors';
import { ExactIndex } from '../../src/vector/exactIndex';
import { effectiveFilter } from '../../src/vector/filter';
import { HnswIndex } from '../../src/vector/hnswIndex';
import type { IndexEntry } from '../../src/vector/indexEntry';
import { randomVectors } from '../../src/bench/measureRecall';
import { CURRENT_FILE } from '../../src/vector/versionedStore';
import { MAX_COLUMN_SEGMENTS } from '../../src/vector/columnSegments';

const DIMENSION = 32;

function entries(count: number, seed = 1): IndexEntry[] {
  return randomVectors({ count, dimension: DIMENSION, seed, clusters: 8 }).map((vector, i) => ({
    key: `src${i % 3}:s.t${i}`,
    meta: { table: `s.t${i}`, sourceId: `src${i % 3}`, tenants: i % 5 === 0 ? ['acme'] : [] },
    vector,
    fingerprint: `fp${i}`,
    columns: { a: vector, b: vector.map((v) => -v) },
  }));
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tb-index-'));
}

describe('HnswIndex', () => {
  const data = entries(300);
  const queries = randomVectors({ count: 20, dimension: DIMENSION, seed: 7, clusters: 8 });
  const build = (): HnswIndex =>
    HnswIndex.build({ embedderId: 'test:v1', dimension: DIMENSION, entries: data });

  it('finds the same neighbours as exact search, with cosine similarities', () => {
    const hnsw = build();
    const exact = ExactIndex.build({ embedderId: 'test:v1', dimension: DIMENSION, entries: data });
    expect(hnsw.size).toBe(300);
    expect(hnsw.params).toEqual({ m: 16, efConstruction: 200, ef: 200 });
    for (const query of queries) {
      const a = hnsw.search(query, 10);
      const b = exact.search(query, 10);
      expect(a.map((h) => h.key)).toEqual(b.map((h) => h.key));
      a.forEach((hit, i) => expect(hit.similarity).toBeCloseTo(b[i].similarity, 4));
      expect(a[0].similarity).toBeGreaterThanOrEqual(a[9].similarity);
    }
  });

  it('restricts by source and tenant before ranking', () => {
    const hnsw = build();
    const query = queries[0];
    const onlySrc1 = hnsw.search(query, 10, { sourceIds: ['src1'] });
    expect(onlySrc1).toHaveLength(10);
    expect(onlySrc1.every((h) => h.meta.sourceId === 'src1')).toBe(true);
    const exactSrc1 = ExactIndex.build({
      embedderId: 'test:v1',
      dimension: DIMENSION,
      entries: data.filter((e) => e.meta.sourceId === 'src1'),
    }).search(query, 10);
    expect(onlySrc1.map((h) => h.key)).toEqual(exactSrc1.map((h) => h.key));

    const otherTenant = hnsw.search(query, 300, { tenant: 'globex' });
    expect(otherTenant.some((h) => h.meta.tenants.includes('acme'))).toBe(false);
    expect(otherTenant).toHaveLength(data.filter((e) => e.meta.tenants.length === 0).length);
    const acme = hnsw.search(query, 300, { tenant: 'acme' });
    expect(acme).toHaveLength(300);
  });

  it('returns fewer hits when k exceeds what the filter allows, and none for an empty filter', () => {
    const hnsw = build();
    const few = hnsw.search(queries[1], 200, { sourceIds: ['src2'], tenant: 'globex' });
    const allowed = data.filter((e) => e.meta.sourceId === 'src2' && e.meta.tenants.length === 0).length;
    expect(allowed).toBeLessThan(200);
    expect(few).toHaveLength(allowed);
    expect(new Set(few.map((h) => h.key)).size).toBe(allowed);
    expect(hnsw.search(queries[1], 5, { sourceIds: [] })).toEqual([]);
    expect(hnsw.search(queries[1], 0)).toEqual([]);
    expect(hnsw.search(queries[1], 1000)).toHaveLength(300);
  });

  it('searches with a filter that restricts nothing as without one (no call back per entry visited)', () => {
    const hnsw = build();
    for (const query of queries.slice(0, 5)) {
      const plain = hnsw.search(query, 10);
      expect(hnsw.search(query, 10, {})).toEqual(plain);
      expect(hnsw.search(query, 10, { sourceIds: undefined, allow: undefined })).toEqual(plain);
    }
    // what the graph is searched with: no filter function unless something is restricted
    expect(effectiveFilter({})).toBeUndefined();
    expect(effectiveFilter({ sourceIds: undefined, tenant: undefined, allow: undefined })).toBeUndefined();
    for (const filter of [{ sourceIds: [] }, { tenant: 'acme' }, { allow: () => true }])
      expect(effectiveFilter(filter)).toBe(filter);
  });

  it('handles an empty index and refuses wrong dimensions and duplicate keys', () => {
    const empty = HnswIndex.build({ embedderId: 'e', dimension: DIMENSION, entries: [] });
    expect(empty.search(queries[0], 5)).toEqual([]);
    expect(() => empty.search(new Float32Array(3), 5)).toThrow(/HnswIndex.search/);
    expect(() =>
      HnswIndex.build({ embedderId: 'e', dimension: 4, entries: [{ ...data[0], columns: {} }] }),
    ).toThrow(/HnswIndex.build/);
    expect(() =>
      HnswIndex.build({ embedderId: 'e', dimension: DIMENSION, entries: [data[0], data[0]] }),
    ).toThrow(/duplicate key/);
  });

  it('saves and loads an identical index with its mapping, fingerprints and column vectors', async () => {
    const dir = tempDir();
    const hnsw = build();
    const saved = await hnsw.save(dir);
    expect(saved.version).toBe(1);
    expect(saved.bytes).toBeGreaterThan(300 * DIMENSION * 4);
    expect(fs.readFileSync(path.join(dir, CURRENT_FILE), 'utf8').trim()).toBe('v000001');
    expect(await HnswIndex.currentVersion(dir)).toBe(1);

    const loaded = await HnswIndex.load(dir, { expectEmbedderId: 'test:v1', ef: 100 });
    expect(loaded.embedderId).toBe('test:v1');
    expect(loaded.dimension).toBe(DIMENSION);
    expect(loaded.size).toBe(300);
    expect(loaded.version).toBe(1);
    expect(loaded.params).toEqual({ m: 16, efConstruction: 200, ef: 100 });
    for (const query of queries) {
      expect(loaded.search(query, 10, { sourceIds: ['src0'] })).toEqual(
        hnsw.search(query, 10, { sourceIds: ['src0'] }),
      );
    }
    const entry = loaded.entry('src1:s.t7');
    expect(entry?.meta).toEqual(data[7].meta);
    expect(entry?.fingerprint).toBe('fp7');
    expect(Array.from(entry?.columns?.b ?? [])).toEqual(Array.from(data[7].vector.map((v) => -v)));
    expect(loaded.entries().map((e) => e.key)).toEqual(data.map((e) => e.key));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads table vectors from the file when loaded with vectors: file, equal to the ones held in memory', async () => {
    const dir = tempDir();
    const hnsw = build();
    await hnsw.save(dir);
    const inMemory = await HnswIndex.load(dir, { columns: false });
    const fromFile = await HnswIndex.load(dir, { columns: false, vectors: 'file', fileVectorsFromBytes: 0 });
    expect(fromFile.entries().map((e) => e.key)).toEqual(inMemory.entries().map((e) => e.key));
    inMemory.entries().forEach((e, i) => {
      expect(Array.from(fromFile.entries()[i].vector)).toEqual(Array.from(e.vector));
    });
    expect(fromFile.entry('src1:s.t7')?.fingerprint).toBe('fp7');
    for (const query of queries) expect(fromFile.search(query, 10)).toEqual(inMemory.search(query, 10));
    // still readable once the version folder is removed (a newer reindex deletes old versions)
    const vector = Array.from(fromFile.entries()[5].vector);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(Array.from(fromFile.entries()[5].vector)).toEqual(vector);
  });

  it('holds a small vector file in memory even when asked to read vectors from the file', async () => {
    const dir = tempDir();
    await build().save(dir);
    const small = await HnswIndex.load(dir, { columns: false, vectors: 'file' });
    const fromFile = await HnswIndex.load(dir, { columns: false, vectors: 'file', fileVectorsFromBytes: 0 });
    expect(Object.getOwnPropertyDescriptor(small.entries()[0], 'vector')?.value).toBeInstanceOf(Float32Array);
    expect(Object.getOwnPropertyDescriptor(fromFile.entries()[0], 'vector')).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('swaps versions atomically and keeps the current and the two before it', async () => {
    const dir = tempDir();
    const first = build();
    await first.save(dir);
    const second = HnswIndex.build({ embedderId: 'test:v1', dimension: DIMENSION, entries: entries(10, 2) });
    await second.save(dir);
    expect((await HnswIndex.load(dir)).size).toBe(10);
    expect(fs.readdirSync(dir).sort()).toEqual([CURRENT_FILE, 'v000001', 'v000002']);
    await first.save(dir);
    expect(fs.readdirSync(dir).sort()).toEqual([CURRENT_FILE, 'v000001', 'v000002', 'v000003']);
    const loaded = await HnswIndex.load(dir);
    expect(loaded.size).toBe(300);
    expect(loaded.version).toBe(3);
    await second.save(dir);
    expect(fs.readdirSync(dir).sort()).toEqual([CURRENT_FILE, 'v000002', 'v000003', 'v000004']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('never picks up a half-written version after a crash, and cleans it up once it is old', async () => {
    const dir = tempDir();
    await build().save(dir);
    // a crash mid-save leaves a newer, incomplete version folder and a temporary folder of a dead writer
    fs.mkdirSync(path.join(dir, 'v000002'));
    fs.writeFileSync(path.join(dir, 'v000002', 'index.hnsw'), 'partial');
    fs.mkdirSync(path.join(dir, '.tmp-999999999-abcdef'));
    fs.writeFileSync(path.join(dir, '.tmp-999999999-abcdef', 'index.hnsw'), 'partial');
    fs.writeFileSync(path.join(dir, '.tmp-CURRENT-999999999-abcdef'), 'v000002');

    const loaded = await HnswIndex.load(dir, { expectEmbedderId: 'test:v1' });
    expect(loaded.version).toBe(1);
    expect(loaded.size).toBe(300);

    const saved = await HnswIndex.build({
      embedderId: 'test:v1',
      dimension: DIMENSION,
      entries: entries(5),
    }).save(dir);
    expect(saved.version).toBe(3);
    // the dead writer's temporary entries go at once; v000002 stays while it is one of the two versions
    // below the current one (another writer may be about to point CURRENT at such a folder)
    expect(fs.readdirSync(dir).sort()).toEqual([CURRENT_FILE, 'v000001', 'v000002', 'v000003']);
    expect((await HnswIndex.load(dir)).size).toBe(5);
    await build().save(dir);
    await build().save(dir);
    expect(fs.readdirSync(dir).sort()).toEqual([CURRENT_FILE, 'v000003', 'v000004', 'v000005']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an index built by another embedder, with a message to reindex', async () => {
    const dir = tempDir();
    await build().save(dir);
    const error = await HnswIndex.load(dir, { expectEmbedderId: 'offline:v1:1024' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexError);
    expect(error instanceof IndexError && error.code).toBe('INDEX_EMBEDDER_MISMATCH');
    expect(String(error)).toMatch(/test:v1.*offline:v1:1024.*npm run reindex/);
    await expect(HnswIndex.load(dir, { expectDimension: 64 })).rejects.toMatchObject({
      code: 'INDEX_EMBEDDER_MISMATCH',
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports a missing index and a corrupt one', async () => {
    const dir = tempDir();
    await expect(HnswIndex.load(dir)).rejects.toMatchObject({ code: 'INDEX_MISSING' });
    await expect(HnswIndex.load(path.join(dir, 'does-not-exist'))).rejects.toMatchObject({
      code: 'INDEX_MISSING',
    });
    expect(await HnswIndex.currentVersion(dir)).toBeNull();

    await build().save(dir);
    fs.writeFileSync(path.join(dir, 'v000001', 'vectors.f32'), Buffer.alloc(12));
    await expect(HnswIndex.load(dir)).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
    fs.rmSync(path.join(dir, 'v000001', 'manifest.json'));
    await expect(HnswIndex.load(dir)).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
    fs.writeFileSync(path.join(dir, CURRENT_FILE), 'garbage');
    await expect(HnswIndex.load(dir)).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('HnswIndex.update', () => {
  const base = entries(300);
  const queries = randomVectors({ count: 20, dimension: DIMENSION, seed: 11, clusters: 8 });
  const fresh = entries(30, 5).map((e, i) => ({
    ...e,
    key: `new:s.n${i}`,
    meta: { table: `s.n${i}`, sourceId: 'new', tenants: [] },
    fingerprint: `nfp${i}`,
  }));
  const options = { embedderId: 'test:v1', dimension: DIMENSION };

  async function published(): Promise<string> {
    const dir = tempDir();
    await HnswIndex.build({ ...options, entries: base }).save(dir);
    return dir;
  }

  it('deletes and adds in place: search equals exact search over the new set, kept column vectors carried over', async () => {
    const dir = await published();
    const removed = base.slice(0, 20).map((e) => e.key);
    const changed = { ...base[50], vector: base[51].vector, fingerprint: 'changed' };
    const result = await HnswIndex.update(dir, {
      ...options,
      baseVersion: 1,
      remove: removed,
      add: [...fresh, changed],
    });
    expect(result).toMatchObject({ compacted: false, size: 300 - 20 + 30 });
    const loaded = await HnswIndex.load(dir, { columns: true });
    expect(loaded.version).toBe(2);
    const expected = [...base.filter((_, i) => i >= 20 && i !== 50), ...fresh, changed];
    expect(
      loaded
        .entries()
        .map((e) => e.key)
        .sort(),
    ).toEqual(expected.map((e) => e.key).sort());
    expect(loaded.entry(base[0].key)).toBeUndefined();
    expect(loaded.entry(changed.key)?.fingerprint).toBe('changed');
    const kept = loaded.entry(base[100].key);
    expect(Array.from(kept?.columns?.b ?? [])).toEqual(Array.from(base[100].columns?.b ?? []));
    expect(Array.from(loaded.entry(fresh[3].key)?.columns?.a ?? [])).toEqual(Array.from(fresh[3].vector));
    const exact = ExactIndex.build({ ...options, entries: expected });
    for (const query of queries) {
      expect(loaded.search(query, 10).map((h) => h.key)).toEqual(exact.search(query, 10).map((h) => h.key));
      expect(loaded.search(query, 5, { sourceIds: ['new'] }).map((h) => h.key)).toEqual(
        exact.search(query, 5, { sourceIds: ['new'] }).map((h) => h.key),
      );
    }
  });

  it('compacts once deleted labels would pass the threshold, with the same live entries', async () => {
    const dir = await published();
    const result = await HnswIndex.update(dir, {
      ...options,
      baseVersion: 1,
      remove: base.slice(0, 120).map((e) => e.key),
      add: fresh,
    });
    expect(result).toMatchObject({ compacted: true, size: 180 + 30 });
    const loaded = await HnswIndex.load(dir, { columns: true });
    const expected = [...base.slice(120), ...fresh];
    expect(loaded.entries().map((e) => e.key)).toEqual(expected.map((e) => e.key));
    expect(Array.from(loaded.entry(base[200].key)?.columns?.b ?? [])).toEqual(
      Array.from(base[200].columns?.b ?? []),
    );
    const exact = ExactIndex.build({ ...options, entries: expected });
    for (const query of queries)
      expect(loaded.search(query, 10).map((h) => h.key)).toEqual(exact.search(query, 10).map((h) => h.key));
  });

  it('reads and updates an index written in format 1 (dense labels, column vectors in entry order)', async () => {
    const dir = await published();
    const manifestFile = path.join(dir, 'v000001', 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
      formatVersion: number;
      slots?: number;
      entries: { columnStart?: number }[];
    };
    manifest.formatVersion = 1;
    delete manifest.slots;
    for (const e of manifest.entries) delete e.columnStart;
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const old = await HnswIndex.load(dir, { columns: true });
    expect(Array.from(old.entry(base[7].key)?.columns?.b ?? [])).toEqual(
      Array.from(base[7].columns?.b ?? []),
    );
    await HnswIndex.update(dir, {
      ...options,
      baseVersion: 1,
      remove: [base[0].key],
      add: fresh.slice(0, 2),
    });
    const loaded = await HnswIndex.load(dir, { columns: true });
    expect(loaded.size).toBe(301);
    expect(Array.from(loaded.entry(base[7].key)?.columns?.b ?? [])).toEqual(
      Array.from(base[7].columns?.b ?? []),
    );
  });

  it('links the previous column vector files into each update and writes only the added ones, merging past the segment limit', async () => {
    const dir = await published();
    const inode = (version: number, file: string) =>
      fs.statSync(path.join(dir, `v${String(version).padStart(6, '0')}`, file)).ino;
    let version = 1;
    // one table changed per update: each update adds one segment of two column vectors
    for (let i = 0; i < MAX_COLUMN_SEGMENTS + 2; i++) {
      const changed = { ...base[i], vector: base[i + 100].vector, fingerprint: `changed${i}` };
      await HnswIndex.update(dir, { ...options, baseVersion: version, remove: [], add: [changed] });
      version++;
      // the first segment is the same file as version 1's: linked, never copied
      expect(inode(version, 'columns.f32')).toBe(inode(version - 1, 'columns.f32'));
      const files = fs.readdirSync(path.join(dir, `v${String(version).padStart(6, '0')}`));
      expect(files.filter((f) => f.startsWith('columns')).length).toBeLessThanOrEqual(MAX_COLUMN_SEGMENTS);
    }
    const loaded = await HnswIndex.load(dir, { columns: true });
    expect(loaded.size).toBe(300);
    for (let i = 0; i < MAX_COLUMN_SEGMENTS + 2; i++) {
      const entry = loaded.entry(base[i].key);
      expect(entry?.fingerprint).toBe(`changed${i}`);
      expect(Array.from(entry?.columns?.b ?? [])).toEqual(Array.from(base[i].columns?.b ?? []));
    }
    expect(Array.from(loaded.entry(base[250].key)?.columns?.a ?? [])).toEqual(
      Array.from(base[250].columns?.a ?? []),
    );
    // located column vectors point into the segments, and a full rebuild from them copies the right ones
    const located = await HnswIndex.load(dir, { columns: 'located' });
    const rebuiltDir = tempDir();
    await HnswIndex.build({ ...options, entries: located.entries() }).save(rebuiltDir);
    const rebuilt = await HnswIndex.load(rebuiltDir, { columns: true });
    for (const key of [base[0].key, base[MAX_COLUMN_SEGMENTS + 1].key, base[299].key])
      expect(Array.from(rebuilt.entry(key)?.columns?.b ?? [])).toEqual(
        Array.from(loaded.entry(key)?.columns?.b ?? []),
      );
    expect(fs.readdirSync(path.join(rebuiltDir, 'v000001')).filter((f) => f.startsWith('columns'))).toEqual([
      'columns.f32',
    ]);
    // a compaction writes one file again
    await HnswIndex.update(dir, {
      ...options,
      baseVersion: version,
      remove: base.slice(150).map((e) => e.key),
      add: [],
    });
    const compacted = await HnswIndex.load(dir, { columns: true });
    const last = fs.readdirSync(path.join(dir, `v${String(version + 1).padStart(6, '0')}`));
    expect(last.filter((f) => f.startsWith('columns'))).toEqual(['columns.f32']);
    expect(Array.from(compacted.entry(base[3].key)?.columns?.b ?? [])).toEqual(
      Array.from(base[3].columns?.b ?? []),
    );
  });

  it('refuses an update prepared against another version and leaves the current one in place', async () => {
    const dir = await published();
    await HnswIndex.update(dir, { ...options, baseVersion: 1, remove: [base[0].key], add: [] });
    const attempt = HnswIndex.update(dir, { ...options, baseVersion: 1, remove: [base[1].key], add: [] });
    await expect(attempt).rejects.toMatchObject({ code: 'INDEX_MOVED' });
    expect(fs.readFileSync(path.join(dir, CURRENT_FILE), 'utf8').trim()).toBe('v000002');
    expect((await HnswIndex.load(dir)).entry(base[1].key)).toBeDefined();
    await expect(
      HnswIndex.update(dir, { ...options, embedderId: 'other:v1', baseVersion: 2, remove: [], add: [] }),
    ).rejects.toBeInstanceOf(IndexError);
  });
});
