import { IndexError, SourceError } from '../../src/errors';
import type { AnswerPipeline, AskRequest, AskResult } from '../../src/pipeline/types';
import { ShowcaseBot } from './support/showcaseBot';
import { startTestServer, type StartedServer } from './support/serverHarness';

/**
 * The HTTP layer is under test here, not the answering: this pipeline records each request and answers
 * with a result shaped from it, or fails the way the real pipeline fails for some sources.
 */
class RecordingPipeline implements AnswerPipeline {
  public readonly requests: AskRequest[] = [];

  async ask(request: AskRequest): Promise<AskResult> {
    this.requests.push(request);
    const source = request.sourceIds?.[0];
    if (source === 'never-indexed') {
      throw new SourceError(
        'SOURCE_NOT_INDEXED',
        'TablebotPipeline.ask: source never-indexed is not indexed; run npm run reindex',
      );
    }
    if (source === 'broken-index') throw new IndexError('INDEX_MISSING', 'TablebotPipeline.ask: no index');
    if (source === 'bug') throw new Error('an unexpected bug with internal details');
    return {
      decision: 'answer',
      candidates: [{ table: 'sales.orders', sourceId: source ?? 'demo', score: 0.9 }],
      tables: ['sales.orders'],
      sql: 'SELECT count(*) FROM sales.orders',
      columns: ['count'],
      rows: [[request.question.length]],
      rowCount: 1,
      truncated: false,
      clarification: null,
      message: 'There are 1 rows.',
      reason: 'best table sales.orders scored 0.90',
      error: null,
      timings: { embed: 1, retrieve: 1, generate: 1, execute: 1, total: 4 },
    };
  }
}

describe('POST /api/ask', () => {
  const pipeline = new RecordingPipeline();
  let started: StartedServer;

  beforeAll(async () => {
    started = await startTestServer({ bot: new ShowcaseBot(), pipeline });
  });
  afterAll(() => started.close());

  const ask = async (body: unknown, contentType = 'application/json') => {
    const response = await fetch(`${started.baseUrl}/api/ask`, {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

  test('answers with the pipeline result as JSON, passing source and maxRows through', async () => {
    const { status, body } = await ask({ question: '  How many orders?  ', source: 'warehouse', maxRows: 5 });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      decision: 'answer',
      tables: ['sales.orders'],
      rows: [['How many orders?'.length]],
      rowCount: 1,
    });
    // One timing field name across the CLI, /api/ask and the bench; `timings` is the deprecated alias.
    expect(body.timings_ms).toEqual({ embed: 1, retrieve: 1, generate: 1, execute: 1, total: 4 });
    expect(body.timings).toEqual(body.timings_ms);
    expect(pipeline.requests.at(-1)).toEqual({
      question: 'How many orders?',
      sourceIds: ['warehouse'],
      maxRows: 5,
      identity: { channel: 'api', ids: [] },
    });
  });

  test.each([
    ['an empty question', { question: '   ' }, /question must not be empty/],
    ['a missing question', { source: 'demo' }, /question must be a string/],
    ['a question that is too long', { question: 'x'.repeat(2001) }, /at most 2000 characters/],
    ['a maxRows that is not a positive integer', { question: 'q', maxRows: 0 }, /expected a JSON body/],
    ['a body that is not JSON', 'question=hello', /expected a JSON body/],
  ])('refuses %s with 400 and a clear message', async (_name, body, message) => {
    const { status, body: error } = await ask(
      body,
      typeof body === 'string' ? 'text/plain' : 'application/json',
    );
    expect(status).toBe(400);
    expect(error).toMatchObject({ error: 'BAD_REQUEST' });
    expect(error.message).toMatch(message);
  });

  test.each([
    ['never-indexed', 400, 'SOURCE_NOT_INDEXED', /npm run reindex/],
    ['broken-index', 503, 'INDEX_MISSING', /no index/],
    ['bug', 500, 'INTERNAL', /could not answer/],
  ])('maps a pipeline failure for source %s to %i', async (source, status, code, message) => {
    const result = await ask({ question: 'How many orders?', source });
    expect(result.status).toBe(status);
    expect(result.body.error).toBe(code);
    expect(result.body.message).toMatch(message);
    expect(JSON.stringify(result.body)).not.toContain('internal details');
  });
});

test('/api/ask is not there when no pipeline is given', async () => {
  const started = await startTestServer({ bot: new ShowcaseBot() });
  try {
    const response = await fetch(`${started.baseUrl}/api/ask`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
  } finally {
    await started.close();
  }
});
