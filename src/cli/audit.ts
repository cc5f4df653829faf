import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { errorMessage } from '../errors';
import { createLogger } from '../logging';
import { type AuditDecision, type AuditQuery, AuditRetention, KnexAuditLog } from '../store';
import { openMetadataStore } from '../store/metadataStore';
import { formatTable } from './formatTable';

const USAGE = `usage: npm run audit -- [--since <date>] [--until <date>] [--user <id, * wildcards>] [--channel <id>]
                       [--decision answer|clarify|decline] [--table <schema.table>] [--limit N] [--json]
       npm run audit -- --prune     delete rows older than AUDIT_RETENTION_DAYS now
Reads the audit log in the metadata store (DATABASE_URL, or PGlite under TABLEBOT_DATA_DIR; stop the bot
first when it uses PGlite, which one process holds at a time).`;

const DECISIONS = new Set<string>(['answer', 'clarify', 'decline']);

function date(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new Error(`--${name} must be a date such as 2026-12-01 or 2026-12-01T09:00Z`);
  return d;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      since: { type: 'string' },
      until: { type: 'string' },
      user: { type: 'string' },
      channel: { type: 'string' },
      decision: { type: 'string' },
      table: { type: 'string' },
      limit: { type: 'string', default: '50' },
      json: { type: 'boolean', default: false },
      prune: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.error(USAGE);
    return 0;
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit must be a positive integer\n${USAGE}`);
  if (values.decision !== undefined && !DECISIONS.has(values.decision)) {
    throw new Error(`--decision must be answer, clarify or decline\n${USAGE}`);
  }
  const query: AuditQuery = {
    since: date(values.since, 'since'),
    until: date(values.until, 'until'),
    userId: values.user,
    channel: values.channel,
    decision: values.decision as AuditDecision | undefined,
    table: values.table,
    limit,
  };
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const logger = createLogger({ level: config.logLevel, name: 'audit' });
  // entries spooled by one-shot `tablebot ask` runs are taken in first, so they are listed too
  const knex = await openMetadataStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger,
    auditSpoolDir: config.audit.spoolDir,
  });
  try {
    const audit = new KnexAuditLog({ knex });
    if (values.prune) {
      const removed = await new AuditRetention({
        audit,
        retentionDays: config.audit.retentionDays,
        logger,
      }).pruneNow();
      process.stdout.write(
        config.audit.retentionDays > 0
          ? `audit: removed ${removed} rows older than ${config.audit.retentionDays} days\n`
          : 'audit: AUDIT_RETENTION_DAYS=0 keeps every row; nothing removed\n',
      );
      return 0;
    }
    const entries = await audit.list(query);
    if (values.json) {
      for (const e of entries) process.stdout.write(`${JSON.stringify(e)}\n`);
      return 0;
    }
    const rows = entries.map((e) => [
      e.askedAt.toISOString(),
      e.userId,
      e.channel,
      e.decision,
      e.tables.join(', '),
      e.rowCount ?? '',
      Math.round(e.durationMs),
      e.error ?? '',
      e.question.length > 60 ? `${e.question.slice(0, 57)}...` : e.question,
    ]);
    process.stdout.write(
      `${formatTable(['asked at', 'user', 'channel', 'decision', 'tables', 'rows', 'ms', 'error', 'question'], rows)}\n` +
        `(${entries.length} of at most ${limit} rows; --json prints the SQL too)\n`,
    );
    return 0;
  } finally {
    await knex.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`audit: ${errorMessage(error)}`);
    process.exit(1);
  },
);
