import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PgliteSource } from '../../src/sources/pgliteSource';
import { generateScaleCatalog, schemaSql } from '../../src/bench/scaleCatalog';
import { runScaleBench } from '../../src/bench/scaleBench';
import { ensureBuilt, ROOT } from '../cli/support/cli';

describe('scale catalog', () => {
  test('is deterministic, business-shaped and sized as asked', () => {
    const a = generateScaleCatalog({ tables: 260, questions: 40 });
    const b = generateScaleCatalog({ tables: 260, questions: 40 });
    expect(a).toEqual(b);
    expect(a.tables).toHaveLength(260);
    const perSchema = a.schemas.map((s) => a.tables.filter((t) => t.schema === s).length);
    // every schema but the last holds 50-200 tables
    for (const n of perSchema.slice(0, -1)) expect(n).toBeGreaterThanOrEqual(50);
    for (const n of perSchema) expect(n).toBeLessThanOrEqual(200);
    for (const t of a.tables) {
      expect(t.columns.length).toBeGreaterThanOrEqual(4);
      expect(t.columns.length).toBeLessThanOrEqual(16);
      expect(t.comment.length).toBeGreaterThan(10);
    }
    expect(new Set(a.tables.map((t) => t.name)).size).toBe(260);
    expect(a.tables.some((t) => t.columns.some((c) => c.references))).toBe(true);
    expect(a.questions).toHaveLength(40);
    expect(a.questions.filter((q) => q.kind === 'paraphrase')).toHaveLength(20);
    const names = new Set(a.tables.map((t) => `${t.schema}.${t.name}`));
    for (const q of a.questions) expect(names.has(q.gold)).toBe(true);
  });

  test('its SQL loads: keys resolve and every table has three rows', async () => {
    const catalog = generateScaleCatalog({ tables: 55, questions: 4 });
    const db = await PgliteSource.create({});
    try {
      await db.exec(schemaSql(catalog.schemas[0], catalog.tables));
      const first = catalog.tables[0];
      const rows = await db.query(`SELECT count(*)::int AS n FROM "${first.schema}"."${first.name}"`);
      expect(rows.rows[0]).toEqual({ n: 3 });
    } finally {
      await db.close();
    }
  });
});

describe('scale bench', () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(path.join(os.tmpdir(), 'tb-scale-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a tiny catalog: reindexed by the CLI, asked through the server, every figure reported', async () => {
    const { result, files } = await runScaleBench({
      tables: 12,
      questions: 6,
      root: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      resultsDir: path.join(dir, 'results'),
    });
    expect(result.tables).toBe(12);
    expect(result.ask).toMatchObject({ questions: 6, errors: 0 });
    expect(result.reindex.seconds).toBeGreaterThan(0);
    expect(result.server.readySeconds).toBeGreaterThan(0);
    expect(result.server.healthzSeconds).not.toBeNull();
    expect(result.sizes.indexMiB).toBeGreaterThan(0);
    expect(result.ask.stages.total.p95).not.toBeNull();
    expect(result.retrieval.r3).toBeGreaterThanOrEqual(result.retrieval.r1);
    expect(result.hnsw.recallAt10).toBeGreaterThan(0.9);
    expect(JSON.parse(readFileSync(files[0], 'utf8')).suite).toBe('scale');
  }, 600_000);

  test('a rerun on the same work folder reuses the loaded catalog and indexes it afresh; --incremental spoils it', async () => {
    const workDir = path.join(dir, 'work');
    const run = async (incremental: number) => {
      const messages: string[] = [];
      const { result } = await runScaleBench({
        tables: 12,
        questions: 4,
        incremental,
        workDir,
        root: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        onProgress: (m) => messages.push(m),
      });
      return { result, reused: messages.some((m) => m.startsWith('reusing the catalog')) };
    };
    const first = await run(0);
    const second = await run(2);
    const third = await run(0);
    expect([first.reused, second.reused, third.reused]).toEqual([false, true, false]);
    // the reused catalog was indexed from scratch: the same tables, the same rankings
    expect(second.result.retrieval).toEqual(first.result.retrieval);
    expect(third.result.retrieval).toEqual(first.result.retrieval);
  }, 900_000);
});
