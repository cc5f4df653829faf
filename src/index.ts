import { openTablebot } from './app';
import { createBot } from './bot/createBot';
import { ResultFiles } from './bot/render/files/resultFiles';
import { SignedLinks } from './bot/render/files/signedLinks';
import { loadConfig } from './config';
import { KnexFeedbackStore } from './store/feedbackStoreKnex';
import { KnexStorage } from './store/knexStorage';
import { errorMessage } from './errors';
import { createLogger } from './logging';
import { createAdapter } from './server/botAdapter';
import { closeServer, createServer } from './server/createServer';

/**
 * The bot's entry point and the only place that wires everything together:
 * config → metadata store → embedder → index → pipeline → dialogs → bot → server.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel });
  const app = await openTablebot({ config, logger, indexDemoIfMissing: true, watchIndex: true });
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
    resultFiles: { files, storedQueries: app.storedQueries, csvMaxRows: config.files.csvMaxRows },
  });
  const url = `http://${config.server.host === '0.0.0.0' ? 'localhost' : config.server.host}:${config.server.port}/`;
  logger.info(`tablebot is listening; web chat at ${url}`);
  process.stdout.write(`\ntablebot is ready. Open the web chat at ${url}\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await closeServer(server);
      await app.close();
    } catch (error) {
      logger.error({ err: errorMessage(error) }, 'error during shutdown');
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`tablebot failed to start: ${errorMessage(error)}\n`);
  process.exit(1);
});
