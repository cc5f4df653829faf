import type { AnswerPipeline, AskRequest, AskResult, ClarificationOption } from '../../../src/pipeline/types';
import { DECLINE_MESSAGE, resultWithoutRows } from '../../../src/pipeline/types';

const timings = { embed: 0, retrieve: 0, generate: 0, execute: 0, total: 0 };

/** An `answer` result. */
export function answerResult(fields: {
  tables: string[];
  sql: string;
  columns: string[];
  rows: unknown[][];
  rowCount?: number;
  truncated?: boolean;
  message?: string;
}): AskResult {
  return {
    decision: 'answer',
    candidates: fields.tables.map((table) => ({ table, sourceId: 'demo', score: 0.9 })),
    tables: fields.tables,
    sql: fields.sql,
    columns: fields.columns,
    rows: fields.rows,
    rowCount: fields.rowCount ?? fields.rows.length,
    truncated: fields.truncated ?? false,
    clarification: null,
    message: fields.message ?? `Here is what I found in ${fields.tables.join(', ')}.`,
    reason: 'test',
    error: null,
    timings,
  };
}

/** A `clarify` result. */
export function clarifyResult(question: string, options: ClarificationOption[]): AskResult {
  return {
    ...resultWithoutRows({
      decision: 'clarify',
      message: question,
      reason: 'two readings scored within the margin',
      error: null,
    }),
    candidates: options.flatMap((o) => o.tables.map((table) => ({ table, sourceId: 'demo', score: 0.6 }))),
    clarification: { question, options },
    timings,
  };
}

/** A `decline` result. */
export function declineResult(): AskResult {
  return {
    ...resultWithoutRows({
      decision: 'decline',
      message: DECLINE_MESSAGE,
      reason: 'best table scored 0.12',
      error: null,
    }),
    timings,
  };
}

/**
 * The in-memory {@link AnswerPipeline} the dialog tests talk to (the seam the bot is built around):
 * answers from a small fixed warehouse of tables, keyed on what the request asks for, and records every
 * request so tests can check what the bot sent.
 */
export class FakePipeline implements AnswerPipeline {
  readonly requests: AskRequest[] = [];

  async ask(request: AskRequest): Promise<AskResult> {
    this.requests.push(request);
    const q = request.question.toLowerCase();
    const forced = request.forceTables?.[0];
    if (/explode/.test(q)) throw new Error('connection reset by peer\n    at Socket.ondata (node:net:1:1)');
    if (/weather|football/.test(q)) return declineResult();
    if (/sales/.test(q)) {
      if (!forced) {
        return clarifyResult('Which sales do you mean?', [
          { label: 'Online orders (sales.online_orders)', tables: ['sales.online_orders'] },
          { label: 'Store orders (sales.store_orders)', tables: ['sales.store_orders'] },
        ]);
      }
      if (/amount/.test(q) && !request.preferColumns) {
        return clarifyResult('Which amount?', [
          { label: 'Gross amount', tables: [forced], column: `${forced}.gross_amount` },
          { label: 'Net amount', tables: [forced], column: `${forced}.net_amount` },
        ]);
      }
      const year = /\b(20\d\d)\b/.exec(q)?.[1] ?? '2023';
      return answerResult({
        tables: [forced],
        sql: `SELECT date_trunc('month', ordered_at) AS month, sum(amount) AS total FROM ${forced} WHERE extract(year FROM ordered_at) = ${year} GROUP BY 1 ORDER BY 1`,
        columns: ['month', 'total'],
        rows: [
          [new Date(`${year}-01-01T00:00:00Z`), '12345.5'],
          [new Date(`${year}-02-01T00:00:00Z`), '23456.25'],
        ],
        message: `Total sales by month in ${year} from ${forced}.`,
      });
    }
    if (/customers/.test(q)) {
      const city = /\b(?:in|for)\s+([A-Z][a-z]+)/.exec(request.question)?.[1];
      return answerResult({
        tables: ['crm.customers'],
        sql: city
          ? `SELECT count(*) AS customers FROM crm.customers WHERE city = '${city}'`
          : 'SELECT count(*) AS customers FROM crm.customers',
        columns: ['customers'],
        rows: [[city ? 87 : 1234]],
      });
    }
    if (/orders/.test(q)) {
      const rows = Array.from({ length: 25 }, (_, i) => [i + 1, `Customer ${i + 1}`, (i + 1) * 10.5]);
      return answerResult({
        tables: ['sales.orders'],
        sql: 'SELECT id, customer, amount FROM sales.orders LIMIT 1000',
        columns: ['id', 'customer', 'amount'],
        rows,
        rowCount: 1234,
        truncated: false,
      });
    }
    return declineResult();
  }
}
