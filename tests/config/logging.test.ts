import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { ROOT, ensureBuilt } from '../cli/support/cli';

beforeAll(() => ensureBuilt(), 240_000);

/** Logs one line from a child process with the built logger (it writes to file descriptor 2 itself). */
function logOnce(format: string, tty: boolean): string {
  const script = `
    const { createLogger } = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'logging.js'))});
    createLogger({ level: 'info', format: ${JSON.stringify(format)}, isTTY: ${tty} }).info({ n: 1 }, 'hello');
  `;
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stderr;
}

describe('log format', () => {
  it('is JSON lines when not a terminal, readable lines in one, and as asked otherwise', () => {
    const json = logOnce('auto', false);
    expect(JSON.parse(json)).toMatchObject({ level: 30, msg: 'hello', n: 1, name: 'tablebot' });
    const pretty = stripVTControlCharacters(logOnce('auto', true));
    expect(pretty).toMatch(/INFO.*\(tablebot\).*hello/);
    expect(pretty).toMatch(/n: 1/);
    expect(() => JSON.parse(logOnce('pretty', false))).toThrow();
    expect(JSON.parse(logOnce('json', true))).toMatchObject({ msg: 'hello' });
  });
});
