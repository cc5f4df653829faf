import type { Embedder } from '../../embeddings';
import type { CatalogTable } from '../../catalog';
import type { GenerateRequest, JoinEdge, ReviseRequest, SqlCandidate, SqlGenerator } from '../types';
import type { Cue } from './cuePatterns';
import { findCues } from './cuePatterns';
import { JoinGraph } from './joinGraph';
import { wordKey } from './lexicon';
import { emptyPlan, planTables } from './queryPlan';
import type { Condition, QueryPlan } from './queryPlan';
import { QuestionInterpreter } from './questionInterpreter';
import { tokenizeQuestion } from './questionTokens';
import type { QuestionToken } from './questionTokens';
import { SchemaLinker, yieldToNamedMeasures } from './schemaLinker';
import type { Mention } from './schemaLinker';
import { buildSchemaModel, normalizeValueText } from './schemaModel';
import type { SchemaModel, Segmenter } from './schemaModel';
import {
  createCompoundSegmenter,
  FirstInFirstOut,
  SCHEMA_LINKING_RELATIONS,
  WordNet,
  WordRelations,
} from '../../text';
import { EmbeddingLinker } from './embeddingLinker';
import { SqlWriter } from './sqlWriter';
import { describePlan, nameComputedColumns } from './planReading';
import { ModelVocabulary } from './modelLinker';
import { pathBetween, pathTargets, ranksOrGroups } from './pathWidening';
import {
  joinsWith,
  neighbourJoins,
  referencedNeighbours,
  spelledNeighbours,
  valueNeighbours,
  widenForNegation,
} from './neighbourWidening';
import { decodePlan, encodePlan, isPlanJson } from './planCodec';
import { editPlan } from './planEdit';
import { planTimeColumns } from './queryPlan';
import type { Interpretation } from './questionInterpreter';

/** Options of {@link BuiltinSqlGenerator.create}. */
export interface BuiltinSqlGeneratorOptions {
  /**
   * Embeds question words and column names for fuzzy schema linking when no word of a phrase matches
   * literally. @default none (lexical, synonym and abbreviation matching only)
   */
  embedder?: Embedder;
  /** Precomputed column-name vectors of a table (`schema.table` → column → vector), e.g. from the index. */
  columnVectors?: (table: string) => Record<string, Float32Array> | undefined;
  /** Cosine similarity a question word needs to link to a column through the embedder. @default 0.6 */
  embeddingThreshold?: number;
  /**
   * Splits run-together identifier words (`roomnumber` → `room number`, `stuid` → `stu id`).
   * @default the WordNet-backed compound segmenter (loads WordNet on first use)
   */
  segment?: Segmenter;
  /**
   * WordNet synonyms and hypernyms as weaker word matches ("doctor" → physician, "forename" → first_name).
   * @default true (uses the shared WordNet, loaded on first use)
   */
  wordNet?: boolean;
}

/** What {@link BuiltinSqlGenerator.analyze} returns. */
export interface GeneratorAnalysis {
  tokens: QuestionToken[];
  cues: Cue[];
  mentions: Mention[];
  notes: string[];
  /** The reading's plan. */
  plan: QueryPlan;
  /** Periods the question names that no table of the reading carries a date for. */
  unappliedPeriods: string[];
  candidates: SqlCandidate[];
}

/** Cue kinds whose words never name a schema element (the linker skips them unless a column spells them). */
const HARD_CUES = new Set<Cue['meaning']['kind']>([
  'count',
  'aggregate',
  'extreme',
  'compare',
  'order',
  'direction',
  'limit',
  'distinct',
  'negation',
  'period',
  'bucket',
  'average-reference',
  'all-columns',
  'like',
]);

