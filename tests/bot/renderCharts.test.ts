import { AdaptiveCardRenderer } from '../../src/bot/render/adaptiveCardRenderer';
import { ChartPainter } from '../../src/bot/render/charts/chartImage';
import { type ChartChoice, chooseChart } from '../../src/bot/render/charts/chartChoice';
import { toVegaLite } from '../../src/bot/render/charts/vegaLiteSpec';
import { CellFormatter } from '../../src/bot/render/format';
import { shapeResult, type RawResult } from '../../src/bot/render/resultShape';
import { SlackRenderer } from '../../src/bot/render/slackRenderer';
import type { AnswerView } from '../../src/bot/render/types';
import { answerResult } from './support/fakePipeline';
import { parseCard } from './support/adaptiveCards';
import { BotHarness } from './support/botHarness';

/** The chart chosen for a result, with cells labelled the way tables show them. */
function choose(result: RawResult): ChartChoice | null {
  const shaped = shapeResult(result);
  const f = new CellFormatter();
  return chooseChart(shaped, (column, value) => f.format(value, shaped.columns[column].format));
}

const raw = (columns: string[], rows: unknown[][], extra: Partial<RawResult> = {}): RawResult => ({
  columns,
  rows,
  rowCount: rows.length,
  truncated: false,
  ...extra,
});

/** Orders per month as the generator writes them: a count, then year and month numbers, in no order. */
const MONTHLY = raw(
  ['count', 'year', 'month'],
  [
    [69, 2024, 3],
    [60, 2024, 1],
    [57, 2024, 2],
  ],
);
/** A measure per category. */
const PER_REGION = raw(
  ['region_name', 'Total sales'],
  [
    ['Northeast', '120500.5'],
    ['Midwest', '98000'],
    ['West', '143210.25'],
  ],
);

describe('chart choice', () => {
  it('draws a time series (year and month numbers) as a line, in time order, labelled by month', () => {
    const chart = choose(MONTHLY);
    expect(chart).toMatchObject({
      kind: 'line',
      x: { label: 'Month', columns: [0, 1], unit: 'month' },
      measures: [{ column: 2, label: 'Count' }],
    });
    expect(chart?.points.map((p) => [p.label, p.values[0]])).toEqual([
      ['Jan 2024', 60],
      ['Feb 2024', 57],
      ['Mar 2024', 69],
    ]);
  });

  it('draws a date column with two measures as a two-series line', () => {
    const chart = choose(
      raw(
        ['day', 'orders', 'revenue'],
        [
          ['2024-03-02', 4, '410.5'],
          ['2024-03-01', 3, '99.99'],
        ],
      ),
    );
    expect(chart?.kind).toBe('line');
    expect(chart?.x.unit).toBe('day');
    expect(chart?.measures.map((m) => m.label)).toEqual(['Orders', 'Revenue']);
    expect(chart?.points.map((p) => p.values)).toEqual([
      [3, 99.99],
      [4, 410.5],
    ]);
  });

  it('draws one category and a measure as bars, in the order of the result', () => {
    const chart = choose(PER_REGION);
    expect(chart).toMatchObject({ kind: 'bar', x: { label: 'Region name', columns: [0] } });
    expect(chart?.points.map((p) => [p.label, p.values[0]])).toEqual([
      ['Northeast', 120500.5],
      ['Midwest', 98000],
      ['West', 143210.25],
    ]);
  });

  it.each([
    ['a result that was cut (a chart of part of it would mislead)', { ...PER_REGION, truncated: true }],
    ['a single row', raw(['region', 'n'], [['West', 3]])],
    [
      'only text',
      raw(
        ['name', 'city'],
        [
          ['a', 'b'],
          ['c', 'd'],
        ],
      ),
    ],
    [
      'two categories',
      raw(
        ['region', 'city', 'n'],
        [
          ['W', 'a', 1],
          ['E', 'b', 2],
        ],
      ),
    ],
    [
      'three measures',
      raw(
        ['region', 'a', 'b', 'c'],
        [
          ['W', 1, 2, 3],
          ['E', 4, 5, 6],
        ],
      ),
    ],
    [
      'repeated categories',
      raw(
        ['region', 'n'],
        [
          ['W', 1],
          ['W', 2],
        ],
      ),
    ],
    [
      'repeated instants',
      raw(
        ['year', 'amount'],
        [
          [2024, 1],
          [2024, 2],
        ],
      ),
    ],
    [
      'too many bars',
      raw(
        ['name', 'n'],
        Array.from({ length: 31 }, (_, i) => [`c${i}`, i]),
      ),
    ],
  ])('draws no chart for %s', (_why, result) => {
    expect(choose(result)).toBeNull();
  });

  it('treats numeric ids as categories (one bar per store id)', () => {
    const chart = choose(
      raw(
        ['store_id', 'orders'],
        [
          [7, 2],
          [3, 4],
        ],
      ),
    );
    expect(chart?.kind).toBe('bar');
    expect(chart?.points.map((p) => p.label)).toEqual(['7', '3']);
  });
});

