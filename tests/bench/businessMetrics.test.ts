import type { Decision } from '../../src/bench/businessDataset';
import { conversationMetrics, questionMetrics, type ScoredQuestion } from '../../src/bench/businessMetrics';
import type { ItemScore } from '../../src/bench/businessScore';

function score(expect: Decision, decision: ItemScore['decision'], extra: Partial<ItemScore> = {}): ItemScore {
  const decisionRight = decision === expect;
  return {
    decision,
    decisionRight,
    match: expect === 'answer' ? false : null,
    matchedReading: null,
    tablesExact: null,
    tablesCovering: null,
    offered: null,
    bothReadings: expect === 'clarify' ? false : null,
    correct: expect === 'answer' ? false : decisionRight,
    ...extra,
  };
}

const q = (id: string, expect: Decision, s: ItemScore, totalMs = 10): ScoredQuestion => ({
  id,
  db: 'x',
  expect,
  score: s,
  totalMs,
  error: false,
});

describe('questionMetrics', () => {
  const items = [
    q(
      'a1',
      'answer',
      score('answer', 'answer', {
        match: true,
        correct: true,
        matchedReading: 'gold',
        tablesExact: true,
        tablesCovering: true,
      }),
    ),
    q('a2', 'answer', score('answer', 'answer', { tablesExact: false, tablesCovering: true })),
    q('a3', 'answer', score('answer', 'decline')),
    q('a4', 'answer', score('answer', 'clarify')),
    q('c1', 'clarify', score('clarify', 'clarify', { bothReadings: true })),
    q('c2', 'clarify', score('clarify', 'answer', { matchedReading: 'alt' })),
    q('c3', 'clarify', score('clarify', 'answer')),
    q('d1', 'decline', score('decline', 'decline'), 90),
    q('d2', 'decline', score('decline', 'answer'), 50),
  ];
  const m = questionMetrics(items);

  it('reports decision accuracy per expected decision and the confusion matrix', () => {
    expect(m.expected).toEqual({ answer: 4, clarify: 3, decline: 2 });
    expect(m.answerAccuracy).toBeCloseTo(2 / 4);
    expect(m.clarifyAccuracy).toBeCloseTo(1 / 3);
    expect(m.declineAccuracy).toBeCloseTo(1 / 2);
    expect(m.confusion.answer).toEqual({ answer: 2, clarify: 1, decline: 1, none: 0 });
    expect(m.confusion.clarify).toEqual({ answer: 2, clarify: 1, decline: 0, none: 0 });
    expect(m.confusion.decline).toEqual({ answer: 1, clarify: 0, decline: 1, none: 0 });
  });

  it('scores EX over all answerable items and tables over the answered ones', () => {
    expect(m.executionMatch).toBeCloseTo(1 / 4);
    expect(m.answered).toBe(2);
    expect(m.tablesExact).toBeCloseTo(1 / 2);
    expect(m.tablesCovering).toBe(1);
    expect(m.answerableDeclined).toBeCloseTo(1 / 4);
  });

  it('scores clarifications with both readings and answers given instead', () => {
    expect(m.clarifyBothReadings).toBeCloseTo(1 / 3);
    expect(m.clarifyAnswered).toBe(2);
    expect(m.clarifyAnsweredMatched).toBe(1);
  });

  it('reports latency percentiles', () => {
    expect(m.latencyP50Ms).toBe(10);
    expect(m.latencyP95Ms).toBe(90);
    expect(m.latencyMaxMs).toBe(90);
  });
});

describe('conversationMetrics', () => {
  it('counts turns right and conversations right on every turn', () => {
    const turn = (conversation: string, correct: boolean) => ({
      conversation,
      db: 'x',
      score: score('answer', 'answer', { correct, match: correct }),
    });
    const m = conversationMetrics([turn('c1', true), turn('c1', true), turn('c2', true), turn('c2', false)]);
    expect(m).toEqual({ conversations: 2, turns: 4, turnAccuracy: 0.75, allRight: 1, allRightRate: 0.5 });
  });
});
