import { MemoryStorage, TestAdapter } from 'botbuilder';
import { createBot } from '../bot/createBot';
import { matchOption } from '../bot';
import type { Logger } from '../logging';
import type { AskResult, ClarificationOption } from '../pipeline/types';
import type { DataSource } from '../sources';
import { InMemoryFeedbackStore } from '../store';
import type { BusinessConversation, ConversationTurn, GoldReadings } from './businessDataset';
import { runReadings, scoreItem, type ItemScore } from './businessScore';
import type { RecordingPipeline } from './recordingPipeline';

/** One scored turn of a conversation. */
export interface TurnRecord {
  conversation: string;
  db: string;
  /** 1-based. */
  turn: number;
  say: string;
  expect: ConversationTurn['expect'];
  /** The question the pipeline was last asked in this turn (follow-ups rewritten), or null. */
  asked: string | null;
  /** Tables forced by a clarification answer in this turn. */
  forcedTables: string[] | null;
  /** Pipeline calls the bot made in this turn. */
  calls: number;
  /** The pipeline's last answer in this turn, or null. */
  result: AskResult | null;
  /** The reply picks a clarification option by position and the bot listed the readings the other way round. */
  swapped: boolean;
  /** The gold SQL the turn was scored against (the other reading when swapped). */
  goldSql: string | null;
  score: ItemScore;
}

/** Enough dummy options that any ordinal reply resolves to one of them. */
const POSITION_PROBE: ClarificationOption[] = Array.from({ length: 10 }, () => ({ label: '', tables: [] }));

/** True when the reply picks an option by its position ("the second one", "2"), read by the bot's own matcher. */
export function isPositionalReply(text: string): boolean {
  return matchOption(text, POSITION_PROBE).kind === 'option';
}

const normaliseSql = (sql: string | null) => (sql ?? '').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * README rule 6: a turn that answers a clarification by position is scored against the other reading of
 * the clarified turn when the bot offered the two readings in the other order.
 */
function swappedTurn(turn: ConversationTurn, clarified: ConversationTurn): GoldReadings {
  const goldSql = normaliseSql(turn.goldSql);
  const other =
    goldSql === normaliseSql(clarified.altSql)
      ? clarified.goldSql
      : goldSql === normaliseSql(clarified.goldSql)
        ? clarified.altSql
        : null;
  return other === null ? turn : { ...turn, goldSql: other, altSql: null, goldTables: clarified.goldTables };
}

/**
 * Drives one conversation through the real bot (`createBot`: main dialog, follow-up rewriting,
 * clarification dialog and option matcher) on botbuilder's TestAdapter, turn by turn, and scores each turn
 * right after it: its readings run on the same database at once.
 */
export async function runConversation(options: {
  conversation: BusinessConversation;
  /** The real pipeline, scoped to the conversation's source. */
  pipeline: RecordingPipeline;
  source: DataSource;
  logger: Logger;
}): Promise<TurnRecord[]> {
  const { conversation, pipeline, source } = options;
  const bot = createBot({
    pipeline,
    storage: new MemoryStorage(),
    feedbackStore: new InMemoryFeedbackStore(),
    logger: options.logger,
  });
  const adapter = new TestAdapter((context) => bot.run(context), {
    channelId: 'test',
    conversation: {
      id: conversation.id,
      name: conversation.id,
      isGroup: false,
      conversationType: 'personal',
    },
  });
  pipeline.take();
  const records: TurnRecord[] = [];
  let previous: { turn: ConversationTurn; score: ItemScore } | null = null;
  for (const [index, turn] of conversation.turns.entries()) {
    await adapter.processActivity({ type: 'message', text: turn.say });
    adapter.activeQueue.splice(0);
    const calls = pipeline.take();
    const last = calls.at(-1) ?? null;
    const result = last?.result ?? null;

    let readingsOf: GoldReadings = turn;
    let swapped = false;
    const clarified = previous?.turn.expect === 'clarify' ? previous : null;
    if (clarified?.score.offered?.swapped && isPositionalReply(turn.say)) {
      swapped = true;
      readingsOf = swappedTurn(turn, clarified.turn);
    }
    const readings = await runReadings(source, readingsOf);
    const score = scoreItem({ item: readingsOf, result, readings });
    records.push({
      conversation: conversation.id,
      db: conversation.db,
      turn: index + 1,
      say: turn.say,
      expect: turn.expect,
      asked: last?.request.question ?? null,
      forcedTables: last?.request.forceTables ?? null,
      calls: calls.length,
      result,
      swapped,
      goldSql: readingsOf.goldSql,
      score,
    });
    previous = { turn, score };
  }
  return records;
}
