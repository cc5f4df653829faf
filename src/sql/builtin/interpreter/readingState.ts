import type { AggregateFn, CompareOp, Cue, CueMeaning } from '../cuePatterns';
import { ATTRIBUTE_ADJECTIVES, wordKey } from '../lexicon';
import {
  emptyPlan,
  planTables,
  type Condition,
  type Expr,
  type QueryPlan,
  type SelectItem,
} from '../queryPlan';
import type { QuestionToken } from '../questionTokens';
import type { ColumnCandidate, Mention, SchemaMention, ValueMention } from '../schemaLinker';
import type { SchemaColumn, SchemaTable } from '../schemaModel';
import { FILLER } from '../interpreterWords';
import type { JoinGraph } from '../joinGraph';
import type { MeasureVocabulary } from '../modelLinker';
import type { SchemaModel } from '../schemaModel';
import { eventDateColumn } from './eventWords';

/** Everything the interpreter reads. */
export interface InterpreterInput {
  model: SchemaModel;
  graph: JoinGraph;
  tokens: QuestionToken[];
  cues: Cue[];
  mentions: Mention[];
  now: Date;
  preferColumns: ReadonlySet<string>;
  /**
   * Relative periods ("last quarter") as date arithmetic on the database's `current_date` rather than dates
   * computed from `now` (true unless the caller fixed `now`).
   */
  relativeToDatabase?: boolean;
  /** The semantic model's reading of columns as measures (default aggregations); none without a model. */
  measures?: MeasureVocabulary;
}

/** The interpreter's reading of a question. */
export interface Interpretation {
  plan: QueryPlan;
  /** Short description of the reading. */
  notes: string[];
  /** Share of the question's content words the reading explains, 0..1. */
  coverage: number;
  /** Content words no mention or cue explains, in question order. */
  unaccounted: string[];
  /** Periods the question names that no date or year column of the tables could carry ("in 2022"). */
  unappliedPeriods: string[];
}

export type CueOf<K extends CueMeaning['kind']> = Cue & { meaning: Extract<CueMeaning, { kind: K }> };

export function isCue<K extends CueMeaning['kind']>(c: Cue, kind: K): c is CueOf<K> {
  return c.meaning.kind === kind;
}

/** The aggregate an aggregate or extreme cue stands for ("average" → avg, "highest" → max). */
export function aggregateOf(c: Cue): AggregateFn {
  if (isCue(c, 'aggregate')) return c.meaning.fn;
  if (isCue(c, 'extreme')) return c.meaning.dir === 'desc' ? 'max' : 'min';
  return 'count';
}

/** Where a literal goes: its column, the stored value it matched, and the mentions that named the column. */
export interface ValueColumn {
  column: SchemaColumn;
  value?: string;
  consumed: Mention[];
  left?: Expr;
  split?: Condition;
}

/** The literal handled just before, for lists ("A or B") and set operations ("both A and B"). */
export interface PreviousValue {
  mention: ValueMention;
  condition: Condition;
  column: SchemaColumn | null;
}

/** Select items waiting to be ordered by where the question names them. */
export interface PendingSelect {
  pos: number;
  items: SelectItem[];
}

/** Words after which a bare year names a period ("in 2023", "for 2022", "FY 2024"). */
const YEAR_CONTEXT = new Set(['in', 'during', 'for', 'of', 'year', 'fy', 'within', 'throughout']);

/** True when the token before a year is a period word ("in 2023", "for 2022", "FY 2024"). */
export function yearInPeriodContext(s: ReadingState, index: number): boolean {
  return YEAR_CONTEXT.has(s.tokens[index - 1]?.lower ?? '');
}

/** A number column that holds years: named so, or every profiled value a plausible year. */
export function isYearColumn(c: SchemaColumn): boolean {
  if (c.kind !== 'number' || c.isIdentifier) return false;
  if (c.keys.includes('year')) return true;
  const min = Number(c.column.profile?.min ?? NaN);
  const max = Number(c.column.profile?.max ?? NaN);
  return Number.isInteger(min) && Number.isInteger(max) && min >= 1800 && max <= 2100;
}

/**
 * The one mutable state of a question's reading: the plan being built, which mentions and cues are used up,
 * the frame, select region and focus, and what the phases leave for the finishing step (pending negation,
 * set operation, row comparison). The phase modules (frame, values, aggregates and order, time, negation and
 * set operations, finish) read and write it; its methods are the shared look-ups over tokens, cues and
 * mentions.
 */
