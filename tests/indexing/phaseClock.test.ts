import { PhaseClock } from '../../src/indexing/phaseClock';

describe('PhaseClock', () => {
  it('sums the wall and CPU time of a phase run twice, keeps first-run order, and passes results and errors through', async () => {
    const clock = new PhaseClock();
    // spins for `ms` of this process's CPU time (not wall time: on a loaded machine the two differ)
    const spin = (ms: number) => {
      const start = process.cpuUsage();
      const used = () => {
        const { user, system } = process.cpuUsage(start);
        return (user + system) / 1000;
      };
      while (used() < ms);
    };
    expect(await clock.time('b', () => (spin(20), 'first'))).toBe('first');
    await clock.time('a', () => new Promise((resolve) => setTimeout(resolve, 30)));
    await expect(clock.time('b', () => Promise.reject(new Error('failed')))).rejects.toThrow('failed');
    await clock.time('b', () => spin(20));
    const summary = clock.summary();
    expect(Object.keys(summary)).toEqual(['b', 'a']);
    // lower bounds only: the process's CPU time counts every thread (the garbage collector's too), so it
    // may exceed the wall time of the same phase, and a loaded machine stretches wall time without bound
    expect(summary.b.cpuMs).toBeGreaterThanOrEqual(38);
    expect(summary.b.ms).toBeGreaterThan(0);
    expect(summary.a.ms).toBeGreaterThanOrEqual(25);
    expect(summary.a.rssMiB).toBeGreaterThan(0);
    expect(summary.a.peakMiB).toBeGreaterThanOrEqual(summary.a.rssMiB - 1);
    expect(summary.a.heapMiB).toBeGreaterThan(0);
    expect(summary.a.externalMiB).toBeGreaterThanOrEqual(0);
  });
});