/**
 * The built-in, schema-guided text-to-SQL generator. It needs no model files: it tokenises the question,
 * links its phrases to the request's tables, columns and profile values, reads the cue phrases of a
 * data-driven pattern table (counts, aggregates, superlatives, comparisons, grouping, ordering, periods,
 * negation, set operations) and writes one Postgres SELECT over the foreign-key joins the columns need.
 * Works from the catalog profiles only (no database access); a question takes a few milliseconds.
 */
export class BuiltinSqlGenerator implements SqlGenerator {
  /** Generator id used in candidates and logs. */
  readonly id = 'builtin';

  private readonly models = new FirstInFirstOut<string, SchemaModel>(MODEL_CACHE_SIZE);
  private readonly vocabularies = new WeakMap<SchemaModel, ModelVocabulary>();

  private constructor(
    private readonly embeddingLinker: EmbeddingLinker | null,
    private readonly segment: Segmenter,
    private readonly relations: WordRelations | null,
  ) {}

  /** Creates the generator. */
  static async create(options: BuiltinSqlGeneratorOptions = {}): Promise<BuiltinSqlGenerator> {
    const linker = options.embedder
      ? EmbeddingLinker.create({
          embedder: options.embedder,
          columnVectors: options.columnVectors,
          threshold: options.embeddingThreshold ?? 0.6,
        })
      : null;
    const relations =
      options.wordNet === false
        ? null
        : new WordRelations({ ...SCHEMA_LINKING_RELATIONS, wordNet: () => WordNet.shared() });
    return new BuiltinSqlGenerator(linker, options.segment ?? createCompoundSegmenter(), relations);
  }

  private schemaModel(request: GenerateRequest): SchemaModel {
    const key = JSON.stringify([
      request.tables.map((t) => `${t.sourceId}:${t.schema}.${t.name}:${t.fingerprint}`),
      request.joins,
    ]);
    const cached = this.models.get(key);
    if (cached) return cached;
    const model = buildSchemaModel(request.tables, request.joins, { segment: this.segment });
    this.models.set(key, model);
    return model;
  }

  /** SQL candidates for the question over the request's tables, best first (usually one). */
  async generate(request: GenerateRequest): Promise<SqlCandidate[]> {
    if (request.tables.length === 0) return [];
    return (await this.analyze(request)).candidates;
  }

  /**
   * The generator's reading of a question: tokens, cues, mentions and the candidates (for diagnostics and the
   * development harness).
   */
  async analyze(original: GenerateRequest): Promise<GeneratorAnalysis> {
    const left = (a: GeneratorAnalysis) => a.candidates[0]?.unaccounted?.length ?? Infinity;
    let request = original;
    let first = await this.analyzeOnce(request);
    // "top 4 patrons by spend" read over orders alone, "patients per nurse" grouped by the raw nurse id: the
    // tables on the join path to what the question names join the request, and the question is read again.
    const path = await this.pathTables(request, first);
    if (path.tables.length > 0) {
      const widened = {
        ...request,
        tables: [...request.tables, ...path.tables],
        joins: joinsWith(
          request,
          request.neighbours?.beyond?.joins ?? request.neighbours?.joins ?? [],
          path.tables,
        ),
      };
      const second = await this.analyzeOnce(widened);
      // The wider reading must still read what the first one read (it adds the path, never moves away), and
      // explain more words, or as many while reading an added table (a grouped key shown by its referenced
      // row's name, a noun read as a name, a sales verb explain no word of their own).
      const read = new Set(planTables(second.plan).map((t) => t.qname));
      const keeps = planTables(first.plan).every((t) => read.has(t.qname));
      const added = path.tables.some((t) => read.has(`${t.schema}.${t.name}`));
      if (keeps && (left(second) < left(first) || (left(second) === left(first) && added))) {
        request = widened;
        first = second;
      }
    }
    // "average salary of staff in <a department's name>": a leftover word that is a stored value of a table
    // one foreign key away joins that table, and the question is read again; the reading that leaves fewer
    // words unexplained is kept.
    const named = valueNeighbours(request, first.candidates[0]?.unaccounted ?? []);
    if (named.length > 0) {
      const second = await this.analyzeOnce({
        ...request,
        tables: [...request.tables, ...named],
        joins: neighbourJoins(request, named),
      });
      return left(second) < left(first) ? second : first;
    }
    // "which SKUs ..." over stock rows alone, "the manager of <store>" answered by a foreign key: the
    // neighbour table whose column the question names, or that the answered key points to, joins the request;
    // the second reading is kept when it shows that table's rows and explains as many words.
    const shown = [...spelledNeighbours(request, first), ...referencedNeighbours(request, first.plan)].filter(
      (t, i, all) => all.indexOf(t) === i,
    );
    if (shown.length === 0) return first;
    const second = await this.analyzeOnce({
      ...request,
      tables: [...request.tables, ...shown],
      joins: neighbourJoins(request, shown),
    });
    const selects = (a: GeneratorAnalysis) =>
      a.plan.select.some((i) =>
        shown.some((t) => i.expr.kind === 'column' && i.expr.column.table.qname === `${t.schema}.${t.name}`),
      );
    return left(second) <= left(first) && selects(second) ? second : first;
  }

