import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomVectors } from '../../src/bench/measureRecall';
import { ExactIndex } from '../../src/vector/exactIndex';
import { HnswIndex } from '../../src/vector/hnswIndex';
import type { IndexEntry } from '../../src/vector/indexEntry';
import {
  MIN_CAPTURED_VARIANCE,
  REDUCE_FROM_BYTES,
  MAX_BEAM_FACTOR,
  REDUCED_BEAM_SIZE,
  ReducedSpace,
  reducedBeam,
} from '../../src/vector/reducedSpace';
import { normalizeInPlace } from '../../src/vector/vectorMath';

const DIMENSION = 128;
/** Directions the low-rank vectors vary along (fewer than the quarter of the dimensions a space keeps). */
const RANK = 12;

/**
 * Unit vectors that share a common part and vary along {@link RANK} directions only: what the table vectors
 * of one catalog look like to an embedder that hashes words (one direction per distinct word feature).
 */
function lowRank(count: number, seed: number): Float32Array[] {
  const directions = randomVectors({ count: RANK + 1, dimension: DIMENSION, seed: 99 });
  const weights = randomVectors({ count, dimension: RANK, seed });
  return weights.map((w) => {
    const v = Float32Array.from(directions[RANK], (x) => 2 * x);
    for (let d = 0; d < RANK; d++) for (let i = 0; i < DIMENSION; i++) v[i] += w[d] * directions[d][i];
    return normalizeInPlace(v);
  });
}

function entriesOf(vectors: Float32Array[], prefix = 's.t'): IndexEntry[] {
  return vectors.map((vector, i) => ({
    key: `src${i % 3}:${prefix}${i}`,
    meta: { table: `${prefix}${i}`, sourceId: `src${i % 3}`, tenants: i % 5 === 0 ? ['acme'] : [] },
    vector,
    fingerprint: `fp${i}`,
  }));
}

