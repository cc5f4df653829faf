import type { AnswerPipeline, AskRequest, AskResult } from '../../src/pipeline/types';
import { TURN_TIMEOUT } from '../../src/bot/messages';
import { BotHarness } from './support/botHarness';
import { answerResult } from './support/fakePipeline';

/** A pipeline whose first question never comes back (a hung source), and which answers the others. */
class HangingOncePipeline implements AnswerPipeline {
  calls = 0;
  async ask(request: AskRequest): Promise<AskResult> {
    this.calls++;
    if (this.calls === 1) return new Promise<AskResult>(() => undefined);
    return answerResult({
      tables: ['sales.stores'],
      sql: 'SELECT name FROM sales.stores',
      columns: ['name'],
      rows: [[request.question]],
    });
  }
}

test('a turn past its budget answers with a clear message and the conversation goes on', async () => {
  const pipeline = new HangingOncePipeline();
  const harness = BotHarness.create({ pipeline, turnTimeoutMs: 300 });
  const started = performance.now();
  expect(await harness.texts('how many stores are there?')).toEqual([TURN_TIMEOUT]);
  expect(performance.now() - started).toBeLessThan(300 + 1000);
  const next = await harness.texts('list the stores');
  expect(next.join('\n')).toMatch(/list the stores/);
});
