import { parseArgs } from 'node:util';
import { errorMessage } from '../errors';
import { startBot } from '../index';
import { runAsScript } from './runAsScript';

export const USAGE = `usage: tablebot start   (npm start is the same)

Starts the bot: the HTTP server with the web chat (GET /), Bot Framework messages (POST /api/messages),
the JSON question API (POST /api/ask), /healthz and /readyz. On the first start it seeds the embedded demo
warehouse and indexes it. Settings come from the environment and .env (see .env.example); PORT and HOST
choose the address. Stop it with Ctrl-C (SIGINT) or SIGTERM.

  -h, --help   this help`;

/** `tablebot start`: runs the bot until a signal stops it (the process then exits). */
export async function main(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { help: { type: 'boolean', short: 'h', default: false } },
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
  } catch (error) {
    console.error(`start: ${errorMessage(error)}\n${USAGE}`);
    return 2;
  }
  try {
    await startBot();
  } catch (error) {
    process.stderr.write(`tablebot failed to start: ${errorMessage(error)}\n`);
    return 1;
  }
  // The server runs until SIGINT/SIGTERM, whose handler closes it and exits the process.
  return new Promise<number>(() => undefined);
}

runAsScript(module, 'start', main);
