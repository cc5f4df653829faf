import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CURRENT_FILE,
  readCurrentVersion,
  SnapshotStaging,
  writeNewVersion,
} from '../../src/vector/versionedStore';

describe('versionedStore', () => {
  it('stages files before a version exists, moves them into it, and leaves nothing behind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-store-'));
    const staging = new SnapshotStaging(dir);
    fs.writeFileSync(path.join(staging.dir, 'corpus'), 'early');
    // another version written meanwhile does not sweep a live process's staging folder
    await writeNewVersion(dir, async (tmp) => fs.writeFileSync(path.join(tmp, 'data'), 'one'));
    const stored = await writeNewVersion(dir, async (tmp) => {
      fs.writeFileSync(path.join(tmp, 'data'), 'two');
      staging.moveInto(tmp);
    });
    staging.remove();
    expect(fs.readFileSync(path.join(stored.path, 'corpus'), 'utf8')).toBe('early');
    expect(fs.readdirSync(dir).sort()).toEqual([CURRENT_FILE, 'v000001', 'v000002']);
    // removed with what is in it when the version is never written
    const failed = new SnapshotStaging(dir);
    fs.writeFileSync(path.join(failed.dir, 'corpus'), 'x');
    failed.remove();
    expect(fs.readdirSync(dir).sort()).toEqual([CURRENT_FILE, 'v000001', 'v000002']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

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

  it('keeps the two versions below the published one, removes older ones', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-store-'));
    const write = (text: string) =>
      writeNewVersion(dir, async (tmp) => fs.writeFileSync(path.join(tmp, 'data'), text));
    for (const text of ['1', '2', '3', '4', '5']) await write(text);
    expect(fs.readdirSync(dir).sort()).toEqual([CURRENT_FILE, 'v000003', 'v000004', 'v000005']);
    // another writer's newer version, renamed into place but not yet made current
    fs.mkdirSync(path.join(dir, 'v000009'));
    const published = await write('6');
    expect(published.name).toBe('v000010');
    expect(fs.readdirSync(dir).sort()).toEqual([CURRENT_FILE, 'v000005', 'v000009', 'v000010']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
