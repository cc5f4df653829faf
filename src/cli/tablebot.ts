// every command may load restify (the bench's conversations, `start`): silence its one known warning first
import '../server/knownDeprecations';
import path from 'node:path';
import { errorMessage } from '../errors';
import type { CliMain } from './runAsScript';

/** Each subcommand is a module next to this one exporting `main(argv)`; loaded only when asked for. */
const COMMANDS: Record<string, { module: string; summary: string }> = {
  start: { module: 'start', summary: 'start the bot (web chat, Teams/Slack messages, /api/ask)' },
  ask: { module: 'ask', summary: 'answer a question from the command line (or a JSONL batch)' },
  reindex: { module: 'reindex', summary: "read a source's catalog and rebuild its index" },
  model: { module: 'model', summary: 'manage the local model files (embedding and SQL models)' },
  bench: {
    module: 'bench',
    summary: 'run the Spider-format benchmark (needs the dev dependency better-sqlite3)',
  },
};

const USAGE = `usage: tablebot <command> [options]

commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)}${c.summary}`)
  .join('\n')}

tablebot <command> --help shows a command's options. Settings come from the environment and .env.`;

/** The `tablebot` executable: dispatches to the subcommand's module. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === undefined) console.error(USAGE);
    else console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(`tablebot: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  // Loaded by path so a command's dependencies load only when it runs (bench's SQLite driver, the bot's server).
  const file = path.join(__dirname, `${command.module}.js`);
  let loaded: { main?: CliMain };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- by path: only the chosen command loads
    loaded = require(file) as { main?: CliMain };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && errorMessage(error).includes(file)) {
      console.error(`tablebot: the '${name}' command is not part of this build (${file} is missing)`);
      return 1;
    }
    throw error;
  }
  if (typeof loaded.main !== 'function') {
    console.error(`tablebot: ${file} does not export main(argv)`);
    return 1;
  }
  return loaded.main(rest);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`tablebot: ${errorMessage(error)}\n`);
      process.exit(1);
    },
  );
}
