import { resolveFollowUp, type PreviousQuestion } from '../../src/bot/followUp';

const prev = (question: string, sql: string | null = null, tables = ['sales.orders']): PreviousQuestion => ({
  question,
  sql,
  tables,
});

describe('resolveFollowUp', () => {
  const rewrites: { previous: PreviousQuestion; message: string; expected: string; changes: string[] }[] = [
    // time period replaced
    {
      previous: prev('Total online sales in 2023 by month?'),
      message: 'and in 2022?',
      expected: 'Total online sales in 2022 by month?',
      changes: ['time'],
    },
    {
      previous: prev('Total online sales in 2023 by month?'),
      message: 'what about 2021',
      expected: 'Total online sales in 2021 by month?',
      changes: ['time'],
    },
    {
      previous: prev('revenue for 2023 per store'),
      message: '2022?',
      expected: 'revenue for 2022 per store',
      changes: ['time'],
    },
    {
      previous: prev('How many orders in March 2024?'),
      message: 'and April 2024?',
      expected: 'How many orders in April 2024?',
      changes: ['time'],
    },
    {
      previous: prev('How many orders in Q1 2024?'),
      message: 'what about q2 2024',
      expected: 'How many orders in q2 2024?',
      changes: ['time'],
    },
    {
      previous: prev('How many orders in 2024?'),
      message: 'and last year?',
      expected: 'How many orders last year?',
      changes: ['time'],
    },
    {
      previous: prev('How many orders last month?'),
      message: 'how about in 2020',
      expected: 'How many orders in 2020?',
      changes: ['time'],
    },
    {
      previous: prev('How many orders were placed?'),
      message: 'and in 2022?',
      expected: 'How many orders were placed in 2022?',
      changes: ['time'],
    },
    // grouping replaced
    {
      previous: prev('Total online sales in 2023 by week'),
      message: 'by month instead',
      expected: 'Total online sales in 2023 by month',
      changes: ['grouping'],
    },
    {
      previous: prev('Revenue per store in 2023?'),
      message: 'break it down by region',
      expected: 'Revenue by region in 2023?',
      changes: ['grouping'],
    },
    {
      previous: prev('Revenue in 2023?'),
      message: 'now by channel',
      expected: 'Revenue in 2023 by channel?',
      changes: ['grouping'],
    },
    // filter added / swapped
    {
      previous: prev('Total sales by month in 2023?'),
      message: 'only for Boise',
      expected: 'Total sales by month in 2023 for Boise?',
      changes: ['filter'],
    },
    {
      previous: prev('Total sales for Austin in 2023?'),
      message: 'only for Boise',
      expected: 'Total sales for Boise in 2023?',
      changes: ['filter'],
    },
    {
      previous: prev('How many customers in Austin'),
      message: 'just in Boise',
      expected: 'How many customers in Boise',
      changes: ['filter'],
    },
    {
      previous: prev('Orders by store in 2023'),
      message: 'excluding returns',
      expected: 'Orders by store in 2023 excluding returns',
      changes: ['filter'],
    },
    {
      previous: prev('Orders by store in 2023'),
      message: 'for online orders only',
      expected: 'Orders by store in 2023 for online orders',
      changes: ['filter'],
    },
    // subject swapped
    {
      previous: prev(
        'What were fashion sales in 2023?',
        "SELECT sum(amount) FROM sales.orders WHERE category = 'Fashion' AND year = 2023",
      ),
      message: 'what about electronics?',
      expected: 'What were electronics sales in 2023?',
      changes: ['subject'],
    },
    {
      previous: prev('Total sales in Boise in 2023'),
      message: 'what about Austin?',
      expected: 'Total sales in Austin in 2023',
      changes: ['subject'],
    },
    {
      previous: prev('Total sales in 2023'),
      message: 'what about fashion?',
      expected: 'Total sales in 2023 for fashion',
      changes: ['subject'],
    },
    // several changes at once
    {
      previous: prev('Total sales by week in 2023'),
      message: 'and by month in 2022?',
      expected: 'Total sales by month in 2022',
      changes: ['time', 'grouping'],
    },
    {
      previous: prev('Total sales by week in 2023'),
      message: 'same for 2021',
      expected: 'Total sales by week in 2021',
      changes: ['time'],
    },
    {
      previous: prev('Total sales in Boise in 2023'),
      message: 'same for Austin',
      expected: 'Total sales in Austin in 2023',
      changes: ['subject'],
    },
  ];

  it.each(rewrites)(
    '"$message" after "$previous.question" → "$expected"',
    ({ previous, message, expected, changes }) => {
      const resolved = resolveFollowUp(message, previous);
      expect(resolved.question).toBe(expected);
      expect(resolved.changes).toEqual(changes);
      expect(resolved.context).toEqual({
        previousQuestion: previous.question,
        previousTables: previous.tables,
        previousSql: previous.sql,
      });
    },
  );

  const standalone: { previous: PreviousQuestion | undefined; message: string }[] = [
    { previous: undefined, message: 'and in 2022?' },
    { previous: prev('Total sales in 2023'), message: 'How many customers live in Boise?' },
    { previous: prev('Total sales in 2023'), message: 'and how many customers are there in each city?' },
    {
      previous: prev('Total sales in 2023'),
      message: 'what about the number of orders placed online by returning customers last year',
    },
    { previous: prev('Total sales in 2023'), message: 'list all stores' },
    { previous: prev('Total sales in 2023'), message: 'in which city are most customers' },
    { previous: prev('Total sales in 2023'), message: 'What may affect sales?' },
  ];

  it.each(standalone)('"$message" is a question of its own', ({ previous, message }) => {
    const resolved = resolveFollowUp(message, previous);
    expect(resolved.question).toBe(message);
    expect(resolved.changes).toEqual([]);
    expect(resolved.context).toBeUndefined();
  });
});
