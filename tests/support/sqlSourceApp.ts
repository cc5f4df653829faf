import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTablebot, type Tablebot } from '../../src/app';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/logging';
import type { AskResult } from '../../src/pipeline/types';
import { PgliteSource } from '../../src/sources/pgliteSource';
import { demoEnv } from './demoApp';

/** A tablebot on a temp folder whose one indexed source is a PGlite database made from a test's SQL. */
export interface SqlSourceApp {
  app: Tablebot;
  sourceId: string;
  /** Asks through the real pipeline, on the made-up source (optionally with the tables a user picked). */
  ask(question: string, forceTables?: string[]): Promise<AskResult>;
  /** Closes tablebot and removes the temp folder. */
  close(): Promise<void>;
}

/**
 * Creates a PGlite database in a temp folder from `sql`, opens tablebot beside it (PGlite metadata store,
 * offline embedder) and reindexes the database: the real pipeline over a schema the test made up.
 */
export async function openSqlSourceApp(options: { name: string; sql: string }): Promise<SqlSourceApp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `tablebot-${options.name}-`));
  const folder = path.join(dir, options.name);
  const source = await PgliteSource.create({ dataDir: folder });
  try {
    await source.exec(options.sql);
  } finally {
    await source.close();
  }
  const spec = `pglite:${folder}`;
  const app = await openTablebot({ config: loadConfig(demoEnv(dir), dir), logger: silentLogger() });
  const sourceId = app.sources.register(spec);
  await app.reindexer.reindex({ source: spec });
  return {
    app,
    sourceId,
    ask: (question, forceTables) =>
      app.pipeline.ask({ question, sourceIds: [sourceId], ...(forceTables ? { forceTables } : {}) }),
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
