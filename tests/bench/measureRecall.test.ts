import { measureRecall, randomVectors } from '../../src/bench/measureRecall';

describe('measureRecall', () => {
  it('reports recall growing with ef and near-exact at the default ef', () => {
    const vectors = randomVectors({ count: 1500, dimension: 24, seed: 3, clusters: 20 });
    const queries = randomVectors({ count: 40, dimension: 24, seed: 4, clusters: 20 });
    const { points } = measureRecall({ vectors, queries, k: 10, efValues: [10, 200] });
    expect(points.map((p) => p.ef)).toEqual([10, 200]);
    expect(points[1].recall).toBeGreaterThanOrEqual(points[0].recall);
    expect(points[1].recall).toBeGreaterThan(0.97);
  });
});
