import pino from 'pino';
import type * as PinoPretty from 'pino-pretty';

/** The structured logger every component receives. Writes to stderr. */
export type Logger = pino.Logger;

/** `pretty`: readable lines; `json`: one JSON object a line; `auto`: pretty when stderr is a terminal. */
export type LogFormat = 'auto' | 'pretty' | 'json';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  level: string;
  name?: string;
  /** @default 'auto' */
  format?: LogFormat;
  /** Whether stderr is a terminal, for `auto`. @default process.stderr.isTTY */
  isTTY?: boolean;
}

/**
 * Creates the process logger; logs go to stderr so stdout stays free for CLI output. In a terminal they are
 * readable lines (pino-pretty, in-process); otherwise (files, pipes, log collectors) JSON lines.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const settings = {
    level: options.level,
    name: options.name ?? 'tablebot',
    redact: ['*.password', '*.secret', 'password', 'secret'],
  };
  const format = options.format ?? 'auto';
  const tty = options.isTTY ?? Boolean(process.stderr.isTTY);
  if (format === 'pretty' || (format === 'auto' && tty)) {
    return pino(
      settings,
      // loaded for a terminal only
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose
      (require('pino-pretty') as typeof PinoPretty).default({
        destination: 2,
        sync: true,
        colorize: tty,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname',
      }),
    );
  }
  return pino(settings, pino.destination(2));
}

/** A logger that discards everything, for tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
