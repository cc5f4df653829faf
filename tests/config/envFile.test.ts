import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProcessConfig, readProcessEnvironment } from '../../src/config';
import { ConfigError } from '../../src/errors';

describe('.env at start', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tb-envfile-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads ./.env, and the environment wins over the file', () => {
    writeFileSync(path.join(dir, '.env'), '# comment\nPORT=4990\nHOST=0.0.0.0\nLOG_LEVEL="debug"\n');
    const { env, envFile } = readProcessEnvironment({ env: { HOST: '127.0.0.2' }, cwd: dir });
    expect(envFile).toBe(path.join(dir, '.env'));
    expect(env).toMatchObject({ PORT: '4990', HOST: '127.0.0.2', LOG_LEVEL: 'debug' });
  });

  it('puts a command default above the file and below the environment', () => {
    writeFileSync(path.join(dir, '.env'), 'LOG_LEVEL=info\nPORT=4990\n');
    expect(
      readProcessEnvironment({ env: {}, cwd: dir, commandDefaults: { LOG_LEVEL: 'warn' } }).env,
    ).toMatchObject({ LOG_LEVEL: 'warn', PORT: '4990' });
    expect(
      readProcessEnvironment({
        env: { LOG_LEVEL: 'trace' },
        cwd: dir,
        commandDefaults: { LOG_LEVEL: 'warn' },
      }).env.LOG_LEVEL,
    ).toBe('trace');
  });

  it('works without a file, and says so', () => {
    expect(readProcessEnvironment({ env: { PORT: '1' }, cwd: dir })).toEqual({
      env: { PORT: '1' },
      envFile: null,
    });
  });

  it('reads the file TABLEBOT_ENV_FILE names, and refuses a named file that is missing', () => {
    writeFileSync(path.join(dir, 'prod.env'), 'PORT=5000\n');
    expect(readProcessEnvironment({ env: { TABLEBOT_ENV_FILE: 'prod.env' }, cwd: dir })).toMatchObject({
      env: { PORT: '5000' },
      envFile: path.join(dir, 'prod.env'),
    });
    expect(() => readProcessEnvironment({ env: { TABLEBOT_ENV_FILE: 'missing.env' }, cwd: dir })).toThrow(
      ConfigError,
    );
  });

  it('gives the validated configuration and the file read', () => {
    writeFileSync(path.join(dir, 'x.env'), 'PORT=4990\nASK_API_TOKEN=abcdefghijklmnop\nLOG_FORMAT=json\n');
    const saved = process.env.TABLEBOT_ENV_FILE;
    process.env.TABLEBOT_ENV_FILE = path.join(dir, 'x.env');
    try {
      const { config, envFile } = loadProcessConfig({ cwd: dir });
      expect(envFile).toBe(path.join(dir, 'x.env'));
      expect(config.server.port).toBe(process.env.PORT ? Number(process.env.PORT) : 4990);
      expect(config.cli.askApiToken).toBe(process.env.ASK_API_TOKEN ?? 'abcdefghijklmnop');
      expect(config.logFormat).toBe(process.env.LOG_FORMAT ?? 'json');
    } finally {
      if (saved === undefined) delete process.env.TABLEBOT_ENV_FILE;
      else process.env.TABLEBOT_ENV_FILE = saved;
    }
  });
});