  /**
   * Neighbour tables a ranking or grouping question needs besides the request's: the join path from the
   * chosen tables to the tables its leftover words name and to the table a grouped foreign key points to
   * (`pathWidening.ts`). Empty when the question has no such shape or names nothing outside the request.
   */
  private async pathTables(
    request: GenerateRequest,
    first: GeneratorAnalysis,
  ): Promise<{ tables: CatalogTable[] }> {
    const none = { tables: [] };
    const extra = request.neighbours;
    if (!extra || extra.tables.length === 0 || !ranksOrGroups(first.tokens, first.cues)) return none;
    const near = await this.pathOver(request, first, extra);
    // "artists ranked by the tracks sold in a year": the events or dates lie further (artist → album → track →
    // order line → order); the farther ring is linked only then.
    if (!near.unmet || !extra.beyond || extra.beyond.tables.length === 0) return near;
    const far = await this.pathOver(request, first, {
      tables: [...extra.tables, ...extra.beyond.tables],
      joins: extra.beyond.joins,
    });
    return far.tables.length > 0 ? far : near;
  }

  /** The path tables (`pathWidening.ts`) over the request's tables plus `extra`. */
  private async pathOver(
    request: GenerateRequest,
    first: GeneratorAnalysis,
    extra: { tables: CatalogTable[]; joins: JoinEdge[] },
  ): Promise<{ tables: CatalogTable[]; unmet: boolean }> {
    const key = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;
    const chosen = new Set(request.tables.map(key));
    const wideRequest: GenerateRequest = {
      ...request,
      tables: [...request.tables, ...extra.tables.filter((t) => !chosen.has(key(t)))],
      joins: joinsWith(request, extra.joins, extra.tables),
    };
    const { model, mentions } = await this.link(wideRequest, first.tokens);
    const graph = JoinGraph.build(model, edgeScorer(first.tokens));
    const targets = pathTargets({
      chosen,
      wide: model,
      graph,
      tokens: first.tokens,
      mentions,
      leftover: [...(first.candidates[0]?.unaccounted ?? []), ...unfoundLiterals(first)],
      plan: first.plan,
      undated: first.unappliedPeriods.length > 0,
    });
    if (targets.tables.length === 0) return { tables: [], unmet: targets.unmet };
    const chosenTables = model.tables.filter((t) => chosen.has(t.qname));
    return {
      tables: pathBetween(graph, chosenTables, targets.tables).map((t) => t.table),
      unmet: targets.unmet,
    };
  }

