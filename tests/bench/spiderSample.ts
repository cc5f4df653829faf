import { existsSync } from 'node:fs';
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

/** True when the sample sits beside the repository (CI and the developers' machines; not a fresh clone). */
export const SPIDER_SAMPLE_PRESENT = existsSync(path.join(SPIDER_SAMPLE_DIR, 'tables.json'));

/** Why the checks over the whole sample are skipped on a fresh clone. */
export const SPIDER_SAMPLE_REASON = `needs the Spider sample at ${SPIDER_SAMPLE_DIR} (absent on a fresh clone; the unit tests use tests/bench/fixtures/spider-mini)`;
