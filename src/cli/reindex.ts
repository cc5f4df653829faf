import { parseArgs } from 'node:util';
import { openIndexing } from '../app';
import { DEMO_SOURCE_ID, loadCliConfig } from '../config';
import { redactUrl } from '../sources';
import { errorMessage, exitCode, TablebotError } from '../errors';
import { createLogger } from '../logging';
import { formatProblems, semanticSummaryLine } from '../semantic';
import { progressPrinter } from './progressPrinter';
import { runAsScript } from './runAsScript';

export const USAGE = `usage: tablebot reindex [--source <postgres-url | pglite:<dir> | demo>] [--schema <name>]... [--full]

Reads a source's catalog, embeds its tables and swaps in a new index (npm run reindex -- ... is the same).
Only tables whose definition, statistics or data changed since the last reindex are profiled and embedded
again, and the published index is updated in place. A failed reindex keeps the previous index.

  --source <s>     postgres:// URL, pglite:<folder>, or demo (default demo)
  --schema <name>  only this schema (repeatable; default every schema)
  --full           profile every table and rebuild the index from all of them
  -h, --help       this help

On the embedded default (PGlite metadata store), stop the bot first: its data folder is locked to one process.`;

/** `tablebot reindex`: rebuilds a source's index. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await reindex(argv);
  } catch (error) {
    const code = error instanceof TablebotError ? ` [${error.code}]` : '';
    process.stderr.write(
      `\nreindex failed${code}: ${errorMessage(error)}\nThe previous index is still in use.\n`,
    );
    return exitCode({ thrown: error });
  }
}

async function reindex(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      source: { type: 'string', default: DEMO_SOURCE_ID },
      schema: { type: 'string', multiple: true, default: [] },
      full: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadCliConfig();
  const logger = createLogger({ level: config.logLevel, name: 'reindex', format: config.logFormat });
  const app = await openIndexing({ config, logger });
  try {
    const summary = await app.reindexer.reindex({
      source: values.source,
      schemas: values.schema.length > 0 ? values.schema : undefined,
      full: values.full,
      onProgress: progressPrinter({ tty: Boolean(process.stderr.isTTY), label: 'reindex' }),
    });
    process.stderr.write(
      [
        `reindexed ${redactUrl(values.source)} (${summary.sourceId})`,
        `  schemas:  ${summary.schemas.join(', ')}`,
        `  tables:   ${summary.tables} (${summary.profiled} profiled, ${summary.embedded} embedded, ${summary.reused} reused, ${summary.removed} removed)`,
        `  columns:  ${summary.columns}`,
        `  embedder: ${summary.embedder}`,
        `  index:    version ${summary.indexVersion} (${summary.publish}), ${summary.indexTables} tables, ${(summary.indexBytes / 1024).toFixed(1)} KiB`,
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

runAsScript(module, 'reindex', main);
