// First: before restify loads (see the module).
import './server/knownDeprecations';
import type { Tablebot } from './app';
import { loadProcessConfig } from './config';
import { errorMessage } from './errors';
import { createLogger } from './logging';
import { ProbeListener } from './server/probeListener';

/**
 * The bot's entry point and the only place that wires everything together:
 * config → probe listener on the port (before anything heavy loads) → HTTP server on the same port, behind
 * a `StartupGate` → metadata store → embedder → index → pipeline → dialogs → bot, handed to the gate.
 * Resolves once the bot answers; `/healthz` answers from the first second, `/readyz` reports the loading
 * phase until then. SIGINT/SIGTERM stop it and end the process.
 */
export async function startBot(): Promise<void> {
  const { config, envFile } = loadProcessConfig();
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  logger.info(
    { envFile },
    envFile ? `settings: the environment, then ${envFile}` : 'settings: the environment (no .env file)',
  );
  const probe = await ProbeListener.listen({
    host: config.server.host,
    port: config.server.port,
    phase: 'the HTTP server',
  });
  // Loaded after the port is open: the HTTP framework, the bot and the answering core take seconds.
  const { openTablebot } = await load<typeof import('./app')>('./app');
  const { createBot } = await load<typeof import('./bot/createBot')>('./bot/createBot');
  const { seedDemoApart } = await load<typeof import('./cli/firstRun')>('./cli/firstRun');
  const { progressPrinter } = await load<typeof import('./cli/progressPrinter')>('./cli/progressPrinter');
  const { ResultFiles } = await load<typeof import('./bot/render/files/resultFiles')>(
    './bot/render/files/resultFiles',
  );
  const { SignedLinks } = await load<typeof import('./bot/render/files/signedLinks')>(
    './bot/render/files/signedLinks',
  );
  const { KnexFeedbackStore } =
    await load<typeof import('./store/feedbackStoreKnex')>('./store/feedbackStoreKnex');
  const { KnexStorage } = await load<typeof import('./store/knexStorage')>('./store/knexStorage');
  const { createAdapter } = await load<typeof import('./server/botAdapter')>('./server/botAdapter');
  const { closeServer, createServer } =
    await load<typeof import('./server/createServer')>('./server/createServer');
  const { StartupGate } = await load<typeof import('./server/startupGate')>('./server/startupGate');
  const { localServerUrl, removeServerState, writeServerState } =
    await load<typeof import('./server/serverState')>('./server/serverState');
  probe.setPhase('starting the HTTP server');
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
    // the port the probe took (PORT=0 picks a free one)
    config: { ...config, server: { ...config.server, port: probe.port } },
    logger,
    readiness: () => gate.readiness(),
    pipeline: gate.pipeline,
    directLineConversations: {
      maxBytesPerConversation: config.limits.directLineConversationBytes,
      maxTotalBytes: config.limits.directLineTotalBytes,
    },
    resultFiles: { files, storedQueries: gate.storedQueries, csvMaxRows: config.files.csvMaxRows },
    beforeListen: () => probe.close(),
  }).catch(async (error: unknown) => {
    await probe.close();
    throw error;
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

/**
 * `require` by path once the probe listens (a static import would load it before), after letting the event
 * loop run so the probe answers between one module's loading and the next.
 */
async function load<T>(modulePath: string): Promise<T> {
  await new Promise((resolve) => setImmediate(resolve));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, see startBot
  return require(modulePath) as T;
}

if (require.main === module) {
  startBot().catch((error) => {
    process.stderr.write(`tablebot failed to start: ${errorMessage(error)}\n`);
    process.exit(1);
  });
}
