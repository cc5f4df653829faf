// First: before restify loads (see the module).
import './server/knownDeprecations';
import { openTablebot } from './app';
import { createBot } from './bot/createBot';
import { seedDemoApart } from './cli/firstRun';
import { progressPrinter } from './cli/progressPrinter';
import { loadProcessConfig } from './config';
import { ResultFiles } from './bot/render/files/resultFiles';
import { SignedLinks } from './bot/render/files/signedLinks';
import { KnexFeedbackStore } from './store/feedbackStoreKnex';
import { KnexStorage } from './store/knexStorage';
import { errorMessage } from './errors';
import { createLogger } from './logging';
import { createAdapter } from './server/botAdapter';
import { closeServer, createServer } from './server/createServer';
import { localServerUrl, removeServerState, writeServerState } from './server/serverState';

/**
 * The bot's entry point and the only place that wires everything together:
 * config → metadata store → embedder → index → pipeline → dialogs → bot → server.
 * Resolves once the server listens; SIGINT/SIGTERM stop it and end the process.
 */
export async function startBot(): Promise<void> {
  const { config, envFile } = loadProcessConfig();
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  logger.info(
    { envFile },
    envFile ? `settings: the environment, then ${envFile}` : 'settings: the environment (no .env file)',
  );
  // First start: seed and index apart, so this process holds only what a warm start holds.
  await seedDemoApart({ config, logger });
  const app = await openTablebot({
    config,
    logger,
    indexDemoIfMissing: true,
    watchIndex: true,
    onFirstRunProgress: progressPrinter({ tty: Boolean(process.stderr.isTTY), label: 'first run' }),
  });
  const storage = new KnexStorage({ knex: app.knex });
  const feedbackStore = new KnexFeedbackStore({ knex: app.knex });
  const files = new ResultFiles({
    links: new SignedLinks({
      baseUrl: config.files.publicUrl,
      secret: config.files.linkSecret,
      ttlMs: config.files.linkTtlMs,
    }),
  });
  const bot = createBot({
    pipeline: app.pipeline,
    storage,
    feedbackStore,
    logger,
    turnTimeoutMs: config.limits.turnTimeoutMs,
    files,
    storedQueries: app.storedQueries,
    currency: config.currency,
  });
  const adapter = createAdapter(config, logger);
  const server = await createServer({
    bot,
    adapter,
    config,
    logger,
    readiness: () => app.readiness(),
    pipeline: app.pipeline,
    directLineConversations: {
      maxBytesPerConversation: config.limits.directLineConversationBytes,
      maxTotalBytes: config.limits.directLineTotalBytes,
    },
    resultFiles: { files, storedQueries: app.storedQueries, csvMaxRows: config.files.csvMaxRows },
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  // `tablebot ask` on the same data folder (locked while the bot runs) asks this server instead.
  writeServerState(config.dataDir, { url: localServerUrl(config.server.host, port) });
  const url = `http://${config.server.host === '0.0.0.0' ? 'localhost' : config.server.host}:${port}/`;
  logger.info(`tablebot is listening; web chat at ${url}`);
  process.stdout.write(`\ntablebot is ready. Open the web chat at ${url}\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // bounded: whatever still hangs (a turn stuck on a source, a pool that won't drain) cannot keep us up
    const limit = config.limits.shutdownTimeoutMs;
    setTimeout(() => {
      logger.error({ signal, shutdownTimeoutMs: limit }, 'shutdown took too long; exiting now');
      process.exit(1);
    }, limit).unref();
    try {
      removeServerState(config.dataDir);
      await closeServer(server, { timeoutMs: Math.max(100, limit - 3000) });
      await app.close();
    } catch (error) {
      logger.error({ err: errorMessage(error) }, 'error during shutdown');
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

if (require.main === module) {
  startBot().catch((error) => {
    process.stderr.write(`tablebot failed to start: ${errorMessage(error)}\n`);
    process.exit(1);
  });
}
