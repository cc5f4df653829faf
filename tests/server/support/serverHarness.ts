import { Writable } from 'node:stream';
import type { ActivityHandler } from 'botbuilder';
import pino from 'pino';
import type { Server } from 'restify';
import { loadConfig, type Config } from '../../../src/config';
import { silentLogger, type Logger } from '../../../src/logging';
import type { AnswerPipeline } from '../../../src/pipeline/types';
import { createAdapter } from '../../../src/server/botAdapter';
import {
  closeServer,
  createServer,
  type CreateServerOptions,
  type Readiness,
} from '../../../src/server/createServer';
import type {
  DirectLineConversationStore,
  DirectLineConversationStoreOptions,
} from '../../../src/server/directLine/conversationStore';

/** A server started for a test, and how to reach and stop it. */
export interface StartedServer {
  server: Server;
  config: Config;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  close(): Promise<void>;
}

/** Options of {@link startTestServer}. */
export interface StartTestServerOptions {
  bot: ActivityHandler;
  /** Extra environment variables for `loadConfig` (e.g. `MicrosoftAppId`, `DIRECT_LINE_SECRET`). */
  env?: Record<string, string>;
  pipeline?: AnswerPipeline;
  readiness?: () => Promise<Readiness>;
  logger?: Logger;
  examples?: string[];
  /** @default 15000 */
  directLineAcknowledgeAfterMs?: number;
  directLineConversations?: DirectLineConversationStoreOptions;
  directLineStore?: DirectLineConversationStore;
  /** Serve `/files/...` (CSV downloads, chart pictures) behind signed links. */
  resultFiles?: CreateServerOptions['resultFiles'];
}

/** Starts the real tablebot HTTP server on 127.0.0.1 and a free port, with the given bot. */
export async function startTestServer(options: StartTestServerOptions): Promise<StartedServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...options.env });
  const logger = options.logger ?? silentLogger();
  const adapter = createAdapter(config, logger);
  const server = await createServer({
    bot: options.bot,
    adapter,
    config,
    logger,
    readiness:
      options.readiness ?? (async () => ({ ready: true, checks: { index: 'ok', metadataStore: 'ok' } })),
    pipeline: options.pipeline,
    examples: options.examples,
    directLineAcknowledgeAfterMs: options.directLineAcknowledgeAfterMs,
    directLineConversations: options.directLineConversations,
    directLineStore: options.directLineStore,
    resultFiles: options.resultFiles,
  });
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  return { server, config, baseUrl, close: () => closeServer(server, { timeoutMs: 5000 }) };
}

/** A pino logger that keeps its JSON lines in memory, for asserting on structured logs. */
export function memoryLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = pino({ level: 'debug' }, stream);
  const lines = (): Record<string, unknown>[] =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line): Record<string, unknown> => JSON.parse(line));
  return { logger, lines };
}