  /** One reading of the question over the request's tables, and its candidates. */
  private async analyzeOnce(request: GenerateRequest): Promise<GeneratorAnalysis> {
    const { tokens, cues, mentions, graph, interpretation } = await this.read(request);
    const candidates: SqlCandidate[] = [];
    const add = (plan: QueryPlan, confidence: number, explanation: string) => {
      const candidate = this.candidate(plan, graph, confidence, explanation, interpretation.unaccounted);
      if (candidate && !candidates.some((c) => c.sql === candidate.sql)) candidates.push(candidate);
    };
    const confidence = Math.round((0.35 + 0.5 * interpretation.coverage) * 100) / 100;
    add(interpretation.plan, confidence, describe(interpretation.notes));
    if (candidates.length === 0) add(fallbackPlan(this.schemaModel(request)), 0.2, "the main table's rows");
    return {
      tokens,
      cues,
      mentions,
      notes: interpretation.notes,
      candidates,
      plan: interpretation.plan,
      unappliedPeriods: interpretation.unappliedPeriods,
    };
  }

  /**
   * A follow-up as an edit of the previous answer's plan (`request.previous`, from a candidate's `reading`):
   * the follow-up is read on its own over the request's tables with the previous time column preferred,
   * and what it changes (period, filter, grouping, limit or order, measure) is applied to the previous
   * plan; everything else is kept. Empty when the stored plan does not fit these tables or the follow-up
   * changes nothing the generator can read.
   */
  async revise(request: ReviseRequest): Promise<SqlCandidate[]> {
    if (request.tables.length === 0 || !isPlanJson(request.previous)) return [];
    const model = this.schemaModel(request);
    let previous: QueryPlan;
    try {
      previous = decodePlan(request.previous, model);
    } catch {
      return [];
    }
    const prefer = [
      ...(request.preferColumns ?? []),
      ...planTimeColumns(previous).map((c) => `${c.table.qname}.${c.name}`),
    ];
    const { graph, interpretation, cues } = await this.read({ ...request, preferColumns: prefer });
    const aggregate = cues.find((c) => c.meaning.kind === 'aggregate');
    const limit = cues.find((c) => c.meaning.kind === 'limit' && c.number !== undefined)?.number;
    // A value named with a suffix of its own ("retailers" for Retail) that the linker left over.
    const loose = suffixedValues(interpretation.unaccounted, model);
    const reading: QueryPlan = {
      ...interpretation.plan,
      where: [...interpretation.plan.where, ...loose.filters],
    };
    const unexplained = interpretation.unaccounted.filter((w) => !loose.words.includes(w));
    const edit = editPlan(previous, reading, {
      replace: request.replace ?? false,
      grouping: request.grouping ?? false,
      ...(aggregate?.meaning.kind === 'aggregate' ? { aggregate: aggregate.meaning.fn } : {}),
      ...(limit !== undefined && Number.isInteger(limit) && limit > 0 ? { limit } : {}),
    });
    if (edit.changes.length === 0) return [];
    const candidate = this.candidate(edit.plan, graph, 0.8, `follow-up: changed ${edit.changes.join(', ')}`, [
      ...unexplained,
      ...unknownValues(interpretation.plan),
    ]);
    return candidate ? [candidate] : [];
  }

  /** The candidate of a plan, or null when its tables do not connect. */
  private candidate(
    plan: QueryPlan,
    graph: JoinGraph,
    confidence: number,
    explanation: string,
    unaccounted: string[],
  ): SqlCandidate | null {
    try {
      nameComputedColumns(plan);
      const sql = SqlWriter.write(plan, graph);
      return {
        sql,
        generator: this.id,
        confidence,
        explanation,
        interpretation: describePlan(plan),
        unaccounted,
        reading: encodePlan(plan),
      };
    } catch {
      // A plan whose tables do not connect is skipped.
      return null;
    }
  }

