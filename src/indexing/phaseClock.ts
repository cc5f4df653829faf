/** Wall and CPU time of one reindex phase, ms (CPU: the whole process, worker threads included). */
export interface PhaseTime {
  ms: number;
  cpuMs: number;
  /** Resident memory when the phase (last) ended, MiB. */
  rssMiB: number;
}

/**
 * Times the phases of one reindex: wall time and the process's CPU time (user + system, every thread:
 * an embedded source's worker counts) per named phase, summed when a phase runs more than once, and the
 * resident memory at its end. Logged at
 * the end of a reindex, so a slow one says where its time went.
 */
export class PhaseClock {
  private readonly phases = new Map<string, PhaseTime>();

  /** Runs `work` as phase `name`. */
  async time<T>(name: string, work: () => Promise<T> | T): Promise<T> {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    try {
      return await work();
    } finally {
      const used = process.cpuUsage(cpu);
      const before = this.phases.get(name) ?? { ms: 0, cpuMs: 0, rssMiB: 0 };
      this.phases.set(name, {
        ms: before.ms + (performance.now() - wall),
        cpuMs: before.cpuMs + (used.user + used.system) / 1000,
        rssMiB: process.memoryUsage.rss() / 2 ** 20,
      });
    }
  }

  /** The phases timed so far, in the order they first ran, rounded to whole ms. */
  summary(): Record<string, PhaseTime> {
    return Object.fromEntries(
      [...this.phases].map(([name, t]) => [
        name,
        { ms: Math.round(t.ms), cpuMs: Math.round(t.cpuMs), rssMiB: Math.round(t.rssMiB) },
      ]),
    );
  }
}