export class ReadingState {
  readonly plan: QueryPlan = emptyPlan();

  readonly used = new Set<Mention>();

  readonly usedCues = new Set<Cue>();

  readonly pending: PendingSelect[] = [];

  readonly notes: string[] = [];

  cues: Cue[];

  selectStart = 0;

  selectEnd = 0;

  focus: SchemaTable;

  countTarget: SchemaTable | null = null;

  frame: 'count' | 'which' | 'when' | 'where' | 'how-much' | 'list' = 'list';

  allColumns = false;

  groupEntity: SchemaTable | null = null;

  intersectWith: { base: Condition; other: Condition; op: 'INTERSECT' | 'EXCEPT' } | null = null;

  negation: { cue: Cue; conditions: Condition[]; table: SchemaTable | null } | null = null;

  /** "reviewers who did not give 4 stars": negated conditions on the subject's own table (EXCEPT). */
  selfNegation: { asked: Condition[]; negated: Condition[] } | null = null;

  /** Negation cues that turned a value into `!=` ("schools without any goalies"). */
  readonly valueNegations = new Set<Cue>();

  readonly component: Set<SchemaTable>;

  readonly mentionedTables = new Set<SchemaTable>();
  /** Calendar periods the question names that no date or year column of the tables can carry ("in 2022"). */
  readonly unappliedPeriods: string[] = [];

  /** "more in 2021 or 2022": two periods set side by side, read as one range grouped by the period. */
  periodsCompared = false;

  /** "5 customers who ...": a small number right before the asked-for table. */
  countLimit: number | null = null;

  /** The grouping column a HAVING clause's head names, to be shown when nothing else is. */
  havingGroupColumn: SchemaColumn | null = null;

  orderDirectionExplicit = false;

  /** An aggregate named outside the select list ("in which the average pressure is the lowest"). */
  conditionAggregate: { expr: Expr; pos: number } | null = null;

  pendingOrderDir: 'asc' | 'desc' | null = null;

  /** A comparison with other rows ({@link detectRowCompare}), with the conditions that select them. */
  rowCompare: {
    cue: Cue;
    /** Where the description of the other rows starts (literals from here on select them). */
    from: number;
    op: CompareOp;
    column: SchemaColumn;
    fn: AggregateFn;
    conditions: Condition[];
  } | null = null;

  constructor(readonly input: InterpreterInput) {
    this.cues = input.cues;
    this.focus = input.model.tables[0];
    this.component = new Set(input.model.tables);
  }

  get tokens(): QuestionToken[] {
    return this.input.tokens;
  }

  get mentions(): Mention[] {
    return this.input.mentions;
  }

  schemaMentions(): SchemaMention[] {
    return this.mentions.filter((m): m is SchemaMention => m.kind === 'schema');
  }

  valueMentions(): ValueMention[] {
    return this.mentions.filter((m): m is ValueMention => m.kind === 'value');
  }

  cueCovering(index: number): Cue | undefined {
    return this.cues.find((c) => c.start <= index && index < c.end);
  }

  isFiller(index: number): boolean {
    const t = this.tokens[index];
    if (!t) return false;
    return FILLER.has(t.lower) || t.kind === 'punct';
  }

  /** The mention starting after `pos` with at most `gap` filler tokens (or tokens of skippable cues) between. */
  mentionAfter(
    pos: number,
    gap: number,
    skipCue: (c: Cue) => boolean = () => false,
    includeUsed = false,
  ): Mention | undefined {
    let skipped = 0;
    for (let i = pos; i < this.tokens.length; i++) {
      const m = this.mentions.find((x) => x.start === i);
      if (m) return includeUsed || !this.used.has(m) ? m : undefined;
      const c = this.cueCovering(i);
      if (c && skipCue(c)) continue;
      if (this.tokens[i].kind === 'punct' && this.tokens[i].text !== "'s") return undefined;
      if (!this.isFiller(i)) return undefined;
      if (++skipped > gap) return undefined;
    }
    return undefined;
  }

