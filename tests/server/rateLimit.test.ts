import { RateLimiter } from '../../src/server/rateLimiter';
import { ShowcaseBot } from './support/showcaseBot';
import { startTestServer } from './support/serverHarness';

describe('per-client rate limit on the open routes', () => {
  it('answers 429 with Retry-After past the rate, and leaves the probes alone', async () => {
    const started = await startTestServer({ bot: new ShowcaseBot(), env: { RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const generate = () => fetch(`${started.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' });
      for (let i = 0; i < 3; i++) expect((await generate()).status).toBe(200);
      const refused = await generate();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await refused.json()).toMatchObject({ error: 'RATE_LIMITED' });
      expect((await fetch(`${started.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      await started.close();
    }
  });

  it('refills over time and forgets the least recently seen clients beyond its cap', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 60, maxClients: 2, now: () => now });
    for (let i = 0; i < 60; i++) expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(limiter.take('a').allowed).toBe(true);
    limiter.take('b');
    limiter.take('c'); // 'a' is forgotten: a fresh bucket
    for (let i = 0; i < 60; i++) expect(limiter.take('a').allowed).toBe(true);
  });
});
