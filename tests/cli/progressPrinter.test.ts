import { progressPrinter } from '../../src/cli/progressPrinter';
import type { ReindexProgress } from '../../src/indexing/reindexer';

const STEPS: ReindexProgress[] = [
  { phase: 'connect', done: 0, total: 1, message: 'connecting' },
  { phase: 'seed', done: 0, total: 2, message: 'generating the demo rows' },
  { phase: 'seed', done: 1, total: 2, message: 'writing 10 rows into 2 tables' },
  { phase: 'seed', done: 2, total: 2, message: 'seeded' },
  { phase: 'embed', done: 0, total: 32, message: 'embedding tables 0/32' },
  { phase: 'embed', done: 16, total: 32, message: 'embedding tables 16/32' },
  { phase: 'embed', done: 32, total: 32, message: 'embedded' },
  { phase: 'save', done: 0, total: 1, message: 'saving' },
];

describe('progressPrinter', () => {
  it('prints one line per phase and per seeding step when not a terminal', () => {
    let out = '';
    const print = progressPrinter({ tty: false, label: 'first run', write: (t) => (out += t) });
    STEPS.forEach(print);
    const lines = out.trimEnd().split('\n');
    expect(lines.map((l) => l.replace(/ \(\d+\.\d s\)$/, ''))).toEqual([
      'first run: connect: connecting',
      'first run: seed: generating the demo rows',
      'first run: seed: writing 10 rows into 2 tables',
      'first run: seed: seeded',
      'first run: embed: embedding tables 0/32',
      'first run: embed: embedded',
      'first run: save: saving',
    ]);
    expect(lines.every((l) => / \(\d+\.\d s\)$/.test(l))).toBe(true);
  });

  it('redraws one bar in a terminal and ends the line when saving', () => {
    let out = '';
    const print = progressPrinter({ tty: true, label: 'reindex', write: (t) => (out += t) });
    STEPS.forEach(print);
    expect(out.split('\r\x1b[K')).toHaveLength(STEPS.length + 1);
    expect(out).toContain('reindex: embed      [############............] embedding tables 16/32');
    expect(out.endsWith('\n')).toBe(true);
  });
});
