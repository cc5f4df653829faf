import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { errorMessage, TablebotError } from '../errors';
import type { Logger } from '../logging';
import { processAlive } from '../sources';
import type { AuditDecision, AuditEntry, AuditLog } from './auditLog';
import { redactSecrets } from './auditRedaction';

/**
 * The audit spool: a process that answers without opening the metadata store (a one-shot `tablebot ask` on
 * the embedded store, whose start-up would dominate its answer) appends each question's audit entry to its
 * own file in the spool folder, one JSON line per entry: `<started>-<pid>-<random>.open.jsonl` while it
 * writes, renamed to `….jsonl` when it closes. The next process that opens the store (the bot, a reindex,
 * `npm run audit`) takes the files in ({@link takeInAuditSpool}): it records every entry in the audit log
 * and then removes the file. A file still open by a running writer is left for later; one left open by a
 * writer that is gone (a crash) is taken in like a closed one.
 */
export class AuditSpool implements Pick<AuditLog, 'record'> {
  private readonly base: string;
  private written = false;
  private closed = false;

  constructor(private readonly options: { dir: string }) {
    const started = new Date().toISOString().replace(/[:.]/g, '-');
    this.base = path.join(options.dir, `${started}-${process.pid}-${randomBytes(4).toString('hex')}`);
  }

  /** Appends one entry, secrets redacted (one write of one line: a crash leaves at most a partial last line). */
  async record(entry: AuditEntry): Promise<void> {
    const file = `${this.base}${OPEN_SUFFIX}`;
    if (this.closed) {
      throw new TablebotError('AUDIT_LOG_FAILED', `AuditSpool.record: ${file} is closed`);
    }
    try {
      await fs.promises.mkdir(this.options.dir, { recursive: true });
      // redacted as the audit log redacts them: no secret waits in the spool file
      const redacted: AuditEntry = {
        ...entry,
        userId: redactSecrets(entry.userId),
        question: redactSecrets(entry.question),
        sourceId: entry.sourceId === null ? null : redactSecrets(entry.sourceId),
        sql: entry.sql === null ? null : redactSecrets(entry.sql),
      };
      await fs.promises.appendFile(file, `${JSON.stringify(redacted)}\n`);
      this.written = true;
    } catch (cause) {
      throw new TablebotError('AUDIT_LOG_FAILED', `AuditSpool.record: cannot append to ${file}`, { cause });
    }
  }

  /** Marks the file finished, for the next process that opens the store to take in. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.written) await fs.promises.rename(`${this.base}${OPEN_SUFFIX}`, `${this.base}${DONE_SUFFIX}`);
  }
}

const OPEN_SUFFIX = '.open.jsonl';
const DONE_SUFFIX = '.jsonl';
const SPOOL_FILE = /^.+-(\d+)-[0-9a-f]+(\.open)?\.jsonl$/;
const DECISIONS: ReadonlySet<string> = new Set<AuditDecision>(['answer', 'clarify', 'decline']);

/** A spooled line back as an entry, or null when it is not one (a partial last line). */
function parseEntry(line: string): AuditEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const strings = (x: unknown) => (Array.isArray(x) ? x.map(String) : []);
  const askedAt = new Date(String(v.askedAt));
  if (Number.isNaN(askedAt.getTime()) || typeof v.question !== 'string' || !DECISIONS.has(String(v.decision)))
    return null;
  return {
    askedAt,
    userId: String(v.userId ?? 'anonymous'),
    channel: String(v.channel ?? 'cli'),
    groups: strings(v.groups),
    question: v.question,
    sourceId: typeof v.sourceId === 'string' ? v.sourceId : null,
    decision: v.decision as AuditDecision,
    tables: strings(v.tables),
    sql: typeof v.sql === 'string' ? v.sql : null,
    rowCount: typeof v.rowCount === 'number' ? v.rowCount : null,
    durationMs: typeof v.durationMs === 'number' ? v.durationMs : 0,
    error: typeof v.error === 'string' ? v.error : null,
  };
}

/**
 * Records the entries of every finished spool file of `dir` in `audit` and removes the file (see
 * {@link AuditSpool}). A file that cannot be read or recorded is kept for the next time.
 * @returns how many entries were taken in.
 */
export async function takeInAuditSpool(options: {
  dir: string;
  audit: Pick<AuditLog, 'record'>;
  logger: Logger;
}): Promise<number> {
  const { dir, audit, logger } = options;
  let names: string[];
  try {
    names = (await fs.promises.readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    logger.warn({ err: errorMessage(error), dir }, 'cannot read the audit spool folder');
    return 0;
  }
  let taken = 0;
  for (const name of names) {
    const match = SPOOL_FILE.exec(name);
    if (match === null) continue;
    if (match[2] !== undefined && processAlive(Number(match[1]))) continue; // still written: next time
    const file = path.join(dir, name);
    let lines: string[] = [];
    let done = 0;
    try {
      lines = (await fs.promises.readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
      for (; done < lines.length; done++) {
        const entry = parseEntry(lines[done]);
        if (entry === null) {
          logger.warn({ file }, 'audit spool: skipped a line that is not an audit entry');
          continue;
        }
        await audit.record(entry);
        taken++;
      }
      await fs.promises.rm(file, { force: true });
    } catch (error) {
      // what was recorded is not kept, so it is not recorded twice
      if (done > 0)
        await fs.promises
          .writeFile(
            file,
            lines
              .slice(done)
              .map((l) => `${l}\n`)
              .join(''),
          )
          .catch(() => undefined);
      logger.warn({ err: errorMessage(error), file }, 'audit spool: file kept for the next time');
    }
  }
  if (taken > 0) logger.info({ entries: taken }, 'audit spool taken in');
  return taken;
}