function manifestOf(dir: string, version = 1): { formatVersion: number; graph?: unknown } {
  const file = path.join(dir, `v${String(version).padStart(6, '0')}`, 'manifest.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as { formatVersion: number; graph?: unknown };
}

/** Small test indexes: a reduced space from any size (the default starts at 64 MiB of vectors). */
const options = { embedderId: 'test:v1', dimension: DIMENSION, reduceFromBytes: 0 };
const ANY_SIZE = { fromBytes: 0 };

describe('ReducedSpace', () => {
  it('fits the subspace low-rank vectors span and keeps their differences', () => {
    const vectors = lowRank(300, 1);
    const space = ReducedSpace.fit(vectors.length, DIMENSION, (i) => vectors[i], ANY_SIZE);
    expect(space).not.toBeNull();
    expect(space?.dimension).toBe(DIMENSION / 4);
    expect(space?.captured).toBeGreaterThanOrEqual(MIN_CAPTURED_VARIANCE);
    // a rotation of the subspace: distances between the vectors are kept
    const [a, b] = [space!.project(vectors[3]), space!.project(vectors[8])];
    const full = vectors[3].reduce((sum, x, i) => sum + (x - vectors[8][i]) ** 2, 0);
    const reduced = a.reduce((sum, x, i) => sum + (x - b[i]) ** 2, 0);
    expect(reduced).toBeCloseTo(full, 4);
  });

  it('declines vectors that fill their space (no recall is traded for memory)', () => {
    const vectors = randomVectors({ count: 300, dimension: DIMENSION, seed: 3, clusters: 8 });
    expect(ReducedSpace.fit(vectors.length, DIMENSION, (i) => vectors[i], ANY_SIZE)).toBeNull();
    expect(ReducedSpace.fit(20, DIMENSION, (i) => vectors[i], ANY_SIZE)).toBeNull();
  });

  it('searches with twice the beam up to its size, and a beam in proportion to the entries past it', () => {
    expect(reducedBeam(200, 1_000)).toBe(400);
    expect(reducedBeam(200, REDUCED_BEAM_SIZE)).toBe(400);
    expect(reducedBeam(200, 2 * REDUCED_BEAM_SIZE)).toBe(800);
    expect(reducedBeam(200, 1.5 * REDUCED_BEAM_SIZE)).toBe(600);
    // no wider than MAX_BEAM_FACTOR times ef, however large the graph
    expect(reducedBeam(200, 100 * REDUCED_BEAM_SIZE)).toBe(MAX_BEAM_FACTOR * 200);
  });

  it('leaves indexes under the size where the fit pays for itself with the full graph', async () => {
    const vectors = lowRank(300, 1);
    expect(ReducedSpace.fit(vectors.length, DIMENSION, (i) => vectors[i])).toBeNull();
    const enough = Math.ceil(REDUCE_FROM_BYTES / (4 * DIMENSION));
    expect(ReducedSpace.fit(enough, DIMENSION, (i) => vectors[i % vectors.length])).not.toBeNull();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-reduced-'));
    await HnswIndex.build({ embedderId: 'test:v1', dimension: DIMENSION, entries: entriesOf(vectors) }).save(
      dir,
    );
    expect(manifestOf(dir)).toMatchObject({ formatVersion: 4, graph: null });
    expect(fs.existsSync(path.join(dir, 'v000001', 'reduced.f32'))).toBe(false);
  });
});

describe('HnswIndex over a reduced space', () => {
  const data = entriesOf(lowRank(400, 1));
  const queries = lowRank(25, 7);

  it('searches the reduced graph and re-ranks by exact cosine: same hits and similarities as exact search', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-reduced-'));
    await HnswIndex.build({ ...options, entries: data }).save(dir);
    expect(manifestOf(dir)).toMatchObject({ formatVersion: 4, graph: { dimension: DIMENSION / 4 } });
    expect(fs.existsSync(path.join(dir, 'v000001', 'reduced.f32'))).toBe(true);
    const exact = ExactIndex.build({ ...options, entries: data });
    for (const vectors of ['memory', 'file'] as const) {
      const index = await HnswIndex.load(dir, { vectors, fileVectorsFromBytes: 0 });
      for (const query of queries) {
        for (const k of [10, 30]) {
          const a = index.search(query, k);
          const b = exact.search(query, k);
          expect(a.map((h) => h.key)).toEqual(b.map((h) => h.key));
          a.forEach((hit, i) => expect(hit.similarity).toBeCloseTo(b[i].similarity, 5));
        }
        const filtered = index.search(query, 10, { sourceIds: ['src1'], tenant: 'globex' });
        const allowed = data.filter((e) => e.meta.sourceId === 'src1' && e.meta.tenants.length === 0);
        expect(filtered.map((h) => h.key)).toEqual(
          ExactIndex.build({ ...options, entries: allowed })
            .search(query, 10)
            .map((h) => h.key),
        );
      }
      expect(index.search(queries[0], 1000)).toHaveLength(400);
    }
  });

  it("adds vectors in place in the version's space, and rebuilds a version of an older format once", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-reduced-'));
    await HnswIndex.build({ ...options, entries: data }).save(dir);
    // an older version: the manifest says format 2 and the graph holds the full vectors
    const older = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-reduced-'));
    await HnswIndex.build({ ...options, entries: data }).save(older);
    const fresh = entriesOf(lowRank(20, 5), 's.n');
    const updated = await HnswIndex.update(dir, {
      ...options,
      baseVersion: 1,
      remove: [data[0].key],
      add: fresh,
    });
    expect(updated.compacted).toBe(false);
    expect(manifestOf(dir, 2)).toMatchObject({ formatVersion: 4, graph: { dimension: DIMENSION / 4 } });
    const live = [...data.slice(1), ...fresh];
    const exact = ExactIndex.build({ ...options, entries: live });
    const index = await HnswIndex.load(dir);
    for (const query of queries)
      expect(index.search(query, 10).map((h) => h.key)).toEqual(exact.search(query, 10).map((h) => h.key));

    const file = path.join(older, 'v000001', 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    fs.rmSync(path.join(older, 'v000001', 'reduced.f32'));
    delete manifest.graph;
    fs.writeFileSync(file, JSON.stringify({ ...manifest, formatVersion: 2 }));
    // the graph file still holds reduced coordinates; only the rebuild (which reads the vector file) may
    // use the version, so the update must rebuild rather than read the graph
    const rebuilt = await HnswIndex.update(older, { ...options, baseVersion: 1, remove: [], add: fresh });
    expect(rebuilt.compacted).toBe(true);
    expect(manifestOf(older, 2)).toMatchObject({ formatVersion: 4, graph: { dimension: DIMENSION / 4 } });
    const again = await HnswIndex.load(older);
    const all = ExactIndex.build({ ...options, entries: [...data, ...fresh] });
    for (const query of queries)
      expect(again.search(query, 10).map((h) => h.key)).toEqual(all.search(query, 10).map((h) => h.key));
  });
});
