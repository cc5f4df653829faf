import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AskJson } from '../../src/pipeline/askJson';
import { computeMetrics, percentile, summarizeMetrics, type BenchRecord } from '../../src/bench/metrics';
import {
  checkTargets,
  formatMarkdown,
  formatReport,
  writeReport,
  type BenchResult,
} from '../../src/bench/report';
import { selectQuestions } from '../../src/bench/benchPlan';
import type { SpiderQuestion } from '../../src/bench/spiderDataset';

function answer(partial: Partial<AskJson> & Pick<AskJson, 'decision'>, total = 10): AskJson {
  return {
    id: null,
    candidates: [],
    tables: [],
    sql: null,
    columns: null,
    rows: null,
    clarification: null,
    message: '',
    reason: '',
    error: null,
    timings_ms: { embed: 1, retrieve: 1, generate: 1, execute: 1, total },
    ...partial,
  };
}

const cands = (...tables: string[]) => tables.map((table, i) => ({ table, score: 1 - i / 10 }));

function record(partial: Partial<BenchRecord> & Pick<BenchRecord, 'answer'>): BenchRecord {
  return {
    id: 'original:0',
    set: 'original',
    dbId: 'db_a',
    question: 'q',
    goldSql: 'SELECT 1',
    goldTables: ['db_a.t1'],
    leftOut: false,
    ex: false,
    exAnyColumnOrder: partial.ex === undefined ? false : partial.ex,
    ...partial,
  };
}

/** Six indexed questions of db_a, one of db_b, two left-out ones of db_z; the expected figures are worked out by hand. */
const RECORDS: BenchRecord[] = [
  // top-1 right, answered with exactly the gold table, EX right
  record({
    answer: answer({ decision: 'answer', candidates: cands('db_a.t1', 'db_a.t2'), tables: ['db_a.t1'] }, 5),
    ex: true,
  }),
  // two gold tables, both in the top 3 (ranks 2 and 3), answer uses both -> exact; MRR 1/2
  record({
    goldTables: ['db_a.t1', 'db_a.t2'],
    answer: answer(
      {
        decision: 'answer',
        candidates: cands('db_a.t3', 'db_a.t2', 'db_a.t1'),
        tables: ['db_a.t2', 'db_a.t1'],
      },
      20,
    ),
    ex: true,
  }),
  // gold at rank 4: not R@1, not R@3-all, MRR 1/4; answered with the wrong table, whose rows match
  // the gold rows with the columns in another order
  record({
    answer: answer(
      {
        decision: 'answer',
        candidates: cands('db_a.t2', 'db_a.t3', 'db_a.t4', 'db_a.t1'),
        tables: ['db_a.t2'],
      },
      30,
    ),
    exAnyColumnOrder: true,
  }),
  // clarify: top-1 right but tables empty -> not exact, EX false
  record({ answer: answer({ decision: 'clarify', candidates: cands('db_a.t1', 'db_a.t2') }, 40) }),
  // decline with gold absent from the candidates: MRR 0
  record({ answer: answer({ decision: 'decline', candidates: cands('db_a.t5') }, 50) }),
  // gold query failed on SQLite: ex null, not scored for EX; error code counted
  record({
    answer: answer(
      { decision: 'answer', candidates: cands('db_a.t1'), tables: ['db_a.t1'], error: 'SQL_FAILED' },
      60,
    ),
    ex: null,
  }),
  record({
    dbId: 'db_b',
    goldTables: ['db_b.x'],
    answer: answer({ decision: 'answer', candidates: cands('db_b.x'), tables: ['db_b.x'] }, 70),
    ex: true,
  }),
  record({
    dbId: 'db_z',
    leftOut: true,
    goldTables: ['db_z.w'],
    answer: answer({ decision: 'decline' }, 80),
    ex: null,
  }),
  record({
    dbId: 'db_z',
    leftOut: true,
    goldTables: ['db_z.w'],
    answer: answer({ decision: 'answer', candidates: cands('db_a.t1'), tables: ['db_a.t1'] }, 90),
    ex: null,
  }),
];

