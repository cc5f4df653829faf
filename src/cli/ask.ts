import { createReadStream } from 'node:fs';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { UserIdentity } from '../access/identity';
import type * as App from '../app';
import type { Tablebot } from '../app';
import { loadCliConfig, type Config } from '../config';
import { TablebotError, errorMessage, exitCode } from '../errors';
import { createLogger } from '../logging';
import type { AskRequest, AskResult } from '../pipeline/types';
import { readServerState } from '../server';
import { askBatch, parseBatchLine, toAskJson, type AskItem, type AskJson } from '../pipeline/askJson';
import type * as OneShot from '../oneShotAnswering';
import { ANSWERING_SHARED_BUFFERS, SourceRegistry } from '../sources';
import { RemoteAsker } from './askRemote';
import { formatTable } from './formatTable';
import { progressPrinter } from './progressPrinter';
import { runAsScript } from './runAsScript';

export const USAGE = `usage:
  tablebot ask [--source <postgres-url>] [--json] [--max-rows N] [--as <name>] "<question>"
  tablebot ask [--source <postgres-url>] --json [--max-rows N] [--as <name>] --batch <questions.jsonl | ->

Answers a question from the command line (npm run ask -- ... is the same command).

  --source <url>   ask this source instead of the default one (DEFAULT_SOURCE)
  --json           print the JSON contract (one object; with --batch one line per question)
  --max-rows N     rows to return (default 100)
  --batch <file>   JSONL file of {"id": "...", "question": "..."} lines ('-' reads stdin); lines with the
                   same "conversation" id are one conversation (follow-ups edit its last answer)
  --url <url>      ask the running bot at this address (POST /api/ask) instead of opening the data locally
  --local          never go through a running bot
  --as <name>      ask as cli:<name> in the access file (default: the operating-system user)
  -h, --help       this help

While the bot runs on the same data folder (npm start / tablebot start on the embedded default), the
folder is locked to it; ask then goes through the running bot's /api/ask on loopback (it records its
address in <TABLEBOT_DATA_DIR>/server.json). ASK_API_TOKEN is sent as the bearer token when set.`;

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

/** The human-readable answer. */
export function formatAnswer(result: AskResult): string {
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
  return out.join('\n');
}

/** The operating-system user running the CLI (`unknown` when the platform cannot say). */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** One way of answering: the pipeline in this process, or a running bot over HTTP. */
interface Answerer {
  ask(question: string): Promise<AskResult>;
  batch(items: AsyncIterable<AskItem>): AsyncGenerator<AskJson>;
  close(): Promise<void>;
}

function remoteAnswerer(asker: RemoteAsker, source: string | undefined, maxRows: number): Answerer {
  const ask = (question: string) =>
    asker.ask({ question, source, maxRows: maxRows > 0 ? maxRows : undefined });
  const pipeline = {
    ask: (request: AskRequest) =>
      asker.ask({
        question: request.question,
        source,
        maxRows: maxRows > 0 ? maxRows : undefined,
        ...(request.context?.reading ? { previous: request.context.reading } : {}),
      }),
  };
  return {
    ask,
    batch: (items) => askBatch({ pipeline, items }),
    close: async () => undefined,
  };
}

/** What answers locally: the one-shot core, or the full core when that cannot stand in. */
type LocalApp = Pick<Tablebot, 'pipeline' | 'sources' | 'defaultSourceIds' | 'close'>;

/**
 * Opens the answering core in this process: the one-shot core (the published index version, no metadata
 * store) when it can stand in, else the full one (`openTablebot`, which also seeds and indexes the demo on
 * a first run).
 */
