import type { Request, Response, Route, Server } from 'restify';
import type { Logger } from '../logging';

const loggers = new WeakMap<Request, Logger>();
const startTimes = new WeakMap<Request, bigint>();

/** Paths logged at debug level only (probes and static files), so they do not drown the rest. */
const QUIET_PATHS = [/^\/healthz$/, /^\/readyz$/, /^\/static\//, /^\/favicon\.ico$/];

/**
 * Gives every request a pino child logger (`reqId`, `method`, `path`) and writes one structured line per
 * finished request with its status, duration and, when a handler bound one, its conversation id.
 * Query strings are never logged (the Direct Line stream URL carries a token in one).
 */
export function installRequestLogging(server: Server, logger: Logger): void {
  server.pre((req: Request, _res: Response, next: () => void) => {
    loggers.set(req, logger.child({ reqId: req.id(), method: req.method, path: req.getPath() }));
    startTimes.set(req, process.hrtime.bigint());
    return next();
  });
  server.on('after', (req: Request, res: Response, _route: Route | undefined, error: unknown) => {
    const log = requestLogger(req, logger);
    const started = startTimes.get(req);
    const durationMs =
      started === undefined ? undefined : Number((process.hrtime.bigint() - started) / 1000n) / 1000;
    const fields = { status: res.statusCode, durationMs };
    if (res.statusCode >= 500) {
      log.error({ ...fields, err: error }, 'request failed');
    } else if (res.statusCode === 401 || res.statusCode === 403) {
      log.warn(fields, 'request refused');
    } else if (QUIET_PATHS.some((pattern) => pattern.test(req.getPath()))) {
      log.debug(fields, 'request');
    } else {
      log.info(fields, 'request');
    }
  });
}

/** The request's child logger (or `fallback` when logging was not installed). */
export function requestLogger(req: Request, fallback?: Logger): Logger {
  const log = loggers.get(req) ?? fallback;
  if (!log) throw new Error('requestLogger: request logging is not installed on this server');
  return log;
}

/**
 * Binds a conversation id to the request's logger, so that every later line of this request
 * (including the final request line) carries `conversationId`.
 * @returns the bound logger.
 */
export function bindConversation(req: Request, conversationId: string | undefined): Logger {
  const log = requestLogger(req);
  if (!conversationId) return log;
  const bound = log.child({ conversationId });
  loggers.set(req, bound);
  return bound;
}

/**
 * Adds fields to the request's one log line (e.g. why a request was refused), so a refusal is logged once,
 * as structured fields, without a stack trace.
 */
export function annotateRequest(req: Request, fields: Record<string, unknown>): void {
  const log = loggers.get(req);
  if (log) loggers.set(req, log.child(fields));
}
