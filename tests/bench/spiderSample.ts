import path from 'node:path';

/** The Spider sample the benchmark reads at run time (outside the repo, never copied into it). */
export const SPIDER_SAMPLE_DIR = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  'shared',
  'bench',
  'spider-train-sample',
);