async function openLocal(
  config: Config,
  logger: ReturnType<typeof createLogger>,
  source?: string,
): Promise<LocalApp> {
  // The sources asked start first: an embedded one boots PGlite on a worker thread while the answering
  // core's modules load and its index is read.
  const started = SourceRegistry.forConfig(config, logger, { pgliteSharedBuffers: ANSWERING_SHARED_BUFFERS });
  for (const id of source === undefined ? started.defaultSourceIds : [started.sources.register(source)]) {
    started.sources.warm(id);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded once the sources are starting
  const { openOneShotAnswering } = require('../oneShotAnswering') as typeof OneShot;
  const oneShot = await openOneShotAnswering({ config, logger, source, started });
  if (oneShot) return oneShot;
  // The full core opens the sources itself: the warmed ones must let go first (an embedded folder takes one
  // process at a time, and the first run seeds it).
  await started.sources.closeAll();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the full core loads only when needed
  const { openTablebot } = require('../app') as typeof App;
  return openTablebot({
    config,
    logger,
    indexDemoIfMissing: source === undefined,
    onFirstRunProgress: progressPrinter({ tty: Boolean(process.stderr.isTTY), label: 'first run' }),
  });
}

function localAnswerer(options: {
  app: LocalApp;
  source: string | undefined;
  maxRows: number;
  identity: UserIdentity;
}): Answerer {
  const { app, maxRows, identity } = options;
  const sourceIds = options.source ? [app.sources.register(options.source)] : undefined;
  return {
    ask: (question) => app.pipeline.ask({ question, sourceIds, maxRows, identity }),
    batch: (items) => askBatch({ pipeline: app.pipeline, items, sourceIds, maxRows, identity }),
    close: () => app.close(),
  };
}

/** The folder-lock error behind a failure (a source that could not open wraps it as its cause), if any. */
function lockError(error: unknown): TablebotError | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof TablebotError && e.code === 'DATA_DIR_LOCKED') return e;
  }
  return undefined;
}

/** What to do when the data folder is locked by a process that did not record an address. */
function lockedAdvice(config: Config, error: TablebotError): string {
  return [
    `ask: ${error.message}`,
    '',
    'The bot (or another tablebot command) has the data folder open. Either:',
    '  - ask the running bot: tablebot ask --url http://127.0.0.1:<its PORT> "<question>"',
    `    (a bot started by this version records its address in ${config.dataDir}/server.json and is used automatically)`,
    '  - or stop that process and run the command again.',
  ].join('\n');
}

/** `tablebot ask`: answers one question or a JSONL batch. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: {
        source: { type: 'string' },
        json: { type: 'boolean', default: false },
        'max-rows': { type: 'string' },
        batch: { type: 'string' },
        url: { type: 'string' },
        local: { type: 'boolean', default: false },
        as: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
    }));
  } catch (error) {
    console.error(`ask: ${errorMessage(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help || (!values.batch && positionals.length === 0)) {
    if (values.help) console.log(USAGE);
    else console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const maxRows = values['max-rows'] === undefined ? 100 : Number(values['max-rows']);
  if (!Number.isInteger(maxRows) || maxRows < 0) {
    console.error(`ask: --max-rows must be a non-negative integer\n${USAGE}`);
    return 2;
  }
  const config = loadCliConfig({ LOG_LEVEL: 'warn' });
  const running = values.local || values.url ? null : readServerState(config.dataDir);
  const remoteUrl = values.url ?? running?.url;
  let answerer: Answerer;
  if (remoteUrl) {
    answerer = remoteAnswerer(
      RemoteAsker.create({ url: remoteUrl, token: config.cli.askApiToken }),
      values.source,
      maxRows,
    );
  } else {
    const logger = createLogger({ level: config.logLevel, name: 'ask', format: config.logFormat });
    try {
      const app = await openLocal(config, logger, values.source);
      // An embedded source another process holds would only fail inside the answer: opened now, its lock is
      // reported with what to do. Any other failure to open is left to the answer to report.
      const sourceIds = values.source ? [app.sources.register(values.source)] : app.defaultSourceIds;
      for (const id of sourceIds) {
        const locked = await app.sources.get(id).then(
          () => undefined,
          (error: unknown) => lockError(error),
        );
        if (locked) {
          await app.close();
          console.error(lockedAdvice(config, locked));
          return 1;
        }
      }
      const identity: UserIdentity = { channel: 'cli', ids: [`cli:${values.as ?? osUser()}`] };
      answerer = localAnswerer({ app, source: values.source, maxRows, identity });
    } catch (error) {
      const locked = lockError(error);
      if (locked) {
        console.error(lockedAdvice(config, locked));
        return 1;
      }
      throw error;
    }
  }
  try {
    if (values.batch) {
      for await (const line of answerer.batch(readBatch(values.batch))) {
        process.stdout.write(`${JSON.stringify(line)}\n`);
      }
      return 0;
    }
    const result = await answerer.ask(positionals.join(' '));
    process.stdout.write(`${values.json ? JSON.stringify(toAskJson(result)) : formatAnswer(result)}\n`);
    return exitCode(result.error);
  } finally {
    await answerer.close();
  }
}

runAsScript(module, 'ask', main);
