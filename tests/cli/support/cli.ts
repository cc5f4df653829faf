import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The compiled CLIs the tests run. */
export const CLI = {
  tablebot: path.join(ROOT, 'bin', 'tablebot.js'),
  ask: path.join(ROOT, 'dist', 'src', 'cli', 'ask.js'),
  reindex: path.join(ROOT, 'dist', 'src', 'cli', 'reindex.js'),
  audit: path.join(ROOT, 'dist', 'src', 'cli', 'audit.js'),
};

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** True when every compiled CLI exists and is newer than every source file the build compiles. */
export function distIsFresh(): boolean {
  const compiled = [CLI.ask, CLI.reindex, path.join(ROOT, 'dist', 'src', 'cli', 'tablebot.js')];
  if (!compiled.every((file) => existsSync(file))) return false;
  const built = Math.min(...compiled.map((file) => statSync(file).mtimeMs));
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'src')),
    newestMtime(path.join(ROOT, 'migrations')),
    statSync(path.join(ROOT, 'tsconfig.json')).mtimeMs,
    statSync(path.join(ROOT, 'tsconfig.build.json')).mtimeMs,
  );
  return built >= sources;
}

/** Runs `npm run build` (tsc -p tsconfig.build.json) unless dist is fresh. @throws with tsc's output when it fails */
export function ensureBuilt(): void {
  if (distIsFresh()) return;
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`ensureBuilt: the build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
}

/** What a CLI run printed. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a compiled CLI with exactly `env` (plus PATH and HOME) from the repository root. A developer's
 * `.env` there is not read (TABLEBOT_ENV_FILE=/dev/null) unless `env` names another file.
 */
export function runCli(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        TABLEBOT_ENV_FILE: '/dev/null',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
