import { openSqlSourceApp, type SqlSourceApp } from '../support/sqlSourceApp';
import type { AskResult } from '../../src/pipeline/types';

/**
 * A made-up plant nursery: patrons, plant kinds ("Fern", "Tree Fern", "Fern And Moss"), plants, receipts over three
 * years with their lines (quantity and amount), plant reviews and, unrelated, workshop feedback (both rated).
 */
const NURSERY_SQL = `
CREATE SCHEMA shop;
CREATE TABLE shop.patrons (patron_id int PRIMARY KEY, full_name text NOT NULL, city text NOT NULL, region text NOT NULL);
CREATE TABLE shop.plant_kinds (kind_id int PRIMARY KEY, kind_name text NOT NULL);
CREATE TABLE shop.plants (
  plant_id int PRIMARY KEY, plant_name text NOT NULL,
  kind_id int NOT NULL REFERENCES shop.plant_kinds(kind_id), unit_price numeric(8,2) NOT NULL);
CREATE TABLE shop.receipts (
  receipt_id int PRIMARY KEY, patron_id int NOT NULL REFERENCES shop.patrons(patron_id),
  receipt_date date NOT NULL, total_amt numeric(10,2) NOT NULL);
CREATE TABLE shop.receipt_lines (
  line_id int PRIMARY KEY, receipt_id int NOT NULL REFERENCES shop.receipts(receipt_id),
  plant_id int NOT NULL REFERENCES shop.plants(plant_id), qty int NOT NULL, line_amt numeric(10,2) NOT NULL);
CREATE TABLE shop.plant_reviews (
  review_id int PRIMARY KEY, plant_id int NOT NULL REFERENCES shop.plants(plant_id), rating int NOT NULL);
CREATE TABLE shop.workshop_feedback (feedback_id int PRIMARY KEY, workshop_title text NOT NULL, rating int NOT NULL);
CREATE TABLE shop.flyer_runs (run_id int PRIMARY KEY, run_title text NOT NULL, budget_amt numeric(10,2) NOT NULL);
CREATE TABLE shop.flyer_spend (
  spend_id int PRIMARY KEY, run_id int NOT NULL REFERENCES shop.flyer_runs(run_id),
  spend_week date NOT NULL, spend_amt numeric(10,2) NOT NULL);
INSERT INTO shop.patrons VALUES (1, 'Ada Lind', 'Lyon', 'Rhone'), (2, 'Bo Kern', 'Graz', 'Styria'),
  (3, 'Cy Moll', 'Lyon', 'Georgia'), (4, 'Di Roth', 'Leoben', 'Styria'), (5, 'Ed Funk', 'Nice', 'Provence'),
  (6, 'Flo Dahl', 'Arles', 'Provence'), (7, 'Gus Ames', 'Macon', 'Georgia'), (8, 'Hal Berg', 'Graz', 'Styria'),
  (9, 'Patron 1', 'Town 01', 'Styria'), (10, 'Patron 2', 'Town 02', 'Provence'), (11, 'Patron 3', 'Town 03', 'Rhone'), (12, 'Patron 4', 'Town 04', 'Georgia'), (13, 'Patron 5', 'Town 05', 'Styria'), (14, 'Patron 6', 'Town 06', 'Provence'), (15, 'Patron 7', 'Town 07', 'Rhone'), (16, 'Patron 8', 'Town 08', 'Georgia'), (17, 'Patron 9', 'Town 09', 'Styria'), (18, 'Patron 10', 'Town 10', 'Provence'), (19, 'Patron 11', 'Town 11', 'Rhone'), (20, 'Patron 12', 'Town 12', 'Georgia'), (21, 'Patron 13', 'Town 13', 'Styria'), (22, 'Patron 14', 'Town 14', 'Provence'), (23, 'Patron 15', 'Town 15', 'Rhone'), (24, 'Patron 16', 'Town 16', 'Georgia'), (25, 'Patron 17', 'Town 17', 'Styria'), (26, 'Patron 18', 'Town 18', 'Provence'), (27, 'Patron 19', 'Town 19', 'Rhone'), (28, 'Patron 20', 'Town 20', 'Georgia');
INSERT INTO shop.plant_kinds VALUES (1, 'Fern'), (2, 'Tree Fern'), (3, 'Palm'), (4, 'Cactus'),
  (5, 'Fern And Moss'), (6, 'Palm And Cycad');
INSERT INTO shop.plants VALUES (1, 'Boston', 1, 12.00), (2, 'Dicksonia', 2, 80.00), (3, 'Areca', 3, 30.00),
  (4, 'Saguaro', 4, 25.00), (5, 'Maidenhair', 1, 9.00);
INSERT INTO shop.receipts VALUES (1, 1, '2022-02-10', 24.00), (2, 2, '2023-01-15', 80.00), (3, 3, '2023-02-01', 39.00),
  (4, 1, '2024-03-03', 55.00), (5, 2, '2024-07-07', 30.00);
INSERT INTO shop.receipt_lines VALUES (1, 1, 1, 2, 24.00), (2, 2, 2, 1, 80.00), (3, 3, 5, 1, 9.00), (4, 3, 3, 1, 30.00),
  (5, 4, 4, 1, 25.00), (6, 4, 3, 1, 30.00), (7, 5, 3, 1, 30.00);
INSERT INTO shop.plant_reviews VALUES (1, 1, 5), (2, 2, 4), (3, 3, 2);
INSERT INTO shop.workshop_feedback VALUES (1, 'Repotting', 3), (2, 'Pruning', 5);
INSERT INTO shop.flyer_runs VALUES (1, 'Spring', 500.00), (2, 'Autumn', 300.00);
INSERT INTO shop.flyer_spend VALUES (1, 1, '2024-03-04', 120.00), (2, 1, '2024-03-11', 90.00), (3, 2, '2024-09-02', 150.00);
`;

