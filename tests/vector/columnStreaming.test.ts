import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomVectors } from '../../src/bench/measureRecall';
import { HnswIndex } from '../../src/vector/hnswIndex';
import type { IndexEntry } from '../../src/vector/indexEntry';
import { readFloats, VectorSpill, writeColumnVectors } from '../../src/vector/vectorFiles';
import { reserveScratch } from '../../src/vector/versionedStore';

const DIMENSION = 16;

function entries(count: number): IndexEntry[] {
  return randomVectors({ count, dimension: DIMENSION, seed: 3, clusters: 4 }).map((vector, i) => ({
    key: `src:s.t${i}`,
    meta: { table: `s.t${i}`, sourceId: 'src', tenants: [] },
    vector,
    fingerprint: `fp${i}`,
    columns: Object.fromEntries(
      Array.from({ length: 1 + (i % 4) }, (_, k) => [`c${k}`, vector.map((v) => v * (k + 1))]),
    ),
  }));
}

describe('column vectors kept in files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-columns-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes runs from memory and from file ranges back to back, in order', () => {
    const v = (x: number) => new Float32Array(DIMENSION).fill(x);
    const source = path.join(dir, 'source.f32');
    fs.writeFileSync(source, Buffer.from(new Float32Array([...v(10), ...v(11), ...v(12), ...v(13)]).buffer));
    const out = path.join(dir, 'out.f32');
    writeColumnVectors(out, DIMENSION, [
      { file: source, start: 1, names: ['a', 'b'] },
      [v(1)],
      { file: source, start: 3, names: ['c'] },
      { file: source, start: 0, names: ['d'] },
      [],
    ]);
    const read = readFloats(out);
    expect(Array.from({ length: read.length / DIMENSION }, (_, i) => read[i * DIMENSION])).toEqual([
      11, 12, 1, 13, 10,
    ]);
    expect(() => writeColumnVectors(out, DIMENSION, [{ file: source, start: 3, names: ['x', 'y'] }])).toThrow(
      /shorter/,
    );
  });

  it('publishes the same version from located and spilled column vectors as from vectors in memory', async () => {
    const data = entries(60);
    const first = path.join(dir, 'first');
    await HnswIndex.build({ embedderId: 'test:v1', dimension: DIMENSION, entries: data }).save(first);
    const located = await HnswIndex.load(first, { columns: 'located' });
    expect(located.entries().every((e) => e.columns === undefined && e.columnsAt !== undefined)).toBe(true);

    // half the entries from the published version's file, half spilled as a reindex embeds them
    const scratch = reserveScratch(dir);
    const spill = new VectorSpill(scratch.file, DIMENSION, scratch.release);
    const mixed: IndexEntry[] = located.entries().map((e, i) => {
      if (i % 2 === 0) return e;
      const columns = data[i].columns!;
      const { columnsAt: _located, ...rest } = e;
      return { ...rest, columnsAt: spill.append(Object.keys(columns), Object.values(columns)) };
    });
    const second = path.join(dir, 'second');
    await HnswIndex.build({ embedderId: 'test:v1', dimension: DIMENSION, entries: mixed }).save(second);
    spill.remove();
    expect(fs.existsSync(scratch.file)).toBe(false);

    const version = (root: string) =>
      path.join(root, fs.readFileSync(path.join(root, 'CURRENT'), 'utf8').trim());
    for (const file of ['columns.f32', 'vectors.f32', 'index.hnsw'])
      expect(fs.readFileSync(path.join(version(second), file))).toEqual(
        fs.readFileSync(path.join(version(first), file)),
      );
    const reread = await HnswIndex.load(second, { columns: true });
    expect(reread.entries().map((e) => e.columns)).toEqual(data.map((e) => e.columns));
  });
});
