import { DECISIONS, type Decision } from './businessDataset';
import type { ItemScore } from './businessScore';
import { percentile } from './metrics';

/** One scored question, as the metrics need it. */
export interface ScoredQuestion {
  id: string;
  db: string;
  expect: Decision;
  score: ItemScore;
  /** The pipeline's own `timings.total`, ms. */
  totalMs: number;
  /** The answer carried an error code. */
  error: boolean;
}

/** One scored conversation turn, as the metrics need it. */
export interface ScoredTurn {
  conversation: string;
  db: string;
  score: ItemScore;
}

/** Decisions taken, per expected decision (`none`: a turn that never reached the pipeline). */
export type Confusion = Record<Decision, Record<Decision | 'none', number>>;

/** Scores of the single questions of one group (a database, or all). */
export interface QuestionMetrics {
  questions: number;
  /** Items per expected decision. */
  expected: Record<Decision, number>;
  confusion: Confusion;
  /** Share of `answer` items answered, `clarify` items clarified, `decline` items declined. */
  answerAccuracy: number | null;
  clarifyAccuracy: number | null;
  declineAccuracy: number | null;
  /** Share of all items whose decision is the expected one. */
  decisionAccuracy: number | null;
  /** Execution match of `answer` items (not answered counts as no match). */
  executionMatch: number | null;
  /** `answer` items the bot answered (the denominator of the table rates). */
  answered: number;
  tablesExact: number | null;
  tablesCovering: number | null;
  /** Share of `answer` items declined. */
  answerableDeclined: number | null;
  /** Share of `clarify` items clarified with both readings offered. */
  clarifyBothReadings: number | null;
  /** `clarify` items answered instead, and how many of those answers matched one of the two readings. */
  clarifyAnswered: number;
  clarifyAnsweredMatched: number;
  /** Answers with an error code. */
  errors: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyMaxMs: number | null;
}

/** Scores of the conversations of one group. */
export interface ConversationMetrics {
  conversations: number;
  turns: number;
  /** Share of turns scored right. */
  turnAccuracy: number | null;
  /** Conversations with every turn right. */
  allRight: number;
  allRightRate: number | null;
}

/** Everything scored for one group. */
export interface BusinessGroupMetrics {
  questions: QuestionMetrics;
  conversations: ConversationMetrics;
}

/** Overall and per database. */
export interface BusinessMetrics {
  overall: BusinessGroupMetrics;
  databases: Record<string, BusinessGroupMetrics>;
}

const share = <T>(items: readonly T[], test: (item: T) => boolean): number | null =>
  items.length === 0 ? null : items.filter(test).length / items.length;

function emptyConfusion(): Confusion {
  const row = () => ({ answer: 0, clarify: 0, decline: 0, none: 0 });
  return { answer: row(), clarify: row(), decline: row() };
}

/** Scores a group of single questions (see {@link QuestionMetrics}). */
export function questionMetrics(items: readonly ScoredQuestion[]): QuestionMetrics {
  const of = (expect: Decision) => items.filter((i) => i.expect === expect);
  const answerable = of('answer');
  const ambiguous = of('clarify');
  const confusion = emptyConfusion();
  for (const i of items) confusion[i.expect][i.score.decision] += 1;
  const answered = answerable.filter((i) => i.score.decision === 'answer');
  const clarifyAnswered = ambiguous.filter((i) => i.score.decision === 'answer');
  const latencies = items.map((i) => i.totalMs).filter((t) => Number.isFinite(t));
  const expected = Object.fromEntries(DECISIONS.map((d) => [d, of(d).length])) as Record<Decision, number>;
  return {
    questions: items.length,
    expected,
    confusion,
    answerAccuracy: share(answerable, (i) => i.score.decisionRight),
    clarifyAccuracy: share(ambiguous, (i) => i.score.decisionRight),
    declineAccuracy: share(of('decline'), (i) => i.score.decisionRight),
    decisionAccuracy: share(items, (i) => i.score.decisionRight),
    executionMatch: share(answerable, (i) => i.score.match === true),
    answered: answered.length,
    tablesExact: share(answered, (i) => i.score.tablesExact === true),
    tablesCovering: share(answered, (i) => i.score.tablesCovering === true),
    answerableDeclined: share(answerable, (i) => i.score.decision === 'decline'),
    clarifyBothReadings: share(ambiguous, (i) => i.score.bothReadings === true),
    clarifyAnswered: clarifyAnswered.length,
    clarifyAnsweredMatched: clarifyAnswered.filter((i) => i.score.matchedReading !== null).length,
    errors: items.filter((i) => i.error).length,
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
    latencyMaxMs: latencies.length === 0 ? null : Math.max(...latencies),
  };
}

/** Items and items right per category (`lookup`, `top-n`, `ambiguous`, ...), across databases. */
export function categoryMetrics(
  items: readonly (ScoredQuestion & { category: string })[],
): Record<string, { questions: number; right: number }> {
  const out: Record<string, { questions: number; right: number }> = {};
  for (const i of items) {
    const c = (out[i.category || '(none)'] ??= { questions: 0, right: 0 });
    c.questions += 1;
    if (i.score.correct) c.right += 1;
  }
  return out;
}

/** Scores a group of conversation turns (see {@link ConversationMetrics}). */
export function conversationMetrics(turns: readonly ScoredTurn[]): ConversationMetrics {
  const byConversation = new Map<string, ScoredTurn[]>();
  for (const t of turns)
    byConversation.set(t.conversation, [...(byConversation.get(t.conversation) ?? []), t]);
  const allRight = [...byConversation.values()].filter((ts) => ts.every((t) => t.score.correct)).length;
  return {
    conversations: byConversation.size,
    turns: turns.length,
    turnAccuracy: share(turns, (t) => t.score.correct),
    allRight,
    allRightRate: byConversation.size === 0 ? null : allRight / byConversation.size,
  };
}

/** Scores everything overall and per database (databases sorted by name). */
export function summarizeBusiness(
  questions: readonly ScoredQuestion[],
  turns: readonly ScoredTurn[],
): BusinessMetrics {
  const dbs = [...new Set([...questions.map((q) => q.db), ...turns.map((t) => t.db)])].sort();
  const databases: Record<string, BusinessGroupMetrics> = {};
  for (const db of dbs) {
    databases[db] = {
      questions: questionMetrics(questions.filter((q) => q.db === db)),
      conversations: conversationMetrics(turns.filter((t) => t.db === db)),
    };
  }
  return {
    overall: { questions: questionMetrics(questions), conversations: conversationMetrics(turns) },
    databases,
  };
}
