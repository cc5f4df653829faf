import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { TablebotError } from '../errors';

const held = new Map<string, number>();

/** Whether a process with this pid is running (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function unlock(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/**
 * One process at a time per PGlite data folder. PGlite is Postgres in a single process: a second process
 * opening the same folder (the admin reindex script while the bot runs) silently loses writes. The lock
 * is a `<folder>.lock` file holding the owner's pid; a lock whose process is gone is taken over.
 * Within one process the lock is counted, so a folder may be opened again after it was closed.
 */
export class DataDirLock {
  private released = false;

  private constructor(private readonly file: string) {}

  /**
   * Takes the lock of a data folder.
   * @throws TablebotError DATA_DIR_LOCKED when another live process holds it.
   */
  static acquire(dir: string): DataDirLock {
    const file = `${path.resolve(dir)}.lock`;
    const count = held.get(file) ?? 0;
    if (count === 0) DataDirLock.take(file, dir);
    held.set(file, count + 1);
    process.once('exit', () => unlock(file));
    return new DataDirLock(file);
  }

  /** Gives the lock back; the file goes when the last holder in this process releases. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const count = (held.get(this.file) ?? 1) - 1;
    if (count > 0) {
      held.set(this.file, count);
      return;
    }
    held.delete(this.file);
    unlock(this.file);
  }

  private static take(file: string, dir: string): void {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number(readFileSync(file, 'utf8').trim());
        if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
          throw new TablebotError(
            'DATA_DIR_LOCKED',
            `DataDirLock.acquire: ${dir} is in use by process ${owner} (the bot, or another tablebot command). ` +
              'An embedded PGlite folder can be open in one process only: stop that process first, or keep ' +
              'the metadata store and sources on a Postgres server (DATABASE_URL, postgres:// sources).',
          );
        }
        unlock(file);
      }
    }
    throw new TablebotError('DATA_DIR_LOCKED', `DataDirLock.acquire: could not lock ${dir}`);
  }
}
