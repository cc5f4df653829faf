import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PgliteSource } from '../../src/sources/pgliteSource';
import { CLI, ensureBuilt, ROOT, runCli } from '../cli/support/cli';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('freePort: no port');
  return address.port;
}

/** The real bot process: it listens first, loads the index behind `/readyz`, then says it is ready. */
describe('the bot process listens before it has loaded the index', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(os.tmpdir(), 'tb-startup-'));
    const folder = path.join(dir, 'plantdb');
    const db = await PgliteSource.create({ dataDir: folder });
    await db.exec(`CREATE TABLE greenhouses (id int primary key, label text);
      CREATE TABLE seedlings (id int primary key, greenhouse_id int references greenhouses(id), species text);
      INSERT INTO greenhouses VALUES (1, 'north'); INSERT INTO seedlings VALUES (1, 1, 'basil');`);
    await db.close();
    env = {
      TABLEBOT_DATA_DIR: path.join(dir, 'data'),
      EMBEDDINGS_DIR: path.join(dir, 'embeddings'),
      MODELS_DIR: path.join(dir, 'embeddings', 'models'),
      DEFAULT_SOURCE: `pglite:${folder}`,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    };
    const reindexed = await runCli(CLI.reindex, ['--source', `pglite:${folder}`], env);
    expect(reindexed.stderr).not.toMatch(/error/i);
    expect(reindexed.code).toBe(0);
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers /healthz while loading, /readyz 503 then 200, and logs listening before ready', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'index.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        TABLEBOT_ENV_FILE: '/dev/null',
        ...env,
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const get = (route: string) =>
      fetch(`http://127.0.0.1:${port}${route}`).then(async (r) => ({
        status: r.status,
        body: await r.json(),
      }));
    try {
      let health: { status: number } | undefined;
      while (health === undefined) {
        if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`);
        health = await get('/healthz').catch(() => undefined);
        if (health === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(health.status).toBe(200);
      const readiness: { status: number; body: { checks: Record<string, string> } }[] = [];
      let refused = 0;
      while (readiness.at(-1)?.status !== 200) {
        if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`);
        // the probe hands the port to the real server: a connection in between is refused
        const r = await get('/readyz').catch(() => undefined);
        if (r) readiness.push(r);
        else refused++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(refused).toBeLessThanOrEqual(2);
      for (const r of readiness.slice(0, -1)) {
        expect(r.status).toBe(503);
        // while loading: the phase; once loaded, a dependency may still be slow to answer (index, source)
        if (r.body.checks.startup !== undefined) expect(r.body.checks.startup).toMatch(/^loading: /);
        else expect(r.body.checks.index).toBeDefined();
      }
      expect(readiness[0].body.checks.startup).toMatch(/^loading: /);
      expect(output.indexOf('loading the index (see /readyz)')).toBeGreaterThan(-1);
      expect(output.indexOf('loading the index (see /readyz)')).toBeLessThan(
        output.indexOf('tablebot is ready'),
      );
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 300_000);
});
