import type { Activity, Storage } from 'botbuilder';
import type { ClarifyActionData } from '../../src/bot/actions';
import {
  CANCELLED,
  CLARIFY_GAVE_UP,
  EMPTY_MESSAGE,
  FAILED,
  HELP,
  NO_SQL_YET,
  NOTHING_TO_CANCEL,
  RESET,
  WELCOME,
  WELCOME_BACK,
} from '../../src/bot/messages';
import type { AskRequest } from '../../src/pipeline/types';
import { DECLINE_MESSAGE } from '../../src/pipeline/types';
import { BotHarness } from './support/botHarness';
import { FakePipeline } from './support/fakePipeline';

/** One turn of a conversation: what the user sends and what must come back. */
interface Turn {
  say: string | Partial<Activity>;
  /** Every listed fragment appears in the bot's messages of this turn, in order. */
  replies?: (string | RegExp)[];
  /** Checks on the request the pipeline received in this turn; null: the pipeline was not asked. */
  request?: Partial<AskRequest> | null;
  /** The request carried no follow-up context. */
  noContext?: boolean;
}

const declined = new RegExp(`^${DECLINE_MESSAGE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

const clarifyButton = (
  optionIndex: number,
  label: string,
  tables: string[],
  question: string,
): Partial<Activity> => {
  const value: ClarifyActionData = { type: 'clarify', question, optionIndex, label, tables };
  return { type: 'message', value };
};

const SALES_QUESTION = 'Total sales in 2023';
const CLARIFY_TEXT =
  /Which sales do you mean\?\n1\. Online orders \(sales\.online_orders\)\n2\. Store orders/;

const conversations: { name: string; turns: Turn[] }[] = [
  {
    name: 'answer',
    turns: [
      {
        say: 'How many customers do we have?',
        replies: [/Here is what I found in crm\.customers\.\n\nCustomers: 1,234\nFrom crm\.customers\./],
        request: { question: 'How many customers do we have?' },
        noContext: true,
      },
    ],
  },
  {
    name: 'clarify, then answer by button',
    turns: [
      { say: SALES_QUESTION, replies: [CLARIFY_TEXT], request: { question: SALES_QUESTION } },
      {
        say: clarifyButton(1, 'Store orders (sales.store_orders)', ['sales.store_orders'], SALES_QUESTION),
        replies: [
          /Total sales by month in 2023 from sales\.store_orders\.\n\nMonth \| Total\nJan 2023 \| 12,345\.50\n/,
        ],
        request: { question: SALES_QUESTION, forceTables: ['sales.store_orders'] },
      },
    ],
  },
  {
    name: 'clarify, then answer by typed ordinal "the second one"',
    turns: [
      { say: SALES_QUESTION, replies: [CLARIFY_TEXT] },
      {
        say: 'the second one',
        replies: [/from sales\.store_orders/],
        request: { forceTables: ['sales.store_orders'] },
      },
    ],
  },
  {
    name: 'clarify, then answer by typed words "online"',
    turns: [
      { say: SALES_QUESTION, replies: [CLARIFY_TEXT] },
      {
        say: 'online',
        replies: [/from sales\.online_orders/],
        request: { forceTables: ['sales.online_orders'] },
      },
    ],
  },
  {
    name: 'clarify, then answer by a typo "onlin" and by "2"',
    turns: [
      { say: SALES_QUESTION, replies: [CLARIFY_TEXT] },
      {
        say: 'onlin',
        replies: [/from sales\.online_orders/],
        request: { forceTables: ['sales.online_orders'] },
      },
      { say: 'sales in 2022', replies: [CLARIFY_TEXT] },
      {
        say: '2',
        replies: [/by month in 2022 from sales\.store_orders/],
        request: { question: 'sales in 2022' },
      },
    ],
  },
  {
    name: 'clarify a table, then a column (forceTables, then preferColumns)',
    turns: [
      { say: 'sales amount in 2023', replies: [CLARIFY_TEXT] },
      {
        say: 'online',
        replies: [/Which amount\?\n1\. Gross amount\n2\. Net amount/],
        request: { forceTables: ['sales.online_orders'] },
      },
      {
        say: 'net',
        replies: [/from sales\.online_orders/],
        request: { forceTables: ['sales.online_orders'], preferColumns: ['sales.online_orders.net_amount'] },
      },
    ],
  },
  {
    name: 'an unclear reply to a clarification is asked again, then given up',
    turns: [
      { say: SALES_QUESTION, replies: [CLARIFY_TEXT] },
      { say: 'hmm', replies: [/^Sorry, I couldn't tell which one you meant\. Which sales do you mean\?/] },
      { say: 'orders', replies: [/couldn't tell which one/] },
      { say: 'dunno', replies: [CLARIFY_GAVE_UP] },
      { say: 'cancel', replies: [NOTHING_TO_CANCEL] },
    ],
  },
  {
    name: 'a new question instead of a choice is answered',
    turns: [
      { say: SALES_QUESTION, replies: [CLARIFY_TEXT] },
      {
        say: 'How many customers in Boise?',
        replies: [/Customers: 87/],
        request: { question: 'How many customers in Boise?' },
      },
    ],
  },
  {
    name: 'decline',
    turns: [
      {
        say: "What's the weather tomorrow?",
        replies: [declined],
        request: { question: "What's the weather tomorrow?" },
      },
    ],
  },
  {
    name: 'follow-ups rewrite the question and carry the previous answer',
    turns: [
      { say: 'How many customers in Austin?', replies: [/Customers: 87/] },
      {
        say: 'what about Boise?',
        replies: [/Customers: 87/],
        request: {
          question: 'How many customers in Boise?',
          context: {
            previousQuestion: 'How many customers in Austin?',
            previousTables: ['crm.customers'],
            previousSql: "SELECT count(*) AS customers FROM crm.customers WHERE city = 'Austin'",
          },
        },
      },
      { say: SALES_QUESTION, replies: [CLARIFY_TEXT] },
      { say: 'online', replies: [/in 2023 from sales\.online_orders/] },
      {
        say: 'and in 2022?',
        // The follow-up of a clarified answer is asked without forced tables; the pipeline gets the context.
        replies: [CLARIFY_TEXT],
        request: {
          question: 'Total sales in 2022',
          context: expect.objectContaining({ previousTables: ['sales.online_orders'] }),
        },
      },
    ],
  },
  {
    name: 'cancel ends a clarification; the next message is a question again',
    turns: [
      { say: SALES_QUESTION, replies: [CLARIFY_TEXT] },
      { say: 'cancel', replies: [CANCELLED], request: null },
      { say: 'How many customers do we have?', replies: [/Customers: 1,234/] },
      { say: 'never mind', replies: [NOTHING_TO_CANCEL], request: null },
    ],
  },
  {
    name: 'a click on an old clarification card still answers (the button carries the question and tables)',
    turns: [
      { say: SALES_QUESTION, replies: [CLARIFY_TEXT] },
      { say: 'cancel', replies: [CANCELLED] },
      {
        say: clarifyButton(0, 'Online orders (sales.online_orders)', ['sales.online_orders'], SALES_QUESTION),
        replies: [/from sales\.online_orders/],
        request: { question: SALES_QUESTION, forceTables: ['sales.online_orders'] },
      },
      { say: 'sales in 2021', replies: [CLARIFY_TEXT] },
      {
        say: clarifyButton(1, 'Store orders (sales.store_orders)', ['sales.store_orders'], SALES_QUESTION),
        replies: [/in 2023 from sales\.store_orders/],
        request: { question: SALES_QUESTION, forceTables: ['sales.store_orders'] },
      },
    ],
  },
  {
    name: 'help, also in the middle of a clarification',
    turns: [
      { say: 'help', replies: [HELP], request: null },
      { say: SALES_QUESTION, replies: [CLARIFY_TEXT] },
      { say: 'what can you do?', replies: [HELP], request: null },
      {
        say: 'the first one',
        replies: [/from sales\.online_orders/],
        request: { forceTables: ['sales.online_orders'] },
      },
    ],
  },
  {
    name: 'show the SQL of the last answer',
    turns: [
      { say: 'show the SQL', replies: [NO_SQL_YET], request: null },
      { say: 'How many customers do we have?', replies: [/Customers: 1,234/] },
      {
        say: 'show me the sql',
        replies: ['SQL:\nSELECT count(*) AS customers\nFROM crm.customers'],
        request: null,
      },
      { say: "What's the weather?", replies: [declined] },
      { say: 'sql?', replies: ['SQL:\nSELECT count(*) AS customers\nFROM crm.customers'], request: null },
    ],
  },
  {
    name: 'start over forgets the last answer',
    turns: [
      { say: 'How many customers in Austin?', replies: [/Customers: 87/] },
      { say: 'start over', replies: [RESET], request: null },
      {
        say: 'what about Boise?',
        replies: [declined],
        request: { question: 'what about Boise?' },
        noContext: true,
      },
    ],
  },
  {
    name: 'empty and huge messages',
    turns: [
      { say: '   ', replies: [EMPTY_MESSAGE], request: null },
      {
        say: {
          type: 'message',
          attachments: [{ contentType: 'image/png', contentUrl: 'https://example.com/a.png' }],
        },
        replies: [EMPTY_MESSAGE],
        request: null,
      },
      {
        say: `How many customers ${'really '.repeat(400)}?`,
        replies: [/^That message is too long for me \(2,8\d\d characters\)\. .*up to 2,000 characters\.$/],
        request: null,
      },
    ],
  },
  {
    name: 'a failing pipeline gives a friendly message, never a stack trace',
    turns: [
      { say: 'explode please', replies: [FAILED], request: { question: 'explode please' } },
      { say: 'How many customers do we have?', replies: [/Customers: 1,234/] },
    ],
  },
  {
    name: 'greetings and thanks',
    turns: [
      { say: 'hello!', replies: [/^Hello!/], request: null },
      { say: 'thanks', replies: [/^You're welcome/], request: null },
    ],
  },
];

describe('tablebot dialogs (TestAdapter, fake pipeline)', () => {
  it.each(conversations)('$name', async ({ turns }) => {
    const pipeline = new FakePipeline();
    const bot = BotHarness.create({ pipeline });
    for (const [i, turn] of turns.entries()) {
      const asked = pipeline.requests.length;
      const texts = await bot.texts(turn.say);
      const where = `turn ${i + 1} (${typeof turn.say === 'string' ? turn.say.slice(0, 40) : 'activity'})`;
      for (const [j, expected] of (turn.replies ?? []).entries()) {
        const text = texts[j];
        if (text === undefined)
          throw new Error(`${where}: expected reply ${j + 1}, got ${JSON.stringify(texts)}`);
        if (typeof expected === 'string') expect({ where, text }).toEqual({ where, text: expected });
        else expect({ where, text }).toEqual({ where, text: expect.stringMatching(expected) });
      }
      if (turn.request === null) expect({ where, asked: pipeline.requests.length }).toEqual({ where, asked });
      else if (turn.request) {
        expect(pipeline.requests.length).toBeGreaterThan(asked);
        expect(pipeline.requests.at(-1)).toMatchObject(turn.request);
        if (turn.noContext) expect(pipeline.requests.at(-1)?.context).toBeUndefined();
      }
      for (const text of texts) expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
  });

  it('shows a typing indicator before asking the pipeline', async () => {
    const bot = BotHarness.create();
    const replies = await bot.say('How many customers do we have?');
    expect(replies.map((a) => a.type)).toEqual(['typing', 'message']);
    expect((await bot.say('help')).map((a) => a.type)).toEqual(['message']);
  });

  it('welcomes people who join, and welcomes them back later', async () => {
    const bot = BotHarness.create();
    const join = (id: string): Partial<Activity> => ({
      type: 'conversationUpdate',
      membersAdded: [
        { id: 'bot', name: 'Bot' },
        { id, name: id },
      ],
      recipient: { id: 'bot', name: 'Bot' },
      from: { id, name: id },
    });
    expect(
      await bot.texts({
        type: 'conversationUpdate',
        membersAdded: [{ id: 'bot', name: 'Bot' }],
        recipient: { id: 'bot', name: 'Bot' },
      }),
    ).toEqual([]);
    expect(await bot.texts(join('user1'))).toEqual([WELCOME]);
    expect(await bot.texts(join('user1'))).toEqual([WELCOME_BACK]);
  });

  it('in a group chat, welcomes once when the bot is added, not every new member', async () => {
    const bot = BotHarness.create({ channelId: 'msteams', conversationId: 'team-channel', isGroup: true });
    const update = (ids: string[]): Partial<Activity> => ({
      type: 'conversationUpdate',
      membersAdded: ids.map((id) => ({ id, name: id })),
      recipient: { id: 'bot', name: 'Bot' },
      from: { id: 'admin', name: 'admin' },
    });
    expect(await bot.texts(update(['bot']))).toEqual([WELCOME]);
    expect(await bot.texts(update(['new-colleague']))).toEqual([]);
  });

  it('strips a Teams @mention before reading the question', async () => {
    const pipeline = new FakePipeline();
    const bot = BotHarness.create({ pipeline, channelId: 'msteams' });
    await bot.say({
      type: 'message',
      text: '<at>tablebot</at> How many customers do we have?',
      entities: [{ type: 'mention', mentioned: { id: 'bot', name: 'tablebot' }, text: '<at>tablebot</at>' }],
    });
    expect(pipeline.requests.map((r) => r.question)).toEqual(['How many customers do we have?']);
  });

  it('keeps conversation state in the storage it is given, so another bot instance continues the conversation', async () => {
    const { MemoryStorage } = await import('botbuilder');
    const storage = new MemoryStorage();
    const pipeline = new FakePipeline();
    await BotHarness.create({ storage, pipeline }).texts('How many customers in Austin?');
    const second = BotHarness.create({ storage, pipeline });
    expect(await second.texts('what about Boise?')).toEqual([expect.stringMatching(/Customers: 87/)]);
    expect(pipeline.requests.at(-1)?.question).toBe('How many customers in Boise?');
  });

  it('turns a failure outside the pipeline (state storage down) into a friendly message', async () => {
    const { MemoryStorage } = await import('botbuilder');
    const memory = new MemoryStorage();
    let down = false;
    const storage: Storage = {
      read: (keys) => memory.read(keys),
      delete: (keys) => memory.delete(keys),
      write: (changes) =>
        down ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) : memory.write(changes),
    };
    const bot = BotHarness.create({ storage });
    expect(await bot.texts('How many customers do we have?')).toEqual([expect.stringMatching(/1,234/)]);
    down = true;
    expect(await bot.texts('How many customers do we have?')).toEqual([
      expect.stringMatching(/1,234/),
      FAILED,
    ]);
    down = false;
    expect(await bot.texts('show the sql')).toEqual([
      'SQL:\nSELECT count(*) AS customers\nFROM crm.customers',
    ]);
  });
});
