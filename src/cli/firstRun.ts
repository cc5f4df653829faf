import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEMO_SOURCE_ID, type Config } from '../config';
import { TablebotError } from '../errors';
import type { Logger } from '../logging';

/**
 * True on the very first start on the embedded demo: its PGlite folder does not exist yet, so it must be
 * created, seeded and indexed.
 */
export function isFirstDemoRun(config: Config): boolean {
  return (
    config.defaultSource === DEMO_SOURCE_ID &&
    !existsSync(path.join(config.dataDir, DEMO_SOURCE_ID, 'PG_VERSION'))
  );
}

/**
 * Creates, seeds and indexes the demo warehouse in a separate, short-lived process (`tablebot reindex
 * --source demo`, progress on this process's stderr), then returns. Creating a PGlite database (initdb)
 * and writing 59k rows grow the WebAssembly heaps of PGlite by hundreds of megabytes that a process never
 * gets back; done apart, the server then opens the ready folders like a warm start.
 * Does nothing unless {@link isFirstDemoRun}.
 * @throws TablebotError FIRST_RUN_FAILED when the seeding process fails
 */
export async function seedDemoApart(options: { config: Config; logger: Logger }): Promise<void> {
  const { config, logger } = options;
  if (!isFirstDemoRun(config)) return;
  logger.info('first run: creating, seeding and indexing the demo warehouse (a few seconds)');
  const started = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    // The child reads the same .env and inherits this environment, so it opens the same folders.
    const child = spawn(process.execPath, [path.join(__dirname, 'reindex.js'), '--source', DEMO_SOURCE_ID], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    throw new TablebotError(
      'FIRST_RUN_FAILED',
      `seedDemoApart: seeding and indexing the demo warehouse failed (exit ${code}); its messages are above`,
    );
  }
  logger.info(
    { seconds: Math.round((performance.now() - started) / 100) / 10 },
    'first run: demo warehouse ready',
  );
}
