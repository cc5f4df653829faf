import type { Activity } from 'botbuilder';
import { CellFormatter, type ColumnKind, describeColumn, inferColumnKind } from '../../src/bot/render/format';
import { shapeResult } from '../../src/bot/render/resultShape';
import { buildTableView, monospaceTable } from '../../src/bot/render/tableView';
import { parseCard } from './support/adaptiveCards';
import { BotHarness } from './support/botHarness';

const ORDERS = 'Show the orders';
const SALES = 'Total sales in 2023';

type CardNode = { type?: string; [key: string]: unknown };

/** Every object in a card, depth first. */
function nodes(value: unknown): CardNode[] {
  if (Array.isArray(value)) return value.flatMap(nodes);
  if (value === null || typeof value !== 'object') return [];
  return [value as CardNode, ...Object.values(value).flatMap(nodes)];
}

function onlyCard(activity: Partial<Activity>): CardNode {
  expect(activity.attachments).toHaveLength(1);
  const [attachment] = activity.attachments ?? [];
  expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return attachment.content;
}

describe('rendering by channel', () => {
  const cardChannels = ['msteams', 'webchat', 'directline', 'emulator'];

  it.each(cardChannels)(
    '%s: an answer is an Adaptive Card with a Table, the row count, a Show SQL button and 👍 / 👎',
    async (channelId) => {
      const bot = BotHarness.create({ channelId });
      const [message] = await bot.messages(ORDERS);
      expect(message.text).toBeUndefined();
      const card = onlyCard(message);
      expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
      const all = nodes(card);

      const table = all.find((n) => n.type === 'Table');
      const rows = (table?.rows as CardNode[]) ?? [];
      expect(rows).toHaveLength(11); // header + first 10 rows
      const cellText = (row: CardNode) =>
        nodes(row)
          .filter((n) => n.type === 'TextRun')
          .map((n) => n.text);
      expect(cellText(rows[0])).toEqual(['ID', 'Customer', 'Amount']);
      expect(cellText(rows[1])).toEqual(['1', 'Customer 1', '10.50']);
      expect(cellText(rows[10])).toEqual(['10', 'Customer 10', '105.00']);
      // Quantities and their header right-aligned, text left; grid lines between cells.
      const align = (row: CardNode) =>
        nodes(row)
          .filter((n) => n.type === 'RichTextBlock')
          .map((n) => n.horizontalAlignment);
      expect(align(rows[0])).toEqual(['Left', 'Left', 'Right']);
      expect(align(rows[1])).toEqual(['Left', 'Left', 'Right']);
      expect(table).toMatchObject({ showGridLines: true, firstRowAsHeader: true });
      expect((table?.fallback as CardNode).type).toBe('Container'); // ColumnSets for pre-1.5 hosts
      expect(all.some((n) => n.type === 'ColumnSet')).toBe(true);

      expect(all.some((n) => n.type === 'TextBlock' && n.text === 'Showing 10 of 1,234 rows.')).toBe(true);

      // No Action.ToggleVisibility: Web Chat logs "received unknown action" for it. Show SQL is a submit
      // the bot answers with the SQL, laid out to wrap.
      expect(all.some((n) => n.type === 'Action.ToggleVisibility')).toBe(false);
      const submits = all
        .filter((n) => n.type === 'Action.Submit')
        .map((n) => [n.title, (n.data as CardNode).type]);
      expect(submits).toEqual([
        ['Show SQL', 'showSql'],
        ['👍 Helpful', 'feedback'],
        ['👎 Not helpful', 'feedback'],
      ]);
      const showSql = all.find((n) => n.title === 'Show SQL');
      const [sqlReply] = await bot.messages({ type: 'message', value: showSql?.data });
      expect(nodes(onlyCard(sqlReply)).find((n) => n.type === 'TextRun')).toMatchObject({
        text: 'SELECT id, customer, amount\nFROM sales.orders\nLIMIT 1000',
        fontType: 'Monospace',
      });

      // Web Chat's own Adaptive Cards renderer reads the card without a single complaint.
      const parsed = parseCard(card);
      expect(parsed.problems).toEqual([]);
    },
  );

  it.each(cardChannels)(
    '%s: a clarification is a card whose options are Action.Submit buttons',
    async (channelId) => {
      const bot = BotHarness.create({ channelId });
      const [message] = await bot.messages(SALES);
      const card = onlyCard(message);
      const buttons = nodes(card).filter((n) => n.type === 'Action.Submit');
      expect(buttons.map((b) => [b.title, b.data])).toEqual([
        [
          'Online orders (sales.online_orders)',
          {
            type: 'clarify',
            question: SALES,
            optionIndex: 0,
            label: 'Online orders (sales.online_orders)',
            tables: ['sales.online_orders'],
          },
        ],
        [
          'Store orders (sales.store_orders)',
          {
            type: 'clarify',
            question: SALES,
            optionIndex: 1,
            label: 'Store orders (sales.store_orders)',
            tables: ['sales.store_orders'],
          },
        ],
      ]);
      expect(parseCard(card).problems).toEqual([]);
      // Clicking the button answers.
      const [answer] = await bot.messages({ type: 'message', value: buttons[1].data });
      expect(
        nodes(onlyCard(answer)).some(
          (n) => n.type === 'TextBlock' && /sales\.store_orders/.test(String(n.text)),
        ),
      ).toBe(true);
    },
  );

  it('webchat: Show SQL on an earlier card answers while a clarification waits, which still takes its answer', async () => {
    const bot = BotHarness.create({ channelId: 'webchat' });
    const [answer] = await bot.messages(ORDERS);
    const showSql = nodes(onlyCard(answer)).find((n) => n.title === 'Show SQL');
    await bot.messages(SALES);
    const [sql] = await bot.messages({ type: 'message', value: showSql?.data });
    expect(nodes(onlyCard(sql)).find((n) => n.type === 'TextRun')?.text).toMatch(
      /^SELECT id, customer, amount\n/,
    );
    const [sales] = await bot.messages('online');
    expect(JSON.stringify(onlyCard(sales))).toMatch(/sales\.online_orders/);
  });

  it('webchat: a single value is shown large, with its column name, and dates per month', async () => {
    const bot = BotHarness.create({ channelId: 'webchat' });
    const single = nodes(onlyCard((await bot.messages('How many customers?'))[0]));
    expect(single.filter((n) => n.type === 'TextRun').map((n) => n.text)).toEqual(['Customers', '1,234']);
    expect(single.find((n) => n.text === '1,234')).toMatchObject({ size: 'ExtraLarge' });

    await bot.messages(SALES);
    const answer = nodes(onlyCard((await bot.messages('online'))[0]));
    const runs = answer.filter((n) => n.type === 'TextRun').map((n) => n.text);
    expect(runs.slice(0, 6)).toEqual(['Month', 'Total', 'Jan 2023', '12,345.50', 'Feb 2023', '23,456.25']);
  });

  it('slack: mrkdwn with a monospace table in a ``` block, and buttons on a hero card', async () => {
    const bot = BotHarness.create({ channelId: 'slack' });
    const [message] = await bot.messages(ORDERS);
    expect(message.text).toBe(
      [
        'Here is what I found in sales.orders.',
        '```',
        'ID │ Customer    │ Amount',
        '───┼─────────────┼───────',
        '1  │ Customer 1  │  10.50',
        '2  │ Customer 2  │  21.00',
        '3  │ Customer 3  │  31.50',
        '4  │ Customer 4  │  42.00',
        '5  │ Customer 5  │  52.50',
        '6  │ Customer 6  │  63.00',
        '7  │ Customer 7  │  73.50',
        '8  │ Customer 8  │  84.00',
        '9  │ Customer 9  │  94.50',
        '10 │ Customer 10 │ 105.00',
        '```',
        '_Showing 10 of 1,234 rows._',
        '_From `sales.orders`_',
      ].join('\n'),
    );
    const [hero] = message.attachments ?? [];
    expect(hero.contentType).toBe('application/vnd.microsoft.card.hero');
    const buttons: { title: string; value: string }[] = hero.content.buttons;
    expect(buttons.map((b) => b.title)).toEqual(['Show SQL', '👍 Helpful', '👎 Not helpful']);
    // The Show SQL button sends a command that shows this answer's SQL.
    expect(await bot.texts(buttons[0].value)).toEqual([
      '```\nSELECT id, customer, amount\nFROM sales.orders\nLIMIT 1000\n```',
    ]);

    const [clarify] = await bot.messages(SALES);
    expect(clarify.text).toMatch(
      /^Which sales do you mean\?\n1\. Online orders \(sales\.online_orders\)\n2\. Store orders/,
    );
    const options: { type: string; title: string; value: string }[] =
      clarify.attachments?.[0].content.buttons;
    expect(options.map((o) => [o.type, o.value])).toEqual([
      ['imBack', 'Online orders (sales.online_orders)'],
      ['imBack', 'Store orders (sales.store_orders)'],
    ]);
    // A Slack button sends its label back as text.
    expect((await bot.texts(options[1].value))[0]).toMatch(/from sales\.store_orders/);
  });

  it.each(['telegram', 'sms', 'test'])('%s: plain text, no attachments', async (channelId) => {
    const bot = BotHarness.create({ channelId, maxRowsShown: 3 });
    const [message] = await bot.messages(ORDERS);
    expect(message.attachments ?? []).toEqual([]);
    expect(message.text).toBe(
      [
        'Here is what I found in sales.orders.',
        '',
        'ID | Customer | Amount',
        '1 | Customer 1 | 10.50',
        '2 | Customer 2 | 21.00',
        '3 | Customer 3 | 31.50',
        'Showing 3 of 1,234 rows.',
        'From sales.orders.',
        'Say "show the SQL" to see the query, or reply 👍 or 👎 to rate this answer.',
      ].join('\n'),
    );
    const [clarify] = await bot.messages(SALES);
    expect(clarify.text).toBe(
      [
        'Which sales do you mean?',
        '1. Online orders (sales.online_orders)',
        '2. Store orders (sales.store_orders)',
        'Reply with a number or a name.',
      ].join('\n'),
    );
  });
});

