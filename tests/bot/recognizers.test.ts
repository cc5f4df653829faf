import { parseFeedbackText } from '../../src/bot/actions';
import { type IntentName, recognizeIntent } from '../../src/bot/intents';
import { matchOption } from '../../src/bot/optionMatcher';
import type { ClarificationOption } from '../../src/pipeline/types';

const OPTIONS: ClarificationOption[] = [
  { label: 'Online orders (sales.online_orders)', tables: ['sales.online_orders'] },
  { label: 'Store orders (sales.store_orders)', tables: ['sales.store_orders'] },
  { label: 'Returns (sales.returns)', tables: ['sales.returns'] },
];

describe('matchOption', () => {
  const replies: { reply: string; index: number | null }[] = [
    { reply: 'Store orders (sales.store_orders)', index: 1 },
    { reply: '2', index: 1 },
    { reply: '#3', index: 2 },
    { reply: 'option 1', index: 0 },
    { reply: 'first', index: 0 },
    { reply: 'the second one', index: 1 },
    { reply: 'The third one please.', index: 2 },
    { reply: "I'll take the last one", index: 2 },
    { reply: '2nd', index: 1 },
    { reply: 'number two', index: 1 },
    { reply: 'online', index: 0 },
    { reply: 'the online one', index: 0 },
    { reply: 'onlin', index: 0 },
    { reply: 'in-store', index: 1 },
    { reply: 'returns', index: 2 },
    { reply: 'I meant the returns table', index: 2 },
    { reply: 'returnd', index: 2 },
    { reply: 'store_orders', index: 1 },
    { reply: 'orders', index: null },
    { reply: '4', index: null },
    { reply: 'fifth', index: null },
    { reply: 'hmm', index: null },
    { reply: 'how many customers live in Boise', index: null },
    { reply: '', index: null },
  ];

  it.each(replies)('"$reply" → $index', ({ reply, index }) => {
    expect(matchOption(reply, OPTIONS)).toEqual(
      index === null ? { kind: 'unmatched' } : { kind: 'option', index },
    );
  });

  it('matches column options by their column name', () => {
    const columns: ClarificationOption[] = [
      { label: 'Gross amount', tables: ['sales.orders'], column: 'sales.orders.gross_amount' },
      { label: 'Net amount', tables: ['sales.orders'], column: 'sales.orders.net_amount' },
    ];
    expect(matchOption('net', columns)).toEqual({ kind: 'option', index: 1 });
    expect(matchOption('gross_amount', columns)).toEqual({ kind: 'option', index: 0 });
    expect(matchOption('amount', columns)).toEqual({ kind: 'unmatched' });
  });

  it('matches a reply word no option spells by its meaning (a verb for the agent noun of a column)', () => {
    const credits: ClarificationOption[] = [
      {
        label: 'Films whose director includes Varda',
        tables: ['studio.films'],
        column: 'studio.films.director',
      },
      {
        label: 'Songs whose composer includes Varda',
        tables: ['studio.songs'],
        column: 'studio.songs.composer',
      },
    ];
    expect(matchOption('the ones she wrote', credits)).toEqual({ kind: 'option', index: 1 });
    expect(matchOption('the ones she directed', credits)).toEqual({ kind: 'option', index: 0 });
    expect(matchOption('hmm', credits)).toEqual({ kind: 'unmatched' });
  });
});

describe('recognizeIntent', () => {
  const messages: { text: string; intent: IntentName | null; answerId?: string }[] = [
    { text: 'help', intent: 'help' },
    { text: 'Help!', intent: 'help' },
    { text: '?', intent: 'help' },
    { text: 'what can you do?', intent: 'help' },
    { text: '/help', intent: 'help' },
    { text: 'cancel', intent: 'cancel' },
    { text: 'never mind', intent: 'cancel' },
    { text: 'none of them', intent: 'cancel' },
    { text: 'reset', intent: 'reset' },
    { text: 'Start over', intent: 'reset' },
    { text: 'clear the context', intent: 'reset' },
    { text: 'show the SQL', intent: 'showSql' },
    { text: 'show me the query', intent: 'showSql' },
    { text: 'SQL?', intent: 'showSql' },
    { text: "what's the sql for that?", intent: 'showSql' },
    { text: 'how did you get that?', intent: 'showSql' },
    {
      text: 'show sql 0b6a2f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
      intent: 'showSql',
      answerId: '0b6a2f3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    },
    { text: 'hi', intent: 'greeting' },
    { text: 'good morning!', intent: 'greeting' },
    { text: 'thanks!', intent: 'thanks' },
    { text: 'thank you so much', intent: 'thanks' },
    { text: 'help me find total sales in 2023', intent: null },
    { text: 'show me the query volume by day', intent: null },
    { text: 'cancelled orders last month', intent: null },
    { text: 'how many orders were reset?', intent: null },
    { text: 'How many customers do we have?', intent: null },
  ];

  it.each(messages)('"$text" → $intent', ({ text, intent, answerId }) => {
    const recognized = recognizeIntent(text);
    expect(recognized?.name ?? null).toBe(intent);
    expect(recognized?.answerId).toBe(answerId);
  });
});

describe('parseFeedbackText', () => {
  const texts: { text: string; expected: ReturnType<typeof parseFeedbackText> }[] = [
    { text: '👍', expected: { value: 'up' } },
    { text: ' 👎 ', expected: { value: 'down' } },
    { text: ':+1:', expected: { value: 'up' } },
    { text: 'thumbs down', expected: { value: 'down' } },
    { text: 'feedback up 3f2a-77', expected: { value: 'up', answerId: '3f2a-77' } },
    { text: 'feedback down abc', expected: { value: 'down', answerId: 'abc' } },
    { text: 'good answer!', expected: { value: 'up' } },
    { text: '👍 but show me 2022', expected: null },
    { text: 'how many thumbs up did we get?', expected: null },
  ];
  it.each(texts)('"$text"', ({ text, expected }) => {
    expect(parseFeedbackText(text)).toEqual(expected);
  });
});