  /** The mention ending before `pos` with at most `gap` filler tokens between. */
  mentionBefore(pos: number, gap: number, skipCue: (c: Cue) => boolean = () => false): Mention | undefined {
    let skipped = 0;
    for (let i = pos - 1; i >= 0; i--) {
      const m = this.mentions.find((x) => x.end === i + 1);
      if (m) return m;
      const c = this.cueCovering(i);
      if (c && skipCue(c)) continue;
      if (this.tokens[i].kind === 'punct' && this.tokens[i].text !== "'s" && this.tokens[i].text !== ',')
        return undefined;
      if (!this.isFiller(i)) return undefined;
      if (++skipped > gap) return undefined;
    }
    return undefined;
  }

  /** The cue ending right before `pos` (at most `gap` filler tokens between). */
  cueBefore(pos: number, gap: number, accept: (c: Cue) => boolean): Cue | undefined {
    let skipped = 0;
    for (let i = pos - 1; i >= 0; i--) {
      const c = this.cues.find((x) => x.end === i + 1 && accept(x));
      if (c) return c;
      if (this.mentions.some((m) => m.start <= i && i < m.end)) return undefined;
      if (!this.isFiller(i)) return undefined;
      if (++skipped > gap) return undefined;
    }
    return undefined;
  }

  cueAfter(pos: number, gap: number, accept: (c: Cue) => boolean): Cue | undefined {
    let skipped = 0;
    for (let i = pos; i < this.tokens.length; i++) {
      const c = this.cues.find((x) => x.start === i && accept(x));
      if (c) return c;
      if (this.mentions.some((m) => m.start <= i && i < m.end)) return undefined;
      if (!this.isFiller(i)) return undefined;
      if (++skipped > gap) return undefined;
    }
    return undefined;
  }

  bestTableScore(m: SchemaMention): number {
    return m.tables.find((t) => this.component.has(t.table))?.score ?? 0;
  }

  /** A mention that names a table rather than a column. */
  isTableMention(m: SchemaMention): boolean {
    const t = this.bestTableScore(m);
    if (t === 0) return false;
    const best = m.columns.find((x) => this.component.has(x.column.table));
    if (!best) return true;
    // "students" names the student table even though student_id partially matches; "allergy type" names the
    // allergytype column of allergy_type.
    // A table named only through a synonym ("course" ~ class) loses to a column spelling the word (crs_code).
    if (t < 0.9 && best.score >= 0.5 && m.end - m.start === 1) return false;
    if (best.column.isIdentifier) return t >= best.score - 0.25;
    return t > best.score;
  }

  mentionTable(m: SchemaMention): SchemaTable | null {
    return m.tables.find((t) => this.component.has(t.table))?.table ?? null;
  }

  /** Picks a column of a schema mention: best score, then the focus table, mentioned tables, request order. */
  resolveColumn(
    m: SchemaMention,
    options: { kinds?: SchemaColumn['kind'][]; prefer?: SchemaTable | null; avoidIdentifiers?: boolean } = {},
  ): SchemaColumn | null {
    let candidates: ColumnCandidate[] = m.columns.filter((c) => this.component.has(c.column.table));
    if (options.kinds) {
      const kinds = options.kinds;
      candidates = candidates.filter(
        (c) => kinds.includes(c.column.kind) || (kinds.includes('date') && c.column.textDate),
      );
    }
    if (candidates.length === 0) return null;
    const top = Math.max(...candidates.map((c) => c.score));
    const prefer = options.prefer ?? this.focus;
    const rank = (c: ColumnCandidate) =>
      c.score +
      (c.column.table === prefer ? 0.12 : 0) +
      (this.mentionedTables.has(c.column.table) ? 0.06 : 0) -
      (options.avoidIdentifiers && c.column.isIdentifier ? 0.2 : 0) -
      (c.column.isForeignKey && !c.column.isPrimaryKey ? 0.03 : 0) -
      c.column.table.rank * 0.001 -
      c.column.order * 0.00001;
    const close = candidates.filter((c) => c.score >= top - 0.15);
    close.sort((a, b) => rank(b) - rank(a));
    return close[0].column;
  }

  columnsInPlay(): SchemaColumn[] {
    return this.input.model.columns.filter((c) => this.component.has(c.table));
  }

