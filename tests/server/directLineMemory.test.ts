import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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
 * The heap still in use after a full collection. RSS is not used: whether the allocator hands freed pages
 * back to the system depends on load and timing, so RSS growth measured the machine, not the store.
 */
function retainedHeap(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * A flood of 10,000 posts of ~30 KB each (about 600 MB of activities with the echoes) through the real
 * local Direct Line: the store's byte accounting never exceeds its budget (per conversation and in total,
 * oldest dropped first), the newest activities are still there, and the heap retained after a full
 * collection grows by little more than the budget.
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
    const heapBefore = retainedHeap();
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
    const heapGrowth = retainedHeap() - heapBefore;

    expect(peak).toBeLessThanOrEqual(TOTAL);
    expect(store.bytes).toBeLessThanOrEqual(TOTAL);
    expect(store.bytes).toBeGreaterThan(TOTAL / 2);
    for (const conversation of store.all()) expect(conversation.bytes).toBeLessThanOrEqual(PER_CONVERSATION);
    // the newest activity of the last conversation is kept
    const last = clients[CONVERSATIONS - 1];
    const kept = await last.activities();
    expect(kept.activities.at(-1)?.text).toMatch(new RegExp(`^${POSTS - 1} x`));
    // ~600 MB went through; without the budget all of it would be held. With it: the 2 MB of activities
    // (strings count twice in the heap as UTF-16) plus the server's own bookkeeping.
    expect(heapGrowth).toBeLessThan(64 * 1024 * 1024);
  }, 300_000);
});
