import { ConversationState, MemoryStorage, type Storage, TestAdapter } from 'botbuilder';
import { KnexStorage } from '../../src/store/knexStorage';
import { BACKEND } from '../support/databases';
import { createTestKnex, type TestKnex } from './support/testKnex';

describe(`KnexStorage (${BACKEND})`, () => {
  let db: TestKnex;
  let storage: KnexStorage;

  beforeAll(async () => {
    db = await createTestKnex();
    storage = new KnexStorage({ knex: db.knex });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('reads back what it wrote, with a new eTag per write, and omits missing keys', async () => {
    await storage.write({ 'a/1': { count: 1, nested: { list: [1, 'two'] } } });
    const first = await storage.read(['a/1', 'a/missing']);
    expect(Object.keys(first)).toEqual(['a/1']);
    expect(first['a/1']).toMatchObject({ count: 1, nested: { list: [1, 'two'] } });
    expect(typeof first['a/1'].eTag).toBe('string');

    await storage.write({ 'a/1': { ...first['a/1'], count: 2 } });
    const second = await storage.read(['a/1']);
    expect(second['a/1'].count).toBe(2);
    expect(second['a/1'].eTag).not.toBe(first['a/1'].eTag);
  });

  // The same sequence against MemoryStorage (botbuilder's reference) and KnexStorage must agree.
  const cases: { name: string; run: (s: Storage) => Promise<unknown> }[] = [
    {
      name: 'write with eTag "*" always succeeds',
      run: async (s) => {
        await s.write({ k: { v: 1 } });
        await s.write({ k: { v: 2, eTag: '*' } });
        return (await s.read(['k'])).k.v;
      },
    },
    {
      name: 'write with the current eTag succeeds',
      run: async (s) => {
        await s.write({ k: { v: 1 } });
        const item = (await s.read(['k'])).k;
        await s.write({ k: { ...item, v: 3 } });
        return (await s.read(['k'])).k.v;
      },
    },
    {
      name: 'write with a stale eTag fails and leaves the item alone',
      run: async (s) => {
        await s.write({ k: { v: 1 } });
        const stale = (await s.read(['k'])).k;
        await s.write({ k: { ...stale, v: 2 } });
        const error = await s.write({ k: { ...stale, v: 99 } }).then(
          () => 'no error',
          (e: Error) => (/eTag conflict/.test(e.message) ? 'conflict' : e.message),
        );
        return [error, (await s.read(['k'])).k.v];
      },
    },
    {
      name: 'write with an eTag to a key that does not exist creates it',
      run: async (s) => {
        await s.write({ fresh: { v: 5, eTag: 'some-old-etag' } });
        return (await s.read(['fresh'])).fresh.v;
      },
    },
    {
      name: 'delete removes items and ignores missing keys',
      run: async (s) => {
        await s.write({ k: { v: 1 }, other: { v: 2 } });
        await s.delete(['k', 'never-written']);
        return Object.keys(await s.read(['k', 'other']));
      },
    },
  ];

  it.each(cases)('$name (same as MemoryStorage)', async ({ run }) => {
    const expected = await run(new MemoryStorage());
    await db.knex('tb_bot_state').delete();
    expect(await run(storage)).toEqual(expected);
  });

  it('rolls back every item of a write when one of them conflicts', async () => {
    await storage.write({ x: { v: 1 }, y: { v: 1 } });
    const { x, y } = await storage.read(['x', 'y']);
    await storage.write({ y: { ...y, v: 2 } });
    await expect(storage.write({ x: { ...x, v: 10 }, y: { ...y, v: 10 } })).rejects.toMatchObject({
      code: 'STATE_CONFLICT',
    });
    const after = await storage.read(['x', 'y']);
    expect([after.x.v, after.y.v]).toEqual([1, 2]);
  });

  it('lets exactly one of two concurrent writers with the same eTag win (two bot instances)', async () => {
    const other = db.another();
    const second = other ? new KnexStorage({ knex: other }) : storage;
    await storage.write({ shared: { turns: 0 } });
    const a = (await storage.read(['shared'])).shared;
    const b = (await second.read(['shared'])).shared;
    const results = await Promise.allSettled([
      storage.write({ shared: { ...a, turns: 1, by: 'a' } }),
      second.write({ shared: { ...b, turns: 1, by: 'b' } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = results[0].status === 'fulfilled' ? 'a' : 'b';
    expect((await second.read(['shared'])).shared.by).toBe(winner);
  });

  it('keeps text with NUL characters and unicode intact enough to round-trip', async () => {
    await storage.write({ u: { text: 'naïve ☕ \u0000end' } });
    expect((await storage.read(['u'])).u.text).toBe('naïve ☕ end');
  });

  it('backs botbuilder ConversationState across turns', async () => {
    const state = new ConversationState(storage);
    const counter = state.createProperty<number>('counter');
    const adapter = new TestAdapter(async (context) => {
      const n = (await counter.get(context, 0)) + 1;
      await counter.set(context, n);
      await context.sendActivity(`turn ${n}`);
      await state.saveChanges(context);
    });
    await adapter.send('hi').assertReply('turn 1').send('again').assertReply('turn 2');
    const keys = await db.knex('tb_bot_state').pluck('key');
    expect(keys.some((k: string) => k.includes('/conversations/'))).toBe(true);
  });
});
