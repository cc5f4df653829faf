import pino from 'pino';

/** The structured logger every component receives. Writes JSON lines to stderr. */
export type Logger = pino.Logger;

/** Creates the process logger; logs go to stderr so stdout stays free for CLI output. */
export function createLogger(options: { level: string; name?: string }): Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? 'tablebot',
      redact: ['*.password', '*.secret', 'password', 'secret'],
    },
    pino.destination(2),
  );
}

/** A logger that discards everything, for tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
