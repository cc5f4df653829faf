// First: before restify loads (see the module).
import './server/knownDeprecations';
import { openTablebot, type Tablebot } from './app';
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
import { StartupGate } from './server/startupGate';
import { localServerUrl, removeServerState, writeServerState } from './server/serverState';

/**
 * The bot's entry point and the only place that wires everything together:
 * config → HTTP server (listening at once, behind a {@link StartupGate}) → metadata store → embedder →
 * index → pipeline → dialogs → bot, handed to the gate. Resolves once the bot answers; `/healthz` answers
 * from the first second, `/readyz` reports the loading phase until then. SIGINT/SIGTERM stop it and end
 * the process.
 */
export async function startBot(): Promise<void> {
  const { config, envFile } = loadProcessConfig();
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  logger.info(
    { envFile },
    envFile ? `settings: the environment, then ${envFile}` : 'settings: the environment (no .env file)',
  );
  const gate = new StartupGate({ logger });
  const files = new ResultFiles({
    links: new SignedLinks({
      baseUrl: config.files.publicUrl,
      secret: config.files.linkSecret,
      ttlMs: config.files.linkTtlMs,
    }),
  });
  const adapter = createAdapter(config, logger);
  const server = await createServer({
    bot: gate.bot,
    adapter,
    config,
    logger,
    readiness: () => gate.readiness(),
    pipeline: gate.pipeline,
    directLineConversations: {
      maxBytesPerConversation: config.limits.directLineConversationBytes,
      maxTotalBytes: config.limits.directLineTotalBytes,
    },
    resultFiles: { files, storedQueries: gate.storedQueries, csvMaxRows: config.files.csvMaxRows },
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  const url = `http://${config.server.host === '0.0.0.0' ? 'localhost' : config.server.host}:${port}/`;
  logger.info(`tablebot is listening on ${url}; loading the index (see /readyz)`);

  let app: Tablebot | undefined;
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
      await app?.close();
    } catch (error) {
      logger.error({ err: errorMessage(error) }, 'error during shutdown');
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    // First start: seed and index apart, so this process holds only what a warm start holds.
    gate.progress({ phase: 'first run (seeding the demo warehouse)' });
    await seedDemoApart({ config, logger });
    app = await openTablebot({
      config,
      logger,
      indexDemoIfMissing: true,
      watchIndex: true,
      onFirstRunProgress: progressPrinter({ tty: Boolean(process.stderr.isTTY), label: 'first run' }),
      onStartupProgress: (p) => gate.progress(p),
    });
  } catch (error) {
    gate.fail(error);
    await closeServer(server, { timeoutMs: 1000 }).catch(() => undefined);
    throw error;
  }
  const opened = app;
  const bot = createBot({
    pipeline: opened.pipeline,
    storage: new KnexStorage({ knex: opened.knex }),
    feedbackStore: new KnexFeedbackStore({ knex: opened.knex }),
    logger,
    turnTimeoutMs: config.limits.turnTimeoutMs,
    files,
    storedQueries: opened.storedQueries,
    currency: config.currency,
  });
  gate.open({
    bot,
    pipeline: opened.pipeline,
    storedQueries: opened.storedQueries,
    readiness: () => opened.readiness(),
  });
  // `tablebot ask` on the same data folder (locked while the bot runs) asks this server instead.
  writeServerState(config.dataDir, { url: localServerUrl(config.server.host, port) });
  logger.info(`tablebot is ready; web chat at ${url}`);
  process.stdout.write(`\ntablebot is ready. Open the web chat at ${url}\n\n`);
}

if (require.main === module) {
  startBot().catch((error) => {
    process.stderr.write(`tablebot failed to start: ${errorMessage(error)}\n`);
    process.exit(1);
  });
}
