import type { ReindexProgress } from '../indexing';

/** Options of {@link progressPrinter}. */
export interface ProgressPrinterOptions {
  /** A bar redrawn in place when true, plain lines otherwise. */
  tty: boolean;
  /** Prefix of the plain lines, e.g. `reindex` or `first run`. */
  label: string;
  /** @default process.stderr.write */
  write?: (text: string) => void;
}

/**
 * Reindex progress for people: a bar in a terminal; otherwise one line per phase and per seeding step,
 * with the seconds since the start, so logs of a first start show where the time went.
 */
export function progressPrinter(options: ProgressPrinterOptions): (p: ReindexProgress) => void {
  const write = options.write ?? ((text: string) => void process.stderr.write(text));
  const started = performance.now();
  let last = '';
  return (p) => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (options.tty) {
      const width = 24;
      const filled = p.total > 0 ? Math.round((Math.min(p.done, p.total) / p.total) * width) : 0;
      write(
        `\r\x1b[K${options.label}: ${p.phase.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.message} (${seconds} s)`,
      );
      if (p.phase === 'save') write('\n');
      return;
    }
    const key = p.phase === 'seed' ? `${p.phase}:${p.message}` : p.phase;
    if (key !== last || (p.done === p.total && p.phase !== 'seed')) {
      write(`${options.label}: ${p.phase}: ${p.message} (${seconds} s)\n`);
    }
    last = key;
  };
}
