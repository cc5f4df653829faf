import { parseArgs } from 'node:util';
import { openTablebot } from '../app';
import type { ReindexProgress } from '../catalog/reindexer';
import { loadConfig } from '../config';
import { redactUrl } from '../sources/pgSource';
import { errorMessage, TablebotError } from '../errors';
import { createLogger } from '../logging';
import { formatProblems, semanticSummaryLine } from '../semantic/modelYaml';

const USAGE =
  'usage: npm run reindex -- [--source <postgres-url | pglite:<dir> | demo>] [--schema <name>]...';

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

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      source: { type: 'string', default: 'demo' },
      schema: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.error(USAGE);
    return 0;
  }
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const logger = createLogger({ level: config.logLevel, name: 'reindex' });
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
        ...(summary.semanticModel
          ? [
              `  model:    ${semanticSummaryLine(summary.semanticModel)}`,
              ...formatProblems(summary.semanticModel.overridesPath, summary.semanticModel.problems).map(
                (line) => `    ${line}`,
              ),
            ]
          : []),
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const code = error instanceof TablebotError ? ` [${error.code}]` : '';
    process.stderr.write(
      `\nreindex failed${code}: ${errorMessage(error)}\nThe previous index is still in use.\n`,
    );
    process.exit(1);
  },
);
