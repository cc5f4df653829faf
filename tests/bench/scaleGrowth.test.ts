import { formatGrowthReport, scaleGrowth } from '../../src/bench/scaleGrowth';
import type { ScaleResult } from '../../src/bench/scaleBench';

const stage = (p95: number) => ({ p50: p95 / 2, p95 });

/** A scale result whose figures follow the given laws of the table count. */
function result(tables: number, incremental?: number): ScaleResult {
  return {
    suite: 'scale',
    startedAt: '2026-12-07T00:00:00.000Z',
    command: 'test',
    tables,
    columns: tables * 8,
    schemas: tables / 100,
    target: 'pglite',
    store: 'pglite',
    load: { seconds: 1 },
    reindex: { seconds: tables / 250, tablesPerSecond: 250, peakRssMiB: 400 + tables * 0.01 },
    sizes: { indexMiB: 1, storeMiB: 1 },
    server: {
      healthzSeconds: 0.2,
      bareNodeSeconds: 0.05,
      readySeconds: 0.001 * tables ** 0.8,
      firstAnswerSeconds: 1,
      rssAtReadyMiB: 1,
      rssAfterQuestionsMiB: 1,
      peakRssMiB: 300 + tables * 0.02,
      loadingPhases: [],
    },
    ask: {
      questions: 1,
      errors: 0,
      stages: { retrieve: stage(20), total: stage(60) } as ScaleResult['ask']['stages'],
    },
    retrieval: {
      r1: 1,
      r3: 1,
      byKind: { literal: { r1: 1, r3: 1, n: 1 }, paraphrase: { r1: 1, r3: 1, n: 1 } },
    },
    hnsw: { recallAt10: 1, ef: 200, hnswMs: 1, exactMs: 1 },
    ...(incremental === undefined
      ? {}
      : {
          incremental: {
            changed: 10,
            seconds: incremental,
            peakRssMiB: 1,
            summary: [],
            droppedStillIndexed: 0,
            addedIndexed: 0,
          },
        }),
    misses: [],
  };
}

describe('scaleGrowth', () => {
  const report = scaleGrowth([result(5000, 5), result(20000, 8), result(50000)], 100000);
  const row = (label: string) => {
    const found = report.rows.find((r) => r.label === label);
    if (!found) throw new Error(`no row ${label}`);
    return found;
  };

  it('recovers a power law exponent and projects it', () => {
    expect(row('server ready').exponent).toBeCloseTo(0.8, 3);
    expect(row('server ready').projected.power).toBeCloseTo(0.001 * 100000 ** 0.8, 0);
    expect(row('server ready').meetsGoal).toBe(false);
  });

  it('recovers a fixed cost and a cost per table, and judges the less favourable projection', () => {
    const rss = row('answering RSS (peak)');
    expect(rss.linear.fixed).toBeCloseTo(300, 3);
    expect(rss.linear.perTable).toBeCloseTo(0.02, 6);
    expect(rss.projected.linear).toBeCloseTo(2300, 1);
    // the power law through three points of a line with a fixed part under-projects; the line is the worse one
    expect(rss.projected.worse).toBe(Math.max(rss.projected.power, rss.projected.linear));
    expect(rss.meetsGoal).toBe(false);
    expect(row('retrieve p95').meetsGoal).toBe(true);
    expect(row('full reindex').exponent).toBe(0);
  });

  it('fits a figure measured at only some sizes from those, and leaves out one measured at one size', () => {
    expect(row('incremental reindex').points.map((p) => p.tables)).toEqual([5000, 20000]);
    const single = scaleGrowth([result(5000, 5), result(20000)], 100000);
    expect(single.rows.find((r) => r.label === 'incremental reindex')).toBeUndefined();
  });

  it('refuses a single size, naming itself', () => {
    expect(() => scaleGrowth([result(5000), result(5000)], 100000)).toThrow(
      /scaleGrowth: needs results at two/,
    );
  });

  it('formats a markdown table with the goal verdicts', () => {
    const text = formatGrowthReport(report);
    expect(text).toContain('| server ready (s) |');
    expect(text).toMatch(/\| answering RSS \(peak\) \(MiB\) \|.*\| no \|/);
  });
});