  /** Tokens, cues, schema mentions and the interpreter's reading of a question over the request's tables. */
  private async read(original: GenerateRequest): Promise<{
    tokens: QuestionToken[];
    cues: Cue[];
    mentions: Mention[];
    graph: JoinGraph;
    interpretation: Interpretation;
  }> {
    const tokens = tokenizeQuestion(original.question);
    const request = widenForNegation(original, findCues(tokens));
    const { model, cues, mentions, vocabulary, preferColumns } = await this.link(request, tokens);
    const graph = JoinGraph.build(model, edgeScorer(tokens));
    const interpretation = QuestionInterpreter.interpret({
      model,
      graph,
      tokens,
      cues,
      mentions,
      now: request.now ?? new Date(),
      relativeToDatabase: request.now === undefined,
      preferColumns,
      measures: vocabulary,
    });
    return { tokens, cues, mentions, graph, interpretation };
  }

  /** The schema model of the request's tables, the question's cues and its schema mentions over them. */
  private async link(
    request: GenerateRequest,
    tokens: QuestionToken[],
  ): Promise<{
    model: SchemaModel;
    cues: Cue[];
    mentions: Mention[];
    vocabulary: ModelVocabulary;
    preferColumns: Set<string>;
  }> {
    const found = findCues(tokens);
    const model = this.schemaModel(request);
    const cues = countColumnCues(found, tokens, model);
    const reserved = new Set<number>();
    const blocked = new Set<number>();
    for (const c of cues) {
      if (c.soft || !HARD_CUES.has(c.meaning.kind)) continue;
      // Aggregate words may still be part of a column name ("max temperature", "average price" columns).
      const aggregateWord =
        c.meaning.kind === 'aggregate' || (c.meaning.kind === 'extreme' && c.meaning.aggregateWord === true);
      const into = aggregateWord ? reserved : blocked;
      for (let i = c.start; i < c.end; i++) if (i !== c.numberIndex) into.add(i);
    }
    const preferColumns = new Set(request.preferColumns ?? []);
    const relations = this.relations;
    const relate = relations ? (q: string, s: string) => relations.relate(q, s) : undefined;
    let mentions = SchemaLinker.forModel(model, { relate }).link(tokens, {
      preferColumns,
      reserved,
      blocked,
    });
    // Business words of the semantic model ("clients", "reps", typos) for phrases the schema names miss.
    let vocabulary = this.vocabularies.get(model);
    if (!vocabulary) {
      vocabulary = ModelVocabulary.derive(request.tables, model);
      this.vocabularies.set(model, vocabulary);
    }
    mentions = vocabulary.extend({ tokens, mentions, blocked: new Set([...blocked, ...reserved]) });
    if (this.embeddingLinker) {
      mentions = await this.embeddingLinker.extend({ model, tokens, mentions, reserved, cues });
    }
    mentions = yieldToNamedMeasures(mentions);
    return { model, cues, mentions, vocabulary, preferColumns };
  }
}

/**
 * Words of literals the reading found in no column's values ("SKUs" read as a capitalised name): they may name
 * a table or column outside the request.
 */
function unfoundLiterals(analysis: GeneratorAnalysis): string[] {
  return analysis.mentions
    .filter((m) => m.kind === 'value' && m.type === 'string' && m.candidates.length === 0 && !m.quoted)
    .flatMap((m) => analysis.tokens.slice(m.start, m.end))
    .filter((t) => t.kind === 'word' && !t.stop)
    .map((t) => t.lower);
}

/** What may follow a stored value in a word that names it: plurals and agent nouns ("retailers"). */
const VALUE_SUFFIX = /^(?:s|es|r|rs|er|ers)$/;

/**
 * Filters for leftover words that name a profiled text value plus a suffix ("retailers" → `= 'Retail'`,
 * "drivers" → `= 'Driver'`): the first column, in table order, with exactly one such value.
 */
