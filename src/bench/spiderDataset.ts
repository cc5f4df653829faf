import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TablebotError } from '../errors';

/** One database description of a Spider `tables.json`. */
export interface SpiderSchema {
  dbId: string;
  /** Table names as the SQLite file spells them. */
  tableNames: string[];
  /** `[tableIndex, columnName]`; index 0 is Spider's `[-1, '*']`. */
  columns: [number, string][];
  /** Spider's declared column types (`text`, `number`, `time`, `boolean`, `others`), aligned with `columns`. */
  columnTypes: string[];
  /** Primary keys as column indexes; a nested list is one composite key. */
  primaryKeys: (number | number[])[];
  /** `[column, referencedColumn]` index pairs; a composite key appears as several pairs. */
  foreignKeys: [number, number][];
}

/** One benchmark question with its gold SQL (SQLite dialect). */
export interface SpiderQuestion {
  /** Stable id: `<set>:<position in the file>`, e.g. `original:17`, `syn:17` (same position = same item). */
  id: string;
  dbId: string;
  question: string;
  goldSql: string;
}

/** Which question file to read: the original Spider questions or the Spider-Syn rewrites. */
export type SpiderQuestionSet = 'original' | 'syn';

/** File names tried, in order, for each question set (the sample folder first, then Spider's own names). */
export const SPIDER_QUESTION_FILES: Record<SpiderQuestionSet, readonly string[]> = {
  original: ['train_sample.json', 'dev.json', 'train_spider.json'],
  syn: ['train_sample_syn.json', 'dev_syn.json', 'train_spider_syn.json'],
};

/** A Spider-format folder is missing a file or has malformed content. */
export class SpiderDatasetError extends TablebotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SPIDER_DATASET_INVALID', message, options);
  }
}

const tablesSchema = z.array(
  z.object({
    db_id: z.string(),
    table_names_original: z.array(z.string()),
    column_names_original: z.array(z.tuple([z.number().int(), z.string()])),
    column_types: z.array(z.string()),
    primary_keys: z.array(z.union([z.number().int(), z.array(z.number().int())])),
    foreign_keys: z.array(z.tuple([z.number().int(), z.number().int()])),
  }),
);

const questionsSchema = z.array(z.object({ db_id: z.string(), question: z.string(), query: z.string() }));

function readJson(file: string, method: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (cause) {
    throw new SpiderDatasetError(`${method}: cannot read ${file}`, { cause });
  }
}

/** Reads `tables.json` of a Spider-format folder. @throws SpiderDatasetError */
export function readSpiderSchemas(options: { spiderDir: string }): SpiderSchema[] {
  const file = path.join(options.spiderDir, 'tables.json');
  const parsed = tablesSchema.safeParse(readJson(file, 'readSpiderSchemas'));
  if (!parsed.success) {
    throw new SpiderDatasetError(`readSpiderSchemas: ${file} is not a Spider tables.json`, {
      cause: parsed.error,
    });
  }
  return parsed.data.map((d) => ({
    dbId: d.db_id,
    tableNames: d.table_names_original,
    columns: d.column_names_original,
    columnTypes: d.column_types,
    primaryKeys: d.primary_keys,
    foreignKeys: d.foreign_keys,
  }));
}

/** Path of a database's SQLite file: `database/<db_id>/<db_id>.sqlite`. */
export function spiderDatabaseFile(spiderDir: string, dbId: string): string {
  return path.join(spiderDir, 'database', dbId, `${dbId}.sqlite`);
}

/**
 * Reads one question set of a Spider-format folder, in file order.
 * @throws SpiderDatasetError when no file of the set exists or it is malformed
 */
export function readSpiderQuestions(options: {
  spiderDir: string;
  set: SpiderQuestionSet;
}): SpiderQuestion[] {
  const candidates = SPIDER_QUESTION_FILES[options.set].map((f) => path.join(options.spiderDir, f));
  const file = candidates.find((f) => fs.existsSync(f));
  if (!file) {
    throw new SpiderDatasetError(
      `readSpiderQuestions: no ${options.set} question file in ${options.spiderDir} (tried ${SPIDER_QUESTION_FILES[options.set].join(', ')})`,
    );
  }
  const parsed = questionsSchema.safeParse(readJson(file, 'readSpiderQuestions'));
  if (!parsed.success) {
    throw new SpiderDatasetError(`readSpiderQuestions: ${file} is not a Spider question file`, {
      cause: parsed.error,
    });
  }
  return parsed.data.map((q, i) => ({
    id: `${options.set}:${i}`,
    dbId: q.db_id,
    question: q.question,
    goldSql: q.query,
  }));
}
