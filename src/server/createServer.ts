import { randomBytes } from 'node:crypto';
import { MAX_QUESTION_LENGTH } from '../pipeline/types';
import path from 'node:path';
import type { Activity, ActivityHandler, CloudAdapter } from 'botbuilder';
import restify, { type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import type { UserIdentity } from '../access/identity';
import type { Config } from '../config';
import { TablebotError, errorMessage, httpStatus } from '../errors';
import type { Logger } from '../logging';
import type { AnswerPipeline } from '../pipeline/types';
import { onServerClose } from './closeServer';
import { RateLimiter } from './rateLimiter';
import { AzureDirectLineTokenClient } from './directLine/azureDirectLineTokenClient';
import {
  DirectLineConversationStore,
  type DirectLineConversationStoreOptions,
} from './directLine/conversationStore';
import { DirectLineError } from './directLine/directLineError';
import { LocalDirectLine } from './directLine/localDirectLine';
import { DirectLineTokenService } from './directLine/tokenService';
import type { WebChatConnection } from './directLine/types';
import { ApiAuthenticator, AuthenticationFailure, type AuthenticatedCaller } from './apiAuthenticator';
import { createBotFrameworkAuthentication } from './botAdapter';
import { doorPolicy, logDoorPolicy } from './doorPolicy';
import { annotateRequest, bindConversation, installRequestLogging, requestLogger } from './requestLog';
import { mountResultFileRoutes, type ResultFileRoutesOptions } from './resultFileRoutes';
import { StaticAsset } from './staticAsset';
import { DEFAULT_EXAMPLES, renderWebChatPage, resolvePublicDir, resolveWebChatBundle } from './webChatPage';

export { closeServer, type CloseServerOptions } from './closeServer';

/** What `/readyz` reports: overall readiness and one line per dependency (index, metadata store, ...). */
export interface Readiness {
  ready: boolean;
  checks: Record<string, string>;
}

/** Options of {@link createServer}. */
export interface CreateServerOptions {
  /** The bot (the real one is `TablebotBot`; any `ActivityHandler` works). */
  bot: ActivityHandler;
  /** From {@link createAdapter}. */
  adapter: CloudAdapter;
  /** `server.port`/`server.host` to listen on, `bot.appId`, and `directLine` (Azure secret and endpoint). */
  config: Config;
  logger: Logger;
  /** Readiness of the index and the metadata store, for `/readyz`. */
  readiness: () => Promise<Readiness>;
  /** When given, `POST /api/ask` answers questions as JSON. */
  pipeline?: AnswerPipeline;
  /** Example questions shown as chips on the web chat page. @default DEFAULT_EXAMPLES */
  examples?: readonly string[];
  /** Longest question `/api/ask` accepts, in characters. @default MAX_QUESTION_LENGTH (2000) */
  maxQuestionLength?: number;
  /** Local Direct Line conversation limits. @default the store's defaults (1000 conversations, 30 min idle) */
  directLineConversations?: DirectLineConversationStoreOptions;
  /** Local Direct Line: acknowledge a posted activity after this long even if the turn runs on. @default 15000 */
  directLineAcknowledgeAfterMs?: number;
  /** HTTP client for the Azure Direct Line token exchange. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** The local Direct Line's conversations (built from `directLineConversations` when not given). */
  directLineStore?: DirectLineConversationStore;
  /** Per-client limit on the open routes (/api/ask, Direct Line). @default config.limits.rateLimitPerMinute */
  rateLimiter?: RateLimiter;
  /** When given, `GET /files/...` serves CSV downloads and chart pictures behind signed links. */
  resultFiles?: Omit<ResultFileRoutesOptions, 'logger'>;
  /** Runs right before the server listens (the bot process closes its `ProbeListener` on the same port). */
  beforeListen?: () => Promise<void>;
}

const messagesBodySchema = z
  .object({ type: z.string().min(1), conversation: z.object({ id: z.string() }).optional() })
  .loose();

/** How long an idle keep-alive connection is kept open. */
const KEEP_ALIVE_MS = 65_000;

/**
 * Creates tablebot's HTTP server (restify 11) and starts listening on `config.server`:
 *
 * - `POST /api/messages` — Bot Framework activities through the `CloudAdapter` (Teams, Slack, Azure Web Chat,
 *   Emulator); `deliveryMode: expectReplies` returns the replies in the response body.
 * - `GET /healthz` (liveness) and `GET /readyz` (readiness of the index and metadata store; 503 when not ready).
 * - `POST /api/ask` `{question, source?, maxRows?, previous?}` → the pipeline's `AskResult` (when a pipeline is
 *   given); `previous` is the `reading` of the conversation's last answer, which a follow-up edits.
 * - `GET /` — the web chat page; `/static/webchat.js` (the Web Chat bundle from node_modules), `/static/app.*`.
 * - `GET /api/directline/token` — a token for the page: from Azure Direct Line when `DIRECT_LINE_SECRET` is set
 *   (exchanged here; the secret never reaches the browser), else from the local Direct Line endpoint.
 * - `/v3/directline/*` — the local Direct Line 3.0 endpoint and its WebSocket streams (when no Azure secret).
 *
 * Every request gets a pino child logger and one log line with status, duration and conversation id.
 * Stop it with {@link closeServer}.
 * @throws TablebotError `STATIC_ASSET_MISSING` when the Web Chat bundle or `public/` cannot be read.
 */
export async function createServer(options: CreateServerOptions): Promise<Server> {
  const { bot, adapter, config, logger } = options;
  const log = logger.child({ component: 'http' });
  const doors = doorPolicy(config);
  const botAuthentication = config.bot.appId ? createBotFrameworkAuthentication(config) : undefined;
  const maxQuestionLength = options.maxQuestionLength ?? MAX_QUESTION_LENGTH;
  const publicDir = resolvePublicDir();
  const [webChatBundle, appScript, appStyles, favicon] = await Promise.all([
    StaticAsset.create({ filePath: resolveWebChatBundle(), contentType: 'text/javascript; charset=utf-8' }),
    StaticAsset.create({
      filePath: path.join(publicDir, 'app.js'),
      contentType: 'text/javascript; charset=utf-8',
      cacheControl: 'no-cache',
    }),
    StaticAsset.create({
      filePath: path.join(publicDir, 'app.css'),
      contentType: 'text/css; charset=utf-8',
      cacheControl: 'no-cache',
    }),
    StaticAsset.create({ filePath: path.join(publicDir, 'favicon.svg'), contentType: 'image/svg+xml' }),
  ]);
  const page = renderWebChatPage({ examples: options.examples ?? DEFAULT_EXAMPLES });

  const server = restify.createServer({ name: 'tablebot' });
  // An idle keep-alive connection outlives the clients' and proxies' own idle timeouts (a load balancer's is
  // commonly 60 s): with Node's 5 s default, a client that reuses a connection just as the server drops it
  // gets ECONNRESET (seen under load when a busy event loop delays the reuse). closeServer ends idle ones.
  server.server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  server.pre(restify.pre.sanitizePath());
  installRequestLogging(server, log);
  installRateLimit(
    server,
    options.rateLimiter ?? new RateLimiter({ perMinute: config.limits.rateLimitPerMinute }),
  );
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyReader({ maxBodySize: 1024 * 1024 }));
  server.use(restify.plugins.jsonBodyParser({ mapParams: false, bodyReader: true }));
  server.use((_req: Request, res: Response, next: () => void) => {
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'no-referrer');
    return next();
  });

  // Bot Framework channel endpoint.
  server.post('/api/messages', async (req: Request, res: Response) => {
    const parsed = messagesBodySchema.safeParse(req.body);
    if (!parsed.success) {
      res.send(400, {
        error: 'BAD_REQUEST',
        message: 'POST /api/messages expects a Bot Framework activity: a JSON object with a "type"',
      });
      return;
    }
    bindConversation(req, parsed.data.conversation?.id);
    if (botAuthentication) {
      // Checked here first so that a missing, forged or expired token is one 401 and one log line (the
      // adapter would print a stack trace, and answer 500 with internal text for some forged tokens).
      try {
        await botAuthentication.authenticateRequest(
          req.body as Activity,
          headerValue(req.headers.authorization),
        );
      } catch (error) {
        refuse(req, res, {
          door: '/api/messages',
          reason: `Bot Framework token refused: ${errorMessage(error).split('\n')[0].slice(0, 200)}`,
        });
        return;
      }
    }
    await adapter.process(req, res, (context) => bot.run(context));
  });

  // Probes.
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.header('Cache-Control', 'no-store');
    res.send(200, { status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });
  server.get('/readyz', async (req: Request, res: Response) => {
    res.header('Cache-Control', 'no-store');
    let readiness: Readiness;
    try {
      readiness = await options.readiness();
    } catch (error) {
      requestLogger(req, log).warn({ err: error }, 'readiness check failed');
      readiness = { ready: false, checks: { readiness: `failed: ${errorMessage(error)}` } };
    }
    res.send(readiness.ready ? 200 : 503, readiness);
  });

  // JSON question API.
  const pipeline = options.pipeline;
  const apiAuthenticator = new ApiAuthenticator({
    tokens: config.auth.apiTokens,
    botFramework: botAuthentication,
  });
  if (pipeline) {
    const askSchema = z.object({
      question: z
        .string({ error: 'question must be a string' })
        .trim()
        .min(1, 'question must not be empty')
        .max(maxQuestionLength, `question must be at most ${maxQuestionLength} characters`),
      source: z.string().trim().min(1).max(500).optional(),
      maxRows: z.number().int().min(1).max(config.execution.maxRows).optional(),
      // The previous answer's `reading`, sent back by a client that holds a conversation: a follow-up
      // ("and in 2019?") is applied to it as an edit.
      previous: z
        .object({
          sourceId: z.string().min(1).max(500),
          tables: z.array(z.string().min(1).max(500)).max(50),
          generator: z.string().min(1).max(100),
          plan: z.unknown(),
        })
        .optional(),
    });
    server.post('/api/ask', async (req: Request, res: Response) => {
      res.header('Cache-Control', 'no-store');
      let caller: AuthenticatedCaller | undefined;
      if (doors.askApi === 'bearer') {
        try {
          caller = await apiAuthenticator.authenticate(req.headers.authorization);
        } catch (error) {
          if (!(error instanceof AuthenticationFailure)) throw error;
          refuse(req, res, { door: '/api/ask', reason: error.reason });
          return;
        }
        annotateRequest(req, { caller: `${caller.kind}:${caller.subject}` });
      }
      const parsed = askSchema.safeParse(req.body);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => issue.message).join('; ');
        res.send(400, {
          error: 'BAD_REQUEST',
          message: `expected a JSON body like {"question": "...", "source": "..."}: ${problems}`,
        });
        return;
      }
      const { question, source, maxRows, previous } = parsed.data;
      try {
        const identity: UserIdentity = {
          channel: 'api',
          ids: caller ? [`${caller.kind}:${caller.subject}`] : [],
        };
        const result = await pipeline.ask({
          question,
          sourceIds: source ? [source] : undefined,
          maxRows,
          identity,
          ...(previous
            ? {
                context: {
                  previousQuestion: '',
                  previousTables: previous.tables,
                  reading: { ...previous, plan: previous.plan ?? null },
                  followUp: question,
                },
              }
            : {}),
        });
        // `timings_ms` is the one timing field of the CLI, /api/ask and the bench; `timings` stays as a
        // deprecated alias for one release (README "HTTP API").
        res.send(200, { ...result, timings_ms: result.timings });
      } catch (error) {
        const status = httpStatus(error);
        requestLogger(req, log)[status >= 500 ? 'error' : 'info']({ err: error }, '/api/ask failed');
        res.send(status, {
          error: error instanceof TablebotError ? error.code : 'INTERNAL',
          message: error instanceof TablebotError ? error.message : 'tablebot could not answer this question',
        });
      }
    });
  }

  // Files answers link to (CSV downloads, chart pictures): the links' signatures are their authentication.
  if (options.resultFiles) mountResultFileRoutes(server, { ...options.resultFiles, logger: log });

  // Web chat: page, static files, token for the page, and the local Direct Line endpoint.
  const secret = config.directLine.secret;
  const azure = secret
    ? new AzureDirectLineTokenClient({ secret, endpoint: config.directLine.endpoint, fetch: options.fetch })
    : undefined;
  const local = azure
    ? undefined
    : new LocalDirectLine({
        adapter,
        logic: (context) => bot.run(context),
        logger: log,
        appId: config.bot.appId,
        tokens: new DirectLineTokenService(),
        tokenSecret:
          doors.directLineTokens === 'secret' ? { value: config.auth.localDirectLineSecret } : undefined,
        conversations:
          options.directLineStore ?? new DirectLineConversationStore(options.directLineConversations),
        acknowledgeAfterMs: options.directLineAcknowledgeAfterMs,
      });
  const csp = contentSecurityPolicy(azure?.domain);
  const sendPage = async (_req: Request, res: Response) => {
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': csp,
    });
    res.end(page);
  };
  server.get('/', sendPage);
  server.head('/', sendPage);
  const assets: Record<string, StaticAsset> = {
    '/static/webchat.js': webChatBundle,
    '/static/app.js': appScript,
    '/static/app.css': appStyles,
    '/static/favicon.svg': favicon,
    '/favicon.ico': favicon,
  };
  for (const [route, asset] of Object.entries(assets)) {
    server.get(route, async (req: Request, res: Response) => asset.serve(req, res));
    server.head(route, async (req: Request, res: Response) => asset.serve(req, res));
  }
  server.get('/api/directline/token', async (req: Request, res: Response) => {
    res.header('Cache-Control', 'no-store');
    if (doors.webChatPage === 'closed') {
      refuse(req, res, {
        door: '/api/directline/token',
        reason: 'the web chat page is not public (WEB_CHAT_PUBLIC is not set and the bot is exposed)',
      });
      return;
    }
    try {
      let connection: WebChatConnection;
      if (azure) {
        connection = await azure.generate({ id: `dl_${randomBytes(12).toString('base64url')}` });
      } else if (local) {
        connection = local.issueWebChatConnection();
      } else {
        throw new DirectLineError('NotFound', 'createServer: no Direct Line is configured');
      }
      bindConversation(req, connection.conversationId);
      res.send(200, connection);
    } catch (error) {
      const status = error instanceof DirectLineError ? error.status : 500;
      requestLogger(req, log).error({ err: error }, 'could not issue a web chat token');
      res.send(status, {
        error: error instanceof DirectLineError ? error.directLineCode : 'INTERNAL',
        message: 'The chat service is not available right now.',
      });
    }
  });
  if (local) {
    local.mount(server);
    onServerClose(server, () => local.close());
  }
  server.server.on('upgrade', (req, socket, head: Buffer) => {
    if (!local?.handleUpgrade(req, socket, head)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    }
  });

  logDoorPolicy(doors, config, log);
  await options.beforeListen?.();
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  log.info(
    {
      url: server.url,
      directLine: azure ? 'azure' : 'local',
      botAuthentication: config.bot.appId ? 'enabled' : 'disabled (local use)',
      askApi: Boolean(pipeline),
    },
    'HTTP server listening',
  );
  return server;
}