/** Readings that give different results are offered as options in business words (issue 8, decision rules 4 and 5). */
describe('reading alternatives (clarify two readings)', () => {
  let opened: SqlSourceApp | undefined;

  beforeAll(async () => {
    opened = await openSqlSourceApp({ name: 'nursery', sql: NURSERY_SQL });
  }, 180_000);
  afterAll(() => opened?.close());

  const ask = (question: string, forceTables?: string[]) =>
    (opened as SqlSourceApp).ask(question, forceTables);
  /** Asks the option's reading, as the clarification dialog does. */
  const pick = (result: AskResult, index: number, question: string) => {
    const option = result.clarification?.options[index];
    if (!option) throw new Error(`no option ${index} in ${JSON.stringify(result.clarification)}`);
    return ask(option.question ?? question, option.tables);
  };
  const labels = (r: AskResult) => (r.clarification?.options ?? []).map((o) => o.label);

  it('"how many <synonym of a summed metric>": the number of rows or the total, and each option answers its reading', async () => {
    const q = 'how many sales did we have in 2023?';
    const result = await ask(q);
    expect(result.decision).toBe('clarify');
    expect(labels(result)).toEqual([
      expect.stringMatching(/^Number of receipts/),
      expect.stringMatching(/^Total revenue/),
    ]);
    const count = await pick(result, 0, q);
    expect(count.rows).toEqual([[2]]);
    const total = await pick(result, 1, q);
    expect(Number(total.rows?.[0]?.[0])).toBeCloseTo(119);
  });

  it('a value that is also part of longer values of its column: only it, or all of them', async () => {
    const q = 'how many fern plants do we have';
    const result = await ask(q);
    expect(result.decision).toBe('clarify');
    expect(labels(result)).toEqual(['Only Fern', 'Fern and Tree Fern']);
    expect((await pick(result, 0, q)).sql).not.toContain('Tree Fern');
    const both = await pick(result, 1, q);
    expect(both.sql).toContain('Tree Fern');
    expect(both.sql).toMatch(/'Fern'/);
    expect(both.sql).not.toContain('Moss');
  });

  it('a value that only begins a longer value is no family of values, and a comparison names values exactly', async () => {
    // "Palm And Cycad" is not a kind of palm: nothing to ask
    expect((await ask('how many palm plants do we have')).decision).toBe('answer');
    // two values of one column side by side: each word is its own value ("Tree Fern" is not asked about)
    expect((await ask('are fern plants dearer than palm plants on average?')).decision).toBe('answer');
  });

  it('the same measure in two tables that do not join: asks which, unless another word picks one', async () => {
    const result = await ask("what's the average rating?");
    expect(result.decision).toBe('clarify');
    expect(result.clarification?.options.map((o) => o.tables)).toEqual(
      expect.arrayContaining([['shop.plant_reviews'], ['shop.workshop_feedback']]),
    );
    const picked = await ask('what is the average rating of workshops?');
    expect(picked.decision).not.toBe('clarify');
  });

  it('a quarter without a year while the data spans several years: the latest year or every year', async () => {
    const result = await ask('what was revenue in Q1?');
    expect(result.decision).toBe('clarify');
    expect(labels(result)[0]).toContain('2024');
    expect((await ask('what was revenue in Q1 2024?')).decision).toBe('answer');
  });

  it('"<figure> per <thing>" without an aggregate word: one average or a breakdown', async () => {
    const result = await ask("what's revenue per patron?");
    expect(result.decision).toBe('clarify');
    expect(result.clarification?.options[1].tables).toContain('shop.patrons');
    const breakdown = await pick(result, 1, "what's revenue per patron?");
    expect(breakdown.rowCount).toBe(3);
  });

  it('"how much <thing> did we sell": units or money', async () => {
    const result = await ask('how much Palm plants did we sell in 2024?');
    expect(result.decision).toBe('clarify');
    expect(result.clarification?.options.map((o) => o.column)).toEqual([
      'shop.receipt_lines.qty',
      'shop.receipt_lines.line_amt',
    ]);
  });

  it('an actual figure with a planned one next to it: actual or budget', async () => {
    const result = await ask('how much did we spend on flyers in 2024?');
    expect(result.decision).toBe('clarify');
    expect(result.clarification?.options.map((o) => o.column)).toEqual([
      'shop.flyer_spend.spend_amt',
      'shop.flyer_runs.budget_amt',
    ]);
    expect((await ask('what was the flyer budget?')).decision).toBe('answer');
  });

  it('a value whose rows lie in several places of a coarser column: asks which', async () => {
    const result = await ask('How many patrons are in Lyon?');
    expect(result.decision).toBe('clarify');
    expect(labels(result).sort()).toEqual(['Lyon, Georgia', 'Lyon, Rhone']);
  });

  it('a follow-up continues the reading chosen before', async () => {
    const { app, sourceId } = opened as SqlSourceApp;
    const result = await app.pipeline.ask({
      question: "what's the average rating?",
      sourceIds: [sourceId],
      context: { previousQuestion: 'average workshop rating', previousTables: ['shop.workshop_feedback'] },
    });
    expect(result.decision).toBe('answer');
    expect(result.tables).toEqual(['shop.workshop_feedback']);
  });

  it('answers a question with one reading', async () => {
    expect((await ask('How many patrons are in Graz?')).decision).toBe('answer');
    expect((await ask('total revenue for each patron')).decision).toBe('answer');
  });
});