  /** The N of "top N ... most X", "the 3 oldest", "10 least expensive", when the question gives one. */
  limitNear(cue: Cue): number | undefined {
    const limit = this.cues.find(
      (c) =>
        isCue(c, 'limit') &&
        !this.usedCues.has(c) &&
        ((c.end <= cue.start && cue.start - c.end <= 5) || Math.abs(cue.end - c.start) <= 1),
    );
    if (limit) {
      this.usedCues.add(limit);
      return limit.number;
    }
    const prev = this.tokens[cue.start - 1];
    const beforePrev = this.tokens[cue.start - 2];
    const leading =
      !beforePrev ||
      beforePrev.stop ||
      beforePrev.kind === 'punct' ||
      this.cueCovering(beforePrev.index) !== undefined;
    if (
      prev &&
      prev.number !== undefined &&
      leading &&
      Number.isInteger(prev.number) &&
      prev.number > 0 &&
      prev.number <= 100
    ) {
      const m = this.mentions.find((x) => x.start === prev.index);
      if (m) this.used.add(m);
      return prev.number;
    }
    return this.countLimit ?? undefined;
  }

  inSelect(pos: number): boolean {
    return pos >= this.selectStart && pos < this.selectEnd;
  }

  looksLikeYear(v: ValueMention): boolean {
    return (
      v.type === 'number' &&
      v.number !== undefined &&
      Number.isInteger(v.number) &&
      v.number >= 1800 &&
      v.number <= 2100
    );
  }

  /**
   * Marks the word at `index` as read with `meaning` (a verb a rule explained, such as "rank" or "sold"), so
   * it is not reported as unexplained; the cue is used up and no handler reads it again.
   */
  markRead(index: number, meaning: CueMeaning): void {
    const cue: Cue = { start: index, end: index + 1, meaning, soft: false };
    this.cues = [...this.cues, cue].sort((a, b) => a.start - b.start);
    this.usedCues.add(cue);
  }

  addSelect(pos: number, ...items: SelectItem[]): void {
    this.pending.push({ pos, items });
  }

  /** True when `table` holds a foreign key to the focus table (it lists many rows per focus row). */
  manySide(table: SchemaTable): boolean {
    return table.table.foreignKeys.some(
      (fk) => `${fk.referencedSchema}.${fk.referencedTable}` === this.focus.qname,
    );
  }

  /** The label column of the row a key column identifies (its own table's, or the referenced table's). */
  labelFor(column: SchemaColumn): SchemaColumn | null {
    if (column.isPrimaryKey && column.table.labelColumns.length === 1) return column.table.labelColumns[0];
    for (const fk of column.table.table.foreignKeys) {
      if (!fk.columns.includes(column.name)) continue;
      const target = this.input.model.byName.get(`${fk.referencedSchema}.${fk.referencedTable}`);
      if (target && target.labelColumns.length === 1 && this.component.has(target))
        return target.labelColumns[0];
    }
    return null;
  }

  hasGrouping(): boolean {
    return (
      this.plan.groupBy.length > 0 ||
      this.cues.some((c) => (isCue(c, 'group') || isCue(c, 'bucket')) && !this.isValueGroup(c))
    );
  }

  isValueGroup(c: Cue): boolean {
    const next = this.mentionAfter(c.end, 1, () => false, true);
    return !next || next.kind === 'value';
  }

  /** The column an adjective talks about ("oldest" → age desc or birth date asc) and the direction. */
  attributeColumn(adjective: string): { column: SchemaColumn; dir: 'asc' | 'desc' } | null {
    const spec = ATTRIBUTE_ADJECTIVES[adjective];
    if (!spec) return null;
    const keys = spec.attributes.map(wordKey);
    const columns = this.columnsInPlay();
    const tablesFirst = (c: SchemaColumn) =>
      c.table === this.focus ? 0 : this.mentionedTables.has(c.table) ? 1 : 2;
    for (const key of keys) {
      const matches = columns
        .filter((c) => c.keys.includes(key) && !c.isIdentifier)
        .sort((a, b) => tablesFirst(a) - tablesFirst(b) || a.order - b.order);
      if (matches.length > 0) {
        const column = matches[0];
        const dateLike =
          column.kind === 'date' ||
          column.textDate ||
          column.keys.some((k) => ['date', 'year', 'birth', 'time'].includes(k));
        const dir = dateLike && spec.dateDirection ? spec.dateDirection : spec.direction;
        return { column, dir };
      }
    }
    if (spec.dateDirection) {
      const date = this.dateColumn();
      if (date) return { column: date, dir: spec.dateDirection };
    }
    return null;
  }

  hasGroupCue(): boolean {
    return this.cues.some((c) => (isCue(c, 'group') || isCue(c, 'each')) && !this.isValueGroup(c));
  }