describe('bench metrics', () => {
  it('computes retrieval, decision, EX and latency figures', () => {
    const m = computeMetrics(RECORDS);
    expect(m.questions).toBe(9);
    expect(m.indexed).toBe(7);
    expect(m.leftOut).toBe(2);
    expect(m.r1).toBeCloseTo(4 / 7); // the 1st, 4th, 6th and 7th have a gold table first
    expect(m.r3All).toBeCloseTo(5 / 7);
    expect(m.mrr).toBeCloseTo((1 + 1 / 2 + 1 / 4 + 1 + 0 + 1 + 1) / 7);
    expect(m.tablesExact).toBeCloseTo(4 / 7);
    expect(m.answerRate).toBeCloseTo(5 / 7);
    expect(m.clarifyRate).toBeCloseTo(1 / 7);
    expect(m.declineRate).toBeCloseTo(1 / 7);
    expect(m.leftOutDeclineRate).toBe(0.5);
    expect(m.exScored).toBe(6);
    expect(m.ex).toBeCloseTo(3 / 6);
    expect(m.exAnyColumnOrder).toBeCloseTo(4 / 6);
    expect(m.errors).toBe(1);
    expect(m.latencyP50Ms).toBe(50);
    expect(m.latencyP95Ms).toBe(90);
    expect(m.latencyMaxMs).toBe(90);
  });

  it('leaves rates of empty groups null instead of dividing by zero', () => {
    const m = computeMetrics(RECORDS.filter((r) => r.leftOut));
    expect(m).toMatchObject({
      r1: null,
      r3All: null,
      mrr: null,
      answerRate: null,
      ex: null,
      leftOutDeclineRate: 0.5,
    });
    expect(computeMetrics([])).toMatchObject({ questions: 0, latencyP50Ms: null, latencyP95Ms: null });
  });

  it('groups by question set and database', () => {
    const syn = RECORDS.slice(0, 2).map((r) => ({
      ...r,
      set: 'syn' as const,
      id: r.id.replace('original', 'syn'),
    }));
    const summary = summarizeMetrics([...RECORDS, ...syn]);
    expect(Object.keys(summary)).toEqual(['original', 'syn']);
    expect(Object.keys(summary.original?.databases ?? {})).toEqual(['db_a', 'db_b', 'db_z']);
    expect(summary.original?.databases.db_b.r1).toBe(1);
    expect(summary.syn?.overall.questions).toBe(2);
  });

  it('uses nearest-rank percentiles', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('selectQuestions', () => {
  const q = (dbId: string, n: number): SpiderQuestion => ({
    id: `original:${dbId}${n}`,
    dbId,
    question: '',
    goldSql: '',
  });
  const all = [q('a', 1), q('a', 2), q('a', 3), q('b', 1), q('c', 1), q('c', 2)];

  it('takes a limit round-robin over databases, each in file order', () => {
    expect(selectQuestions(all, 4).map((x) => x.id)).toEqual([
      'original:a1',
      'original:b1',
      'original:c1',
      'original:a2',
    ]);
    expect(selectQuestions(all, 6).map((x) => x.id)).toEqual(all.map((x) => x.id));
    expect(selectQuestions(all).length).toBe(6);
  });
});

describe('bench report', () => {
  const metrics = summarizeMetrics(RECORDS);
  const result: BenchResult = {
    startedAt: '2025-01-02T03:04:05.678Z',
    finishedAt: '2025-01-02T03:05:00.000Z',
    command: 'npm run bench -- --limit 9',
    spiderDir: '/data/spider',
    target: 'pglite:/tmp/x',
    questionSets: ['original'],
    limit: 9,
    databases: { indexed: ['db_a', 'db_b'], leftOut: ['db_z'] },
    load: { seconds: 1.25, schemas: 3, tables: 7, rows: 100, skipped: [] },
    reindex: { seconds: 0.5, tables: 6, columns: 20, embedder: 'offline-test', indexBytes: 1000 },
    exRules: { decimals: 4 },
    metrics,
    targets: checkTargets(metrics),
    records: { original: [] },
  };

  it('checks the targets of the sets present', () => {
    const targets = checkTargets(metrics);
    expect(targets.map((t) => `${t.set} ${t.label}`)).toEqual([
      'original R@1',
      'original R@3-all',
      'original EX',
      'original left-out declined',
      'original indexed declined',
      'original p95 ms',
    ]);
    expect(targets.find((t) => t.label === 'p95 ms')).toMatchObject({ value: 90, met: true });
    expect(targets.find((t) => t.label === 'R@1')).toMatchObject({ met: false });
  });

  it('formats a terminal table with a row per database and the overall row', () => {
    const text = formatReport(result);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Original questions');
    expect(lines[1]).toMatch(/^database\s+n\s+R@1\s+R@3all\s+MRR\s+exact/);
    expect(lines.some((l) => /^db_z \(left out\)\s+2\s/.test(l))).toBe(true);
    expect(lines.some((l) => /^ALL\s+9\s+0\.571\s+0\.714/.test(l))).toBe(true);
    expect(text).toContain('load: 3 databases, 7 tables, 100 rows in 1.25 s');
    expect(text).toContain('MISS  original R@1 >= 0.95: 0.571');
  });

  it('writes <timestamp>.json and <timestamp>.md', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tb-bench-report-'));
    try {
      const files = await writeReport({ result, dir });
      expect(path.basename(files.jsonPath)).toBe('2025-01-02T03-04-05-678Z.json');
      expect(path.basename(files.markdownPath)).toBe('2025-01-02T03-04-05-678Z.md');
      expect(JSON.parse(await readFile(files.jsonPath, 'utf8'))).toEqual(result);
      const md = await readFile(files.markdownPath, 'utf8');
      expect(md).toBe(formatMarkdown(result));
      expect(md).toContain('| database | n | R@1 |');
      expect(md).toContain('| ALL | 9 | 0.571 | 0.714 |');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
