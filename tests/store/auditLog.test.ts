import { migrateRollbackAll, migrateLatest } from '../../src/store/metadataStore';
import { KnexAuditLog } from '../../src/store/auditLogKnex';
import { InMemoryAuditLog } from '../../src/store/auditLogMemory';
import { redactSecrets } from '../../src/store/auditRedaction';
import { AuditRetention } from '../../src/store/auditRetention';
import type { AuditEntry, AuditLog } from '../../src/store/auditLog';
import { silentLogger } from '../../src/logging';
import { createTestKnex, type TestKnex } from '../bot/support/testKnex';

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  askedAt: new Date('2026-12-01T10:00:00Z'),
  userId: 'teams:t-1/aad-1',
  channel: 'msteams',
  groups: ['sales'],
  question: 'How many orders last month?',
  sourceId: 'demo',
  decision: 'answer',
  tables: ['sales.online_orders'],
  sql: 'SELECT count(*) FROM sales.online_orders LIMIT 1000',
  rowCount: 1,
  durationMs: 12.345,
  error: null,
  ...over,
});

describe('redactSecrets', () => {
  test.each([
    ['postgres://app:s3cr3t-pw@db.example:5432/sales', 'postgres://app:***@db.example:5432/sales'],
    ['host=db password=hunter2 user=x', 'host=db password=*** user=x'],
    ["connect with token: 'abc123def'", 'connect with token: ***'],
    ['Authorization: Bearer abcdefghijklmnop', 'Authorization: Bearer ***'],
    ['my jwt eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl please', 'my jwt *** please'],
    ['key sk-live_0123456789abcdefghij here', 'key *** here'],
    ['opaque Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg== end', 'opaque *** end'],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  test('leaves questions, SQL and long identifiers alone', () => {
    for (const text of [
      'Which quarter in the past 5 years had the most sales for fashion products?',
      "SELECT count(*) FROM sales.online_orders WHERE order_date >= DATE '2026-11-01' LIMIT 1000",
      'SELECT customer_lifetime_value_2024_segment_summary FROM marketing.x',
    ]) {
      expect(redactSecrets(text)).toBe(text);
    }
  });
});

describe.each([
  ['KnexAuditLog (metadata store)', 'knex'],
  ['InMemoryAuditLog', 'memory'],
])('%s', (_name, kind) => {
  let testKnex: TestKnex | undefined;
  let audit: AuditLog;
  beforeAll(async () => {
    if (kind === 'knex') testKnex = await createTestKnex();
  });
  beforeEach(async () => {
    if (testKnex) {
      await testKnex.knex('tb_audit_log').delete();
      audit = new KnexAuditLog({ knex: testKnex.knex });
    } else {
      audit = new InMemoryAuditLog();
    }
  });
  afterAll(async () => {
    await testKnex?.drop();
  });

  test('records and queries by time, user (wildcards), channel, decision and table, newest first', async () => {
    await audit.record(entry());
    await audit.record(
      entry({
        askedAt: new Date('2026-12-02T10:00:00Z'),
        userId: 'slack:T1/U1',
        channel: 'slack',
        decision: 'decline',
        tables: [],
        sql: null,
        rowCount: null,
        error: 'EMPTY_QUESTION',
      }),
    );
    const all = await audit.list();
    expect(all.map((e) => e.userId)).toEqual(['slack:T1/U1', 'teams:t-1/aad-1']);
    expect(all[1]).toEqual(entry({ durationMs: 12.35 }));
    expect((await audit.list({ userId: 'teams:t-1/*' })).map((e) => e.channel)).toEqual(['msteams']);
    expect((await audit.list({ channel: 'slack' })).map((e) => e.decision)).toEqual(['decline']);
    expect((await audit.list({ decision: 'answer' })).length).toBe(1);
    expect((await audit.list({ table: 'sales.online_orders' })).length).toBe(1);
    expect((await audit.list({ since: new Date('2026-12-02T00:00:00Z') })).length).toBe(1);
    expect((await audit.list({ until: new Date('2026-12-02T00:00:00Z') })).length).toBe(1);
    expect((await audit.list({ limit: 1 })).length).toBe(1);
  });

  test('never stores a secret from a question, SQL or source id', async () => {
    await audit.record(
      entry({
        question: 'use postgres://admin:TopSecret99@db/x and password=hunter2',
        sql: "SELECT 1 WHERE x = 'Bearer abcdefghijklmnopqrstuvwxyz'",
        sourceId: 'postgres://admin:TopSecret99@db/x',
      }),
    );
    const stored = JSON.stringify(await audit.list());
    expect(stored).not.toContain('TopSecret99');
    expect(stored).not.toContain('hunter2');
    expect(stored).not.toContain('abcdefghijklmnopqrstuvwxyz');
  });

  test('retention prunes rows older than AUDIT_RETENTION_DAYS; 0 keeps everything', async () => {
    const now = Date.parse('2026-12-10T00:00:00Z');
    await audit.record(entry({ askedAt: new Date('2026-11-01T00:00:00Z') }));
    await audit.record(entry({ askedAt: new Date('2026-12-09T00:00:00Z') }));
    expect(
      await new AuditRetention({
        audit,
        retentionDays: 0,
        logger: silentLogger(),
        now: () => now,
      }).pruneNow(),
    ).toBe(0);
    const retention = new AuditRetention({
      audit,
      retentionDays: 30,
      logger: silentLogger(),
      now: () => now,
    });
    expect(await retention.pruneNow()).toBe(1);
    expect((await audit.list()).map((e) => e.askedAt.toISOString())).toEqual(['2026-12-09T00:00:00.000Z']);
  });
});

test('the audit migration rolls back and forward', async () => {
  const testKnex = await createTestKnex();
  try {
    const has = () => testKnex.knex.schema.hasTable('tb_audit_log');
    expect(await has()).toBe(true);
    await migrateRollbackAll(testKnex.knex);
    expect(await has()).toBe(false);
    await migrateLatest(testKnex.knex);
    expect(await has()).toBe(true);
  } finally {
    await testKnex.drop();
  }
});
