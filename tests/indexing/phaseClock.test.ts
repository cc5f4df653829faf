import { PhaseClock } from '../../src/indexing/phaseClock';

describe('PhaseClock', () => {
  it('sums the wall and CPU time of a phase run twice, keeps first-run order, and passes results and errors through', async () => {
    const clock = new PhaseClock();
    const spin = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    expect(await clock.time('b', () => (spin(20), 'first'))).toBe('first');
    await clock.time('a', () => new Promise((resolve) => setTimeout(resolve, 30)));
    await expect(clock.time('b', () => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    await clock.time('b', () => spin(20));
    const summary = clock.summary();
    expect(Object.keys(summary)).toEqual(['b', 'a']);
    expect(summary.b.ms).toBeGreaterThanOrEqual(38);
    expect(summary.b.cpuMs).toBeGreaterThanOrEqual(30);
    expect(summary.a.ms).toBeGreaterThanOrEqual(25);
    expect(summary.a.cpuMs).toBeLessThan(summary.a.ms);
    expect(summary.a.rssMiB).toBeGreaterThan(0);
  });
});
