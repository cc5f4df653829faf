import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Metrics } from '../../src/bench/metrics';
import type { BenchResult } from '../../src/bench/report';
import { runBench } from '../../src/bench/runBench';
import { BACKEND, createTestDatabase, type TestDatabase } from '../support/databases';
import { createSpiderFixture, type SpiderFixture } from './spiderFixture';

const RATES: (keyof Metrics)[] = [
  'r1',
  'r3All',
  'mrr',
  'tablesExact',
  'answerRate',
  'clarifyRate',
  'declineRate',
  'leftOutDeclineRate',
  'ex',
];

function expectWellFormed(
  m: Metrics,
  expected: { questions: number; indexed: number; leftOut: number },
): void {
  expect({ questions: m.questions, indexed: m.indexed, leftOut: m.leftOut }).toEqual(expected);
  for (const key of RATES) {
    const value = m[key];
    if (value !== null) {
      expect(typeof value).toBe('number');
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  }
  if (m.indexed > 0) {
    expect(m.r1).not.toBeNull();
    expect((m.answerRate ?? 0) + (m.clarifyRate ?? 0) + (m.declineRate ?? 0)).toBeCloseTo(1);
  }
  if (m.leftOut > 0) expect(m.leftOutDeclineRate).not.toBeNull();
  else expect(m.leftOutDeclineRate).toBeNull();
  expect(m.latencyP50Ms).toBeGreaterThanOrEqual(0);
  expect(m.latencyP95Ms).toBeGreaterThanOrEqual(m.latencyP50Ms ?? 0);
}

describe(`npm run bench, smoke run on the real product path (${BACKEND})`, () => {
  let db: TestDatabase | undefined;
  let resultsDir: string;
  let fixture: SpiderFixture;

  beforeAll(async () => {
    fixture = createSpiderFixture();
    // On the Postgres server the Spider schemas go into a fresh database; with PGlite the bench uses its own folder.
    if (BACKEND === 'postgres') db = await createTestDatabase('tb_bench_smoke');
    resultsDir = await mkdtemp(path.join(os.tmpdir(), 'tb-bench-smoke-'));
  });

  afterAll(async () => {
    await db?.drop();
    await rm(resultsDir, { recursive: true, force: true });
    fixture.remove();
  });

  it('loads, reindexes, asks both question sets and writes well-formed results', async () => {
    const run = await runBench({
      spiderDir: fixture.dir,
      // orchard_1 is indexed; clinic_1 is left out, so its questions must be declined.
      dbIds: ['orchard_1', 'clinic_1'],
      leftOut: ['clinic_1'],
      limit: 4,
      target: db?.url,
      env: { EMBEDDER: 'offline', SQL_GENERATOR: 'builtin', LOG_LEVEL: 'silent' },
      cwd: path.resolve(__dirname, '..', '..'),
      resultsDir,
      command: 'smoke test',
    });
    const { result, files, records } = run;

    expect(result.databases).toEqual({ indexed: ['orchard_1'], leftOut: ['clinic_1'] });
    expect(result.load).toMatchObject({ schemas: 2, tables: 6 });
    expect(result.reindex.tables).toBe(4);
    expect(result.reindex.seconds).toBeGreaterThanOrEqual(0);

    // limit 4 per set, round-robin: two questions of each database in each set.
    expect(records).toHaveLength(8);
    for (const r of records) {
      expect(['answer', 'clarify', 'decline']).toContain(r.answer.decision);
      expect(r.goldTables.length).toBeGreaterThan(0);
      expect(r.goldTables.every((t) => t.startsWith(`${r.dbId}.`))).toBe(true);
      expect(r.leftOut).toBe(r.dbId === 'clinic_1');
      if (r.leftOut) expect(r.ex).toBeNull();
      else expect(typeof r.ex).toBe('boolean');
      for (const c of r.answer.candidates) expect(c.table.startsWith('orchard_1.')).toBe(true);
    }

    for (const set of ['original', 'syn'] as const) {
      const metrics = result.metrics[set];
      expect(metrics).toBeDefined();
      if (!metrics) continue;
      expectWellFormed(metrics.overall, { questions: 4, indexed: 2, leftOut: 2 });
      expect(Object.keys(metrics.databases)).toEqual(['clinic_1', 'orchard_1']);
      expectWellFormed(metrics.databases.orchard_1, { questions: 2, indexed: 2, leftOut: 0 });
      expectWellFormed(metrics.databases.clinic_1, { questions: 2, indexed: 0, leftOut: 2 });
    }
    expect(result.targets.length).toBeGreaterThan(0);

    expect(files).not.toBeNull();
    if (!files) return;
    const written = JSON.parse(await readFile(files.jsonPath, 'utf8')) as BenchResult;
    expect(written.metrics).toEqual(result.metrics);
    expect(written.records.original).toHaveLength(4);
    expect(await readFile(files.markdownPath, 'utf8')).toContain('## Original questions');
  });
});
