import { ActivityHandler, ActivityTypes, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';

/** The Adaptive Card the showcase bot sends for "card": a table of rows and two Action.Submit buttons. */
export const SHOWCASE_CARD = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Sales by quarter', weight: 'Bolder', size: 'Medium' },
    {
      type: 'Table',
      gridStyle: 'accent',
      firstRowAsHeaders: true,
      columns: [{ width: 2 }, { width: 1 }],
      rows: [
        ['Quarter', 'Sales'],
        ['2023 Q4', '1,204,330'],
        ['2024 Q1', '987,120'],
      ].map((cells) => ({
        type: 'TableRow',
        cells: cells.map((text) => ({ type: 'TableCell', items: [{ type: 'TextBlock', text, wrap: true }] })),
      })),
    },
    {
      type: 'TextBlock',
      text: 'Do you mean online orders or in-store sales?',
      wrap: true,
      spacing: 'Medium',
    },
  ],
  actions: [
    { type: 'Action.Submit', title: 'Online orders', data: { choice: 'online orders' } },
    { type: 'Action.Submit', title: 'In-store sales', data: { choice: 'in-store sales' } },
  ],
};

/** Resolves the pending "wait" turn of a {@link ShowcaseBot}. */
export interface Gate {
  /** Resolves when a "wait" turn has started. */
  entered: Promise<void>;
  release(): void;
}

type Reply = (context: TurnContext, bot: ShowcaseBot) => Promise<void>;

/** What the showcase bot does for each command text. */
const COMMANDS: Record<string, Reply> = {
  card: async (context) => {
    await context.sendActivity({
      attachments: [CardFactory.adaptiveCard(SHOWCASE_CARD)],
      suggestedActions: {
        to: [context.activity.from.id],
        actions: [{ type: 'imBack', title: 'Show the SQL', value: 'show the SQL' }],
      },
    });
  },
  'show the sql': async (context) => {
    await context.sendActivity('SELECT quarter, sum(amount) FROM sales GROUP BY quarter');
  },
  twice: async (context) => {
    await context.sendActivity('first reply');
    await context.sendActivity('second reply');
  },
  fail: async () => {
    throw new Error('the showcase bot failed on purpose');
  },
  wait: async (context, bot) => {
    await bot.waitAtGate();
    await context.sendActivity('done waiting');
  },
};

/**
 * A small real bot for the server and browser tests (the lead wires in TablebotBot separately): a welcome
 * on join, a typing indicator on every message, an Adaptive Card with a table and Action.Submit buttons
 * ("card"), a follow-up for a button press, several replies ("twice"), a failing turn ("fail"), a turn that
 * waits for the test ("wait"), and an echo for anything else.
 */
export class ShowcaseBot extends ActivityHandler {
  private gate: { resolve: () => void; promise: Promise<void>; entered: () => void } | undefined;

  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) {
          await context.sendActivity('Welcome! I am the showcase bot.');
        }
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      await context.sendActivity({ type: ActivityTypes.Typing });
      const choice = readChoice(context.activity.value);
      const command = COMMANDS[(context.activity.text ?? '').trim().toLowerCase()];
      if (choice) {
        await context.sendActivity(
          MessageFactory.text(`You picked ${choice}. Here is the answer for ${choice}.`),
        );
      } else if (command) {
        await command(context, this);
      } else {
        await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
      }
      await next();
    });
  }

  /** Makes the next "wait" turn block until the returned gate is released. */
  armGate(): Gate {
    let resolve = (): void => undefined;
    let entered = (): void => undefined;
    const promise = new Promise<void>((r) => (resolve = r));
    const enteredPromise = new Promise<void>((r) => (entered = r));
    this.gate = { resolve, promise, entered };
    return { entered: enteredPromise, release: () => resolve() };
  }

  /** Called by the "wait" command. */
  async waitAtGate(): Promise<void> {
    const gate = this.gate;
    if (!gate) return;
    gate.entered();
    await gate.promise;
  }
}

function readChoice(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'choice' in value && typeof value.choice === 'string') {
    return value.choice;
  }
  return undefined;
}
