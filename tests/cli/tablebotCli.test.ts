import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityHandler } from 'botbuilder';
import { serverStateFile, writeServerState } from '../../src/server/serverState';
import { BACKEND } from '../support/databases';
import { demoEnv, openDemoApp, type DemoApp } from '../support/demoApp';
import { startTestServer, type StartedServer } from '../server/support/serverHarness';
import { CLI, ROOT, ensureBuilt, runCli } from './support/cli';

beforeAll(() => ensureBuilt(), 240_000);

describe('the tablebot executable', () => {
  it('lists its commands, and refuses an unknown one', async () => {
    const help = await runCli(CLI.tablebot, ['--help'], {});
    expect(help.code).toBe(0);
    for (const command of ['start', 'ask', 'reindex', 'model', 'bench']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    }
    const unknown = await runCli(CLI.tablebot, ['frobnicate'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });

  it.each(['start', 'ask', 'reindex', 'bench'])('%s --help prints its usage', async (command) => {
    const run = await runCli(CLI.tablebot, [command, '--help'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^usage:\\s+tablebot ${command}`));
  });

  it('model --help runs the model command, or says it is not part of this build', async () => {
    const run = await runCli(CLI.tablebot, ['model', '--help'], {});
    if (existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'model.js'))) {
      expect(run.code).toBe(0);
    } else {
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("the 'model' command is not part of this build");
    }
  });

  it('says to build when dist is missing instead of failing on a missing module', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tb-unbuilt-'));
    try {
      mkdirSync(path.join(dir, 'bin'));
      copyFileSync(CLI.tablebot, path.join(dir, 'bin', 'tablebot.js'));
      const run = await runCli(path.join(dir, 'bin', 'tablebot.js'), ['ask', 'anything'], {});
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/not built yet.*\n.*npm run build/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe(`tablebot ask while the bot runs on the same data folder (${BACKEND})`, () => {
  let demo: DemoApp;
  let server: StartedServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    // The demo app holds the data folder's lock, as the running bot does.
    demo = await openDemoApp();
    server = await startTestServer({ bot: new ActivityHandler(), pipeline: demo.app.pipeline });
    env = demoEnv(demo.dir);
  }, 240_000);

  afterAll(async () => {
    await server?.close();
    await demo?.close();
  });

  it('goes through the running bot recorded in the data folder', async () => {
    writeServerState(env.TABLEBOT_DATA_DIR, { url: server.baseUrl });
    try {
      const run = await runCli(CLI.tablebot, ['ask', '--json', 'How many customers are there?'], env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const answer = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(answer.decision).toBe('answer');
      expect(answer.sql).toMatch(/count/i);
      expect(answer.timings_ms).toEqual(expect.objectContaining({ total: expect.any(Number) }));
    } finally {
      rmSync(serverStateFile(env.TABLEBOT_DATA_DIR), { force: true });
    }
  });

  it('says exactly what to do when the folder is locked and no address is recorded', async () => {
    const run = await runCli(CLI.tablebot, ['ask', 'How many customers are there?'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('in use by process');
    expect(run.stderr).toContain('tablebot ask --url http://127.0.0.1:<its PORT>');
  });

  it('--url asks a given bot', async () => {
    const run = await runCli(
      CLI.tablebot,
      ['ask', '--url', server.baseUrl, 'How many customers are there?'],
      env,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^SQL: .*count/im);
  });
});
