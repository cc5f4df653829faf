/** Wall and CPU time of one reindex phase, ms (CPU: the whole process, worker threads included). */
export interface PhaseTime {
  ms: number;
  cpuMs: number;
  /** Resident memory when the phase (last) ended, MiB. */
  rssMiB: number;
  /**
   * The process's resident high-water mark when the phase (last) ended, MiB: the phase in which it first
   * reaches its final value is where the reindex's peak was, even when the phase ends below it.
   */
  peakMiB: number;
  /** V8's heap in use when the phase (last) ended, MiB (the rest of `rssMiB` is native: buffers, PGlite's wasm memory, hnswlib). */
  heapMiB: number;
  /** Memory outside V8's heap that V8 accounts for (array buffers, wasm memories) when the phase ended, MiB. */
  externalMiB: number;
}

/**
 * Times the phases of one reindex: wall time and the process's CPU time (user + system, every thread:
 * an embedded source's worker counts) per named phase, summed when a phase runs more than once, and the
 * memory at its end (resident, high-water mark, V8 heap and external). Logged at
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
      const before = this.phases.get(name) ?? { ms: 0, cpuMs: 0 };
      const memory = process.memoryUsage();
      this.phases.set(name, {
        ms: before.ms + (performance.now() - wall),
        cpuMs: before.cpuMs + (used.user + used.system) / 1000,
        rssMiB: memory.rss / 2 ** 20,
        // maxRSS is in KiB
        peakMiB: process.resourceUsage().maxRSS / 2 ** 10,
        heapMiB: memory.heapUsed / 2 ** 20,
        externalMiB: memory.external / 2 ** 20,
      });
    }
  }

  /** The phases timed so far, in the order they first ran, rounded to whole ms. */
  summary(): Record<string, PhaseTime> {
    return Object.fromEntries(
      [...this.phases].map(([name, t]) => [
        name,
        {
          ms: Math.round(t.ms),
          cpuMs: Math.round(t.cpuMs),
          rssMiB: Math.round(t.rssMiB),
          peakMiB: Math.round(t.peakMiB),
          heapMiB: Math.round(t.heapMiB),
          externalMiB: Math.round(t.externalMiB),
        },
      ]),
    );
  }
}