  /** The question aggregates: a count, aggregate or superlative word, or a summed measure grouped by others than its own rows. */
  hasAggregation(groupTable: SchemaTable | null = null): boolean {
    return (
      this.cues.some((c) => isCue(c, 'count') || isCue(c, 'aggregate') || (isCue(c, 'extreme') && !c.soft)) ||
      this.namesSummedMeasure(groupTable)
    );
  }

  /** The model's default aggregation of a column it reads as a measure, or null. */
  aggregationOf(column: SchemaColumn): AggregateFn | null {
    const fn = this.input.measures?.aggregationOf(column) ?? null;
    return fn === 'sum' || fn === 'avg' || fn === 'min' || fn === 'max' ? fn : null;
  }

  /**
   * The select region names a measure the model adds up ("revenue", "units sold"): the question asks for a
   * total even without an aggregate word ("revenue by country").
   */
  namesSummedMeasure(groupTable: SchemaTable | null = null): boolean {
    return this.schemaMentions().some((m) => {
      if (!this.inSelect(m.start) || this.isTableMention(m)) return false;
      const column = this.resolveColumn(m, { kinds: ['number'], avoidIdentifiers: true });
      // "the room count of each apartment": one row's own value, nothing to add up.
      if (column && column.table === groupTable) return false;
      return column !== null && !column.isIdentifier && this.aggregationOf(column) === 'sum';
    });
  }

  /**
   * Tables of the measures the question aggregates: those already read (in the select list or waiting for
   * it), and the number column named right after an aggregate word not read yet (calendar literals are read
   * before the cues).
   */
  measuredTables(): SchemaTable[] {
    const tables = [...this.plan.select, ...this.pending.flatMap((p) => p.items)].flatMap((i) =>
      i.expr.kind === 'aggregate' && i.expr.column ? [i.expr.column.table] : [],
    );
    for (const cue of this.cues) {
      if (cue.meaning.kind !== 'aggregate' || this.usedCues.has(cue)) continue;
      const m = this.mentionAfter(cue.end, 1, undefined, true);
      if (!m || m.kind !== 'schema' || this.isTableMention(m)) continue;
      const column = this.resolveColumn(m, { kinds: ['number'], avoidIdentifiers: true });
      if (column && !column.isIdentifier) tables.push(column.table);
    }
    return tables;
  }

  /** The date column a period or bucket applies to. */
  dateColumn(): SchemaColumn | null {
    const dates = this.columnsInPlay().filter((c) => c.kind === 'date' || c.textDate);
    if (dates.length === 0) return null;
    const preferred = dates.find((c) => this.input.preferColumns.has(`${c.table.qname}.${c.name}`));
    // A period restricts the rows whose measure is aggregated: a preferred date of another table (retrieval's
    // guess from its best table) yields when the measure's own table has a date ("average ticket price this
    // year" with a visits table in play dates the tickets, not the visits).
    const measured = this.measuredTables();
    const ownDated = measured.length > 0 && !measured.some((t) => t === preferred?.table);
    if (preferred && !(ownDated && dates.some((c) => measured.includes(c.table)))) return preferred;
    // "closed in 2024": the date column of the event a value word names (closed ~ closed_at) beats the
    // table's default date, and any column the table's own name spells (bookings ~ booked_at).
    const events = new Set(
      this.valueMentions()
        .map((v) => eventDateColumn(this, v))
        .filter((c): c is SchemaColumn => c !== null && dates.includes(c)),
    );
    if (events.size === 1) return [...events][0];
    const mentioned = new Set(
      this.schemaMentions().flatMap((m) => m.columns.filter((c) => c.score >= 0.5).map((c) => c.column)),
    );
    const used = planTables(this.plan);
    const distance = (c: SchemaColumn) =>
      Math.min(...[this.focus, ...used].map((t) => this.input.graph.distance(t, c.table)));
    const score = (c: SchemaColumn) =>
      (mentioned.has(c) ? 10 : 0) +
      (measured.includes(c.table) ? 3 : 0) -
      distance(c) * 2 +
      (c.keys.includes('date') || c.keys.includes('order') || c.keys.includes('creat') ? 0.5 : 0) -
      (c.keys.some((k) =>
        ['end', 'close', 'termin', 'discontinu', 'deliv', 'ship', 'birth', 'left', 'until'].includes(k),
      ) || c.words.includes('to')
        ? 1
        : 0) -
      c.order * 0.001;
    return [...dates].sort((a, b) => score(b) - score(a))[0];
  }
}
