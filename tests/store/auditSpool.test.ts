import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditEntry } from '../../src/store/auditLog';
import { InMemoryAuditLog } from '../../src/store/auditLogMemory';
import { AuditSpool, takeInAuditSpool } from '../../src/store/auditSpool';
import { silentLogger } from '../../src/logging';

/** A question about an invented ferry company's crossings. */
const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  askedAt: new Date('2026-11-02T08:30:00Z'),
  userId: 'cli:deckhand',
  channel: 'cli',
  groups: [],
  question: 'how many crossings did each vessel make',
  sourceId: 'ferries',
  decision: 'answer',
  tables: ['ops.crossings'],
  sql: 'SELECT vessel, count(*) FROM ops.crossings GROUP BY vessel LIMIT 1000',
  rowCount: 4,
  durationMs: 21.5,
  error: null,
  ...over,
});

/** A pid no process has (pids are below 2^22 on Linux). */
const GONE_PID = 4_194_999;

describe('the audit spool', () => {
  let dir: string;
  beforeEach(() => {
    dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'tb-spool-')), 'audit-spool');
  });
  afterEach(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

  test('every spooled entry is taken in once by the next process that opens the store, and the file removed', async () => {
    const spool = new AuditSpool({ dir });
    await spool.record(entry());
    await spool.record(
      entry({ question: 'which vessel was late most often', decision: 'clarify', sql: null }),
    );
    await spool.close();
    const audit = new InMemoryAuditLog();
    expect(await takeInAuditSpool({ dir, audit, logger: silentLogger() })).toBe(2);
    const listed = await audit.list();
    expect(listed.map((e) => e.question).sort()).toEqual([
      'how many crossings did each vessel make',
      'which vessel was late most often',
    ]);
    expect(listed.find((e) => e.decision === 'answer')).toEqual(entry());
    expect(readdirSync(dir)).toEqual([]);
    // nothing is taken twice
    expect(await takeInAuditSpool({ dir, audit, logger: silentLogger() })).toBe(0);
    expect(await audit.list()).toHaveLength(2);
  });

  test('a file its running writer has not closed is left for later', async () => {
    const spool = new AuditSpool({ dir });
    await spool.record(entry());
    const audit = new InMemoryAuditLog();
    expect(await takeInAuditSpool({ dir, audit, logger: silentLogger() })).toBe(0);
    expect(readdirSync(dir)).toHaveLength(1);
    await spool.close();
    expect(await takeInAuditSpool({ dir, audit, logger: silentLogger() })).toBe(1);
  });

  test("a crashed writer's open file is taken in, its partial last line skipped", async () => {
    const spool = new AuditSpool({ dir });
    await spool.record(entry());
    await spool.close();
    const [done] = readdirSync(dir);
    const crashed = done.replace(/-\d+-([0-9a-f]+)\.jsonl$/, `-${GONE_PID}-$1.open.jsonl`);
    writeFileSync(
      path.join(dir, crashed),
      `${JSON.stringify(entry({ question: 'busiest harbour' }))}\n{"askedAt":"2026-11`,
    );
    rmSync(path.join(dir, done));
    const audit = new InMemoryAuditLog();
    expect(await takeInAuditSpool({ dir, audit, logger: silentLogger() })).toBe(1);
    expect((await audit.list()).map((e) => e.question)).toEqual(['busiest harbour']);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a store that fails mid-file keeps only the entries it has not recorded', async () => {
    const spool = new AuditSpool({ dir });
    for (const q of ['first crossing', 'second crossing', 'third crossing']) {
      await spool.record(entry({ question: q }));
    }
    await spool.close();
    const recorded: string[] = [];
    let failures = 1;
    const failing = {
      record: async (e: AuditEntry) => {
        if (e.question === 'second crossing' && failures-- > 0) throw new Error('store went away');
        recorded.push(e.question);
      },
    };
    expect(await takeInAuditSpool({ dir, audit: failing, logger: silentLogger() })).toBe(1);
    expect(await takeInAuditSpool({ dir, audit: failing, logger: silentLogger() })).toBe(2);
    expect(recorded).toEqual(['first crossing', 'second crossing', 'third crossing']);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('secrets are redacted before they reach the file', async () => {
    const spool = new AuditSpool({ dir });
    await spool.record(
      entry({
        question: 'use password=hunter2 for the crossings',
        sourceId: 'postgres://ops:s3cret@db/ferries',
      }),
    );
    const [file] = readdirSync(dir);
    const text = readFileSync(path.join(dir, file), 'utf8');
    expect(text).not.toMatch(/hunter2|s3cret/);
    await spool.close();
  });
});
