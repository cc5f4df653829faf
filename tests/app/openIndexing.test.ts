import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openIndexing } from '../../src/app';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/logging';
import { demoEnv } from '../support/demoApp';

/**
 * The source folder locks (`<dir>.lock`) held in `dir`: one per open embedded source. The metadata store's
 * own lock (`meta.lock`) is held for the life of the process by design, so it is not counted.
 */
function locks(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.lock') && name !== 'meta.lock');
}

/**
 * openIndexing through the real parts (PGlite metadata store and demo source): a failure after the metadata
 * store has opened (here the embedder: transformers.js with no model files and downloads off) closes
 * everything it had opened, so the same folders open again in the same process.
 */
describe('openIndexing', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tablebot-open-indexing-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('closes the warmed source and the metadata store when a later step fails', async () => {
    const env = demoEnv(dir);
    const failing = loadConfig({ ...env, EMBEDDER: 'transformers', ALLOW_REMOTE_MODELS: 'false' }, dir);
    await expect(
      openIndexing({ config: failing, logger: silentLogger(), warmDefaultSource: true }),
    ).rejects.toThrow();
    expect(locks(path.join(dir, 'data'))).toEqual([]);

    const indexing = await openIndexing({
      config: loadConfig({ ...env, EMBEDDER: 'offline' }, dir),
      logger: silentLogger(),
      warmDefaultSource: true,
    });
    try {
      expect(indexing.embedder.id).toMatch(/^offline/);
      expect(await indexing.store.loadAllTables(indexing.defaultSourceIds)).toEqual([]);
    } finally {
      await indexing.close();
    }
    expect(locks(path.join(dir, 'data'))).toEqual([]);
  }, 120_000);
});
