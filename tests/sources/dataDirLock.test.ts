import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirLock } from '../../src/sources/dataDirLock';
import { PgliteSource } from '../../src/sources/pgliteSource';

describe('DataDirLock (one process per PGlite folder)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tablebot-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a folder that another live process holds, naming the process', async () => {
    const other = spawn('sleep', ['30']);
    try {
      const folder = path.join(dir, 'demo');
      writeFileSync(`${folder}.lock`, String(other.pid));
      await expect(PgliteSource.create({ dataDir: folder })).rejects.toThrow(
        new RegExp(`in use by process ${other.pid}`),
      );
    } finally {
      other.kill();
    }
  });

  it('takes over the lock of a process that is gone, and removes it on close', async () => {
    const folder = path.join(dir, 'demo');
    const gone = spawn('true');
    await new Promise((resolve) => gone.on('exit', resolve));
    writeFileSync(`${folder}.lock`, String(gone.pid));
    const source = await PgliteSource.create({ dataDir: folder });
    expect(existsSync(`${folder}.lock`)).toBe(true);
    await source.close();
    expect(existsSync(`${folder}.lock`)).toBe(false);
  });

  it('lets one process open a folder again after closing it', () => {
    const folder = path.join(dir, 'meta');
    const a = DataDirLock.acquire(folder);
    const b = DataDirLock.acquire(folder);
    a.release();
    expect(existsSync(`${folder}.lock`)).toBe(true);
    b.release();
    expect(existsSync(`${folder}.lock`)).toBe(false);
  });
});
