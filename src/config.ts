import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { z } from 'zod';
import { ConfigError } from './errors';

/**
 * The decline threshold the default retrieval bias was fitted for (src/retrieval/scoring.ts): the score
 * at which a question is declined when `DECLINE_THRESHOLD` keeps its default. Changing the threshold
 * without refitting moves the trade-off between answering and declining (see `calibrate --threshold`).
 */
export const FITTED_DECLINE_THRESHOLD = 0.35;

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const num = (def: number) => z.coerce.number().min(0).max(1).default(def);

/**
 * Every setting tablebot reads from the environment. `.env.example` documents each one with its
 * default; this schema is the single source of truth and the only reader of `process.env`.
 */
/** Source id (and source spec) of the embedded demo warehouse. */
export const DEMO_SOURCE_ID = 'demo';

export const configSchema = z.object({
  /** Folder for embedded data (PGlite metadata store and demo warehouse). @default ./data */
  TABLEBOT_DATA_DIR: z.string().default('./data'),
  /** Postgres URL of the bot's metadata store. Empty: PGlite under TABLEBOT_DATA_DIR/meta. */
  DATABASE_URL: optionalString,
  /** Source used when a question names none. `demo` is the embedded demo warehouse. @default demo */
  DEFAULT_SOURCE: z.string().default(DEMO_SOURCE_ID),
  /** More sources the bot may answer from (comma-separated `postgres://` URLs or `pglite:<dir>`), each indexed with `npm run reindex -- --source`. */
  SOURCES: optionalString,
  /** Folder for index files and local models. @default ./embeddings */
  EMBEDDINGS_DIR: z.string().default('./embeddings'),
  /** Folder of the admins' semantic model files (`<source>.yaml`, Cortex Analyst format). @default ./semantic */
  SEMANTIC_MODELS_DIR: z.string().default('./semantic'),
  /** `auto` uses transformers.js when the model files exist, else the offline embedder. @default auto */
  EMBEDDER: z.enum(['auto', 'transformers', 'offline']).default('auto'),
  /** transformers.js feature-extraction model id. @default Xenova/all-MiniLM-L6-v2 */
  EMBEDDING_MODEL: z.string().default('Xenova/all-MiniLM-L6-v2'),
  /** Local model folder (transformers.js `env.localModelPath`). @default ./embeddings/models */
  MODELS_DIR: z.string().default('./embeddings/models'),
  /** Let transformers.js download models from the hub. @default false */
  ALLOW_REMOTE_MODELS: bool.default(false),
  /** `auto` uses the seq2seq model when its files exist, plus the built-in generator. @default auto */
  SQL_GENERATOR: z.enum(['auto', 'seq2seq', 'builtin']).default('auto'),
  /** transformers.js text2text-generation model id. @default Xenova/t5-small-awesome-text-to-sql */
  SQL_MODEL: z.string().default('Xenova/t5-small-awesome-text-to-sql'),
  /** HNSW graph degree. @default 16 */
  HNSW_M: int(16, 2),
  /** HNSW construction beam. @default 200 */
  HNSW_EF_CONSTRUCTION: int(200, 10),
  /** HNSW search beam. @default 200 */
  HNSW_EF: int(200, 10),
  /** Candidates taken from the vector index before re-ranking. @default 30 */
  RETRIEVAL_TOP_K: int(30, 1),
  /** Best score below this declines. @default 0.35 ({@link FITTED_DECLINE_THRESHOLD}) */
  DECLINE_THRESHOLD: num(FITTED_DECLINE_THRESHOLD),
  /**
   * Two different, non-joinable readings closer than this ask a clarifying question; compared on the
   * logit scale as 4 × this (the logistic's slope at 0.5), so near-certain scores are told apart. @default 0.1
   */
  CLARIFY_MARGIN: num(0.1),
  /** Statement timeout for generated SQL, ms. @default 5000 */
  STATEMENT_TIMEOUT_MS: int(5000, 1),
  /** LIMIT added to or capping generated SQL. @default 1000 */
  MAX_ROWS: int(1000, 1),
  /** Cap on the bytes of a result returned to a user. @default 1000000 */
  MAX_RESULT_BYTES: int(1_000_000, 1000),
  /** Role to `SET LOCAL ROLE` to before running generated SQL. */
  READ_ONLY_ROLE: optionalString,
  /** HTTP port. @default 3978 */
  PORT: int(3978, 0),
  /** HTTP host. @default 127.0.0.1 */
  HOST: z.string().default('127.0.0.1'),
  /** Bot Framework app id; empty runs the bot open for local use. */
  MicrosoftAppId: optionalString,
  /** Bot Framework app password (client secret). */
  MicrosoftAppPassword: optionalString,
  /** `MultiTenant`, `SingleTenant` or `UserAssignedMSI`. @default MultiTenant */
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  /** Tenant id for SingleTenant bots. */
  MicrosoftAppTenantId: optionalString,
  /** Certificate thumbprint, for certificate authentication instead of a password. */
  CertificateThumbprint: optionalString,
  /** PEM private key for certificate authentication. */
  CertificatePrivateKey: optionalString,
  /** Azure Direct Line secret; when set the web chat page uses Azure Direct Line. */
  DIRECT_LINE_SECRET: optionalString,
  /** Azure Direct Line endpoint. @default https://directline.botframework.com */
  DIRECT_LINE_ENDPOINT: z.string().default('https://directline.botframework.com'),
  /** Public origin of the bot (`https://bot.example.com`) for links in answers (CSV downloads, chart pictures for Slack/Teams). @default http://HOST:PORT */
  PUBLIC_URL: optionalString,
  /** HMAC key of the short-lived download and chart links. Empty: random per start (links die with the process). */
  FILE_LINK_SECRET: optionalString,
  /** How long a download or chart link works, minutes. @default 15 */
  FILE_LINK_TTL_MINUTES: int(15, 1),
  /** Most rows in a CSV download. @default 50000 */
  CSV_MAX_ROWS: int(50_000, 1),
  /** ISO 4217 code shown with money columns whose name names no currency (e.g. USD). Empty: two decimals, no symbol. */
  CURRENCY: optionalString.refine((v) => v === undefined || /^[A-Za-z]{3}$/.test(v), {
    message: 'expected an ISO 4217 code such as USD',
  }),
  /**
   * Bearer tokens for `POST /api/ask`: comma-separated `subject=token` pairs (token at least 16 characters).
   * The subject is the caller's identity (`api:<subject>` in the access file). Required when the bot is exposed.
   */
  API_TOKENS: optionalString,
  /** Secret for the local Direct Line's `POST /v3/directline/tokens/generate` (at least 16 characters). */
  LOCAL_DIRECT_LINE_SECRET: optionalString.refine((v) => v === undefined || v.length >= 16, {
    message: 'must be at least 16 characters',
  }),
  /** Let anyone who opens the web chat page chat as an anonymous user, even when the bot is exposed. @default false */
  WEB_CHAT_PUBLIC: bool.default(false),
  /** YAML file mapping identities to groups and groups to the tables they may see; empty: everyone sees everything. */
  ACCESS_FILE: optionalString,
  /** Days the audit log keeps a question; older rows are pruned. 0 keeps them forever. @default 90 */
  AUDIT_RETENTION_DAYS: int(90, 0),
  /** A bot turn still running after this long answers with a timeout message, freeing its conversation. @default 30000 */
  TURN_TIMEOUT_MS: int(30_000, 100),
  /** SIGTERM/SIGINT: in-flight turns get most of this, then connections are cut and the process exits. @default 8000 */
  SHUTDOWN_TIMEOUT_MS: int(8000, 100),
  /** Local Direct Line: bytes of activities kept per conversation (oldest dropped first). @default 1048576 */
  DIRECT_LINE_CONVERSATION_BYTES: int(1_048_576, 65_536),
  /** Local Direct Line: bytes of activities kept over all conversations (oldest dropped first). @default 67108864 */
  DIRECT_LINE_TOTAL_BYTES: int(67_108_864, 1_048_576),
  /** Requests per minute each client (IP address) may make to /api/ask and the local Direct Line; 0 = no limit. @default 120 */
  RATE_LIMIT_PER_MINUTE: int(120, 0),
  /** Bearer token `tablebot ask` sends to a running bot's /api/ask (one of the bot's API tokens), when set. */
  ASK_API_TOKEN: optionalString,
  /** `pretty` (readable lines), `json` (one JSON object a line), or `auto`: pretty when stderr is a terminal. @default auto */
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  /** pino log level. @default info */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Raw environment shape accepted by {@link loadConfig}. */
export type RawConfig = z.input<typeof configSchema>;

/** Validated configuration with resolved paths. */
export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  defaultSource: string;
  /** Extra sources the bot answers from, besides the default one. */
  sources: string[];
  embeddingsDir: string;
  indexDir: string;
  /** Folder of the admins' semantic model files. */
  semanticModelsDir: string;
  embedder: 'auto' | 'transformers' | 'offline';
  embeddingModel: string;
  modelsDir: string;
  allowRemoteModels: boolean;
  sqlGenerator: 'auto' | 'seq2seq' | 'builtin';
  sqlModel: string;
  hnsw: { m: number; efConstruction: number; ef: number };
  retrieval: { topK: number; declineThreshold: number; clarifyMargin: number };
  execution: {
    statementTimeoutMs: number;
    maxRows: number;
    maxResultBytes: number;
    readOnlyRole: string | undefined;
  };
  server: { port: number; host: string };
  bot: {
    appId: string | undefined;
    appPassword: string | undefined;
    appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    tenantId: string | undefined;
    certificateThumbprint: string | undefined;
    certificatePrivateKey: string | undefined;
  };
  directLine: { secret: string | undefined; endpoint: string };
  /** Links in answers: CSV downloads and chart pictures. */
  files: { publicUrl: string; linkSecret: string | undefined; linkTtlMs: number; csvMaxRows: number };
  /** ISO 4217 code for money columns whose name names no currency. */
  currency: string | undefined;
  /** Credentials of the HTTP doors (see README "Security"). */
  auth: {
    apiTokens: ApiToken[];
    localDirectLineSecret: string | undefined;
    webChatPublic: boolean;
  };
  /** Absolute path of the access file, when one is configured. */
  accessFile: string | undefined;
  audit: {
    retentionDays: number;
    /** Where a one-shot `tablebot ask` spools its audit entries for the next process that opens the store. */
    spoolDir: string;
  };
  /** Bounds on time and memory (see README "Limits"). */
  limits: {
    turnTimeoutMs: number;
    shutdownTimeoutMs: number;
    directLineConversationBytes: number;
    directLineTotalBytes: number;
    rateLimitPerMinute: number;
  };
  /** Settings of the command-line client. */
  cli: { askApiToken: string | undefined };
  logFormat: 'auto' | 'pretty' | 'json';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** One `/api/ask` credential: who the caller is and the bearer token it presents. */
export interface ApiToken {
  subject: string;
  token: string;
}

/** Parses `API_TOKENS` (`subject=token,subject=token`). */
function parseApiTokens(value: string | undefined): ApiToken[] {
  const tokens: ApiToken[] = [];
  for (const part of (value ?? '').split(',')) {
    if (part.trim() === '') continue;
    const match = /^\s*([\w.@:-]{1,128})\s*=\s*(\S{16,})\s*$/.exec(part);
    if (!match) {
      throw new ConfigError(
        'loadConfig: invalid configuration: API_TOKENS: each entry must be subject=token, the subject made of ' +
          'letters, digits and . @ : _ - and the token at least 16 characters without spaces',
      );
    }
    tokens.push({ subject: match[1], token: match[2] });
  }
  return tokens;
}

/**
 * Validates the environment and resolves paths against `cwd`.
 * @throws ConfigError naming every invalid variable.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`loadConfig: invalid configuration: ${problems}`, { cause: parsed.error });
  }
  const c = parsed.data;
  const resolve = (p: string) => path.resolve(cwd, p);
  const embeddingsDir = resolve(c.EMBEDDINGS_DIR);
  return {
    dataDir: resolve(c.TABLEBOT_DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    defaultSource: c.DEFAULT_SOURCE,
    sources: (c.SOURCES ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x.length > 0),
    embeddingsDir,
    indexDir: path.join(embeddingsDir, 'index'),
    semanticModelsDir: resolve(c.SEMANTIC_MODELS_DIR),
    embedder: c.EMBEDDER,
    embeddingModel: c.EMBEDDING_MODEL,
    modelsDir: resolve(c.MODELS_DIR),
    allowRemoteModels: c.ALLOW_REMOTE_MODELS,
    sqlGenerator: c.SQL_GENERATOR,
    sqlModel: c.SQL_MODEL,
    hnsw: { m: c.HNSW_M, efConstruction: c.HNSW_EF_CONSTRUCTION, ef: c.HNSW_EF },
    retrieval: {
      topK: c.RETRIEVAL_TOP_K,
      declineThreshold: c.DECLINE_THRESHOLD,
      clarifyMargin: c.CLARIFY_MARGIN,
    },
    execution: {
      statementTimeoutMs: c.STATEMENT_TIMEOUT_MS,
      maxRows: c.MAX_ROWS,
      maxResultBytes: c.MAX_RESULT_BYTES,
      readOnlyRole: c.READ_ONLY_ROLE,
    },
    server: { port: c.PORT, host: c.HOST },
    bot: {
      appId: c.MicrosoftAppId,
      appPassword: c.MicrosoftAppPassword,
      appType: c.MicrosoftAppType,
      tenantId: c.MicrosoftAppTenantId,
      certificateThumbprint: c.CertificateThumbprint,
      certificatePrivateKey: c.CertificatePrivateKey,
    },
    directLine: { secret: c.DIRECT_LINE_SECRET, endpoint: c.DIRECT_LINE_ENDPOINT },
    files: {
      publicUrl: (c.PUBLIC_URL ?? `http://${c.HOST === '0.0.0.0' ? 'localhost' : c.HOST}:${c.PORT}`).replace(
        /\/+$/,
        '',
      ),
      linkSecret: c.FILE_LINK_SECRET,
      linkTtlMs: c.FILE_LINK_TTL_MINUTES * 60_000,
      csvMaxRows: c.CSV_MAX_ROWS,
    },
    currency: c.CURRENCY?.toUpperCase(),
    auth: {
      apiTokens: parseApiTokens(c.API_TOKENS),
      localDirectLineSecret: c.LOCAL_DIRECT_LINE_SECRET,
      webChatPublic: c.WEB_CHAT_PUBLIC,
    },
    accessFile: c.ACCESS_FILE ? resolve(c.ACCESS_FILE) : undefined,
    audit: {
      retentionDays: c.AUDIT_RETENTION_DAYS,
      spoolDir: path.join(resolve(c.TABLEBOT_DATA_DIR), 'audit-spool'),
    },
    limits: {
      turnTimeoutMs: c.TURN_TIMEOUT_MS,
      shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
      directLineConversationBytes: c.DIRECT_LINE_CONVERSATION_BYTES,
      directLineTotalBytes: c.DIRECT_LINE_TOTAL_BYTES,
      rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
    },
    cli: { askApiToken: c.ASK_API_TOKEN },
    logFormat: c.LOG_FORMAT,
    logLevel: c.LOG_LEVEL,
  };
}

/** The environment of this process after reading the `.env` file. */
export interface ProcessEnvironment {
  /** The merged variables (see {@link readProcessEnvironment} for the precedence). */
  env: Record<string, string | undefined>;
  /** Absolute path of the file read, or null when there was none. */
  envFile: string | null;
}

/**
 * Reads the `.env` file (the path in `TABLEBOT_ENV_FILE`, else `.env` in `cwd`; a missing default file is
 * fine, a missing named file is an error) and merges it under the real environment. Precedence, highest
 * first: the process environment, the command's own defaults (`commandDefaults`, e.g. quieter logs for
 * `tablebot ask`), the file, the built-in defaults.
 * @throws ConfigError when TABLEBOT_ENV_FILE names a missing file or the file cannot be parsed
 */
export function readProcessEnvironment(
  options: {
    env?: Record<string, string | undefined>;
    cwd?: string;
    commandDefaults?: Record<string, string>;
  } = {},
): ProcessEnvironment {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const named = env.TABLEBOT_ENV_FILE?.trim();
  const file = path.resolve(cwd, named || '.env');
  let fromFile: Record<string, string> = {};
  let envFile: string | null = null;
  if (existsSync(file)) {
    try {
      fromFile = util.parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
    } catch (cause) {
      throw new ConfigError(`readProcessEnvironment: cannot read ${file}`, { cause });
    }
    envFile = file;
  } else if (named) {
    throw new ConfigError(`readProcessEnvironment: TABLEBOT_ENV_FILE names ${file}, which does not exist`);
  }
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
  return { env: { ...fromFile, ...options.commandDefaults, ...defined }, envFile };
}

/**
 * The configuration of this process: {@link readProcessEnvironment} then {@link loadConfig}.
 * @throws ConfigError naming every invalid variable, or a bad `.env` file
 */
export function loadProcessConfig(options: { cwd?: string; commandDefaults?: Record<string, string> } = {}): {
  config: Config;
  envFile: string | null;
  env: Record<string, string | undefined>;
} {
  const { env, envFile } = readProcessEnvironment(options);
  return { config: loadConfig(env, options.cwd), envFile, env };
}

/** The configuration of a command-line tool (logs at `warn` unless the environment says otherwise). */
export function loadCliConfig(commandDefaults: Record<string, string> = { LOG_LEVEL: 'warn' }): Config {
  return loadProcessConfig({ commandDefaults }).config;
}
