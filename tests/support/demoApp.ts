import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTablebot, type Tablebot } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { DataSource } from '../../src/sources/types';
import { readDemoWarehouseInfo } from '../../src/demo/seedDemoWarehouse';
import { silentLogger } from '../../src/logging';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from './databases';

/** The environment a test tablebot runs with: everything under `dir`, nothing from the developer's machine. */
export function demoEnv(dir: string, metadataUrl?: string): Record<string, string> {
  const env: Record<string, string> = {
    TABLEBOT_DATA_DIR: path.join(dir, 'data'),
    EMBEDDINGS_DIR: path.join(dir, 'embeddings'),
    MODELS_DIR: path.join(dir, 'embeddings', 'models'),
    LOG_LEVEL: 'silent',
  };
  if (metadataUrl) env.DATABASE_URL = metadataUrl;
  return env;
}

/** A tablebot opened on a temp folder with the demo warehouse seeded and indexed. */
export interface DemoApp {
  app: Tablebot;
  /** The temp folder holding data, index and (PGlite) metadata store. */
  dir: string;
  /** The demo warehouse source (PGlite), for reference queries. */
  demo: DataSource;
  /** The day the demo warehouse was seeded for; pass it to `sqlAsOf`. */
  today: Date;
  /** Closes tablebot, drops the metadata database (server pass) and removes the temp folder. */
  close(): Promise<void>;
}

/**
 * Opens tablebot on a fresh temp folder with `indexDemoIfMissing` (seeds and indexes the demo warehouse,
 * a few seconds). With TABLEBOT_TEST_DATABASE_URL set, the metadata store lives in a fresh database on the
 * server; the demo source stays PGlite. Call once per test file, in `beforeAll`.
 */
export async function openDemoApp(options: { env?: Record<string, string> } = {}): Promise<DemoApp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tablebot-demo-'));
  let metadata: TestDatabase | undefined;
  try {
    if (TEST_SERVER_URL) {
      // Only the URL is used: tablebot opens its own connections to the metadata store.
      metadata = await createTestDatabase('tb_meta');
    }
    const config = loadConfig({ ...demoEnv(dir, metadata?.url), ...options.env }, dir);
    const app = await openTablebot({ config, logger: silentLogger(), indexDemoIfMissing: true });
    const demo = await app.sources.get('demo');
    const info = await readDemoWarehouseInfo(demo);
    if (!info) throw new Error('openDemoApp: the demo warehouse carries no seed marker');
    const [y, m, d] = info.dataUpTo.split('-').map(Number);
    const owned = metadata;
    return {
      app,
      dir,
      demo,
      today: new Date(y, m - 1, d),
      async close() {
        try {
          await app.close();
        } finally {
          await owned?.drop();
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await metadata?.drop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
