import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  type AuthenticateRequestResult,
} from 'botframework-connector';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { errorMessage } from '../../errors';
import type { Logger } from '../../logging';
import { annotateRequest, bindConversation, requestLogger } from '../requestLog';
import type { DirectLineConversation } from './conversation';
import { DirectLineConversationStore } from './conversationStore';
import { DirectLineError } from './directLineError';
import { DirectLineStreams } from './directLineStreams';
import {
  InProcessConnectorFactory,
  type ConnectorCall,
  type ConnectorReply,
} from './inProcessConnectorFactory';
import { DirectLineTokenService, type DirectLineGrant } from './tokenService';
import {
  incomingActivitySchema,
  userRequestSchema,
  watermarkSchema,
  type ChannelMember,
  type ConversationResponse,
  type DirectLineActivity,
  type TokenResponse,
  type WebChatConnection,
} from './types';

/** Largest activity a client may post (a chat message plus its envelope); keeps conversation memory bounded. */
const MAX_ACTIVITY_CHARS = 32 * 1024;

/** Options of {@link LocalDirectLine}. */
export interface LocalDirectLineOptions {
  /** The adapter whose middleware and error handler run each turn. */
  adapter: CloudAdapter;
  /** The bot's turn logic, usually `(context) => bot.run(context)`. */
  logic: (context: TurnContext) => Promise<void>;
  logger: Logger;
  /** The bot's Microsoft app id, when configured (turns then carry the bot's identity claims). */
  appId?: string;
  /** The bot's display name in `from`. @default tablebot */
  botName?: string;
  /** @default a new service with a random key */
  tokens?: DirectLineTokenService;
  /**
   * When set, token generation (and starting a conversation without a token) needs
   * `Authorization: Bearer <value>`, like Azure Direct Line's secret; with `value` undefined both are refused.
   * @default undefined (open, for local use)
   */
  tokenSecret?: { value: string | undefined };
  /** @default a new in-memory store with its defaults */
  conversations?: DirectLineConversationStore;
  /** WebSocket ping interval; sockets that miss a pong are closed. @default 30000 */
  heartbeatMs?: number;
  /**
   * How long `POST .../activities` waits for the bot's turn before acknowledging anyway (the
   * replies still stream when the turn ends). Azure Direct Line waits for the bot, up to 15 s. @default 15000
   */
  acknowledgeAfterMs?: number;
}