function suffixedValues(words: string[], model: SchemaModel): { filters: Condition[]; words: string[] } {
  const filters: Condition[] = [];
  const used: string[] = [];
  for (const word of words) {
    const text = normalizeValueText(word);
    if (text.length < 4) continue;
    for (const column of model.columns) {
      if (column.kind !== 'text' || column.isIdentifier) continue;
      const hits = column.values.filter((v) => {
        const value = normalizeValueText(v);
        return value.length >= 4 && text.startsWith(value) && VALUE_SUFFIX.test(text.slice(value.length));
      });
      if (hits.length !== 1) continue;
      filters.push({
        kind: 'compare',
        left: { kind: 'column', column },
        op: '=',
        values: [{ value: hits[0], type: 'string' }],
      });
      used.push(word);
      break;
    }
  }
  return { filters, words: used };
}

/**
 * Text literals of a reading's filters that are not among the profiled values of their column: a value
 * bound to a column by position rather than found there ("Peru" on a name column). A follow-up with
 * such a value is read again with the joined tables, where a column may hold it.
 */
function unknownValues(plan: QueryPlan): string[] {
  const unknown: string[] = [];
  for (const c of plan.where) {
    if (c.kind !== 'compare' || c.left.kind !== 'column' || c.left.column.kind !== 'text') continue;
    const column = c.left.column;
    for (const v of c.values) {
      if (v.type === 'string' && !column.valueIndex.has(normalizeValueText(String(v.value))))
        unknown.push(String(v.value));
    }
  }
  return unknown;
}

/**
 * At most this many schema models are cached (keyed by table fingerprints and joins). A model is built
 * for the tables one question retrieved, so in a large catalog nearly every question has its own; the
 * cache serves the repeated builds within a question and a conversation's follow-ups, not the catalog.
 * A model with its lookup and vocabulary holds ~0.5-0.9 MiB: 256 of them grew an answering process by
 * ~115 MiB of live heap over 200 questions on a 20,000-table catalog.
 */
const MODEL_CACHE_SIZE = 64;

const COUNT_WORDS = new Set(['number', 'count', 'num', 'no', 'total', 'amount']);

/**
 * "the number of rooms" names a column when the schema stores it (`room_count`): such count cues are not
 * counts of rows.
 */
function countColumnCues(cues: Cue[], tokens: QuestionToken[], model: SchemaModel): Cue[] {
  return cues.map((c) => {
    if (c.meaning.kind !== 'count' || tokens[c.start].lower === 'how') return c;
    const next = tokens.slice(c.end, c.end + 3).find((t) => t.kind === 'word' && !t.stop);
    if (!next) return c;
    const stored = model.columns.some(
      (col) =>
        col.keys.includes(next.key) &&
        col.words.some((w) => COUNT_WORDS.has(w)) &&
        col.kind === 'number' &&
        !col.isIdentifier,
    );
    // The stored count is summed over the rows the question selects ("the total number of rooms").
    return stored ? { ...c, meaning: { kind: 'aggregate', fn: 'sum' } } : c;
  });
}

function describe(notes: string[]): string {
  return notes.length > 0 ? `read as: ${notes.join('; ')}` : 'read as: a list of rows';
}

/** Prefers join edges whose column names the question mentions ("end station" → end_station_id). */
function edgeScorer(tokens: QuestionToken[]): (edge: JoinEdge) => number {
  const keys = new Set(tokens.filter((t) => t.kind === 'word').map((t) => t.key));
  return (edge: JoinEdge) =>
    edge.fromColumns
      .flatMap((c) => c.split(/[^A-Za-z0-9]+|(?=[A-Z])/))
      .filter(Boolean)
      .filter((w) => keys.has(wordKey(w.toLowerCase())) && !['id'].includes(w.toLowerCase())).length;
}

function fallbackPlan(model: SchemaModel): QueryPlan {
  const plan = emptyPlan();
  const table = model.tables[0];
  plan.root = table;
  plan.select =
    table.labelColumns.length > 0
      ? table.labelColumns.map((column) => ({ expr: { kind: 'column', column } }))
      : [{ expr: { kind: 'star' } }];
  return plan;
}
