import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, ensureBuilt } from './support/cli';

beforeAll(() => ensureBuilt(), 240_000);

function stderrOf(script: string): string {
  return spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }).stderr;
}

describe('start-up warnings', () => {
  const index = JSON.stringify(path.join(ROOT, 'dist', 'src', 'index.js'));

  it("loading the bot's modules (restify included) prints no deprecation warning", () => {
    expect(stderrOf(`require(${index});`)).not.toMatch(/Warning/);
  });

  it('silences only the DEP0111 of restify → spdy → http-deceiver, not the same warning from elsewhere', () => {
    expect(stderrOf(`require(${index}); process.binding('http_parser');`)).toMatch(/DEP0111/);
  });
});