/** Answers 401 with a generic body; the reason goes into the request's single log line. */
function refuse(req: Request, res: Response, refusal: { door: string; reason: string }): void {
  annotateRequest(req, refusal);
  res.header('WWW-Authenticate', 'Bearer');
  res.send(401, { error: 'UNAUTHORIZED', message: `${refusal.door} needs valid credentials` });
}

function headerValue(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** The page's CSP: scripts only from this origin; Direct Line to this origin or the Azure endpoint. */
function contentSecurityPolicy(azureDomain: string | undefined): string {
  const azure = azureDomain ? new URL(azureDomain) : undefined;
  const connect = ["'self'", ...(azure ? [azure.origin, `wss://${azure.host}`] : [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Web Chat injects its styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** The routes anyone who can reach the server may call, limited per client address. */
const RATE_LIMITED = /^\/(api\/ask|api\/directline\/|v3\/directline\/)/;

/** Answers 429 with `Retry-After` to a client past its rate on the open routes, before the body is read. */
function installRateLimit(server: Server, limiter: RateLimiter): void {
  if (!limiter.enabled) return;
  server.pre((req: Request, res: Response, next: (error?: false) => void) => {
    if (!RATE_LIMITED.test(req.path())) return next();
    const decision = limiter.take(req.socket.remoteAddress ?? 'unknown');
    if (decision.allowed) return next();
    res.header('Retry-After', String(decision.retryAfterSeconds));
    res.send(429, {
      error: 'RATE_LIMITED',
      message: `too many requests; try again in ${decision.retryAfterSeconds} s`,
    });
    return next(false);
  });
}
