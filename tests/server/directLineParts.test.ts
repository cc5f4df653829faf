import { DirectLineConversationStore } from '../../src/server/directLine/conversationStore';
import { DirectLineError } from '../../src/server/directLine/directLineError';
import { DirectLineTokenService } from '../../src/server/directLine/tokenService';

describe('DirectLineConversationStore', () => {
  test('drops a conversation idle past the timeout, but not one with an open stream', () => {
    let now = 1_000_000;
    const store = new DirectLineConversationStore({ idleTimeoutMs: 60_000, now: () => now });
    const idle = store.create({ id: 'dl_a', role: 'user' });
    const streaming = store.create({ id: 'dl_b', role: 'user' });
    const closed: string[] = [];
    streaming.subscribe({ onActivities: () => undefined, onClose: (reason) => closed.push(reason) }, 0);
    now += 60_001;
    expect(store.get(idle.id)).toBeUndefined();
    expect(idle.isClosed).toBe(true);
    expect(store.get(streaming.id)).toBe(streaming);
    store.closeAll('test over');
    expect(closed).toEqual(['test over']);
  });

  test('at the cap, drops the least recently active conversation that nobody streams', () => {
    let now = 0;
    const store = new DirectLineConversationStore({ maxConversations: 2, now: () => now });
    const streamed = store.create({ id: 'dl_s', role: 'user' });
    streamed.subscribe({ onActivities: () => undefined, onClose: () => undefined }, 0);
    now += 1;
    const idle = store.create({ id: 'dl_i', role: 'user' });
    now += 1;
    const fresh = store.create({ id: 'dl_f', role: 'user' });
    expect(store.get(streamed.id)).toBe(streamed);
    expect(store.get(idle.id)).toBeUndefined();
    expect(store.get(fresh.id)).toBe(fresh);
  });

  test('keeps the newest activities per conversation while watermarks keep counting', () => {
    const store = new DirectLineConversationStore({ maxActivitiesPerConversation: 3 });
    const conversation = store.create({ id: 'dl_c', role: 'user' });
    for (let i = 1; i <= 5; i += 1) conversation.append({ type: 'message', text: `m${i}` });
    const { activities, watermark } = conversation.activitiesAfter(0);
    expect(activities.map((a) => a.text)).toEqual(['m3', 'm4', 'm5']);
    expect(watermark).toBe('5');
    expect(conversation.activitiesAfter(4).activities.map((a) => a.text)).toEqual(['m5']);
  });

  test('an update keeps the activity id and is streamed again', () => {
    const store = new DirectLineConversationStore();
    const conversation = store.create({ id: 'dl_d', role: 'user' });
    const original = conversation.append({ type: 'message', text: 'draft' });
    const updated = conversation.update(String(original.id), { type: 'message', text: 'final' });
    expect(updated).toMatchObject({ id: original.id, text: 'final' });
    expect(conversation.activitiesAfter(1).activities).toEqual([updated]);
    expect(conversation.update('missing', { type: 'message' })).toBeUndefined();
  });

  test('turns run one at a time, in order, even when one fails', async () => {
    const store = new DirectLineConversationStore();
    const conversation = store.create({ id: 'dl_e', role: 'user' });
    const order: string[] = [];
    let releaseFirst = (): void => undefined;
    const gate = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = conversation.enqueue(async () => {
      await gate;
      order.push('first');
      throw new Error('first failed');
    });
    const second = conversation.enqueue(async () => {
      order.push('second');
      return 2;
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    releaseFirst();
    await expect(first).rejects.toThrow('first failed');
    await expect(second).resolves.toBe(2);
    expect(order).toEqual(['first', 'second']);
  });
});

describe('DirectLineTokenService', () => {
  test('tokens are JWTs whose user claim Web Chat can read', () => {
    const { token } = new DirectLineTokenService().issue({ conversationId: 'conv', userId: 'dl_u' });
    const [header, payload] = token.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toMatchObject({
      conv: 'conv',
      user: 'dl_u',
    });
  });

  test('issues tokens bound to a conversation and user that expire after their lifetime', () => {
    let now = 5_000_000;
    const tokens = new DirectLineTokenService({ lifetimeSeconds: 60, now: () => now });
    const { token } = tokens.issue({ conversationId: 'conv', userId: 'dl_u', userName: 'U' });
    expect(tokens.verify(token)).toMatchObject({ conversationId: 'conv', userId: 'dl_u', userName: 'U' });
    now += 61_000;
    expect(() => tokens.verify(token)).toThrow(/expired/);
  });

  test.each([
    ['missing', undefined, 'Unauthorized'],
    ['not a JWT', 'abc.def', 'Unauthorized'],
    [
      'signed with another key',
      new DirectLineTokenService().issue({ conversationId: 'c', userId: 'u' }).token,
      'Unauthorized',
    ],
  ])('refuses a %s token', (_name, token, code) => {
    const tokens = new DirectLineTokenService();
    try {
      tokens.verify(token);
      throw new Error('verify should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(DirectLineError);
      expect(error instanceof DirectLineError && error.directLineCode).toBe(code);
    }
  });

  test('a token whose payload was edited does not verify', () => {
    const tokens = new DirectLineTokenService();
    const { token } = tokens.issue({ conversationId: 'mine', userId: 'dl_me' });
    const [header, , mac] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ conv: 'theirs', user: 'dl_me', exp: 9_999_999_999 }),
    ).toString('base64url');
    expect(() => tokens.verify(`${header}.${forged}.${mac}`)).toThrow(DirectLineError);
  });
});
