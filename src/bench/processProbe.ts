import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Resident memory of a running process from `/proc/<pid>/status` (Linux), MiB; null elsewhere or once gone. */
export function residentMiB(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const rss = field('VmRSS');
    const peak = field('VmHWM');
    return Number.isFinite(rss)
      ? { rss: rss / 1024, peak: Number.isFinite(peak) ? peak / 1024 : rss / 1024 }
      : null;
  } catch {
    return null;
  }
}

/** A child process whose output is kept and whose peak resident memory is sampled while it runs. */
export class ProcessProbe {
  readonly child: ChildProcess;
  output = '';
  /** Highest VmHWM seen, MiB (the kernel's own peak, so short spikes between samples count too). */
  peakMiB = 0;
  readonly startedAt = performance.now();
  readonly exited: Promise<number | null>;
  private readonly timer: NodeJS.Timeout;

  constructor(script: string, args: readonly string[], env: Record<string, string>, cwd: string) {
    this.child = spawn(process.execPath, [script, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => this.append(d));
    this.child.stderr?.setEncoding('utf8').on('data', (d: string) => this.append(d));
    this.timer = setInterval(() => this.sample(), 200);
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code) => {
        clearInterval(this.timer);
        resolve(code);
      });
    });
  }

  /** Samples memory now; returns the current resident MiB (null when the process is gone). */
  sample(): number | null {
    const pid = this.child.pid;
    const m = pid === undefined ? null : residentMiB(pid);
    if (m) this.peakMiB = Math.max(this.peakMiB, m.peak);
    return m?.rss ?? null;
  }

  /** Seconds since the process was spawned. */
  seconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }

  /** Ends the process (SIGTERM) and waits for it. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }

  private append(text: string): void {
    // keep the tail: a long run's progress lines are not needed, its last error is
    this.output = (this.output + text).slice(-20_000);
  }
}
