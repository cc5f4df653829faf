import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { errorMessage } from '../errors';
import { createLogger } from '../logging';
import { DEFAULT_RESULTS_DIR } from './benchPlan';
import { formatLoadReport, runLoadBench, writeLoadReport } from './loadBench';

const USAGE = `usage: node dist/src/bench/loadBenchCli.js [options]   (npm run bench:load -- [options])
  --conversations N   conversations at once (default 50)
  --questions N       questions per conversation (default 10)
  --results <dir>     where load-<timestamp>.json/.md go (default bench/results)
The bot uses the environment's configuration (TABLEBOT_DATA_DIR, DEFAULT_SOURCE, ...); the server listens on
127.0.0.1 on a free port. Exit code 1 when any exchange failed.`;

/** The folder holding package.json, walking up from this file (src/bench or dist/src/bench). */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      conversations: { type: 'string', default: '50' },
      questions: { type: 'string', default: '10' },
      results: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.error(USAGE);
    return 0;
  }
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const logger = createLogger({ level: config.logLevel, name: 'bench-load' });
  const report = await runLoadBench({
    config,
    logger,
    conversations: Number(values.conversations),
    questions: Number(values.questions),
    onProgress: (message) => process.stderr.write(`load: ${message}\n`),
  });
  const files = await writeLoadReport(report, values.results ?? path.join(repoRoot(), DEFAULT_RESULTS_DIR));
  process.stdout.write(`${formatLoadReport(report)}\n\nwritten: ${files.join(', ')}\n`);
  return report.errors === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`load bench failed: ${errorMessage(error)}\n`);
    process.exit(2);
  },
);