describe('formatting for people', () => {
  const cells: { column: string; values: unknown[]; kind: ColumnKind; shown: string[]; locale?: string }[] = [
    { column: 'total', values: [1234567, 12], kind: 'integer', shown: ['1,234,567', '12'] },
    { column: 'orders', values: ['98765', '4'], kind: 'integer', shown: ['98,765', '4'] },
    {
      column: 'big',
      values: ['12345678901234567890'],
      kind: 'integer',
      shown: ['12,345,678,901,234,567,890'],
    },
    { column: 'amount', values: ['12345.678', 3.1], kind: 'money', shown: ['12,345.68', '3.10'] },
    { column: 'ratio', values: [0.25, 0.125], kind: 'percent', shown: ['25.0%', '12.5%'] },
    { column: 'ratio', values: [1.5, 3.25], kind: 'decimal', shown: ['1.50', '3.25'] },
    { column: 'pct_returned', values: [12, 7.5], kind: 'percent', shown: ['12.0%', '7.5%'] },
    { column: 'month', values: [3, 12], kind: 'monthNumber', shown: ['Mar', 'Dec'] },
    { column: 'quarter', values: [1, 4], kind: 'quarter', shown: ['Q1', 'Q4'] },
    { column: 'number_of_sales', values: [3, 4], kind: 'integer', shown: ['3', '4'] },
    { column: 'rate', values: [0.00123], kind: 'decimal', shown: ['0.0012'] },
    { column: 'avg', values: ['130450', '71410.64'], kind: 'decimal', shown: ['130,450.00', '71,410.64'] },
    { column: 'customer_id', values: [12345], kind: 'identifier', shown: ['12345'] },
    { column: 'customerId', values: [12345], kind: 'identifier', shown: ['12345'] },
    { column: 'year', values: [2023, '2024'], kind: 'year', shown: ['2023', '2024'] },
    { column: 'order_year', values: [2023], kind: 'year', shown: ['2023'] },
    { column: 'zip', values: ['08540'], kind: 'text', shown: ['08540'] },
    { column: 'month', values: [new Date('2024-03-01T00:00:00Z')], kind: 'month', shown: ['Mar 2024'] },
    {
      column: 'quarter',
      values: [new Date('2024-10-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z')],
      kind: 'quarterStart',
      shown: ['Q4 2024', 'Q1 2025'],
    },
    {
      column: 'period',
      values: ['2024-01-01', '2024-02-01'],
      kind: 'month',
      shown: ['Jan 2024', 'Feb 2024'],
    },
    { column: 'ordered_on', values: [new Date('2024-03-05T00:00:00Z')], kind: 'date', shown: ['2024-03-05'] },
    {
      column: 'created_at',
      values: [new Date(2024, 2, 5, 14, 30)],
      kind: 'datetime',
      shown: ['2024-03-05 14:30'],
    },
    { column: 'active', values: [true, false, null], kind: 'boolean', shown: ['yes', 'no', '—'] },
    { column: 'meta', values: [{ a: 1 }], kind: 'json', shown: ['{"a":1}'] },
    {
      column: 'name',
      values: ['Ada   Lovelace\n', 'x'.repeat(100)],
      kind: 'text',
      shown: ['Ada Lovelace', `${'x'.repeat(79)}…`],
    },
    { column: 'total', values: [1234.5], kind: 'decimal', shown: ['1.234,5'], locale: 'de-DE' },
    { column: 'total', values: [1234], kind: 'integer', shown: ['1,234'], locale: 'not a locale!' },
  ];

  it.each(cells)('$column $values → $kind $shown', ({ column, values, kind, shown, locale }) => {
    expect(inferColumnKind(column, values)).toBe(kind);
    const f = new CellFormatter(locale);
    // Every cell of a column has the same decimals.
    expect(values.map((v) => f.format(v, describeColumn(column, values)))).toEqual(shown);
  });

  const notes: {
    rows: number;
    rowCount: number | null;
    truncated: boolean;
    columns?: number;
    note: string;
  }[] = [
    { rows: 0, rowCount: 0, truncated: false, note: 'No rows matched.' },
    { rows: 1, rowCount: 1, truncated: false, note: '' },
    { rows: 7, rowCount: 7, truncated: false, note: '' },
    { rows: 1000, rowCount: 1234, truncated: true, note: 'Showing 10 of 1,234+ rows.' },
    { rows: 1000, rowCount: null, truncated: true, note: 'Showing 10 of 1,000+ rows.' },
    { rows: 25, rowCount: 25, truncated: false, note: 'Showing 10 of 25 rows.' },
    { rows: 3, rowCount: 3, truncated: false, columns: 11, note: '3 more columns not shown.' },
  ];

  it.each(notes)(
    'note for $rows of $rowCount rows: "$note"',
    ({ rows, rowCount, truncated, columns = 2, note }) => {
      const view = buildTableView(
        shapeResult({
          columns: Array.from({ length: columns }, (_, i) => `c${i}`),
          rows: Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => r * c)),
          rowCount,
          truncated,
        }),
        { maxRows: 10, formatter: new CellFormatter() },
      );
      expect(view.note).toBe(note);
      expect(view.rows.length).toBe(Math.min(rows, 10));
    },
  );

  it('lays out a monospace table with numbers right-aligned and long cells clipped', () => {
    const view = buildTableView(
      shapeResult({
        columns: ['name', 'n'],
        rows: [
          ['a'.repeat(30), 5],
          ['b', 12345],
        ],
        rowCount: 2,
        truncated: false,
      }),
      { maxRows: 10, formatter: new CellFormatter() },
    );
    expect(monospaceTable(view)).toBe(
      [
        `Name${' '.repeat(20)} │      N`,
        `${'─'.repeat(24)}─┼─${'─'.repeat(6)}`,
        `${'a'.repeat(23)}… │      5`,
        `b${' '.repeat(23)} │ 12,345`,
      ].join('\n'),
    );
  });
});
