import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CURRENT_FILE, readCurrentVersion, writeNewVersion } from '../../src/vector/versionedStore';

describe('versionedStore', () => {
  it('leaves the current version in place when a write fails midway', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-store-'));
    await writeNewVersion(dir, async (tmp) => fs.writeFileSync(path.join(tmp, 'data'), 'one'));
    await expect(
      writeNewVersion(dir, async (tmp) => {
        fs.writeFileSync(path.join(tmp, 'data'), 'half');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    const current = readCurrentVersion(dir);
    expect(current?.name).toBe('v000001');
    expect(fs.readFileSync(path.join(current?.path ?? '', 'data'), 'utf8')).toBe('one');
    expect(fs.readdirSync(dir).sort()).toEqual([CURRENT_FILE, 'v000001']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serialises concurrent writers of one process into distinct versions', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-store-'));
    const write = (text: string) =>
      writeNewVersion(dir, async (tmp) => {
        await new Promise((resolve) => setImmediate(resolve));
        fs.writeFileSync(path.join(tmp, 'data'), text);
      });
    const [a, b] = await Promise.all([write('a'), write('b')]);
    expect(new Set([a.version, b.version]).size).toBe(2);
    const current = readCurrentVersion(dir);
    expect(['a', 'b']).toContain(fs.readFileSync(path.join(current?.path ?? '', 'data'), 'utf8'));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
