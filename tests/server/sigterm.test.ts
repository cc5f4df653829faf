import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt, ROOT, runCli, CLI } from '../cli/support/cli';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../support/databases';
import { StallingProxy } from '../support/stallingProxy';
import { describeWhen } from '../support/skip';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('freePort: no port');
  return address.port;
}

/**
 * The real server as a child process, its default source behind a proxy that stops forwarding: a question
 * hangs on the source (statement and turn budgets set far beyond the test), and SIGTERM still ends the
 * process within 10 s. Needs a Postgres server for the hanging source (PGlite has no connection to hang).
 */
const describeServer = describeWhen(
  Boolean(TEST_SERVER_URL),
  'needs TABLEBOT_TEST_DATABASE_URL: the hanging source is a Postgres connection behind a proxy; PGlite has no connection to hang',
);

describeServer('SIGTERM with a turn in flight', () => {
  let dir: string;
  let db: TestDatabase;
  let proxy: StallingProxy;

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(os.tmpdir(), 'tb-sigterm-'));
    db = await createTestDatabase('tb_sigterm');
    await db.source.exec(`CREATE TABLE customers (id int primary key, name text, city text);
      INSERT INTO customers VALUES (1, 'Ada', 'Boise'), (2, 'Linus', 'Austin');`);
    const url = new URL(db.url ?? '');
    proxy = await StallingProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
  }, 300_000);
  afterAll(async () => {
    await proxy?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits within 10 s', async () => {
    const url = new URL(db.url ?? '');
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const port = await freePort();
    const env = {
      TABLEBOT_DATA_DIR: path.join(dir, 'data'),
      EMBEDDINGS_DIR: path.join(dir, 'embeddings'),
      MODELS_DIR: path.join(dir, 'embeddings', 'models'),
      DEFAULT_SOURCE: url.toString(),
      PORT: String(port),
      HOST: '127.0.0.1',
      STATEMENT_TIMEOUT_MS: '120000',
      TURN_TIMEOUT_MS: '300000',
      LOG_LEVEL: 'warn',
    };
    const reindexed = await runCli(CLI.reindex, ['--source', url.toString()], env);
    expect(reindexed.code).toBe(0);

    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'index.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const check = setInterval(() => {
          if (output.includes('tablebot is ready')) {
            clearInterval(check);
            resolve();
          } else if (child.exitCode !== null) {
            clearInterval(check);
            reject(new Error(`the server exited during start-up:\n${output}`));
          }
        }, 100);
      });
      proxy.stall();
      const inFlight = fetch(`http://127.0.0.1:${port}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'List the customers in Boise' }),
      }).catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(child.exitCode).toBeNull();

      const started = performance.now();
      child.kill('SIGTERM');
      await exited;
      expect(performance.now() - started).toBeLessThan(10_000);
      await inFlight;
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      proxy.resume();
    }
  }, 300_000);
});