describe('chart pictures', () => {
  it('turns a choice into a Vega-Lite line over time and draws it as a PNG', async () => {
    const chart = choose(MONTHLY);
    if (!chart) throw new Error('expected a chart');
    const spec = toVegaLite(chart);
    expect(spec).toMatchObject({
      mark: { type: 'line' },
      encoding: { x: { field: 'x', type: 'temporal', timeUnit: 'yearmonth', title: 'Month' } },
    });
    const painted = await new ChartPainter().paint(spec);
    expect(painted.png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(painted.width).toBeGreaterThan(500);
    expect(painted.png.length).toBeLessThan(96 * 1024);
  });

  it('turns a per-category choice into bars', async () => {
    const chart = choose(PER_REGION);
    if (!chart) throw new Error('expected a chart');
    const spec = toVegaLite(chart);
    expect(spec).toMatchObject({
      mark: { type: 'bar' },
      encoding: { x: { field: 'label', type: 'nominal' } },
    });
    expect((await new ChartPainter().paint(spec)).png.length).toBeGreaterThan(1000);
  });
});

describe('renderer snapshots with charts', () => {
  const image = {
    url: 'https://bot.example.com/files/chart/c1.png?exp=1&sig=s',
    dataUri: 'data:image/png;base64,iVBORw0KGgo=',
    width: 576,
    height: 300,
    alt: 'Line chart of Count by Year / Month',
  };
  const monthly = answerResult({
    tables: ['sales.online_orders'],
    sql: 'SELECT count(*), extract(year from order_date)::int AS "year", extract(month from order_date)::int AS "month" FROM sales.online_orders GROUP BY 2, 3 LIMIT 1000',
    columns: MONTHLY.columns,
    rows: MONTHLY.rows,
    message: 'Here is what I found in sales.online_orders: 3 rows.',
  });
  const perRegion = answerResult({
    tables: ['sales.regions', 'sales.store_orders'],
    sql: 'SELECT r.region_name, sum(o.amount) AS "Total sales" FROM sales.store_orders o JOIN sales.regions r USING (region_id) GROUP BY 1 LIMIT 1000',
    columns: PER_REGION.columns,
    rows: PER_REGION.rows,
    message: 'Here is what I found in sales.regions, sales.store_orders: 3 rows.',
  });
  const view = (result: typeof monthly, interpretation?: string): AnswerView => {
    const chart = choose({ ...result, columns: result.columns ?? [], rows: result.rows ?? [] });
    if (!chart) throw new Error('expected a chart');
    return {
      answerId: 'a1',
      result: { ...result, ...(interpretation ? { interpretation } : {}) },
      maxRows: 10,
      chart: { choice: chart, image: { ...image, alt: `chart of ${chart.x.label}` } },
    };
  };

  it('Teams: Chart.Line / Chart.VerticalBar with the picture as fallback, then the table', () => {
    const teams = new AdaptiveCardRenderer({ charts: 'teams' });
    const line = teams.answer(view(monthly, 'Orders per month'));
    const bar = teams.answer(view(perRegion, 'Total sales per region'));
    expect(line.attachments?.[0].content).toMatchSnapshot('teams line');
    expect(bar.attachments?.[0].content).toMatchSnapshot('teams bar');
    expect(JSON.stringify(line)).toContain('"type":"Chart.Line"');
    expect(JSON.stringify(bar)).toContain('"type":"Chart.VerticalBar"');
  });

  it('Web Chat: the picture inline, a card Web Chat parses without a complaint', () => {
    const card = new AdaptiveCardRenderer().answer(view(monthly)).attachments?.[0].content;
    expect(card).toMatchSnapshot('webchat line');
    expect(JSON.stringify(card)).toContain('"url":"data:image/png;base64,');
    expect(parseCard(card).problems).toEqual([]);
  });

  it('Slack: the picture as an image attachment beside the mrkdwn table', () => {
    const slack = new SlackRenderer();
    const line = slack.answer(view(monthly, 'Orders per month'));
    const bar = slack.answer(view(perRegion));
    expect(line).toMatchSnapshot('slack line');
    expect(bar).toMatchSnapshot('slack bar');
    expect(line.attachments?.[0]).toEqual({
      contentType: 'image/png',
      contentUrl: image.url,
      name: 'chart of Month',
    });
  });
});

describe('charts through the bot', () => {
  const nodes = (value: unknown): { type?: string; [k: string]: unknown }[] =>
    Array.isArray(value)
      ? value.flatMap(nodes)
      : value !== null && typeof value === 'object'
        ? [value as { type?: string }, ...Object.values(value).flatMap(nodes)]
        : [];

  it('Web Chat gets the drawn picture inline; Teams gets Chart.Line with the picture as fallback', async () => {
    for (const [channelId, expected] of [
      ['webchat', 'Image'],
      ['msteams', 'Chart.Line'],
    ]) {
      const bot = BotHarness.create({ channelId });
      await bot.messages('Total sales in 2023');
      const [answer] = await bot.messages('online');
      const all = nodes(answer.attachments?.[0].content);
      const chart = all.find((n) => n.type === expected);
      expect(chart).toBeDefined();
      const picture = expected === 'Image' ? chart : (chart?.fallback as { url?: string });
      expect(String(picture?.url)).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    }
  });
});