const CHANNEL_ID = 'directline';
const BASE = '/v3/directline';
const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
const HOST_HEADER = /^(?:[\w.-]+|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/;
/** Properties of a client's activity that the service sets itself. */
const SERVICE_FIELDS = [
  'id',
  'from',
  'recipient',
  'conversation',
  'channelId',
  'serviceUrl',
  'timestamp',
  'callerId',
  'deliveryMode',
] as const;

const activitySchema = z.custom<Activity>((value) => incomingActivitySchema.safeParse(value).success, {
  message: 'not an activity',
});
const conversationParamsSchema = z.object({ conversationId: z.string().min(1).max(128) });
const watermarkQuerySchema = z.object({ watermark: watermarkSchema }).loose();
const streamQuerySchema = z.object({ t: z.string().optional(), watermark: watermarkSchema }).loose();
const clientFromSchema = z.object({ from: z.object({ name: z.string().max(128).optional() }).optional() });

/**
 * A Direct Line 3.0-compatible endpoint inside tablebot, for the web chat page and for embedding Web Chat
 * without Azure: token generation and refresh, start and reconnect, get activities with a watermark, post an
 * activity, and WebSocket streaming at the `streamUrl`.
 *
 * Routing to the bot: each posted activity runs through `adapter.processActivityDirect` with an
 * {@link InProcessConnectorFactory}, so the bot's replies (typing indicators, several messages, cards) are
 * Bot Connector calls delivered in-process to the conversation log and streamed as they happen — the
 * Emulator's "serviceUrl pointing back at the host" design without the loopback hop or AAD tokens, and
 * the same whether or not an app id is configured. Conversations live in memory with a cap and an expiry.
 * Proactive messages to these conversations (outside a turn) are not supported.
 */
export class LocalDirectLine {
  private readonly adapter: CloudAdapter;
  private readonly logic: (context: TurnContext) => Promise<void>;
  private readonly logger: Logger;
  private readonly tokens: DirectLineTokenService;
  private readonly tokenSecret: { digest: Buffer | undefined } | undefined;
  private readonly conversations: DirectLineConversationStore;
  private readonly bot: ChannelMember;
  private readonly claims: ClaimsIdentity;
  private readonly connectorFactory: InProcessConnectorFactory;
  private readonly streams: DirectLineStreams;
  private readonly acknowledgeAfterMs: number;
  private readonly background = new Set<Promise<unknown>>();
  private server: Server | undefined;

  constructor(options: LocalDirectLineOptions) {
    this.adapter = options.adapter;
    this.logic = options.logic;
    this.logger = options.logger.child({ component: 'directline' });
    this.tokens = options.tokens ?? new DirectLineTokenService();
    this.tokenSecret = options.tokenSecret
      ? { digest: options.tokenSecret.value === undefined ? undefined : sha256(options.tokenSecret.value) }
      : undefined;
    this.conversations = options.conversations ?? new DirectLineConversationStore();
    this.acknowledgeAfterMs = options.acknowledgeAfterMs ?? 15_000;
    this.bot = { id: options.appId ?? 'tablebot', name: options.botName ?? 'tablebot', role: 'bot' };
    this.claims = options.appId
      ? new ClaimsIdentity(
          [
            { type: AuthenticationConstants.AudienceClaim, value: options.appId },
            { type: AuthenticationConstants.AppIdClaim, value: options.appId },
          ],
          true,
        )
      : new ClaimsIdentity([], true);
    this.connectorFactory = new InProcessConnectorFactory((call) => this.onBotCall(call));
    this.streams = new DirectLineStreams({ logger: this.logger, heartbeatMs: options.heartbeatMs ?? 30_000 });
  }

  /** Registers the Direct Line routes on `server` and starts the expiry sweeper and the heartbeat. */
  mount(server: Server): void {
    this.server = server;
    server.opts(`${BASE}/*`, async (req: Request, res: Response) => this.preflight(req, res));
    server.post(
      `${BASE}/tokens/generate`,
      this.route((req, res) => this.generateToken(req, res)),
    );
    server.post(
      `${BASE}/tokens/refresh`,
      this.route((req, res) => this.refreshToken(req, res)),
    );
    server.post(
      `${BASE}/conversations`,
      this.route((req, res) => this.startConversation(req, res)),
    );
    server.get(
      `${BASE}/conversations/:conversationId`,
      this.route((req, res) => this.reconnect(req, res)),
    );
    server.get(
      `${BASE}/conversations/:conversationId/activities`,
      this.route((req, res) => this.getActivities(req, res)),
    );
    server.post(
      `${BASE}/conversations/:conversationId/activities`,
      this.route((req, res) => this.postActivity(req, res)),
    );
    this.conversations.startSweeping();
    this.streams.startHeartbeat();
  }

  /**
   * Takes over an HTTP upgrade request when it is for a Direct Line stream URL.
   * @returns false when the path is not a stream URL (the caller should refuse the upgrade).
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return false;
    const conversationId = decodeURIComponent(match[1]);
    let conversation: DirectLineConversation;
    let watermark: number;
    try {
      const query = streamQuerySchema.parse(Object.fromEntries(url.searchParams));
      const token = query.t ?? DirectLineTokenService.bearer(req.headers.authorization);
      conversation = this.conversationFor(this.tokens.verify(token), conversationId);
      watermark = query.watermark;
    } catch (error) {
      const status = error instanceof DirectLineError ? error.status : 400;
      this.logger.info({ conversationId, status }, 'LocalDirectLine: stream refused');
      const statusText: Record<number, string> = { 401: 'Unauthorized', 404: 'Not Found' };
      socket.end(`HTTP/1.1 ${status} ${statusText[status] ?? 'Forbidden'}\r\nConnection: close\r\n\r\n`);
      return true;
    }
    this.streams.accept({ req, socket, head }, conversation, watermark);
    return true;
  }

  /**
   * Creates a conversation for a new anonymous user and a token for it: what the web chat page needs to
   * connect (`GET /api/directline/token` in local mode).
   */
  issueWebChatConnection(): WebChatConnection {
    const conversation = this.conversations.create({ id: newUserId(), role: 'user' });
    const { token } = this.tokens.issue({ conversationId: conversation.id, userId: conversation.user.id });
    return {
      mode: 'local',
      token,
      conversationId: conversation.id,
      expiresIn: this.tokens.lifetimeSeconds,
      userId: conversation.user.id,
      webSocket: true,
    };
  }

  /**
   * Stops streaming: closes every WebSocket (code 1001) and every conversation, and waits for turns still
   * running in the background.
   */
  async close(): Promise<void> {
    const running = [...this.background, ...this.conversations.all().map((c) => c.idle())];
    await Promise.allSettled(running);
    const streams = this.streams.close();
    this.conversations.closeAll('server shutting down');
    await streams;
  }

  /**
   * True when the request carries the token secret. When no secret is required, any request may generate.
   * @throws DirectLineError `Unauthorized` when a secret is required and missing or wrong.
   */
  private checkSecret(req: Request, method: string): void {
    if (!this.tokenSecret) return;
    const given = DirectLineTokenService.bearer(req.headers.authorization);
    const expected = this.tokenSecret.digest;
    if (!expected) {
      throw new DirectLineError(
        'Unauthorized',
        `${method}: token generation is closed; the operator must set LOCAL_DIRECT_LINE_SECRET`,
      );
    }
    if (!given || !timingSafeEqual(sha256(given), expected)) {
      throw new DirectLineError('Unauthorized', `${method}: send the Direct Line secret as a bearer token`);
    }
  }

  /** True when the request's bearer is the token secret (not a conversation token). */
  private presentsSecret(req: Request): boolean {
    const given = DirectLineTokenService.bearer(req.headers.authorization);
    const expected = this.tokenSecret?.digest;
    return Boolean(given && expected && timingSafeEqual(sha256(given), expected));
  }

  private async generateToken(req: Request, res: Response): Promise<void> {
    this.checkSecret(req, 'LocalDirectLine.generateToken');
    const body = parse(userRequestSchema, req.body, 'LocalDirectLine.generateToken');
    const user: ChannelMember = { id: body?.user?.id ?? newUserId(), name: body?.user?.name, role: 'user' };
    const conversation = this.conversations.create(user);
    bindConversation(req, conversation.id);
    const { token } = this.tokens.issue({
      conversationId: conversation.id,
      userId: user.id,
      userName: user.name,
    });
    const response: TokenResponse = {
      conversationId: conversation.id,
      token,
      expires_in: this.tokens.lifetimeSeconds,
    };
    res.send(200, response);
  }

  private async refreshToken(req: Request, res: Response): Promise<void> {
    const grant = this.tokens.verify(DirectLineTokenService.bearer(req.headers.authorization));
    const conversation = this.conversationFor(grant, grant.conversationId);
    bindConversation(req, conversation.id);
    const { token } = this.tokens.issue(grant);
    const response: TokenResponse = {
      conversationId: conversation.id,
      token,
      expires_in: this.tokens.lifetimeSeconds,
    };
    res.send(200, response);
  }

  private async startConversation(req: Request, res: Response): Promise<void> {
    const body = parse(userRequestSchema, req.body, 'LocalDirectLine.startConversation');
    let grant: DirectLineGrant;
    if (this.presentsSecret(req)) {
      // Direct Line lets the secret holder start a conversation directly, as a user it names.
      const user: ChannelMember = { id: body?.user?.id ?? newUserId(), name: body?.user?.name, role: 'user' };
      const created = this.conversations.create(user);
      grant = this.tokens.issue({ conversationId: created.id, userId: user.id, userName: user.name }).grant;
    } else {
      grant = this.tokens.verify(DirectLineTokenService.bearer(req.headers.authorization));
    }
    const conversation = this.conversationFor(grant, grant.conversationId);
    bindConversation(req, conversation.id);
    this.start(conversation, body?.locale);
    res.send(201, this.conversationResponse(req, conversation, grant, 0));
  }

  private async reconnect(req: Request, res: Response): Promise<void> {
    const { conversationId } = parse(conversationParamsSchema, req.params, 'LocalDirectLine.reconnect');
    bindConversation(req, conversationId);
    const grant = this.tokens.verify(DirectLineTokenService.bearer(req.headers.authorization));
    const conversation = this.conversationFor(grant, conversationId);
    const { watermark } = parse(watermarkQuerySchema, req.query ?? {}, 'LocalDirectLine.reconnect');
    res.send(200, this.conversationResponse(req, conversation, grant, watermark));
  }

  private async getActivities(req: Request, res: Response): Promise<void> {
    const { conversationId } = parse(conversationParamsSchema, req.params, 'LocalDirectLine.getActivities');
    bindConversation(req, conversationId);
    const grant = this.tokens.verify(DirectLineTokenService.bearer(req.headers.authorization));
    const conversation = this.conversationFor(grant, conversationId);
    const { watermark } = parse(watermarkQuerySchema, req.query ?? {}, 'LocalDirectLine.getActivities');
    conversation.touch();
    res.send(200, conversation.activitiesAfter(watermark));
  }

  private async postActivity(req: Request, res: Response): Promise<void> {
    const { conversationId } = parse(conversationParamsSchema, req.params, 'LocalDirectLine.postActivity');
    const log = bindConversation(req, conversationId);
    const grant = this.tokens.verify(DirectLineTokenService.bearer(req.headers.authorization));
    const conversation = this.conversationFor(grant, conversationId);
    const incoming = parse(incomingActivitySchema, req.body, 'LocalDirectLine.postActivity');
    if (JSON.stringify(incoming).length > MAX_ACTIVITY_CHARS) {
      throw new DirectLineError(
        'BadArgument',
        `LocalDirectLine.postActivity: an activity may hold at most ${MAX_ACTIVITY_CHARS} characters`,
      );
    }
    const clientName = clientFromSchema.safeParse(incoming).data?.from?.name;
    const fromUser: ChannelMember = { ...conversation.user, name: clientName ?? conversation.user.name };
    this.start(conversation, undefined);

    const activity: DirectLineActivity = { ...incoming };
    for (const field of SERVICE_FIELDS) delete activity[field];
    const stored = conversation.append({
      ...activity,
      channelId: CHANNEL_ID,
      from: fromUser,
      recipient: this.bot,
    });
    const turn = conversation.enqueue(() => this.runTurn(stored));
    let timer: NodeJS.Timeout | undefined;
    const acknowledged = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.acknowledgeAfterMs);
    });
    try {
      const outcome = await Promise.race([turn.then(() => 'done' as const), acknowledged]);
      if (outcome === 'late') {
        log.warn(
          { activityId: stored.id },
          'LocalDirectLine: bot is still working; acknowledged the activity',
        );
        this.track(turn);
      }
    } catch (error) {
      throw new DirectLineError(
        'BotError',
        `LocalDirectLine.postActivity: the bot failed: ${errorMessage(error)}`,
        {
          cause: error,
        },
      );
    } finally {
      clearTimeout(timer);
    }
    res.send(200, { id: stored.id });
  }

  /**
   * The `serviceUrl` turns carry: this server's Direct Line base on the loopback address. The bot's replies
   * never travel to it (they go through the in-process connector); it only names where they belong.
   */
  private get serviceUrl(): string {
    const port = this.server?.address()?.port;
    return port ? `http://127.0.0.1:${port}${BASE}` : `http://127.0.0.1${BASE}`;
  }

  /** Runs one turn of the bot for an activity stored in the conversation log. */
  private async runTurn(stored: DirectLineActivity): Promise<void> {
    const auth: AuthenticateRequestResult = {
      audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
      claimsIdentity: this.claims,
      connectorFactory: this.connectorFactory,
    };
    const localTimestamp =
      typeof stored.localTimestamp === 'string' ? new Date(stored.localTimestamp) : undefined;
    const activity = activitySchema.parse({
      ...stored,
      serviceUrl: this.serviceUrl,
      timestamp: typeof stored.timestamp === 'string' ? new Date(stored.timestamp) : new Date(),
      ...(localTimestamp && !Number.isNaN(localTimestamp.getTime()) ? { localTimestamp } : {}),
    });
    await this.adapter.processActivityDirect(auth, activity, this.logic);
  }

  /** Tells the bot, once, that the conversation started with the bot and the user as members. */
  private start(conversation: DirectLineConversation, locale: string | undefined): void {
    conversation.touch();
    if (conversation.started) return;
    conversation.started = true;
    conversation.locale = locale;
    const update: DirectLineActivity = {
      type: 'conversationUpdate',
      id: `${conversation.id}|start`,
      channelId: CHANNEL_ID,
      from: conversation.user,
      recipient: this.bot,
      conversation: { id: conversation.id },
      membersAdded: [this.bot, conversation.user],
      ...(locale ? { locale } : {}),
      timestamp: new Date().toISOString(),
    };
    this.track(conversation.enqueue(() => this.runTurn(update)));
  }

  /** Keeps a background turn until it settles (for shutdown), logging its failure. */
  private track(turn: Promise<unknown>): void {
    const tracked = turn
      .catch((error: unknown) => this.logger.error({ err: error }, 'LocalDirectLine: background turn failed'))
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }

  /** Receives the bot's Bot Connector calls for local conversations. */
  private async onBotCall(call: ConnectorCall): Promise<ConnectorReply> {
    const conversation = this.conversations.get(call.conversationId);
    if (!conversation) {
      return notFound(`LocalDirectLine: conversation ${call.conversationId} does not exist or has expired`);
    }
    const parsed = incomingActivitySchema.safeParse(call.body);
    if (call.method === 'POST' && parsed.success) {
      const reply: DirectLineActivity = {
        ...parsed.data,
        channelId: CHANNEL_ID,
        from: this.bot,
        recipient: conversation.user,
        ...(call.activityId ? { replyToId: call.activityId } : {}),
      };
      delete reply.serviceUrl;
      const stored = conversation.append(reply);
      return { status: 200, body: { id: stored.id } };
    }
    if (call.method === 'PUT' && parsed.success && call.activityId) {
      const updated = conversation.update(call.activityId, {
        ...parsed.data,
        channelId: CHANNEL_ID,
        from: this.bot,
        recipient: conversation.user,
      });
      return updated
        ? { status: 200, body: { id: updated.id } }
        : notFound('LocalDirectLine: no such activity');
    }
    return {
      status: 400,
      body: {
        error: {
          code: 'BadArgument',
          message: `LocalDirectLine: ${call.method} of an activity is not supported by the local Direct Line`,
        },
      },
    };
  }

  /** The conversation a token grants, checking that it is the one the request names. */
  private conversationFor(grant: DirectLineGrant, conversationId: string): DirectLineConversation {
    if (grant.conversationId !== conversationId) {
      throw new DirectLineError(
        'TokenExpired',
        'LocalDirectLine: the token is not valid for this conversation',
      );
    }
    const conversation = this.conversations.get(conversationId);
    if (!conversation) {
      throw new DirectLineError('NotFound', `LocalDirectLine: conversation ${conversationId} has ended`);
    }
    return conversation;
  }

  private conversationResponse(
    req: Request,
    conversation: DirectLineConversation,
    grant: DirectLineGrant,
    watermark: number,
  ): ConversationResponse {
    const { token } = this.tokens.issue(grant);
    const host = HOST_HEADER.test(req.headers.host ?? '') ? req.headers.host : undefined;
    const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
      .split(',')[0]
      .trim();
    const secure = req.isSecure() || forwarded === 'https';
    const query = new URLSearchParams({ watermark: String(watermark), t: token });
    const path = `${BASE}/conversations/${encodeURIComponent(conversation.id)}/stream?${query}`;
    return {
      conversationId: conversation.id,
      token,
      expires_in: this.tokens.lifetimeSeconds,
      streamUrl: host ? `${secure ? 'wss' : 'ws'}://${host}${path}` : undefined,
    };
  }

  /** Answers CORS preflights: Direct Line is called from pages on other origins with bearer tokens. */
  private preflight(_req: Request, res: Response): void {
    res.header('Access-Control-Allow-Origin', '*');
    res.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.header('Access-Control-Allow-Headers', 'Authorization, Content-Type, x-ms-bot-agent');
    res.header('Access-Control-Max-Age', '600');
    res.send(204);
  }

  /** Wraps a handler: CORS header, Direct Line error bodies, and a logged 500 for anything unexpected. */
  private route(handler: (req: Request, res: Response) => Promise<void>) {
    return async (req: Request, res: Response): Promise<void> => {
      res.header('Access-Control-Allow-Origin', '*');
      try {
        await handler(req, res);
      } catch (error) {
        if (error instanceof DirectLineError) {
          // One log line per request: the refusal's code and reason go into the request line.
          annotateRequest(req, { code: error.directLineCode, reason: error.message });
          res.send(error.status, error.toBody());
          return;
        }
        requestLogger(req, this.logger).error({ err: error }, 'LocalDirectLine: request failed');
        res.send(500, { error: { code: 'ServiceError', message: 'LocalDirectLine: internal error' } });
      }
    };
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A fresh anonymous user id, in the `dl_` form Azure Direct Line uses for ids set through tokens. */
function newUserId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}

function notFound(message: string): ConnectorReply {
  return { status: 404, body: { error: { code: 'NotFound', message } } };
}

/** Parses a request part with a schema, turning failures into a `BadArgument` naming the method. */
function parse<S extends z.ZodType>(schema: S, value: unknown, method: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
      .join('; ');
    throw new DirectLineError('BadArgument', `${method}: ${problems}`, { cause: result.error });
  }
  return result.data;
}
