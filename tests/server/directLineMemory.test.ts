import { ActivityHandler } from 'botbuilder';
import { DirectLineConversationStore } from '../../src/server/directLine/conversationStore';
import { DirectLineTestClient } from './support/directLineClient';
import { startTestServer, type StartedServer } from './support/serverHarness';

/** Echoes every message, so each post stores two activities of about the same size. */
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(context.activity.text ?? '');
      await next();
    });
  }
}

const POSTS = 10_000;
const CONVERSATIONS = 20;
const PER_CONVERSATION = 256 * 1024;
const TOTAL = 2 * 1024 * 1024;

/**
 * A flood of 10,000 posts of ~30 KB each (about 600 MB of activities with the echoes) through the real
 * local Direct Line: the store's byte accounting never exceeds its budget (per conversation and in total,
 * oldest dropped first), the newest activities are still there, and RSS grows only modestly.
 */
describe('local Direct Line memory budget', () => {
  let started: StartedServer;
  const store = new DirectLineConversationStore({
    maxBytesPerConversation: PER_CONVERSATION,
    maxTotalBytes: TOTAL,
  });

  beforeAll(async () => {
    started = await startTestServer({
      bot: new EchoBot(),
      env: { RATE_LIMIT_PER_MINUTE: '0' },
      directLineStore: store,
    });
  });
  afterAll(async () => {
    await started?.close();
  });

  it(`keeps ${POSTS} posts within the byte budget`, async () => {
    const clients: DirectLineTestClient[] = [];
    for (let i = 0; i < CONVERSATIONS; i++) {
      const client = new DirectLineTestClient(`${started.baseUrl}/v3/directline`);
      await client.generateToken({ id: `dl_flood_${i}` });
      await client.start();
      clients.push(client);
    }
    const rssBefore = process.memoryUsage().rss;
    let peak = 0;
    const filler = 'x'.repeat(30_000);
    await Promise.all(
      clients.map(async (client, c) => {
        for (let n = c; n < POSTS; n += CONVERSATIONS) {
          await client.post({ type: 'message', text: `${n} ${filler}` });
          peak = Math.max(peak, store.bytes);
        }
      }),
    );
    const rssGrowth = process.memoryUsage().rss - rssBefore;

    expect(peak).toBeLessThanOrEqual(TOTAL);
    expect(store.bytes).toBeLessThanOrEqual(TOTAL);
    expect(store.bytes).toBeGreaterThan(TOTAL / 2);
    for (const conversation of store.all()) expect(conversation.bytes).toBeLessThanOrEqual(PER_CONVERSATION);
    // the newest activity of the last conversation is kept
    const last = clients[CONVERSATIONS - 1];
    const kept = await last.activities();
    expect(kept.activities.at(-1)?.text).toMatch(new RegExp(`^${POSTS - 1} x`));
    // generous: ~600 MB went through; without the budget ~20 x 500 x 30 KB x 2 = 600 MB would be held
    expect(rssGrowth).toBeLessThan(250 * 1024 * 1024);
  }, 300_000);
});
