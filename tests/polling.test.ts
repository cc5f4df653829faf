import pino from 'pino';
import { PollingReloader } from '../src/polling';

const logger = pino({ level: 'silent' });

describe('PollingReloader', () => {
  it('shares one load among concurrent reloads, and loads again once that one is done', async () => {
    let loads = 0;
    let release: () => void = () => undefined;
    const reloader = new PollingReloader({
      load: () => {
        loads++;
        return new Promise<void>((resolve) => (release = resolve));
      },
      changed: async () => false,
      logger,
      what: 'test',
    });
    const a = reloader.reload();
    const b = reloader.reload();
    expect(loads).toBe(1);
    release();
    await Promise.all([a, b]);
    const c = reloader.reload();
    expect(loads).toBe(2);
    release();
    await c;
  });

  it('reloads when a check says something changed, and keeps checking after a failed check', async () => {
    const checks: Array<'changed' | 'same' | 'fail'> = ['fail', 'same', 'changed'];
    let loaded = false;
    const reloader = new PollingReloader({
      load: async () => {
        loaded = true;
      },
      changed: async () => {
        const next = checks.shift() ?? 'same';
        if (next === 'fail') throw new Error('store is down');
        return next === 'changed';
      },
      everyMs: 5,
      logger,
      what: 'test',
    });
    reloader.watch();
    reloader.watch(); // idempotent
    try {
      for (let i = 0; i < 200 && !loaded; i++) await new Promise((r) => setTimeout(r, 5));
    } finally {
      reloader.close();
    }
    expect(loaded).toBe(true);
    expect(checks).toEqual([]);
  });

  it('never checks when the interval is 0', async () => {
    let checked = false;
    const reloader = new PollingReloader({
      load: async () => undefined,
      changed: async () => (checked = true),
      everyMs: 0,
      logger,
      what: 'test',
    });
    reloader.watch();
    await new Promise((r) => setTimeout(r, 30));
    reloader.close();
    expect(checked).toBe(false);
  });
});
