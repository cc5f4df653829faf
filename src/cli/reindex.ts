import { parseArgs } from 'node:util';
import { openTablebot } from '../app';
import type { ReindexProgress } from '../catalog/reindexer';
import { loadCliConfig } from '../config';
import { redactUrl } from '../sources/pgSource';
import { errorMessage, TablebotError } from '../errors';
import { createLogger } from '../logging';
import { runAsScript } from './runAsScript';

export const USAGE = `usage: tablebot reindex [--source <postgres-url | pglite:<dir> | demo>] [--schema <name>]...

Reads a source's catalog, embeds its tables and swaps in a new index (npm run reindex -- ... is the same).
Unchanged tables are reused. A failed reindex keeps the previous index.

  --source <s>     postgres:// URL, pglite:<folder>, or demo (default demo)
  --schema <name>  only this schema (repeatable; default every schema)
  -h, --help       this help

On the embedded default (PGlite metadata store), stop the bot first: its data folder is locked to one process.`;

/** Progress on stderr: a bar in a terminal, plain lines otherwise. */
function progressPrinter(tty: boolean): (p: ReindexProgress) => void {
  let lastPhase = '';
  return (p) => {
    if (tty) {
      const width = 24;
      const filled = p.total > 0 ? Math.round((p.done / p.total) * width) : 0;
      process.stderr.write(
        `\r\x1b[K${p.phase.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.message}`,
      );
      if (p.phase === 'save') process.stderr.write('\n');
    } else if (p.phase !== lastPhase || p.done === p.total) {
      process.stderr.write(`reindex: ${p.phase}: ${p.message}\n`);
    }
    lastPhase = p.phase;
  };
}

/** `tablebot reindex`: rebuilds a source's index. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await reindex(argv);
  } catch (error) {
    const code = error instanceof TablebotError ? ` [${error.code}]` : '';
    process.stderr.write(
      `\nreindex failed${code}: ${errorMessage(error)}\nThe previous index is still in use.\n`,
    );
    return 1;
  }
}

async function reindex(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      source: { type: 'string', default: 'demo' },
      schema: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadCliConfig();
  const logger = createLogger({ level: config.logLevel, name: 'reindex', format: config.logFormat });
  const app = await openTablebot({ config, logger });
  try {
    const summary = await app.reindexer.reindex({
      source: values.source,
      schemas: values.schema.length > 0 ? values.schema : undefined,
      onProgress: progressPrinter(Boolean(process.stderr.isTTY)),
    });
    process.stderr.write(
      [
        `reindexed ${redactUrl(values.source)} (${summary.sourceId})`,
        `  schemas:  ${summary.schemas.join(', ')}`,
        `  tables:   ${summary.tables} (${summary.embedded} embedded, ${summary.reused} reused)`,
        `  columns:  ${summary.columns}`,
        `  embedder: ${summary.embedder}`,
        `  index:    version ${summary.indexVersion}, ${summary.indexTables} tables, ${(summary.indexBytes / 1024).toFixed(1)} KiB`,
        `  seconds:  ${summary.seconds}`,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await app.close();
  }
}

runAsScript(module, 'reindex', main);
