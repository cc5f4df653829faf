import type { Activity } from 'botbuilder';
import { asFeedbackData, type FeedbackActionData } from '../../src/bot/actions';
import { FEEDBACK_DOWN, FEEDBACK_NOTHING, FEEDBACK_UP } from '../../src/bot/messages';
import { KnexStorage } from '../../src/store/knexStorage';
import type { FeedbackEntry, FeedbackStore } from '../../src/store/feedbackStore';
import { KnexFeedbackStore } from '../../src/store/feedbackStoreKnex';
import { InMemoryFeedbackStore } from '../../src/store/feedbackStoreMemory';
import { BACKEND } from '../support/databases';
import { BotHarness } from './support/botHarness';
import { createTestKnex, type TestKnex } from './support/testKnex';

/** The 👍 / 👎 button data of an answer card. */
function feedbackButtons(activity: Partial<Activity>): FeedbackActionData[] {
  const actions: { data?: unknown }[] = activity.attachments?.[0]?.content?.actions ?? [];
  return actions.map((a) => asFeedbackData(a.data)).filter((d): d is FeedbackActionData => d !== null);
}

function entry(overrides: Partial<FeedbackEntry>): FeedbackEntry {
  return {
    answerId: 'a1',
    value: 'up',
    question: 'How many customers?',
    sql: 'SELECT count(*) FROM crm.customers',
    tables: ['crm.customers'],
    decision: 'answer',
    conversationId: 'c1',
    userId: 'u1',
    channelId: 'webchat',
    createdAt: new Date('2024-03-01T10:00:00Z'),
    ...overrides,
  };
}

describe(`feedback (${BACKEND})`, () => {
  let db: TestKnex;
  beforeAll(async () => {
    db = await createTestKnex();
  });
  afterAll(async () => {
    await db.drop();
  });
  beforeEach(async () => {
    await db.knex('tb_bot_feedback').delete();
    await db.knex('tb_bot_state').delete();
  });

  const stores: { name: string; make: () => FeedbackStore }[] = [
    { name: 'InMemoryFeedbackStore', make: () => new InMemoryFeedbackStore() },
    { name: 'KnexFeedbackStore', make: () => new KnexFeedbackStore({ knex: db.knex }) },
  ];

  it.each(stores)(
    '$name keeps one vote per user and answer, newest first, filterable by conversation',
    async ({ make }) => {
      const store = make();
      await store.record(
        entry({ answerId: 'a1', userId: 'u1', value: 'up', createdAt: new Date('2024-03-01T10:00:00Z') }),
      );
      await store.record(
        entry({ answerId: 'a1', userId: 'u2', value: 'up', createdAt: new Date('2024-03-01T10:01:00Z') }),
      );
      await store.record(
        entry({ answerId: 'a1', userId: 'u1', value: 'down', createdAt: new Date('2024-03-01T10:02:00Z') }),
      );
      await store.record(
        entry({
          answerId: 'a2',
          conversationId: 'c2',
          question: null,
          sql: null,
          tables: [],
          decision: null,
          createdAt: new Date('2024-03-01T09:00:00Z'),
        }),
      );
      const all = await store.list();
      expect(all.map((e) => [e.answerId, e.userId, e.value])).toEqual([
        ['a1', 'u1', 'down'],
        ['a1', 'u2', 'up'],
        ['a2', 'u1', 'up'],
      ]);
      expect(all[0]).toEqual(entry({ value: 'down', createdAt: new Date('2024-03-01T10:02:00Z') }));
      expect(all[2]).toMatchObject({ question: null, sql: null, tables: [], decision: null });
      expect((await store.list({ conversationId: 'c2' })).map((e) => e.answerId)).toEqual(['a2']);
      expect(await store.list({ limit: 1 })).toHaveLength(1);
    },
  );

  it('stores a 👍 clicked on a Web Chat card with the question, SQL, tables and who/where', async () => {
    const feedbackStore = new KnexFeedbackStore({ knex: db.knex });
    const bot = BotHarness.create({
      channelId: 'webchat',
      feedbackStore,
      storage: new KnexStorage({ knex: db.knex }),
    });
    const [card] = await bot.messages('How many customers do we have?');
    const [up, down] = feedbackButtons(card);
    expect([up.value, down.value]).toEqual(['up', 'down']);

    expect(await bot.texts({ type: 'message', value: up })).toEqual([FEEDBACK_UP]);
    expect(await feedbackStore.list()).toEqual([
      {
        answerId: up.answerId,
        value: 'up',
        question: 'How many customers do we have?',
        sql: 'SELECT count(*) AS customers FROM crm.customers',
        tables: ['crm.customers'],
        decision: 'answer',
        conversationId: 'Convo1',
        userId: 'user1',
        channelId: 'webchat',
        createdAt: expect.any(Date),
      },
    ]);
    // Changing one's mind replaces the vote.
    expect(await bot.texts({ type: 'message', value: down })).toEqual([FEEDBACK_DOWN]);
    expect((await feedbackStore.list()).map((e) => e.value)).toEqual(['down']);
  });

  it('takes typed thumbs about the last answer, including a decline', async () => {
    const feedbackStore = new KnexFeedbackStore({ knex: db.knex });
    const bot = BotHarness.create({ feedbackStore, storage: new KnexStorage({ knex: db.knex }) });
    expect(await bot.texts('👍')).toEqual([FEEDBACK_NOTHING]);
    await bot.texts('What will the weather be?');
    expect(await bot.texts('👎')).toEqual([FEEDBACK_DOWN]);
    expect(await feedbackStore.list()).toEqual([
      expect.objectContaining({
        value: 'down',
        decision: 'decline',
        sql: null,
        tables: [],
        question: 'What will the weather be?',
        channelId: 'test',
      }),
    ]);
  });

  it('takes Slack button commands, and a vote on an older answer while a clarification waits', async () => {
    const feedbackStore = new InMemoryFeedbackStore();
    const bot = BotHarness.create({ channelId: 'slack', feedbackStore });
    const [answer] = await bot.messages('How many customers do we have?');
    const buttons: { buttons: { title: string; value: string }[] } = answer.attachments?.[0]?.content;
    const thumbUp = buttons.buttons.find((b) => b.title === '👍 Helpful');
    expect(thumbUp?.value).toMatch(/^feedback up [\w-]+$/);

    await bot.texts('Total sales in 2023'); // a clarification now waits
    expect(await bot.texts(thumbUp?.value ?? '')).toEqual([FEEDBACK_UP]);
    expect(await bot.texts('online')).toEqual([expect.stringMatching(/sales\.online_orders/)]);
    expect((await feedbackStore.list()).map((e) => [e.question, e.channelId])).toEqual([
      ['How many customers do we have?', 'slack'],
    ]);
  });

  it('answers a Teams Universal Action (Action.Execute) feedback invoke', async () => {
    const feedbackStore = new InMemoryFeedbackStore();
    const bot = BotHarness.create({ channelId: 'msteams', feedbackStore });
    const [card] = await bot.messages('How many customers do we have?');
    const [up] = feedbackButtons(card);
    const replies = await bot.say({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'feedback', data: up } },
    });
    expect(replies.find((a) => a.type === 'message')?.text).toBe(FEEDBACK_UP);
    expect(replies.find((a) => a.type === 'invokeResponse')?.value).toMatchObject({ status: 200 });
    expect((await feedbackStore.list()).map((e) => e.answerId)).toEqual([up.answerId]);
  });
});
