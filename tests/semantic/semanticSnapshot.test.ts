import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deriveSemanticModel } from '../../src/semantic';
import {
  readSemanticSnapshot,
  SEMANTIC_SNAPSHOT_FORMAT_VERSION,
  writeSemanticSnapshot,
} from '../../src/semantic/semanticSnapshot';
import { smallCatalog } from './catalogFixture';

/**
 * `semantic.json` is JSON lines — a head, then per model its head and one line per entity and per metric — so
 * a process reads a large catalog's model an entity at a time; a file of the older one-document format is
 * refused with its version (the caller reads the store instead).
 */
describe('semantic snapshot file', () => {
  const model = { ...deriveSemanticModel(smallCatalog('b')), indexVersion: 3 };
  const other = { ...deriveSemanticModel(smallCatalog('a')), indexVersion: 2 };
  const updatedAt = new Date('2026-01-02T03:04:05Z');

  it('writes one line per entity and metric and reads the models back as they were', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-semantic-'));
    writeSemanticSnapshot(folder, [
      { model, problems: [], overridesPath: null, updatedAt, ofThisVersion: true, build: 'x' },
      {
        model: other,
        problems: [{ line: 2, message: 'm' }],
        overridesPath: '/f.yaml',
        updatedAt,
        ofThisVersion: false,
      },
    ]);
    const lines = fs.readFileSync(path.join(folder, 'semantic.json'), 'utf8').trimEnd().split('\n');
    const perModel = (m: typeof model) => 1 + m.entities.length + m.metrics.length;
    expect(model.entities.length).toBeGreaterThan(1);
    expect(lines).toHaveLength(1 + perModel(model) + perModel(other));
    expect(JSON.parse(lines[0])).toEqual({
      format: 'tablebot-semantic',
      formatVersion: SEMANTIC_SNAPSHOT_FORMAT_VERSION,
      models: 2,
    });
    const read = readSemanticSnapshot(folder, 7);
    expect(read.models?.map((m) => m.model)).toEqual([other, { ...model, indexVersion: 7 }]);
    expect(read.models?.[0]).toMatchObject({
      problems: [{ line: 2, message: 'm' }],
      overridesPath: '/f.yaml',
    });
    expect(read.models?.[1]).toMatchObject({ build: 'x', updatedAt });
  });

  it('rewrites a file read with its texts kept, and the models changed since, as it writes them anew', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-semantic-'));
    writeSemanticSnapshot(folder, [
      { model, problems: [], overridesPath: null, updatedAt, ofThisVersion: true, build: 'x' },
    ]);
    const read = readSemanticSnapshot(folder, 3, { keepText: true }).models?.[0];
    if (read === undefined) throw new Error('no model read');
    // the next version: one entity dropped, one new (as an incremental reindex updates the model)
    const added = { ...model.entities[0], table: 'zz.added', tableName: 'added' };
    const next = { ...read.model, entities: [...read.model.entities.slice(1), added] };
    const copied = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-semantic-'));
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-semantic-'));
    const published = { problems: [], overridesPath: null, updatedAt, ofThisVersion: true, build: 'y' };
    writeSemanticSnapshot(copied, [{ ...published, model: next }]);
    writeSemanticSnapshot(fresh, [{ ...published, model: structuredClone(next) }]);
    const file = (dir: string) => fs.readFileSync(path.join(dir, 'semantic.json'), 'utf8');
    expect(file(copied)).toBe(file(fresh));
    expect(readSemanticSnapshot(copied, 4).models?.[0]?.model.entities).toEqual(next.entities);
  });

  it('refuses a file of the one-document format, and a cut file', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-semantic-'));
    const file = path.join(folder, 'semantic.json');
    fs.writeFileSync(
      file,
      `${JSON.stringify({ format: 'tablebot-semantic', formatVersion: 1, models: [] })}\n`,
    );
    expect(readSemanticSnapshot(folder, 1)).toEqual({
      models: null,
      reason: `${file} is of format version 1`,
    });
    writeSemanticSnapshot(folder, [
      { model, problems: [], overridesPath: null, updatedAt, ofThisVersion: true },
    ]);
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1));
    expect(readSemanticSnapshot(folder, 1).models).toBeNull();
  });
});
