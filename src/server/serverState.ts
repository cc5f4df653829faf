import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { processAlive } from '../sources';

/**
 * Where a running bot can be reached, recorded in its data folder (`<dataDir>/server.json`) while it runs,
 * so `tablebot ask` on the same folder (locked by the bot while it runs) can ask the bot over loopback
 * instead of failing on the folder lock.
 */
export interface ServerState {
  pid: number;
  /** Base URL a local client uses, e.g. `http://127.0.0.1:3978`. */
  url: string;
  startedAt: string;
}

const stateSchema = z.object({
  pid: z.number().int().positive(),
  url: z.string().url(),
  startedAt: z.string(),
});

/** The state file of a data folder. */
export function serverStateFile(dataDir: string): string {
  return path.join(dataDir, 'server.json');
}

/** The URL a client on this machine uses for a server bound to `host:port` (wildcards become loopback). */
export function localServerUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '') return `http://127.0.0.1:${port}`;
  if (host === '::' || host.includes(':')) return `http://[${host === '::' ? '::1' : host}]:${port}`;
  return `http://${host}:${port}`;
}

/** Records this process as the running server of `dataDir` (written atomically). */
export function writeServerState(dataDir: string, state: Omit<ServerState, 'pid' | 'startedAt'>): void {
  mkdirSync(dataDir, { recursive: true });
  const file = serverStateFile(dataDir);
  const full: ServerState = { pid: process.pid, url: state.url, startedAt: new Date().toISOString() };
  writeFileSync(`${file}.${process.pid}.tmp`, `${JSON.stringify(full)}\n`);
  renameSync(`${file}.${process.pid}.tmp`, file);
}

/** Removes the state file when it is this process's. */
export function removeServerState(dataDir: string): void {
  const state = readRecorded(dataDir);
  if (state?.pid !== process.pid) return;
  try {
    unlinkSync(serverStateFile(dataDir));
  } catch {
    // already gone
  }
}

function readRecorded(dataDir: string): ServerState | null {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(serverStateFile(dataDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The server running on `dataDir`, or null when none is recorded or its process is gone. */
export function readServerState(dataDir: string): ServerState | null {
  const state = readRecorded(dataDir);
  if (!state || state.pid === process.pid || !processAlive(state.pid)) return null;
  return state;
}
