import { ShowcaseBot } from './support/showcaseBot';
import { DirectLineTestClient } from './support/directLineClient';
import { startTestServer } from './support/serverHarness';

test('closeServer stops accepting, lets a running turn finish and deliver its reply, then closes the streams', async () => {
  const bot = new ShowcaseBot();
  const started = await startTestServer({ bot });
  const client = new DirectLineTestClient(`${started.baseUrl}/v3/directline`);
  await client.generateToken();
  await client.start();
  const stream = await client.openStream();

  const gate = bot.armGate();
  const posted = client.post({ type: 'message', text: 'wait' });
  await gate.entered;

  const closing = started.close();
  // New connections are refused while the running turn is still in flight.
  await expect(fetch(`${started.baseUrl}/healthz`)).rejects.toThrow();

  gate.release();
  await expect(posted).resolves.toMatch(/\|\d{7}$/);
  await stream.waitFor((a) => a.text === 'done waiting');
  await closing;
  expect(await stream.waitForClose()).toBe(1001);
});
