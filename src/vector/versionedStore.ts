import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Crash-safe versioned folders: each save writes a complete `v<NNNNNN>/` folder under a temporary name,
 * renames it into place, then swaps the `CURRENT` pointer file (written to a temporary file and renamed,
 * which is atomic on POSIX file systems). A crash at any point leaves `CURRENT` on the previous complete
 * version; half-written folders are never pointed at and are removed by the next save.
 */

/** The pointer file naming the version in use. */
export const CURRENT_FILE = 'CURRENT';
const VERSION_PATTERN = /^v(\d{6,})$/;
const TEMP_PREFIX = '.tmp-';
/** Temporary entries this process is writing right now. */
const activeTemps = new Set<string>();

/** A version folder. */
export interface StoredVersion {
  /** Version number, increasing with every save (12 for `v000012`). */
  version: number;
  /** Folder name, `v000012`. */
  name: string;
  /** Absolute path of the folder. */
  path: string;
  /** Total size of the folder's files in bytes. */
  bytes: number;
}

/** The version `CURRENT` points at, or undefined when there is no pointer (nothing saved yet). */
export function readCurrentVersion(rootDir: string): StoredVersion | undefined {
  let name: string;
  try {
    name = fs.readFileSync(path.join(rootDir, CURRENT_FILE), 'utf8').trim();
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  const match = VERSION_PATTERN.exec(name);
  if (match === null) {
    throw new Error(
      `readCurrentVersion: ${path.join(rootDir, CURRENT_FILE)} does not name a version ("${name}")`,
    );
  }
  return describeVersion(rootDir, name, Number(match[1]));
}

function describeVersion(rootDir: string, name: string, version: number): StoredVersion {
  const dir = path.resolve(rootDir, name);
  let bytes = 0;
  try {
    for (const file of fs.readdirSync(dir)) bytes += fs.statSync(path.join(dir, file)).size;
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  return { version, name, path: dir, bytes };
}

/**
 * A scratch file path in `rootDir` (`.tmp-scratch-<pid>-<random>`) that saves leave alone while this
 * process holds it and remove once the process is gone (a crash leaves nothing for good). `release` deletes
 * it and lets saves remove a leftover.
 */
export function reserveScratch(rootDir: string): { file: string; release(): void } {
  fs.mkdirSync(rootDir, { recursive: true });
  const name = `${TEMP_PREFIX}scratch-${process.pid}-${randomBytes(6).toString('hex')}`;
  activeTemps.add(name);
  const file = path.join(rootDir, name);
  return {
    file,
    release: () => {
      fs.rmSync(file, { force: true });
      activeTemps.delete(name);
    },
  };
}

/**
 * Writes a new version: `write(tempDir)` fills a fresh temporary folder, which is fsynced, renamed to the
 * next `v<NNNNNN>` and made current. Afterwards older versions beyond {@link KEPT_OLDER_VERSIONS} are removed.
 */
export async function writeNewVersion(
  rootDir: string,
  write: (dir: string) => Promise<void>,
): Promise<StoredVersion> {
  fs.mkdirSync(rootDir, { recursive: true });
  const tempName = `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`;
  const tempDir = path.join(rootDir, tempName);
  fs.mkdirSync(tempDir);
  activeTemps.add(tempName);
  try {
    return await publish(rootDir, tempDir, write);
  } finally {
    activeTemps.delete(tempName);
  }
}

async function publish(
  rootDir: string,
  tempDir: string,
  write: (dir: string) => Promise<void>,
): Promise<StoredVersion> {
  try {
    await write(tempDir);
    for (const file of fs.readdirSync(tempDir)) fsyncPath(path.join(tempDir, file));
    fsyncPath(tempDir);
  } catch (error) {
    fs.rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }

  let stored: StoredVersion | undefined;
  for (let attempt = 0; stored === undefined; attempt++) {
    const version = nextVersionNumber(rootDir) + attempt;
    const name = formatVersion(version);
    try {
      fs.renameSync(tempDir, path.join(rootDir, name));
      stored = describeVersion(rootDir, name, version);
    } catch (error) {
      // another writer took this number: try the next one
      if (attempt < 5 && (isErrno(error, 'ENOTEMPTY') || isErrno(error, 'EEXIST'))) continue;
      fs.rmSync(tempDir, { recursive: true, force: true });
      throw error;
    }
  }
  fsyncPath(rootDir);

  const pointerTemp = path.join(
    rootDir,
    `${TEMP_PREFIX}${CURRENT_FILE}-${process.pid}-${randomBytes(6).toString('hex')}`,
  );
  const fd = fs.openSync(pointerTemp, 'w');
  try {
    fs.writeSync(fd, `${stored.name}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  const previous = readCurrentVersion(rootDir);
  fs.renameSync(pointerTemp, path.join(rootDir, CURRENT_FILE));
  fsyncPath(rootDir);
  removeStaleVersions(rootDir, stored, previous);
  return stored;
}

/**
 * Versions kept below the one just published: the previous one and the one before it, which a running
 * process may have read from `CURRENT` a moment ago and still be loading.
 */
export const KEPT_OLDER_VERSIONS = 2;

/**
 * Removes old version folders, and temporary leftovers of writers that are no longer running (a crash
 * mid-write). Never removes: the version just published, the version `CURRENT` names now (another writer
 * may have swapped it since), the version it replaced, any newer version (another writer's, about to be
 * made current), nor the {@link KEPT_OLDER_VERSIONS} newest versions below the published one.
 */
function removeStaleVersions(
  rootDir: string,
  published: StoredVersion,
  previous: StoredVersion | undefined,
): void {
  const keep = new Set([published.name, previous?.name, readCurrentVersion(rootDir)?.name]);
  const older = fs
    .readdirSync(rootDir)
    .map((name) => ({ name, match: VERSION_PATTERN.exec(name) }))
    .filter((v) => v.match !== null && Number(v.match[1]) < published.version)
    .sort((a, b) => Number(b.match?.[1]) - Number(a.match?.[1]));
  for (const v of older.slice(0, KEPT_OLDER_VERSIONS)) keep.add(v.name);
  for (const name of fs.readdirSync(rootDir)) {
    if (keep.has(name)) continue;
    const match = VERSION_PATTERN.exec(name);
    const stale =
      (match !== null && Number(match[1]) < published.version) ||
      (name.startsWith(TEMP_PREFIX) && !writerAlive(name));
    if (stale) fs.rmSync(path.join(rootDir, name), { recursive: true, force: true });
  }
}

/** Whether the process that created a temporary entry (`.tmp-[CURRENT-]<pid>-<random>`) still runs. */
function writerAlive(tempName: string): boolean {
  const match = /-(\d+)-[0-9a-f]+$/.exec(tempName);
  if (match === null) return false;
  const pid = Number(match[1]);
  if (pid === process.pid) return activeTemps.has(tempName);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

function nextVersionNumber(rootDir: string): number {
  let highest = 0;
  for (const name of fs.readdirSync(rootDir)) {
    const match = VERSION_PATTERN.exec(name);
    if (match !== null) highest = Math.max(highest, Number(match[1]));
  }
  const current = readCurrentVersion(rootDir);
  if (current !== undefined) highest = Math.max(highest, current.version);
  return highest + 1;
}

function formatVersion(n: number): string {
  return `v${String(n).padStart(6, '0')}`;
}

function fsyncPath(target: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(target, 'r');
    fs.fsyncSync(fd);
  } catch (error) {
    // some platforms cannot fsync a directory; the rename is still atomic there
    if (!isErrno(error, 'EISDIR') && !isErrno(error, 'EPERM') && !isErrno(error, 'EINVAL')) throw error;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function isErrno(error: unknown, code: string): boolean {
  // structural: errors from another realm (e.g. a test sandbox) are not `instanceof Error` here
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

/**
 * A scratch folder in an index folder for files that go into the next version, written before the version
 * itself (say, while what they are written from is still in memory and the version's own data is not yet),
 * then moved into the version folder being published. Removed, with whatever is left in it, by
 * {@link SnapshotStaging.remove}; a crashed process's is swept like any stale temporary.
 */
export class SnapshotStaging {
  private readonly scratch: { file: string; release(): void };
  /** The folder to write into. */
  readonly dir: string;

  constructor(rootDir: string) {
    this.scratch = reserveScratch(rootDir);
    this.dir = this.scratch.file;
    fs.mkdirSync(this.dir);
  }

  /** Moves every file written so far into `versionDir` (same disk: renames). */
  moveInto(versionDir: string): void {
    for (const name of fs.readdirSync(this.dir)) {
      fs.renameSync(path.join(this.dir, name), path.join(versionDir, name));
    }
  }

  /** Deletes the folder and what is left in it. */
  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
    this.scratch.release();
  }
}
