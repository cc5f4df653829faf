import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openTablebot } from '../app';
import { loadConfig } from '../config';
import { errorMessage, exitCode } from '../errors';
import { createLogger } from '../logging';
import { askBatch, parseBatchLine, toAskJson, type AskItem } from '../pipeline/askJson';
import { formatTable } from './formatTable';

const USAGE = `usage:
  npm run ask -- [--source <postgres-url>] [--json] [--max-rows N] "<question>"
  npm run ask -- [--source <postgres-url>] --json [--max-rows N] --batch <questions.jsonl>`;

async function* readBatch(file: string): AsyncGenerator<AskItem> {
  const lines = createInterface({
    input: file === '-' ? process.stdin : createReadStream(file),
    crlfDelay: Infinity,
  });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    const item = parseBatchLine(line, n);
    if (item) yield item;
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      source: { type: 'string' },
      json: { type: 'boolean', default: false },
      'max-rows': { type: 'string' },
      batch: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help || (!values.batch && positionals.length === 0)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const maxRows = values['max-rows'] === undefined ? 100 : Number(values['max-rows']);
  if (!Number.isInteger(maxRows) || maxRows < 0) {
    console.error(`ask: --max-rows must be a non-negative integer\n${USAGE}`);
    return 2;
  }
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const logger = createLogger({ level: config.logLevel, name: 'ask' });
  const app = await openTablebot({ config, logger, indexDemoIfMissing: values.source === undefined });
  try {
    let sourceIds: string[] | undefined;
    if (values.source) {
      sourceIds = [app.sources.register(values.source)];
    }
    if (values.batch) {
      for await (const line of askBatch({
        pipeline: app.pipeline,
        items: readBatch(values.batch),
        sourceIds,
        maxRows,
      })) {
        process.stdout.write(`${JSON.stringify(line)}\n`);
      }
      return 0;
    }
    const result = await app.pipeline.ask({ question: positionals.join(' '), sourceIds, maxRows });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(toAskJson(result))}\n`);
    } else {
      const out: string[] = [result.message];
      if (result.clarification)
        result.clarification.options.forEach((o, i) => out.push(`  ${i + 1}. ${o.label}`));
      if (result.columns && result.rows) {
        out.push('', formatTable(result.columns, result.rows));
        if (result.rowCount !== null && result.rowCount > result.rows.length) {
          out.push(`(showing ${result.rows.length} of ${result.rowCount} rows)`);
        }
      }
      if (result.sql) out.push('', `SQL: ${result.sql}`);
      out.push('', `(${result.decision}: ${result.reason}; ${Math.round(result.timings.total)} ms)`);
      process.stdout.write(`${out.join('\n')}\n`);
    }
    return exitCode(result.error);
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`ask: ${errorMessage(error)}`);
    process.exit(exitCode({ thrown: error }));
  },
);
