import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors';

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
export const configSchema = z.object({
  /** Folder for embedded data (PGlite metadata store and demo warehouse). @default ./data */
  TABLEBOT_DATA_DIR: z.string().default('./data'),
  /** Postgres URL of the bot's metadata store. Empty: PGlite under TABLEBOT_DATA_DIR/meta. */
  DATABASE_URL: optionalString,
  /** Source used when a question names none. `demo` is the embedded demo warehouse. @default demo */
  DEFAULT_SOURCE: z.string().default('demo'),
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
  /** Best score below this declines. @default 0.35 */
  DECLINE_THRESHOLD: num(0.35),
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
  /** Credentials of the HTTP doors (see README "Security"). */
  auth: {
    apiTokens: ApiToken[];
    localDirectLineSecret: string | undefined;
    webChatPublic: boolean;
  };
  /** Absolute path of the access file, when one is configured. */
  accessFile: string | undefined;
  audit: { retentionDays: number };
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
    auth: {
      apiTokens: parseApiTokens(c.API_TOKENS),
      localDirectLineSecret: c.LOCAL_DIRECT_LINE_SECRET,
      webChatPublic: c.WEB_CHAT_PUBLIC,
    },
    accessFile: c.ACCESS_FILE ? resolve(c.ACCESS_FILE) : undefined,
    audit: { retentionDays: c.AUDIT_RETENTION_DAYS },
    logLevel: c.LOG_LEVEL,
  };
}
