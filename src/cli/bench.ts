import { parseArgs } from 'node:util';
import type * as Suites from '../bench/suites';
import { loadConfig, readProcessEnvironment } from '../config';
import { redactUrl } from '../sources';
import { errorMessage, exitCode } from '../errors';
import { createLogger } from '../logging';
import { runAsScript } from './runAsScript';

export const USAGE = `usage: tablebot bench [--suite <name>] [options]   (npm run bench -- [options] is the same)

Runs a benchmark through the product: loads its databases, indexes them, asks every question through the
same path as \`tablebot ask --json --batch\` and scores the answers. Needs the dev dependency better-sqlite3
(installed by npm install unless dev dependencies are omitted).

  --suite <name>   spider (default), business, ... (tablebot bench --help lists every suite's options)
  -h, --help       this help`;

/** The gold SQL of the Spider suite runs on SQLite files: better-sqlite3 is a dev dependency only the bench needs. */
function sqliteMissing(): string | null {
  try {
    require.resolve('better-sqlite3');
    return null;
  } catch {
    return (
      'bench: better-sqlite3 (a dev dependency, used only by the benchmark) is not installed. Install the dev ' +
      'dependencies (npm install) or just it: npm install --no-save better-sqlite3'
    );
  }
}

function suitesUsage(suites: typeof Suites): string {
  return [
    USAGE,
    '',
    Object.values(suites.SUITES)
      .map((s) => s.usage)
      .join('\n\n'),
  ].join('\n');
}

/** `tablebot bench`: runs one benchmark suite. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await bench(argv);
  } catch (error) {
    console.error(`bench: ${errorMessage(error)}`);
    return exitCode({ thrown: error });
  }
}

async function bench(argv: string[]): Promise<number> {
  const missing = sqliteMissing();
  if (missing) {
    console.error(missing);
    return 2;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded once better-sqlite3 is known present
  const suites = require('../bench/suites') as typeof Suites;
  const suiteName = parseArgs({ args: argv, options: suites.COMMON_OPTIONS, strict: false }).values.suite;
  const suite = typeof suiteName === 'string' ? suites.SUITES[suiteName] : undefined;
  if (!suite) {
    console.error(`bench: unknown suite ${String(suiteName)}\n${suitesUsage(suites)}`);
    return 2;
  }
  const { values } = parseArgs({
    args: argv,
    options: { ...suites.COMMON_OPTIONS, ...suite.options },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(suitesUsage(suites));
    return 0;
  }
  const root = suites.repoRoot();
  const env = readProcessEnvironment({ cwd: root }).env;
  const settings = loadConfig({ LOG_LEVEL: 'info', ...env }, root);
  const logger = createLogger({ level: settings.logLevel, name: 'bench', format: settings.logFormat });
  const command = [
    'tablebot bench',
    ...argv.map((a) => (/^postgres(ql)?:/i.test(a) ? redactUrl(a) : a)),
  ].join(' ');
  return suite.run(values, { root, env, logger, command });
}

runAsScript(module, 'bench', main);
