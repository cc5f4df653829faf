import type { AggregateFn, Cue, CueMeaning, CompareOp } from './cuePatterns';
import { periodRange } from './calendar';
import type { JoinGraph } from './joinGraph';
import { ATTRIBUTE_ADJECTIVES, wordKey } from './lexicon';
import type { Condition, Expr, Literal, QueryPlan, SelectItem } from './queryPlan';
import { emptyPlan, exprKey, planTables } from './queryPlan';
import type { QuestionToken } from './questionTokens';
import type { ColumnCandidate, Mention, SchemaMention, ValueMention } from './schemaLinker';
import type { SchemaColumn, SchemaModel, SchemaTable } from './schemaModel';
import {
  BOUNDARY_WORDS,
  COUNT_WORDS,
  FILLER,
  LIST_JOINERS,
  NAME_FORMS,
  NAMING_FILLER,
  NON_BOUNDARY_WORDS,
} from './interpreterWords';

/** Everything the interpreter reads. */
export interface InterpreterInput {
  model: SchemaModel;
  graph: JoinGraph;
  tokens: QuestionToken[];
  cues: Cue[];
  mentions: Mention[];
  now: Date;
  preferColumns: ReadonlySet<string>;
}

/** The interpreter's reading of a question. */
export interface Interpretation {
  plan: QueryPlan;
  /** Short description of the reading. */
  notes: string[];
  /** Share of the question's content words the reading explains, 0..1. */
  coverage: number;
}

/** Verbs of possession before a counted noun ("who have exactly 2 dogs"). */
const HAVE_WORDS: ReadonlySet<string> = new Set(['have', 'has', 'had', 'own', 'owns']);

/** Words right after a comparison that point at other rows ("more than any ...", "after all ..."). */
const ROW_REFERENCE_WORDS: ReadonlySet<string> = new Set(['any', 'all', 'some', 'every', 'those', 'that']);

/** Column words of a stored quantity, the implied side of "below their reorder point". */
const QUANTITY_KEYS: ReadonlySet<string> = new Set(
  ['quantity', 'stock', 'hand', 'level', 'balance', 'inventory', 'units'].map(wordKey),
);

/** Boolean column words that mark a row as still in effect (`is_active`, `current`). */
const ACTIVE_KEYS: ReadonlySet<string> = new Set(['active', 'current', 'enabled'].map(wordKey));

/** Date column words of the moment a row stopped being in effect (`termination_date`, `end_date`). */
const END_KEYS: ReadonlySet<string> = new Set(
  [
    'end',
    'ended',
    'termination',
    'terminated',
    'left',
    'leave',
    'until',
    'expiry',
    'expiration',
    'resignation',
    'closed',
    'close',
    'discontinued',
    'departure',
  ].map(wordKey),
);

/** Column words of money and quantities that add up ("the greatest amount lent" is a total). */
const AMOUNT_KEYS: ReadonlySet<string> = new Set(
  ['amount', 'total', 'sales', 'revenue', 'spend'].map(wordKey),
);

type CueOf<K extends CueMeaning['kind']> = Cue & { meaning: Extract<CueMeaning, { kind: K }> };

function isCue<K extends CueMeaning['kind']>(c: Cue, kind: K): c is CueOf<K> {
  return c.meaning.kind === kind;
}

/** The aggregate an aggregate or extreme cue stands for ("average" → avg, "highest" → max). */
function aggregateOf(c: Cue): AggregateFn {
  if (isCue(c, 'aggregate')) return c.meaning.fn;
  if (isCue(c, 'extreme')) return c.meaning.dir === 'desc' ? 'max' : 'min';
  return 'count';
}

/** Where a literal goes: its column, the stored value it matched, and the mentions that named the column. */
interface ValueColumn {
  column: SchemaColumn;
  value?: string;
  consumed: Mention[];
  left?: Expr;
  split?: Condition;
}

/** The literal handled just before, for lists ("A or B") and set operations ("both A and B"). */
interface PreviousValue {
  mention: ValueMention;
  condition: Condition;
  column: SchemaColumn | null;
}

interface PendingSelect {
  pos: number;
  items: SelectItem[];
}

/**
 * Reads a question (tokens, cues, schema mentions) into a {@link QueryPlan}: which columns it asks for,
 * the filters its literals imply, and what its cue phrases do (count, aggregate, group, order, superlative,
 * negation, periods, set operations).
 */
export class QuestionInterpreter {
  private readonly plan: QueryPlan = emptyPlan();
  private readonly used = new Set<Mention>();
  private readonly usedCues = new Set<Cue>();
  private readonly pending: PendingSelect[] = [];
  private readonly notes: string[] = [];
  private cues: Cue[];
  private selectStart = 0;
  private selectEnd = 0;
  private focus: SchemaTable;
  private countTarget: SchemaTable | null = null;
  private frame: 'count' | 'which' | 'when' | 'where' | 'how-much' | 'list' = 'list';
  private allColumns = false;
  private groupEntity: SchemaTable | null = null;
  private intersectWith: { base: Condition; other: Condition; op: 'INTERSECT' | 'EXCEPT' } | null = null;
  private negation: { cue: Cue; conditions: Condition[]; table: SchemaTable | null } | null = null;
  /** "reviewers who did not give 4 stars": negated conditions on the subject's own table (EXCEPT). */
  private selfNegation: { asked: Condition[]; negated: Condition[] } | null = null;
  /** Negation cues that turned a value into `!=` ("schools without any goalies"). */
  private readonly valueNegations = new Set<Cue>();
  private readonly component: Set<SchemaTable>;
  private readonly mentionedTables = new Set<SchemaTable>();

  private constructor(private readonly input: InterpreterInput) {
    this.cues = input.cues;
    this.focus = input.model.tables[0];
    this.component = new Set(input.model.tables);
  }

  /** Interprets one question. */
  static interpret(input: InterpreterInput): Interpretation {
    return new QuestionInterpreter(input).run();
  }

  private get tokens(): QuestionToken[] {
    return this.input.tokens;
  }

  private get mentions(): Mention[] {
    return this.input.mentions;
  }

  private run(): Interpretation {
    this.dropOverlappedCues();
    this.detectFrame();
    this.computeSelectRegion();
    this.computeFocus();
    this.detectRowCompare();
    this.assignValues();
    this.applyCues();
    this.applyBooleanColumns();
    this.collectSelect();
    this.finish();
    return { plan: this.plan, notes: this.notes, coverage: this.coverage() };
  }

  // ---------------------------------------------------------------- helpers

  private schemaMentions(): SchemaMention[] {
    return this.mentions.filter((m): m is SchemaMention => m.kind === 'schema');
  }

  private valueMentions(): ValueMention[] {
    return this.mentions.filter((m): m is ValueMention => m.kind === 'value');
  }

  private cueCovering(index: number): Cue | undefined {
    return this.cues.find((c) => c.start <= index && index < c.end);
  }

  private isFiller(index: number): boolean {
    const t = this.tokens[index];
    if (!t) return false;
    return FILLER.has(t.lower) || t.kind === 'punct';
  }

  /** The mention starting after `pos` with at most `gap` filler tokens (or tokens of skippable cues) between. */
  private mentionAfter(
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
  private mentionBefore(
    pos: number,
    gap: number,
    skipCue: (c: Cue) => boolean = () => false,
  ): Mention | undefined {
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
  private cueBefore(pos: number, gap: number, accept: (c: Cue) => boolean): Cue | undefined {
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

  private cueAfter(pos: number, gap: number, accept: (c: Cue) => boolean): Cue | undefined {
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

  private bestTableScore(m: SchemaMention): number {
    return m.tables.find((t) => this.component.has(t.table))?.score ?? 0;
  }

  /** A mention that names a table rather than a column. */
  private isTableMention(m: SchemaMention): boolean {
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

  private mentionTable(m: SchemaMention): SchemaTable | null {
    return m.tables.find((t) => this.component.has(t.table))?.table ?? null;
  }

  /** Picks a column of a schema mention: best score, then the focus table, mentioned tables, request order. */
  private resolveColumn(
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

  private columnsInPlay(): SchemaColumn[] {
    return this.input.model.columns.filter((c) => this.component.has(c.table));
  }

  /** The N of "top N ... most X", "the 3 oldest", "10 least expensive", when the question gives one. */
  private limitNear(cue: Cue): number | undefined {
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

  /** "5 customers who ...": a small number right before the asked-for table. */
  private countLimit: number | null = null;

  // ---------------------------------------------------------------- steps

  /** Cues whose words a schema mention explains (`max` in "max temperature", "first name") are not cues. */
  private dropOverlappedCues(): void {
    this.cues = this.cues.filter((c) => {
      const overlapping = this.mentions.filter((m) => m.start < c.end && c.start < m.end);
      if (overlapping.length === 0) return true;
      if (
        c.numberIndex !== undefined &&
        overlapping.every((m) => m.kind === 'value' && m.start === c.numberIndex)
      )
        return true;
      // "the total budget" linked to budget_amt through total~amount: still a sum.
      if (c.soft && isCue(c, 'aggregate') && overlapping.length === 1) {
        const m = overlapping[0];
        if (m.kind === 'schema' && m.start === c.start && m.end > c.end) {
          m.start = c.end;
          return true;
        }
        // "total" alone, matched to an amount column only as a synonym, or followed by the thing totalled
        // ("the total amount of money" over a `total` column): the word is the aggregate.
        const nextMention = this.mentions.find(
          (x) => x.start >= c.end && x.start <= c.end + 1 && x.kind === 'schema',
        );
        if (
          m.kind === 'schema' &&
          m.start === c.start &&
          m.end === c.end &&
          ((m.columns[0]?.score ?? 0) < 1 || nextMention)
        ) {
          this.used.add(m);
          return true;
        }
      }
      return false;
    });
  }

  private detectFrame(): void {
    const first = this.cues.find((c) => c.start <= 2);
    const firstWord = this.tokens.find((t) => t.kind === 'word');
    if (first && isCue(first, 'count') && first.start <= 1) this.frame = 'count';
    else if (firstWord && ['which', 'what'].includes(firstWord.lower)) this.frame = 'which';
    else if (firstWord?.lower === 'when') this.frame = 'when';
    else if (firstWord?.lower === 'where') this.frame = 'where';
    else if (this.cues.some((c) => isCue(c, 'question') && c.meaning.word === 'how-much' && c.start <= 1))
      this.frame = 'how-much';
    if (this.frame === 'count' || this.cues.some((c) => isCue(c, 'count') && c.start <= 3))
      this.frame = 'count';
    if (this.cues.some((c) => isCue(c, 'all-columns'))) this.allColumns = true;
  }

  /** The select region: from the question word to the first clause boundary after the first mention. */
  private computeSelectRegion(): void {
    const tokens = this.tokens;
    let start = 0;
    // "For each X, ..." / "In each X, ...": the asked-for phrase comes after the comma.
    const lead = this.cues.find((c) => isCue(c, 'group') && c.start <= 1);
    if (lead) {
      const comma = tokens.findIndex((t, i) => i > lead.end && t.text === ',');
      if (comma > 0 && comma < tokens.length - 2) start = comma + 1;
    }
    // "Which apartments have code X? Give me their numbers.": a later sentence that asks states the select list.
    const stops = tokens.filter(
      (t, i) => (t.text === '?' || t.text === '.' || t.text === ';') && i < tokens.length - 2,
    );
    for (const stop of stops.reverse()) {
      const next = tokens[stop.index + 1];
      const asks =
        next &&
        next.kind === 'word' &&
        /^(what|which|give|list|show|return|find|tell|display|who|how|name|report|provide|include)$/i.test(
          next.text,
        );
      const hasMention = this.mentions.some((m) => m.kind === 'schema' && m.start > stop.index);
      if (asks && hasMention) {
        start = stop.index + 1;
        break;
      }
    }
    this.selectStart = start;
    let seenMention = false;
    let end = tokens.length;
    for (let i = start; i < tokens.length; i++) {
      const m = this.mentions.find((x) => x.start <= i && i < x.end);
      if (m) {
        if (m.kind === 'value' && seenMention) {
          end = i;
          break;
        }
        if (m.kind === 'schema') seenMention = true;
        i = m.end - 1;
        continue;
      }
      const t = tokens[i];
      const cue = this.cueCovering(i);
      if (!seenMention) {
        if (cue && isCue(cue, 'bucket') && cue.start === i) {
          seenMention = true;
          i = cue.end - 1;
        }
        continue;
      }
      if (cue) {
        const k = cue.meaning.kind;
        if (
          [
            'relative',
            'compare',
            'group',
            'order',
            'negation',
            'period',
            'like',
            'average-reference',
            'except',
          ].includes(k)
        ) {
          end = i;
          break;
        }
        if (k === 'extreme' && !this.isSelectExtreme(cue)) {
          end = i;
          break;
        }
        continue;
      }
      if (t.kind === 'word' && (BOUNDARY_WORDS.has(t.lower) || !t.stop) && !NON_BOUNDARY_WORDS.has(t.lower)) {
        if (t.lower === 'with' && ['together', 'along'].includes(tokens[i - 1]?.lower ?? '')) continue;
        end = i;
        break;
      }
    }
    this.selectEnd = end;
  }

  private isSelectExtreme(cue: Cue): boolean {
    const prev = this.tokens[cue.start - 1];
    if (prev && [',', 'and'].includes(prev.lower)) return true;
    return !!prev && ['the', 'of'].includes(prev.lower) && this.mentionBefore(cue.start, 1) === undefined;
  }

  private inSelect(pos: number): boolean {
    return pos >= this.selectStart && pos < this.selectEnd;
  }

  private computeFocus(): void {
    const schema = this.schemaMentions();
    for (const m of schema) {
      const t = this.mentionTable(m);
      if (t && (this.isTableMention(m) || m.columns.some((c) => c.viaTable && c.column.table === t)))
        this.mentionedTables.add(t);
    }
    const inSelect = schema.filter((m) => this.inSelect(m.start));
    const candidates: (SchemaTable | null)[] = [
      ...inSelect.filter((m) => this.isTableMention(m)).map((m) => this.mentionTable(m)),
      ...inSelect.flatMap((m) =>
        m.columns
          .filter((c) => c.viaTable && c.score >= 0.6)
          .slice(0, 1)
          .map((c) => c.column.table),
      ),
      ...inSelect
        .filter((m) => m.columns[0] && m.columns[0].score >= 0.6)
        .map((m) => {
          // "the names and prices of the home products": of equally good columns, the named table's.
          const best = m.columns[0];
          const own = m.tables.some((t) => t.table === best.column.table && t.score >= 0.9);
          if (own || this.mentionedTables.has(best.column.table)) return best.column.table;
          const named = m.columns.find(
            (c) => c.score >= best.score - 0.05 && this.mentionedTables.has(c.column.table),
          );
          return (named ?? best).column.table;
        }),
      ...schema.filter((m) => this.isTableMention(m)).map((m) => this.mentionTable(m)),
    ];
    let focus = candidates.find((t): t is SchemaTable => t !== null) ?? null;
    if (!focus) {
      const first = inSelect[0] ?? schema[0];
      focus = first?.columns[0]?.column.table ?? this.input.model.tables[0];
    }
    // Keep the focus inside the largest connected part of the request.
    this.focus = focus;
    const comp = this.input.graph.component(focus);
    this.component.clear();
    for (const t of comp) this.component.add(t);
  }

  // ---------------------------------------------------------------- values

  private assignValues(): void {
    const values = this.valueMentions();
    const state: { previous: PreviousValue | null } = { previous: null };
    for (let idx = 0; idx < values.length; idx++) {
      const v = values[idx];
      if (this.used.has(v)) continue;
      if (this.cues.some((c) => c.numberIndex === v.start && (isCue(c, 'limit') || isCue(c, 'period'))))
        continue;
      const opCue = this.cueBefore(
        v.start,
        2,
        (c) => ['compare', 'negation', 'like', 'except'].includes(c.meaning.kind) && !this.usedCues.has(c),
      );
      const afterCue = this.cueAfter(v.end, 0, (c) => isCue(c, 'compare') && c.meaning.after === true);
      let op: CompareOp = '=';
      let like: 'contains' | 'starts' | 'ends' | null = null;
      let adjective: string | undefined;
      if (opCue && isCue(opCue, 'compare')) {
        op = opCue.meaning.op;
        adjective = opCue.meaning.adjective;
      } else if (opCue && (isCue(opCue, 'negation') || isCue(opCue, 'except'))) {
        op = '!=';
        if (isCue(opCue, 'negation')) this.valueNegations.add(opCue);
      } else if (opCue && isCue(opCue, 'like')) {
        like = opCue.meaning.mode;
        // "ending with the letter m": the more specific phrase before "the letter" decides.
        const specific = this.cueBefore(
          opCue.start,
          1,
          (c) => isCue(c, 'like') && c.meaning.mode !== 'contains',
        );
        if (like === 'contains' && specific && isCue(specific, 'like')) like = specific.meaning.mode;
      }
      // "with D or S in their first name": single letters are substrings.
      if (!like && v.type === 'string' && /^[A-Za-z]$/.test(v.text) && v.candidates.length === 0)
        like = 'contains';
      let likeNegated = false;
      if (like && opCue) {
        likeNegated = this.cueBefore(opCue.start, 2, (c) => isCue(c, 'negation')) !== undefined;
      }
      // "in age 20 to 25": a range.
      const nextValue = values[idx + 1];
      if (
        op === '=' &&
        v.type === 'number' &&
        nextValue &&
        nextValue.type === 'number' &&
        nextValue.start === v.end + 1 &&
        this.tokens[v.end]?.lower === 'to'
      )
        op = 'between';
      if (afterCue && isCue(afterCue, 'compare')) {
        op = afterCue.meaning.op === '=' ? op : afterCue.meaning.op;
        adjective = afterCue.meaning.adjective ?? adjective;
        this.usedCues.add(afterCue);
      }

      // "the 5 customers who ...": a row limit.
      if (
        v.type === 'number' &&
        op === '=' &&
        !opCue &&
        v.number !== undefined &&
        Number.isInteger(v.number) &&
        v.number > 0 &&
        v.number <= 100
      ) {
        const next = this.mentionAfter(v.end, 0);
        const prev = this.tokens[v.start - 1];
        const leading =
          !prev ||
          prev.stop ||
          prev.kind === 'punct' ||
          (this.cueCovering(prev.index) !== undefined && !this.mentions.some((m) => m.end === v.start));
        if (next && next.kind === 'schema' && this.isTableMention(next) && leading) {
          this.used.add(v);
          this.countLimit = v.number;
          continue;
        }
      }

      // "directors who made exactly one movie": a count of the rows a verb relates (HAVING count = N).
      if (v.type === 'number' && op === '=' && Number.isInteger(v.number ?? NaN) && (v.number ?? 0) > 0) {
        const next = this.mentionAfter(v.end, 0);
        const verb = this.tokens[(opCue ? opCue.start : v.start) - 1];
        const verbal =
          !!verb &&
          verb.kind === 'word' &&
          (!verb.stop || HAVE_WORDS.has(verb.lower)) &&
          !this.mentions.some((m) => m.start <= verb.index && verb.index < m.end) &&
          !this.cueCovering(verb.index);
        const exact = !opCue || isCue(opCue, 'compare');
        const table =
          next && next.kind === 'schema' && this.isTableMention(next) ? this.mentionTable(next) : null;
        if (verbal && exact && table && next) {
          this.used.add(v);
          this.used.add(next);
          if (opCue) this.usedCues.add(opCue);
          this.addHavingCount(table, '=', v, undefined, false);
          continue;
        }
      }

      // "more than 3 students" / "at least 2 amenities" / "the number of tracks greater than 10": a count of
      // related rows (HAVING).
      if (v.type === 'number' && op !== '=' && op !== '!=' && !adjective) {
        const upper = op === 'between' ? values.slice(idx + 1).find((x) => !this.used.has(x)) : undefined;
        const next = this.mentionAfter(
          (upper ?? v).end,
          1,
          (c) => isCue(c, 'distinct') || (isCue(c, 'compare') && c.meaning.after === true),
        );
        const distinct = this.cues.some(
          (c) => isCue(c, 'distinct') && c.start >= v.end && next !== undefined && c.end <= next.start,
        );
        const countedTable =
          next && next.kind === 'schema' ? (this.countedTable(next) ?? this.countedValues(next)) : null;
        const before = this.mentionBefore(v.start, 2, (c) => isCue(c, 'compare'));
        const countBefore =
          before &&
          before.kind === 'schema' &&
          this.cueBefore(before.start, 1, (c) => isCue(c, 'count')) !== undefined
            ? this.countedTable(before)
            : null;
        const table = countedTable ?? countBefore;
        if (table && Number.isInteger(v.number ?? NaN)) {
          this.used.add(v);
          if (countedTable && next) this.used.add(next);
          if (countBefore && before) {
            this.used.add(before);
            const countCue = this.cueBefore(before.start, 1, (c) => isCue(c, 'count'));
            if (countCue) this.usedCues.add(countCue);
          }
          if (opCue) this.usedCues.add(opCue);
          this.addHavingCount(table, op, v, upper, distinct);
          continue;
        }
        const unitWord = this.tokens[v.end];
        if (unitWord && unitWord.kind === 'word' && ['times', 'time'].includes(unitWord.lower)) {
          this.used.add(v);
          if (opCue) this.usedCues.add(opCue);
          this.addHavingCount(null, op, v, undefined, false);
          continue;
        }
      }

      // Which column does the literal belong to?
      const upperValue = op === 'between' ? values.slice(idx + 1).find((x) => !this.used.has(x)) : undefined;
      // "department 70 or 90", "Football or Lacrosse": a listed literal shares the state.previous one's column.
      const prev: PreviousValue | null = state.previous;
      const prevColumn: SchemaColumn | null = prev ? prev.column : null;
      const listed =
        prev !== null &&
        prevColumn !== null &&
        prev.mention.type === v.type &&
        v.candidates.every((c) => c.column === prevColumn) &&
        this.tokens.slice(prev.mention.end, v.start).every((t) => LIST_JOINERS.has(t.lower));
      const found: ValueColumn | null =
        listed && prevColumn
          ? {
              column: prevColumn,
              consumed: [],
              value: v.candidates.find((c) => c.column === prevColumn)?.value,
            }
          : this.columnForValue(v, op, adjective, like !== null, upperValue);
      if (!found) continue;
      this.used.add(v);
      if (opCue) this.usedCues.add(opCue);
      // A substring search names its column without using it up ("names that contain X" still lists names).
      if (!like) for (const m of found.consumed) this.used.add(m);
      let condition: Condition;
      const literal: Literal = like
        ? { value: v.text, type: 'string' }
        : this.literalOf(v, found.column, found.value);
      if (like)
        condition = {
          kind: 'like',
          left: { kind: 'column', column: found.column },
          mode: like,
          value: String(literal.value),
          ...(likeNegated ? { negate: true } : {}),
        };
      else if (op === 'between') {
        const upper = values.slice(idx + 1).find((x) => !this.used.has(x));
        if (upper) {
          this.used.add(upper);
          condition = {
            kind: 'compare',
            left: found.left ?? { kind: 'column', column: found.column },
            op,
            values: [literal, this.literalOf(upper, found.column, undefined)],
          };
        } else
          condition = {
            kind: 'compare',
            left: { kind: 'column', column: found.column },
            op: '=',
            values: [literal],
          };
      } else if (found.split) {
        condition = found.split;
      } else {
        condition = {
          kind: 'compare',
          left: found.left ?? { kind: 'column', column: found.column },
          op,
          values: [literal],
        };
      }

      if (found.left && found.left.kind === 'aggregate') {
        this.plan.having.push(condition);
        this.groupEntity = this.groupEntity ?? this.focus;
        state.previous = null;
        continue;
      }

      // "letters D or S": an OR of substrings.
      if (
        state.previous &&
        state.previous.column === found.column &&
        condition.kind === 'like' &&
        state.previous.condition.kind === 'like'
      ) {
        const words = this.tokens.slice(state.previous.mention.end, v.start).map((t) => t.lower);
        if (words.includes('or')) {
          const merged: Condition = { kind: 'or', items: [state.previous.condition, condition] };
          this.plan.where = this.plan.where.map((c) => (c === state.previous?.condition ? merged : c));
          state.previous = null;
          continue;
        }
      }
      // Lists of literals of one column: "A or B" → IN; "both A and B" → INTERSECT; "A but not B" → EXCEPT.
      if (
        state.previous &&
        state.previous.column === found.column &&
        condition.kind === 'compare' &&
        state.previous.condition.kind === 'compare'
      ) {
        const between = this.tokens.slice(state.previous.mention.end, v.start);
        const words = between.map((t) => t.lower);
        const exceptCue = this.cues.find(
          (c) => isCue(c, 'except') && c.start >= state.previous!.mention.end && c.end <= v.start,
        );
        if (
          words.includes('or') ||
          (words.includes('nor') && op === '!=') ||
          (words.length === 1 && words[0] === ',')
        ) {
          if (state.previous.condition.op === op && (op === '=' || op === '!=')) {
            if (op === '!=') {
              this.addCondition(condition, found.column, v.start);
            } else {
              state.previous.condition.values.push(...condition.values);
            }
            state.previous = { mention: v, condition: state.previous.condition, column: found.column };
            continue;
          }
        } else if (
          exceptCue ||
          (op === '!=' && state.previous.condition.op === '=' && words.includes('but'))
        ) {
          if (condition.op === '!=') condition.op = '=';
          this.intersectWith = { base: state.previous.condition, other: condition, op: 'EXCEPT' };
          state.previous = null;
          continue;
        } else if (words.includes('and') && op === '=' && state.previous.condition.op === '=') {
          if (this.hasAggregation() && !this.cues.some((c) => isCue(c, 'both'))) {
            // "the average age for male and female students": one group per value.
            this.plan.where = this.plan.where.filter((c) => c !== state.previous?.condition);
            this.plan.groupBy.push({ kind: 'column', column: found.column });
            this.addSelect(v.start, { expr: { kind: 'column', column: found.column } });
            state.previous = null;
            continue;
          }
          this.intersectWith = { base: state.previous.condition, other: condition, op: 'INTERSECT' };
          state.previous = null;
          continue;
        }
      }
      // "made before 1980 or directed by James Cameron": an OR across columns.
      if (state.previous && this.plan.where.includes(state.previous.condition)) {
        const words = this.tokens.slice(state.previous.mention.end, v.start).map((t) => t.lower);
        if (words.includes('or') && !words.includes('and') && !words.includes('both')) {
          const merged: Condition = { kind: 'or', items: [state.previous.condition, condition] };
          this.plan.where = this.plan.where.map((c) => (c === state.previous?.condition ? merged : c));
          state.previous = { mention: v, condition: merged, column: found.column };
          continue;
        }
      }
      this.addCondition(condition, found.column, v.start);
      state.previous = { mention: v, condition, column: found.column };
    }
  }

  /** Adds a WHERE condition, or routes it into the negated subquery when a negation shortly before scopes it. */
  private addCondition(condition: Condition, column: SchemaColumn, pos: number): void {
    if (this.rowCompare && pos >= this.rowCompare.from) {
      this.rowCompare.conditions.push(condition);
      return;
    }
    const negationCue = this.cues.find(
      (c) => isCue(c, 'negation') && !this.usedCues.has(c) && c.start < pos && pos - c.end <= 6,
    );
    // "schools without any goalies": a value of a related table negated right before it.
    const cue =
      negationCue ?? this.cues.find((c) => this.valueNegations.has(c) && c.start < pos && pos - c.end <= 2);
    if (cue && column.table !== this.focus) {
      if (!this.negation) this.negation = { cue, conditions: [], table: column.table };
      if (condition.kind === 'compare' && condition.op === '!=') condition.op = '=';
      if (condition.kind === 'like') condition.negate = false;
      this.negation.conditions.push(condition);
      return;
    }
    if (negationCue && this.cueBefore(negationCue.start, 0, (c) => isCue(c, 'relative'))) {
      // "zip codes which have never reached 70": rows of the subject minus those that ever match.
      if (!this.selfNegation) this.selfNegation = { asked: [], negated: [] };
      this.selfNegation.asked.push(condition);
      this.selfNegation.negated.push(positiveCondition(condition));
      return;
    }
    this.plan.where.push(condition);
  }

  /** The table a counted noun names ("3 students", "2 payments" over customer_payments), if it names one. */
  private countedTable(m: SchemaMention): SchemaTable | null {
    const table = this.mentionTable(m);
    if (!table) return null;
    if (this.isTableMention(m)) return table;
    const best = m.columns.find((c) => this.component.has(c.column.table));
    const tableScore = m.tables.find((t) => t.table === table)?.score ?? 0;
    return tableScore >= 0.5 && (!best || best.score < 1) ? table : null;
  }

  /**
   * "at least two allergies" over a text column `allergy`: a number of text values counts the rows holding
   * them (the column's table).
   */
  private countedValues(m: SchemaMention): SchemaTable | null {
    const best = m.columns.find((c) => this.component.has(c.column.table));
    if (!best || best.score < 0.85 || best.column.kind === 'number' || best.column.kind === 'date')
      return null;
    if (
      best.column.keys.includes('id') ||
      m.columns.some((c) => c.column.kind === 'number' && c.score >= best.score)
    )
      return null;
    return best.column.table;
  }

  private addHavingCount(
    table: SchemaTable | null,
    op: CompareOp,
    v: ValueMention,
    upper: ValueMention | undefined,
    distinct: boolean,
  ): void {
    const values: Literal[] = [{ value: v.number ?? Number(v.text), type: 'number' }];
    if (op === 'between' && upper) {
      values.push({ value: upper.number ?? Number(upper.text), type: 'number' });
      this.used.add(upper);
    }
    const key = distinct && table ? (table.primaryKey[0] ?? null) : null;
    const left: Expr = key
      ? { kind: 'aggregate', fn: 'count', column: key, distinct: true }
      : { kind: 'aggregate', fn: 'count', column: null };
    this.plan.having.push({ kind: 'compare', left, op, values });
    if (table && table !== this.focus) {
      this.countTarget = table;
      if (!this.plan.extraTables.includes(table)) this.plan.extraTables.push(table);
    }
    // The rows grouped are the noun the clause describes: "class rooms that held at least 2 classes".
    const head = this.headBefore(v.start);
    if (head && !this.isTableMention(head) && this.plan.groupBy.length === 0) {
      const column = this.resolveColumn(head);
      if (column && column.table !== table) {
        this.plan.groupBy.push({ kind: 'column', column });
        this.havingGroupColumn = column;
      }
    }
    this.groupEntity = this.groupEntity ?? this.focus;
    this.notes.push(`having count ${op} ${values.map((x) => x.value).join(' and ')}`);
  }

  /** The grouping column a HAVING clause's head names, to be shown when nothing else is. */
  private havingGroupColumn: SchemaColumn | null = null;

  /** The mention a relative clause ending at `pos` describes: "<mention> that/who/with ... <pos>". */
  private headBefore(pos: number): SchemaMention | undefined {
    for (let i = pos - 1; i >= Math.max(0, pos - 7); i--) {
      const c = this.cueCovering(i);
      if (c && isCue(c, 'relative')) {
        const m = this.mentions.find((x) => x.end === i || x.end === i - 1);
        return m && m.kind === 'schema' ? m : undefined;
      }
    }
    return undefined;
  }

  private literalOf(v: ValueMention, column: SchemaColumn, stored: string | undefined): Literal {
    if (stored !== undefined) return { value: stored, type: 'string' };
    if (v.type === 'number' && v.number !== undefined) {
      if (column.kind === 'text' || column.kind === 'other')
        return { value: v.text.replace(/,/g, ''), type: 'string' };
      return { value: v.number, type: 'number' };
    }
    return { value: v.text, type: v.type === 'date' ? 'date' : 'string' };
  }

  /** The column a literal belongs to, and the mentions that named it. */
  private columnForValue(
    v: ValueMention,
    op: CompareOp,
    adjective: string | undefined,
    isLike: boolean,
    upper?: ValueMention,
  ): ValueColumn | null {
    const isNumber = v.type === 'number';
    const rawBefore = this.mentionBefore(v.start, 3, (c) =>
      ['compare', 'negation', 'like', 'except', 'distinct'].includes(c.meaning.kind),
    );
    // A name's column is named right before it ("city Lockmanfurt", "whose name is X"), not across "of"
    // ("the phone number of Astrid Gruber" asks for the phone).
    const gapWords = rawBefore
      ? this.tokens.slice(rawBefore.end, v.start).filter((t) => !this.cueCovering(t.index) || isNumber)
      : [];
    const namingGap = isNumber || gapWords.every((t) => NAMING_FILLER.has(t.lower));
    const before = rawBefore && namingGap ? rawBefore : undefined;
    const possessive = this.tokens[v.end]?.text === "'s";
    const after = possessive ? undefined : this.mentionAfter(v.end, 1);
    const upperEnd = upper ? upper.end : v.end;
    const afterUpper = upper ? this.mentionAfter(upperEnd, 1) : after;
    const adjacent: SchemaMention[] = [];
    // "more than 12 bikes available", "5 star rating", "between 3 and 5 stars": a unit after a number names
    // the column.
    const unitMention = afterUpper ?? after;
    const unitAfter =
      isNumber &&
      !!unitMention &&
      unitMention.kind === 'schema' &&
      !this.isTableMention(unitMention) &&
      (op !== '=' || unitMention.start === v.end);
    if (unitAfter && unitMention && unitMention.kind === 'schema') adjacent.push(unitMention);
    // "older than 20": the adjective names the column, before any neighbour.
    if (adjective) {
      const col = this.attributeColumn(adjective);
      if (col) return { column: col.column, consumed: [] };
    }
    if (before && before.kind === 'schema' && !this.used.has(before)) adjacent.push(before);
    if (after && after.kind === 'schema' && !isNumber) adjacent.push(after);
    const aggregateBefore = (m: SchemaMention) =>
      this.cueBefore(
        m.start,
        1,
        (c) => isCue(c, 'aggregate') || (isCue(c, 'extreme') && c.meaning.aggregateWord === true),
      );

    // 1. Profile values.
    if (v.candidates.length > 0 && !isNumber) {
      const inPlay = v.candidates.filter((c) => this.component.has(c.column.table));
      if (inPlay.length > 0) {
        const adjacentCols = new Set(adjacent.flatMap((m) => m.columns.map((c) => c.column)));
        const adjacentTables = new Set(adjacent.map((m) => this.mentionTable(m)).filter((t) => t));
        const rank = (c: (typeof inPlay)[number]) =>
          c.score +
          (adjacentCols.has(c.column) ? 0.5 : 0) +
          (adjacentTables.has(c.column.table) ? 0.2 : 0) +
          (this.mentionedTables.has(c.column.table) ? 0.05 : 0) -
          (c.column.isIdentifier ? 0.1 : 0);
        inPlay.sort((a, b) => rank(b) - rank(a));
        const best = inPlay[0];
        const consumed = adjacent.filter((m) => m.columns.some((c) => c.column === best.column));
        return { column: best.column, value: best.value, consumed };
      }
    }

    // 2. A column named right next to the literal ("room 111", "with salary above 1000", "named X").
    const kinds: SchemaColumn['kind'][] = isNumber
      ? ['number', 'text', 'other']
      : v.type === 'date'
        ? ['date', 'text']
        : ['text', 'other', 'date', 'boolean'];
    for (const m of adjacent) {
      // "the composer of track Fast As a Shark": the phrase ends with a table noun that the name labels.
      if (!isNumber && m === before && this.endsWithTable(m)) continue;
      if (this.isTableMention(m)) {
        // Names next to a table noun are handled with the other names below; numbers are its key.
        const table = this.mentionTable(m);
        if (table && isNumber && m === before) {
          // "a rating of 4" → the rating's number column that holds 4; "customer 10" → its key.
          const n = v.number ?? Number(v.text);
          const measure = table.columns.find((c) => {
            const min = Number(c.column.profile?.min ?? NaN);
            const max = Number(c.column.profile?.max ?? NaN);
            return c.kind === 'number' && !c.isIdentifier && Number.isFinite(min) && n >= min && n <= max;
          });
          const id = table.primaryKey[0] ?? table.columns.find((c) => c.isIdentifier);
          const pick = op !== '=' || !id ? (measure ?? id) : id;
          if (pick) return { column: pick, consumed: [m] };
        }
        continue;
      }
      let column = this.resolveColumn(m, { kinds: isNumber ? ['number'] : kinds });
      if (!column && isNumber) column = this.resolveColumn(m, { kinds: ['text', 'other', 'date'] });
      if (!column) continue;
      if (column.kind === 'date' && isNumber && !this.looksLikeYear(v)) continue;
      if (column.kind === 'date' && !isNumber && v.type !== 'date') continue;
      const agg = aggregateBefore(m);
      if (agg && op !== '=' && isNumber) {
        this.usedCues.add(agg);
        const fn = aggregateOf(agg);
        return { column, consumed: [m], left: { kind: 'aggregate', fn, column } };
      }
      return { column, consumed: [m] };
    }

    // 4. Numbers: years to date/year columns, otherwise a numeric column whose range holds the value.
    if (isNumber) {
      const n = v.number ?? Number(v.text);
      const numeric = this.columnsInPlay().filter(
        (c) => c.kind === 'number' || c.kind === 'date' || c.textDate,
      );
      if (this.looksLikeYear(v)) {
        const yearCol =
          numeric.find((c) => c.kind === 'number' && c.keys.includes('year')) ?? this.dateColumn();
        if (yearCol) return { column: yearCol, consumed: [] };
      }
      const mentioned = new Set(
        this.schemaMentions()
          .filter((m) => !this.used.has(m) && !this.isTableMention(m))
          .flatMap((m) => m.columns.map((c) => c.column))
          .filter((c) => !c.isIdentifier),
      );
      const fits = numeric
        .filter((c) => c.kind === 'number')
        .filter((c) => {
          const min = Number(c.column.profile?.min ?? NaN);
          const max = Number(c.column.profile?.max ?? NaN);
          return !Number.isFinite(min) || !Number.isFinite(max) || (n >= min && n <= max);
        })
        .sort(
          (a, b) =>
            Number(mentioned.has(b)) - Number(mentioned.has(a)) ||
            Number(a.isIdentifier) - Number(b.isIdentifier) ||
            Number(b.table === this.focus) - Number(a.table === this.focus) ||
            a.order - b.order,
        );
      return fits[0] ? { column: fits[0], consumed: [] } : null;
    }

    // 5. Names and codes: the label column of the table named right before it ("the customer Lucas Mancini"),
    // else of another table in play than the one asked about ("Aerosmith's albums"), else of the focus.
    const tableOf = (m: Mention | undefined) =>
      m && m.kind === 'schema' && (this.isTableMention(m) || this.endsWithTable(m))
        ? (this.mentionTable(m) ?? this.endTable(m))
        : null;
    const beforeTable = tableOf(before);
    const afterTable = possessive ? null : tableOf(after);
    if (/\d/.test(v.text) || /^[A-Z0-9-]{2,}$/.test(v.text)) {
      const code = this.columnsInPlay().find(
        (c) =>
          (c.kind === 'text' || c.kind === 'other') &&
          c.isIdentifier &&
          (c.values.length === 0 || this.sameShape(c.values[0], v.text)),
      );
      if (code) return { column: code, consumed: [] };
    }
    const others = [...this.component]
      .filter((t) => t !== this.focus && t.labelColumns.length > 0)
      .sort((x, y) => x.rank - y.rank);
    const order: SchemaTable[] = [];
    if (beforeTable) order.push(beforeTable);
    if (afterTable && afterTable !== this.focus) order.push(afterTable);
    if (!beforeTable) order.push(...others);
    order.push(this.focus);
    if (afterTable) order.push(afterTable);
    for (const table of order) {
      // A phrase like "id of the reviewer" that only ends with the table noun is still asked for.
      const consumed =
        before && before.kind === 'schema' && this.isTableMention(before) && tableOf(before) === table
          ? [before]
          : [];
      const split = this.splitName(v, table, false);
      if (split) return { ...split, consumed };
      const label = table.labelColumns[0];
      if (label && (label.values.length === 0 || isLike || table === beforeTable || table === this.focus))
        return { column: label, consumed };
    }
    const text = this.columnsInPlay().find(
      (c) => c.kind === 'text' && c.values.length === 0 && !c.isIdentifier,
    );
    return text ? { column: text, consumed: [] } : null;
  }

  /** The table a phrase ends with when its last word names the table ("composer of track"). */
  private endTable(m: SchemaMention): SchemaTable | null {
    const last = this.tokens[m.end - 1];
    const best = m.columns[0];
    if (!last || !best || !best.viaTable) return null;
    return best.column.table.keys.includes(last.key) && !best.column.keys.includes(last.key)
      ? best.column.table
      : null;
  }

  private endsWithTable(m: SchemaMention): boolean {
    return this.endTable(m) !== null;
  }

  private sameShape(a: string, b: string): boolean {
    const shape = (s: string) => s.replace(/[A-Za-z]/g, 'a').replace(/\d/g, '9');
    return shape(a) === shape(b);
  }

  private looksLikeYear(v: ValueMention): boolean {
    return (
      v.type === 'number' &&
      v.number !== undefined &&
      Number.isInteger(v.number) &&
      v.number >= 1800 &&
      v.number <= 2100
    );
  }

  /** "Lucas Mancini" over first_name/last_name columns. */
  private splitName(
    v: ValueMention,
    table: SchemaTable,
    searchOthers = true,
  ): { column: SchemaColumn; consumed: Mention[]; split: Condition } | null {
    if (!NAME_FORMS.test(v.text)) return null;
    const tables = searchOthers ? [table, ...[...this.component].filter((t) => t !== table)] : [table];
    for (const t of tables) {
      if (t.labelColumns.length !== 2) continue;
      const [first, last] = t.labelColumns;
      const parts = v.text.split(' ');
      const compare = (column: SchemaColumn, value: string): Condition => ({
        kind: 'compare',
        left: { kind: 'column', column },
        op: '=',
        values: [{ value, type: 'string' }],
      });
      return {
        column: first,
        consumed: [],
        split: { kind: 'and', items: [compare(first, parts[0]), compare(last, parts.slice(1).join(' '))] },
      };
    }
    return null;
  }

  // ---------------------------------------------------------------- cues

  /** "the max, average, and minimum gpa": a run of aggregate words shares the column after it. */
  private applyAggregateRuns(): void {
    const aggregateWord = (c: Cue) =>
      isCue(c, 'aggregate') || (isCue(c, 'extreme') && !c.meaning.adjective && !c.meaning.frequency);
    const joinerOnly = (from: number, to: number) =>
      this.tokens.slice(from, to).every((t) => [',', 'and', '&'].includes(t.lower));
    for (let i = 0; i < this.cues.length; i++) {
      if (!aggregateWord(this.cues[i]) || this.usedCues.has(this.cues[i])) continue;
      const run: Cue[] = [this.cues[i]];
      let j = i + 1;
      while (j < this.cues.length) {
        const c = this.cues[j];
        if (isCue(c, 'and')) {
          j++;
          continue;
        }
        if (aggregateWord(c) && !this.usedCues.has(c) && joinerOnly(run[run.length - 1].end, c.start)) {
          run.push(c);
          j++;
          continue;
        }
        break;
      }
      if (run.length < 2) continue;
      const last = run[run.length - 1];
      const m = this.mentionAfter(last.end, 2);
      if (!m || m.kind !== 'schema' || !this.inSelect(run[0].start)) continue;
      const column = this.resolveColumn(m, { kinds: ['number', 'date'] }) ?? this.resolveColumn(m);
      if (!column) continue;
      this.used.add(m);
      for (const c of run) {
        this.usedCues.add(c);
        this.addSelect(c.start, {
          expr: { kind: 'aggregate', fn: isCue(c, 'aggregate') ? c.meaning.fn : aggregateOf(c), column },
        });
      }
      i = j - 1;
    }
  }

  private applyCues(): void {
    this.applyAggregateRuns();
    for (const cue of this.cues) if (isCue(cue, 'limit')) this.applyTopBy(cue);
    for (const cue of this.cues) {
      if (this.usedCues.has(cue)) continue;
      switch (cue.meaning.kind) {
        case 'count':
          this.applyCount(cue as CueOf<'count'>);
          break;
        case 'aggregate':
          this.applyAggregate(cue as CueOf<'aggregate'>);
          break;
        case 'extreme':
          this.applyExtreme(cue as CueOf<'extreme'>);
          break;
        case 'group':
        case 'each':
          this.applyGroup(cue);
          break;
        case 'order':
          this.applyOrder(cue as CueOf<'order'>);
          break;
        case 'period':
          this.applyPeriod(cue as CueOf<'period'>);
          break;
        case 'bucket':
          this.applyBucket(cue as CueOf<'bucket'>);
          break;
        case 'average-reference':
          this.applyAverageReference(cue as CueOf<'average-reference'>);
          break;
        case 'negation':
          this.applyNegation(cue);
          break;
        case 'current':
          this.applyCurrent(cue as CueOf<'current'>);
          break;
        case 'compare':
          this.applyColumnCompare(cue as CueOf<'compare'>);
          break;
        default:
          break;
      }
    }
    const direction = this.cues.find((c) => isCue(c, 'direction'));
    if (direction && isCue(direction, 'direction')) {
      if (this.plan.orderBy.length > 0 && !this.orderDirectionExplicit) {
        for (const o of this.plan.orderBy) o.dir = direction.meaning.dir;
      } else if (this.plan.orderBy.length === 0) {
        const m = this.mentionBefore(direction.start, 4, (c) => isCue(c, 'order'));
        const col = m && m.kind === 'schema' ? this.resolveColumn(m) : null;
        if (col) {
          this.plan.orderBy.push({ expr: { kind: 'column', column: col }, dir: direction.meaning.dir });
          if (!this.inSelect(m?.start ?? 0)) this.used.add(m as Mention);
        }
      }
    }
  }

  private orderDirectionExplicit = false;

  private addSelect(pos: number, ...items: SelectItem[]): void {
    this.pending.push({ pos, items });
  }

  private applyCount(cue: CueOf<'count'>): void {
    const next = this.mentionAfter(cue.end, 3, (c) => isCue(c, 'distinct'));
    const distinct = this.cues.some(
      (c) => isCue(c, 'distinct') && c.start >= cue.end && c.start <= cue.end + 2,
    );
    const inSelect = this.inSelect(cue.start) || this.frame === 'count';
    if (!inSelect) {
      // "ordered by the number of X" is handled by the order cue; "with the number of X more than N" by values.
      return;
    }
    let expr: Expr = { kind: 'aggregate', fn: 'count', column: null };
    const timesWord = this.tokens[cue.end]?.lower === 'times';
    // "How many credits does course CIS-220 have?": a stored quantity of one named row.
    if (next && next.kind === 'schema' && !timesWord && !distinct && !this.isTableMention(next)) {
      const measure = this.resolveColumn(next, { kinds: ['number'], avoidIdentifiers: true });
      const named = this.plan.where.some(
        (c) =>
          c.kind === 'compare' &&
          c.op === '=' &&
          c.left.kind === 'column' &&
          (c.left.column.isPrimaryKey ||
            (c.left.column.distinct ?? 0) >= (c.left.column.table.table.rowEstimate ?? Infinity)),
      );
      if (measure && !measure.isIdentifier && named && measure.words.length > 0 && !this.hasGroupCue()) {
        this.used.add(next);
        this.addSelect(cue.start, { expr: { kind: 'column', column: measure } });
        return;
      }
    }
    if (next && next.kind === 'schema' && !timesWord) {
      this.used.add(next);
      const table = this.mentionTable(next);
      if (this.isTableMention(next) && table) {
        this.countTarget = table;
        if (!this.plan.extraTables.includes(table)) this.plan.extraTables.push(table);
        if (distinct) {
          const label = table.labelColumns[0];
          if (label) expr = { kind: 'aggregate', fn: 'count', column: label, distinct: true };
        }
      } else {
        const column = this.resolveColumn(next);
        if (column) {
          // Counting a table's key or dates counts rows; counting another column counts its distinct values
          // ("how many advisors", "how many courses are offered" over class.crs_code).
          const rows =
            (column.isPrimaryKey && column.table.primaryKey.length === 1) ||
            column.kind === 'date' ||
            column.textDate ||
            column.keys.includes('date') ||
            (!distinct && this.hasGroupCue());
          if (rows && !distinct) {
            this.countTarget = column.table;
            if (!this.plan.extraTables.includes(column.table)) this.plan.extraTables.push(column.table);
          } else expr = { kind: 'aggregate', fn: 'count', column, distinct: true };
          // "the numbers of different majors and cities": one count per column.
          const andCue = this.cueAfter(next.end, 0, (c) => isCue(c, 'and'));
          const second = andCue ? this.mentionAfter(andCue.end, 1) : undefined;
          if (second && second.kind === 'schema' && !this.isTableMention(second)) {
            const other = this.resolveColumn(second);
            if (other && expr.kind === 'aggregate' && expr.distinct) {
              this.used.add(second);
              this.addSelect(cue.start, { expr });
              this.addSelect(second.start, {
                expr: { kind: 'aggregate', fn: 'count', column: other, distinct: true },
              });
              this.notes.push('counts');
              return;
            }
          }
        }
      }
    }
    this.addSelect(cue.start, { expr });
    this.notes.push('count');
  }

  /**
   * "the average satisfaction score": a schema mention after one unlinked modifier word (not a cue, not
   * linked, not a stopword) that names a number column.
   */
  private modifiedNumberAfter(pos: number): SchemaMention | undefined {
    const t = this.tokens[pos];
    if (!t || t.kind !== 'word' || t.stop || this.cueCovering(pos)) return undefined;
    if (this.mentions.some((m) => m.start <= pos && pos < m.end)) return undefined;
    const m = this.mentions.find((x) => x.start === pos + 1);
    if (!m || m.kind !== 'schema' || this.used.has(m) || this.isTableMention(m)) return undefined;
    const column = this.resolveColumn(m, { kinds: ['number'], avoidIdentifiers: true });
    return column && !column.isIdentifier ? m : undefined;
  }

  private applyAggregate(cue: CueOf<'aggregate'>): void {
    const next =
      this.mentionAfter(cue.end, 3, (c) => isCue(c, 'distinct') || isCue(c, 'count')) ??
      (cue.soft ? undefined : this.modifiedNumberAfter(cue.end));
    if (!next || next.kind !== 'schema') {
      if (cue.soft) return;
      // "price on average": the column right before.
      const before = this.mentionBefore(cue.start, 1);
      if (before && before.kind === 'schema' && this.inSelect(before.start)) {
        const column = this.resolveColumn(before, { kinds: ['number'] });
        if (column && !column.isIdentifier) {
          this.used.add(before);
          this.addSelect(before.start, { expr: { kind: 'aggregate', fn: cue.meaning.fn, column } });
        }
      }
      return;
    }
    // "the average number of stars": the aggregate of the column, not a count.
    for (const c of this.cues)
      if (isCue(c, 'count') && c.start >= cue.end && c.start <= next.start) this.usedCues.add(c);
    // Sums and averages need numbers; nothing else can be added up.
    const column = this.resolveColumn(next, { kinds: ['number'], avoidIdentifiers: true });
    if (!column) return;
    this.used.add(next);
    this.usedCues.add(cue);
    const expr: Expr = { kind: 'aggregate', fn: cue.meaning.fn, column };
    if (this.inSelect(cue.start) || this.inSelect(next.start)) {
      this.addSelect(cue.start, { expr });
      // "the average latitude and longitude": the aggregate applies to both.
      const andCue = this.cueAfter(next.end, 0, (c) => isCue(c, 'and'));
      const second = andCue ? this.mentionAfter(andCue.end, 1) : undefined;
      const secondColumn =
        second && second.kind === 'schema' && !this.isTableMention(second)
          ? this.resolveColumn(second, { kinds: ['number'] })
          : null;
      if (second && secondColumn && !secondColumn.isIdentifier && column.kind === 'number') {
        this.used.add(second);
        this.addSelect(second.start, {
          expr: { kind: 'aggregate', fn: cue.meaning.fn, column: secondColumn },
        });
      }
    } else this.conditionAggregate = { expr, pos: cue.start };
    this.notes.push(`${cue.meaning.fn}(${column.name})`);
  }

  /** An aggregate named outside the select list ("in which the average pressure is the lowest"). */
  private conditionAggregate: { expr: Expr; pos: number } | null = null;

  private applyExtreme(cue: CueOf<'extreme'>): void {
    const meaning = cue.meaning;
    const limit = this.limitNear(cue) ?? 1;
    const inSelect = this.inSelect(cue.start);

    const orderBy = (expr: Expr) => {
      this.plan.orderBy.push({ expr, dir: meaning.dir });
      this.plan.limit = limit;
    };
    const orderByCount = (target: SchemaTable | null) => {
      if (target && !this.plan.extraTables.includes(target) && target !== this.focus) {
        this.plan.extraTables.push(target);
        this.countTarget = target;
      }
      orderBy({ kind: 'aggregate', fn: 'count', column: null });
      this.groupEntity = this.groupEntity ?? this.focus;
      this.notes.push(`most ${target?.table.name ?? 'rows'}`);
    };

    // "the lowest average pressure": order groups by an aggregate.
    const aggregateCue = this.cueAfter(cue.end, 1, (c) => isCue(c, 'aggregate'));
    if (aggregateCue && isCue(aggregateCue, 'aggregate')) {
      const m = this.mentionAfter(aggregateCue.end, 2);
      const column = m && m.kind === 'schema' ? this.resolveColumn(m, { kinds: ['number'] }) : null;
      if (column && m) {
        this.used.add(m);
        this.usedCues.add(aggregateCue);
        orderBy({ kind: 'aggregate', fn: aggregateCue.meaning.fn, column });
        this.groupEntity = this.groupEntity ?? this.focus;
        return;
      }
    }

    let next = this.mentionAfter(cue.end, 2, (c) => isCue(c, 'count'));
    // "the amenity that is most common": a predicative superlative describes the noun before it.
    const predicative = ['is', 'are', 'was', 'were'].includes(this.tokens[cue.start - 1]?.lower ?? '');
    if (meaning.frequency === 'group' && predicative) {
      const head = this.mentionBefore(cue.start, 3, (c) => isCue(c, 'relative'));
      if (head && head.kind === 'schema') next = head;
    }
    // "the largest and smallest customer codes": both extremes name the same column.
    const pairedCue = next ? undefined : this.cueAfter(cue.end, 0, (c) => isCue(c, 'and'));
    if (pairedCue) {
      const other = this.cueAfter(pairedCue.end, 0, (c) => isCue(c, 'extreme') && !c.meaning.adjective);
      const shared = other ? this.mentionAfter(other.end, 1, undefined, true) : undefined;
      if (shared && shared.kind === 'schema' && inSelect) next = shared;
    }
    if (meaning.adjective && (!next || next.kind !== 'schema' || this.isTableMention(next))) {
      const found = this.attributeColumn(meaning.adjective);
      if (found) {
        this.plan.orderBy.push({ expr: { kind: 'column', column: found.column }, dir: found.dir });
        this.plan.limit = limit;
        this.notes.push(`${meaning.adjective} → ${found.column.name} ${found.dir}`);
        return;
      }
      if (cue.soft) return;
    }
    if (next && next.kind === 'schema') {
      const table = this.mentionTable(next);
      const countsRows = meaning.frequency === 'count' || (!meaning.frequency && !meaning.aggregateWord);
      if (countsRows && this.isTableMention(next) && table) {
        this.used.add(next);
        orderByCount(table);
        return;
      }
      const column = this.resolveColumn(next, {
        kinds: meaning.frequency ? undefined : ['number', 'date', 'text'],
      });
      if (!column) return;
      this.used.add(next);
      if (meaning.frequency === 'count') {
        // "the largest number of bedrooms" over a stored bedroom_count: order by the column.
        if (
          column.kind === 'number' &&
          !column.isIdentifier &&
          column.words.some((w) => COUNT_WORDS.has(w))
        ) {
          orderBy({ kind: 'column', column });
          return;
        }
        orderByCount(column.table);
        return;
      }
      if (meaning.frequency === 'group') {
        // "the most common X": group by X, order by count (showing the row's label when X is a key).
        const shown = column.isIdentifier ? (this.labelFor(column) ?? column) : column;
        this.plan.groupBy.push({ kind: 'column', column });
        if (shown !== column) this.plan.groupBy.push({ kind: 'column', column: shown });
        orderBy({ kind: 'aggregate', fn: 'count', column: null });
        if (inSelect || this.pending.length === 0)
          this.addSelect(next.start, { expr: { kind: 'column', column: shown } });
        this.notes.push(`most common ${column.name}`);
        return;
      }
      if (meaning.adjective) {
        // "the three oldest ids": the adjective's direction, date-like for dates and keys.
        const spec = ATTRIBUTE_ADJECTIVES[meaning.adjective];
        const dateLike =
          column.kind === 'date' ||
          column.textDate ||
          column.isIdentifier ||
          column.keys.some((k) => ['date', 'year', 'time'].includes(k));
        const dir = spec && dateLike && spec.dateDirection ? spec.dateDirection : meaning.dir;
        this.plan.orderBy.push({ expr: { kind: 'column', column }, dir });
        this.plan.limit = limit;
        return;
      }
      if (inSelect && !this.cues.some((c) => isCue(c, 'limit') && this.usedCues.has(c)) && limit === 1) {
        const fn = meaning.dir === 'desc' ? 'max' : 'min';
        this.addSelect(cue.start, { expr: { kind: 'aggregate', fn, column } });
        this.notes.push(`${fn}(${column.name})`);
        return;
      }
      const word = (i: number) => this.tokens[i]?.lower ?? '';
      const sumWord =
        [word(cue.start), word(cue.end - 1)].some((w) => w === 'most' || w === 'least') ||
        (column.table !== this.focus &&
          column.keys.some((k) => AMOUNT_KEYS.has(k)) &&
          this.manySide(column.table));
      const grouped =
        this.hasGrouping() || (this.frame === 'which' && sumWord) || (sumWord && column.table !== this.focus);
      if (grouped && sumWord && column.kind === 'number' && !column.isIdentifier) {
        orderBy({ kind: 'aggregate', fn: 'sum', column });
        this.groupEntity = this.groupEntity ?? this.focus;
        this.notes.push(`ordered by total ${column.name}`);
        return;
      }
      orderBy({ kind: 'column', column });
      this.notes.push(`top ${limit} by ${column.name}`);
      return;
    }
    if (cue.soft || meaning.aggregateWord) return;
    if (this.conditionAggregate && this.conditionAggregate.pos < cue.start) {
      orderBy(this.conditionAggregate.expr);
      this.conditionAggregate = null;
      this.groupEntity = this.groupEntity ?? this.focus;
      return;
    }
    // "Which X has the most?" / "most ... times".
    orderByCount(null);
  }

  /** True when `table` holds a foreign key to the focus table (it lists many rows per focus row). */
  private manySide(table: SchemaTable): boolean {
    return table.table.foreignKeys.some(
      (fk) => `${fk.referencedSchema}.${fk.referencedTable}` === this.focus.qname,
    );
  }

  /** The label column of the row a key column identifies (its own table's, or the referenced table's). */
  private labelFor(column: SchemaColumn): SchemaColumn | null {
    if (column.isPrimaryKey && column.table.labelColumns.length === 1) return column.table.labelColumns[0];
    for (const fk of column.table.table.foreignKeys) {
      if (!fk.columns.includes(column.name)) continue;
      const target = this.input.model.byName.get(`${fk.referencedSchema}.${fk.referencedTable}`);
      if (target && target.labelColumns.length === 1 && this.component.has(target))
        return target.labelColumns[0];
    }
    return null;
  }

  private hasGrouping(): boolean {
    return (
      this.plan.groupBy.length > 0 ||
      this.cues.some((c) => (isCue(c, 'group') || isCue(c, 'bucket')) && !this.isValueGroup(c))
    );
  }

  private isValueGroup(c: Cue): boolean {
    const next = this.mentionAfter(c.end, 1, () => false, true);
    return !next || next.kind === 'value';
  }

  /** The column an adjective talks about ("oldest" → age desc or birth date asc) and the direction. */
  private attributeColumn(adjective: string): { column: SchemaColumn; dir: 'asc' | 'desc' } | null {
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

  /**
   * "in each distribution center" where no word links: the one request table that nothing else names and
   * that joins the focus (retrieval chose it for those words).
   */
  private unnamedGroupTable(cue: Cue): SchemaTable | null {
    const after = this.tokens.slice(cue.end, cue.end + 3);
    const words = after.filter((t) => t.kind === 'word' && !t.stop);
    if (words.length === 0 || after.some((t) => this.cueCovering(t.index))) return null;
    if (this.mentions.some((m) => m.start >= cue.end && m.start < cue.end + 3)) return null;
    const named = new Set(planTables(this.plan));
    for (const m of this.schemaMentions()) {
      const t = this.mentionTable(m);
      if (t) named.add(t);
      for (const c of m.columns.slice(0, 1)) named.add(c.column.table);
    }
    const free = [...this.component].filter(
      (t) => t !== this.focus && !named.has(t) && t.labelColumns.length > 0,
    );
    return free.length === 1 ? free[0] : null;
  }

  private applyGroup(cue: Cue): void {
    const next = this.mentionAfter(cue.end, 2, (c) => isCue(c, 'distinct'), true);
    if ((!next || next.kind !== 'schema') && this.hasAggregation() && this.tokens[cue.start].lower !== 'by') {
      const table = this.unnamedGroupTable(cue);
      if (!table) return;
      const key = table.primaryKey.length > 0 ? table.primaryKey : table.labelColumns;
      for (const k of [...key, ...table.labelColumns])
        if (!this.plan.groupBy.some((g) => g.kind === 'column' && g.column === k))
          this.plan.groupBy.push({ kind: 'column', column: k });
      this.addSelect(
        cue.start,
        ...table.labelColumns.map((c) => ({ expr: { kind: 'column', column: c } as Expr })),
      );
      this.groupEntity = table;
      if (!this.plan.extraTables.includes(table)) this.plan.extraTables.push(table);
      this.notes.push(`per ${table.table.name}`);
      return;
    }
    if (!next || next.kind !== 'schema') return;
    // Grouping only means something when the question aggregates ("for each trip, its end date" lists rows).
    if (!this.hasAggregation()) return;
    if (this.tokens[cue.start].lower === 'by') {
      if (!this.hasAggregation()) return;
      // "lessons taken by customer X", "movies directed by": a verb before "by" makes it an agent, not a group.
      const prev = this.tokens[cue.start - 1];
      const prevMention = this.mentions.some((m) => m.end === cue.start);
      if (prev && prev.kind === 'word' && !prev.stop && !prevMention && !this.cueCovering(prev.index)) return;
      if (prev && /(ed|en)$/.test(prev.lower) && prev.lower.length > 4) return;
    }
    const wasUsed = this.used.has(next);
    this.used.add(next);
    const table = this.mentionTable(next);
    if (this.isTableMention(next) && table) {
      const key = table.primaryKey.length > 0 ? table.primaryKey : table.labelColumns;
      for (const k of key) this.plan.groupBy.push({ kind: 'column', column: k });
      const shown = table.labelColumns.length > 0 ? table.labelColumns : key;
      if (!wasUsed)
        this.addSelect(cue.start, ...shown.map((c) => ({ expr: { kind: 'column', column: c } as Expr })));
      for (const c of shown)
        if (!this.plan.groupBy.some((g) => g.kind === 'column' && g.column === c))
          this.plan.groupBy.push({ kind: 'column', column: c });
      this.groupEntity = table;
      if (!this.plan.extraTables.includes(table)) this.plan.extraTables.push(table);
      this.notes.push(`per ${table.table.name}`);
      return;
    }
    const column = this.resolveColumn(next);
    if (!column) return;
    this.plan.groupBy.push({ kind: 'column', column });
    if (!wasUsed) this.addSelect(cue.start, { expr: { kind: 'column', column } });
    this.notes.push(`per ${column.name}`);
  }

  private hasGroupCue(): boolean {
    return this.cues.some((c) => (isCue(c, 'group') || isCue(c, 'each')) && !this.isValueGroup(c));
  }

  private hasAggregation(): boolean {
    return this.cues.some(
      (c) => isCue(c, 'count') || isCue(c, 'aggregate') || (isCue(c, 'extreme') && !c.soft),
    );
  }

  private applyOrder(cue: CueOf<'order'>): void {
    if (cue.meaning.then && this.plan.orderBy.length === 0) return;
    // "Sort the list of names ... in descending order of cost": the opening verb only introduces the list.
    if (cue.start <= 1 && !cue.meaning.dir && this.cues.some((c) => isCue(c, 'order') && c.start > cue.end))
      return;
    // "sorted by price in descending order": the second phrase only gives the first one's direction.
    const own = this.mentionAfter(cue.end, 3, (c) => isCue(c, 'direction'), true);
    if (
      cue.meaning.dir &&
      this.plan.orderBy.length > 0 &&
      (!own || own.kind !== 'schema' || this.tokens[cue.end - 1]?.lower !== 'of')
    ) {
      const last = this.plan.orderBy[this.plan.orderBy.length - 1];
      last.dir = cue.meaning.dir;
      this.orderDirectionExplicit = true;
      return;
    }
    const dirCue = this.cues.find(
      (c) =>
        isCue(c, 'direction') &&
        c.start >= cue.start &&
        !this.cues.some((o) => isCue(o, 'order') && o !== cue && o.start > cue.start && o.start < c.start),
    );
    let dir: 'asc' | 'desc' =
      cue.meaning.dir ?? (dirCue && isCue(dirCue, 'direction') ? dirCue.meaning.dir : 'asc');
    if (cue.meaning.dir || dirCue) this.orderDirectionExplicit = true;
    // "ordered by the number of X", "in decreasing order of each city's highest latitude".
    const inner = this.cues.find(
      (c) =>
        c.start >= cue.end &&
        c.start <= cue.end + 6 &&
        !this.usedCues.has(c) &&
        (isCue(c, 'count') ||
          (isCue(c, 'aggregate') && !c.soft) ||
          (isCue(c, 'extreme') && !c.soft && !c.meaning.adjective)) &&
        !this.valueMentions().some((v) => v.start >= cue.end && v.start < c.start),
    );
    if (inner) {
      this.usedCues.add(inner);
      const next = this.mentionAfter(inner.end, 2);
      if (isCue(inner, 'count') || (isCue(inner, 'extreme') && inner.meaning.frequency)) {
        if (next && next.kind === 'schema' && this.isTableMention(next)) {
          this.used.add(next);
          const t = this.mentionTable(next);
          if (t && t !== this.focus && !this.plan.extraTables.includes(t)) this.plan.extraTables.push(t);
        }
        this.plan.orderBy.push({ expr: { kind: 'aggregate', fn: 'count', column: null }, dir });
        this.groupEntity = this.groupEntity ?? this.focus;
        return;
      }
      if (next && next.kind === 'schema') {
        const column = this.resolveColumn(next, { kinds: ['number'] }) ?? this.resolveColumn(next);
        if (column) {
          this.used.add(next);
          const fn = aggregateOf(inner);
          if (isCue(inner, 'extreme') && !cue.meaning.dir && !dirCue) dir = inner.meaning.dir;
          this.plan.orderBy.push({ expr: { kind: 'aggregate', fn, column }, dir });
          this.groupEntity = this.groupEntity ?? this.focus;
        }
      }
      return;
    }
    // "sorted by the count": the number of rows of each group.
    const word = (i: number) => this.tokens[i]?.lower ?? '';
    const countAt =
      word(cue.end) === 'count'
        ? cue.end
        : word(cue.end) === 'the' && word(cue.end + 1) === 'count'
          ? cue.end + 1
          : -1;
    if (countAt >= 0 && word(countAt + 1) !== 'of' && !this.mentions.some((m) => m.start === countAt)) {
      this.plan.orderBy.push({ expr: { kind: 'aggregate', fn: 'count', column: null }, dir });
      this.groupEntity = this.groupEntity ?? this.focus;
      return;
    }
    const next = this.mentionAfter(cue.end, 3, (c) => isCue(c, 'direction'), true);
    if (next && next.kind === 'schema') {
      const table = this.isTableMention(next) ? this.mentionTable(next) : null;
      const column = table
        ? (table.labelColumns[0] ?? table.columns.find((c) => !c.isIdentifier && c.kind === 'text') ?? null)
        : this.resolveColumn(next);
      if (column) {
        if (!this.inSelect(next.start)) this.used.add(next);
        this.plan.orderBy.push({ expr: { kind: 'column', column }, dir });
        this.notes.push(`order by ${column.name} ${dir}`);
        return;
      }
    }
    // "sorted alphabetically" / "in descending order": the column asked for, just before (else the first one).
    const before = this.mentionBefore(cue.start, 3);
    const col =
      before && before.kind === 'schema' && !this.isTableMention(before) ? this.resolveColumn(before) : null;
    if (col) this.plan.orderBy.push({ expr: { kind: 'column', column: col }, dir });
    else this.pendingOrderDir = dir;
  }

  /** "top 5 countries by number of invoices": order by what follows "by", descending, limit N. */
  private applyTopBy(cue: CueOf<'limit'>): void {
    // "the top 5 GPAs": order by the column named right after the limit.
    const direct = this.mentionAfter(cue.end, 0);
    if (direct && direct.kind === 'schema' && !this.isTableMention(direct) && cue.number !== undefined) {
      const column = this.resolveColumn(direct, { kinds: ['number', 'date'] });
      if (
        column &&
        !column.isIdentifier &&
        !this.cues.some((c) => isCue(c, 'extreme') && Math.abs(c.start - cue.end) <= 1)
      ) {
        this.used.add(direct);
        this.usedCues.add(cue);
        this.plan.orderBy.push({ expr: { kind: 'column', column }, dir: 'desc' });
        this.plan.limit = cue.number;
        return;
      }
    }
    const by = this.cues.find(
      (c) =>
        isCue(c, 'group') &&
        this.tokens[c.start].lower === 'by' &&
        c.start >= cue.end &&
        c.start <= cue.end + 5,
    );
    if (!by || cue.number === undefined) return;
    const inner = this.cueAfter(by.end, 1, (c) => isCue(c, 'count') || isCue(c, 'aggregate'));
    const target = this.mentionAfter(inner ? inner.end : by.end, 2);
    let expr: Expr | null = null;
    if (inner && isCue(inner, 'count')) {
      expr = { kind: 'aggregate', fn: 'count', column: null };
      if (target && target.kind === 'schema') this.used.add(target);
    } else if (target && target.kind === 'schema') {
      const column = this.resolveColumn(target, { kinds: ['number'] }) ?? this.resolveColumn(target);
      if (column) {
        // "top 5 products by units sold": a quantity of the rows listed per product adds up.
        const perRow =
          column.table !== this.focus &&
          column.kind === 'number' &&
          !column.isIdentifier &&
          this.manySide(column.table);
        expr =
          inner && isCue(inner, 'aggregate')
            ? { kind: 'aggregate', fn: inner.meaning.fn, column }
            : perRow
              ? { kind: 'aggregate', fn: 'sum', column }
              : { kind: 'column', column };
        this.used.add(target);
      }
    }
    if (!expr) return;
    this.usedCues.add(cue);
    this.usedCues.add(by);
    if (inner) this.usedCues.add(inner);
    this.plan.orderBy.push({ expr, dir: 'desc' });
    this.plan.limit = cue.number;
    if (expr.kind === 'aggregate') this.groupEntity = this.groupEntity ?? this.focus;
  }

  private pendingOrderDir: 'asc' | 'desc' | null = null;

  /** The date column a period or bucket applies to. */
  private dateColumn(): SchemaColumn | null {
    const dates = this.columnsInPlay().filter((c) => c.kind === 'date' || c.textDate);
    if (dates.length === 0) return null;
    const preferred = dates.find((c) => this.input.preferColumns.has(`${c.table.qname}.${c.name}`));
    if (preferred) return preferred;
    const mentioned = new Set(
      this.schemaMentions().flatMap((m) => m.columns.filter((c) => c.score >= 0.5).map((c) => c.column)),
    );
    const used = planTables(this.plan);
    const distance = (c: SchemaColumn) =>
      Math.min(...[this.focus, ...used].map((t) => this.input.graph.distance(t, c.table)));
    const score = (c: SchemaColumn) =>
      (mentioned.has(c) ? 10 : 0) -
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

  private applyPeriod(cue: CueOf<'period'>): void {
    const column = this.dateColumn();
    if (!column) return;
    const { from, to } = periodRange(this.input.now, cue.meaning.unit, cue.meaning.anchor, cue.number ?? 1);
    this.plan.where.push({ kind: 'range', column, from, to });
    this.notes.push(`${column.name} in [${from}, ${to})`);
  }

  private applyBucket(cue: CueOf<'bucket'>): void {
    const column = this.dateColumn();
    if (!column) return;
    const unit = cue.meaning.unit;
    const parts: Expr[] =
      unit === 'quarter' || unit === 'month'
        ? [
            { kind: 'date-part', unit: 'year', column },
            { kind: 'date-part', unit, column },
          ]
        : [{ kind: 'date-part', unit, column }];
    this.plan.groupBy.push(...parts);
    this.addSelect(
      cue.start,
      ...parts.map((p) => ({ expr: p, alias: p.kind === 'date-part' ? p.unit : undefined })),
    );
    this.notes.push(`by ${unit} of ${column.name}`);
  }

  private applyAverageReference(cue: CueOf<'average-reference'>): void {
    const before = this.mentionBefore(cue.start, 3);
    const after = this.mentionAfter(cue.end, 2, undefined, true);
    const m = [before, after].find((x): x is SchemaMention => !!x && x.kind === 'schema');
    const column = m ? this.resolveColumn(m, { kinds: ['number'] }) : null;
    if (!column || !m) return;
    if (m === before) this.used.add(m);
    if (m === after) this.used.add(m);
    const sub = emptyPlan();
    sub.select = [{ expr: { kind: 'aggregate', fn: 'avg', column } }];
    sub.root = column.table;
    this.plan.where.push({
      kind: 'compare-subquery',
      left: { kind: 'column', column },
      op: cue.meaning.op ?? '>',
      plan: sub,
    });
    this.notes.push(`${column.name} vs average`);
  }

  /**
   * "products below their reorder point", "a price higher than its cost": a comparison between two number
   * columns of one row. The left column is the one named before the cue, else the table's quantity column.
   */
  private applyColumnCompare(cue: CueOf<'compare'>): void {
    const op = cue.meaning.op;
    if (op === 'between' || op === '=' || op === '!=' || cue.meaning.adjective) return;
    const possessive = ['their', 'its', 'his', 'her'].includes(this.tokens[cue.end]?.lower ?? '');
    if (!possessive) return;
    const next = this.mentionAfter(cue.end + 1, 0);
    if (!next || next.kind !== 'schema' || this.isTableMention(next)) return;
    const right = this.resolveColumn(next, { kinds: ['number', 'date'], avoidIdentifiers: true });
    if (!right || right.isIdentifier) return;
    const before = this.mentionBefore(cue.start, 2);
    const named =
      before && before.kind === 'schema' && !this.isTableMention(before)
        ? this.resolveColumn(before, { kinds: [right.kind], prefer: right.table })
        : null;
    const left =
      named && named !== right && !named.isIdentifier
        ? named
        : right.table.columns.find(
            (c) =>
              c !== right &&
              c.kind === right.kind &&
              !c.isIdentifier &&
              c.keys.some((k) => QUANTITY_KEYS.has(k)),
          );
    if (!left) return;
    this.used.add(next);
    if (named === left && before) this.used.add(before);
    this.usedCues.add(cue);
    this.plan.where.push({
      kind: 'compare-column',
      left: { kind: 'column', column: left },
      op,
      right: { kind: 'column', column: right },
    });
    this.notes.push(`${left.name} ${op} ${right.name}`);
  }

  /**
   * "current employees": the rows of the table named next whose end date is still empty (or whose active
   * flag is set); "former" asks for the opposite. Nothing when the table stores neither.
   */
  private applyCurrent(cue: CueOf<'current'>): void {
    const next = this.mentionAfter(cue.end, 2, undefined, true);
    const named = next && next.kind === 'schema' ? this.mentionTable(next) : null;
    const table = named ?? this.focus;
    const flag = table.columns.find((c) => c.kind === 'boolean' && c.keys.some((k) => ACTIVE_KEYS.has(k)));
    const ended = table.columns.find(
      (c) => (c.kind === 'date' || c.textDate) && c.column.nullable && c.keys.some((k) => END_KEYS.has(k)),
    );
    const former = cue.meaning.former === true;
    if (flag) {
      this.plan.where.push({
        kind: 'compare',
        left: { kind: 'column', column: flag },
        op: '=',
        values: [{ value: former ? 'false' : 'true', type: 'string' }],
      });
    } else if (ended) {
      this.plan.where.push({ kind: 'null', left: { kind: 'column', column: ended }, negate: former });
    } else return;
    this.usedCues.add(cue);
    this.notes.push(`${former ? 'former' : 'current'} ${table.table.name}`);
  }

  private applyNegation(cue: Cue): void {
    if (this.negation && this.negation.cue === cue) return;
    // "have never placed an order": skip up to two verbs between the negation and the thing negated.
    let from = cue.end;
    for (let k = 0; k < 2; k++) {
      const t = this.tokens[from];
      if (t && t.kind === 'word' && !t.stop && !this.mentions.some((m) => m.start <= from && from < m.end))
        from++;
    }
    const next = this.mentionAfter(from, 3, (c) => ['relative', 'and'].includes(c.meaning.kind));
    if (!next || next.kind !== 'schema') return;
    const best = next.columns.find((c) => this.component.has(c.column.table));
    const table = this.isTableMention(next)
      ? this.mentionTable(next)
      : (this.mentionTable(next) ?? best?.column.table ?? null);
    if (!table || table === this.focus) return;
    if (
      !this.isTableMention(next) &&
      !(best && best.column.table === table && next.tables.some((t) => t.table === table))
    )
      return;
    this.used.add(next);
    this.usedCues.add(cue);
    this.negation = { cue, conditions: [], table };
  }

  // ---------------------------------------------------------------- select list and finishing

  /** "users who are moderators", "suppliers that are not preferred": yes/no columns named as conditions. */
  private applyBooleanColumns(): void {
    for (const m of this.schemaMentions()) {
      if (this.used.has(m) || (this.inSelect(m.start) && !this.plan.select.length && this.frame !== 'count'))
        continue;
      if (this.inSelect(m.start)) continue;
      const best = m.columns.find((c) => this.component.has(c.column.table));
      if (!best || best.column.kind !== 'boolean' || best.score < 0.5) continue;
      const negation = this.cueBefore(m.start, 3, (c) => isCue(c, 'negation'));
      if (negation) this.usedCues.add(negation);
      this.used.add(m);
      this.plan.where.push({
        kind: 'compare',
        left: { kind: 'column', column: best.column },
        op: '=',
        values: [{ value: negation ? 'false' : 'true', type: 'string' }],
      });
      this.notes.push(`${negation ? 'not ' : ''}${best.column.name}`);
    }
  }

  private collectSelect(): void {
    // "... who have taught some course and the course code": a trailing "and the X" adds to the select list.
    const trailing = this.schemaMentions().filter(
      (m) => !this.inSelect(m.start) && !this.used.has(m) && m.start > this.selectEnd && this.addsToSelect(m),
    );
    const schema = [
      ...this.schemaMentions().filter((m) => this.inSelect(m.start) && !this.used.has(m)),
      ...trailing,
    ];
    let sawColumn = false;
    let lastSelectEnd = 0;
    for (const m of schema) {
      const table = this.mentionTable(m);
      if (this.isTableMention(m) && table) {
        // "the first and last name, department and city": a table in a list of columns stands for its label.
        const listed = sawColumn && [',', 'and'].includes(this.tokens[m.start - 1]?.lower ?? '');
        if (listed && table.labelColumns.length === 1) {
          this.used.add(m);
          this.addSelect(m.start, { expr: { kind: 'column', column: table.labelColumns[0] } });
          continue;
        }
        if (sawColumn || this.pending.some((p) => p.pos < m.start)) continue;
        // A table asked for by name: its label columns (or key).
        const next = this.mentionAfter(m.end, 2, () => false, true);
        if (next && next.kind === 'schema' && !this.isTableMention(next) && this.inSelect(next.start))
          continue;
        const sortName = this.sortedNameColumn(table);
        const shown = sortName
          ? [sortName]
          : table.labelColumns.length > 0
            ? table.labelColumns
            : table.primaryKey.slice(0, 1);
        if (shown.length > 0 && this.frame !== 'count')
          this.addSelect(m.start, ...shown.map((c) => ({ expr: { kind: 'column', column: c } as Expr })));
        continue;
      }
      const column = this.resolveColumn(m);
      if (!column) continue;
      // "the name of bank branch": a key right after the asked column names the entity, not another column.
      const gap = this.tokens.slice(lastSelectEnd, m.start).map((t) => t.lower);
      if (
        sawColumn &&
        column.isIdentifier &&
        gap.every((w) => ['of', 'the', 'a', 'an', 'each', 'all'].includes(w))
      )
        continue;
      // "How many customers live in ...": a count asks for the count, not for the words after its noun.
      if (this.frame === 'count' && !this.listedWithCount(m)) continue;
      // "the names of the directors" where director is a column: the directors are the answer.
      const next = this.mentionAfter(m.end, 2, () => false, true);
      const generic = this.tokens
        .slice(m.start, m.end)
        .every((t) => t.stop || ['name', 'names'].includes(t.lower));
      if (
        generic &&
        next &&
        next.kind === 'schema' &&
        !this.isTableMention(next) &&
        this.tokens[m.end]?.lower === 'of'
      )
        continue;
      sawColumn = true;
      lastSelectEnd = m.end;
      this.used.add(m);
      const nameOnly = this.tokens.slice(m.start, m.end).every((t) => ['name', 'names'].includes(t.lower));
      const full = /^full$/i.test(this.tokens[m.start - 1]?.text ?? '');
      const person = [column.table, this.focus].find((t) => t.labelColumns.length === 2);
      const pair = person && (nameOnly || full) ? person.labelColumns : column.table.labelColumns;
      const bare = m.end - m.start === 1 || full;
      if (
        pair.length === 2 &&
        (pair.includes(column) || nameOnly || full) &&
        bare &&
        !m.columns.some((c) => c.score >= 0.99 && !pair.includes(c.column) && !nameOnly)
      ) {
        // "names" / "full names" of people stored as first + last name.
        this.addSelect(m.start, ...pair.map((c) => ({ expr: { kind: 'column', column: c } as Expr })));
        continue;
      }
      this.addSelect(m.start, { expr: { kind: 'column', column } });
    }
    this.pending.sort((a, b) => a.pos - b.pos);
    // "the total amount of money": the bare column repeats the aggregate's.
    const aggregated = new Set(
      this.pending.flatMap((p) =>
        p.items.map((i) => (i.expr.kind === 'aggregate' && i.expr.column ? i.expr.column : null)),
      ),
    );
    for (const p of this.pending)
      p.items = p.items.filter(
        (i) =>
          !(
            i.expr.kind === 'column' &&
            aggregated.has(i.expr.column) &&
            !this.plan.groupBy.some((g) => exprKey(g) === exprKey(i.expr))
          ),
      );
    const seen = new Set<string>();
    for (const p of this.pending)
      for (const item of p.items) {
        const key = exprKey(item.expr);
        if (seen.has(key)) continue;
        seen.add(key);
        this.plan.select.push(item);
      }
    if (this.allColumns && this.plan.select.every((s) => s.expr.kind === 'column')) {
      this.plan.select = [{ expr: { kind: 'star' } }];
      this.plan.root = this.focus;
    }
    if (this.plan.select.length === 0) this.defaultSelect();
    if (
      this.cues.some((c) => isCue(c, 'distinct') && this.inSelect(c.start)) &&
      this.plan.select.every((s) => s.expr.kind === 'column')
    )
      this.plan.distinct = true;
    if (this.pendingOrderDir && this.plan.orderBy.length === 0) {
      const first = this.plan.select.find((s) => s.expr.kind === 'column');
      if (first) this.plan.orderBy.push({ expr: first.expr, dir: this.pendingOrderDir });
    }
  }

  /**
   * "the users sorted by display name": rows listed in the order of another name of theirs are named by it
   * (a text name or title column of the table itself that is not its label).
   */
  private sortedNameColumn(table: SchemaTable): SchemaColumn | null {
    if (this.plan.orderBy.length !== 1) return null;
    const expr = this.plan.orderBy[0].expr;
    if (expr.kind !== 'column') return null;
    const c = expr.column;
    const nameLike = ['name', 'titl'].includes(c.keys[c.keys.length - 1] ?? '');
    if (c.table !== table || c.kind !== 'text' || c.isIdentifier || !nameLike) return null;
    return table.labelColumns.includes(c) ? null : c;
  }

  /** A mention after the clause that starts with "and the" / ", and the corresponding": also asked for. */
  private addsToSelect(m: SchemaMention): boolean {
    if (this.isTableMention(m)) return false;
    let i = m.start - 1;
    while (
      i >= 0 &&
      ['the', 'their', 'its', 'corresponding', 'respective', 'also', 'find', 'show', 'list', 'give'].includes(
        this.tokens[i].lower,
      )
    )
      i--;
    if (i < 0 || !['and', ','].includes(this.tokens[i].lower)) return false;
    // "and play football" is a verb phrase: a noun phrase has a determiner or several words.
    if (
      i === m.start - 1 &&
      m.end - m.start < 2 &&
      this.tokens[i].lower === 'and' &&
      this.tokens[i - 1]?.text !== ','
    )
      return false;
    // Not a condition's second column ("with X and Y above 10"): nothing compares it.
    return !this.cues.some(
      (c) => (isCue(c, 'compare') || isCue(c, 'like')) && c.start >= m.end && c.start <= m.end + 2,
    );
  }

  /** "How many X and what is the Y": a column joined to the count by "and" or a comma is asked for too. */
  private listedWithCount(m: SchemaMention): boolean {
    const prev = this.tokens[m.start - 1];
    const prev2 = this.tokens[m.start - 2];
    return (
      (prev !== undefined && ['and', ','].includes(prev.lower)) ||
      (prev2 !== undefined && ['and', ','].includes(prev2.lower) && prev.stop)
    );
  }

  private defaultSelect(): void {
    if (this.frame === 'count') {
      this.plan.select.push({ expr: { kind: 'aggregate', fn: 'count', column: null } });
      return;
    }
    if (this.frame === 'when') {
      const date = this.dateColumn();
      if (date) {
        this.plan.select.push({ expr: { kind: 'column', column: date } });
        return;
      }
    }
    const shown =
      this.focus.labelColumns.length > 0 ? this.focus.labelColumns : this.focus.primaryKey.slice(0, 1);
    if (shown.length > 0)
      for (const c of shown) this.plan.select.push({ expr: { kind: 'column', column: c } });
    else {
      this.plan.select.push({ expr: { kind: 'star' } });
      this.plan.root = this.focus;
    }
  }

  private finish(): void {
    const plan = this.plan;
    // Expand first/last name pairs into two conditions.
    plan.where = plan.where.flatMap((c) => (c.kind === 'and' ? c.items : [c]));
    const seenConditions = new Set<string>();
    plan.where = plan.where.filter((c) => {
      const key = JSON.stringify(c, (k, v: unknown) =>
        k === 'column' && v && typeof v === 'object' && 'name' in v
          ? `${(v as SchemaColumn).table.qname}.${(v as SchemaColumn).name}`
          : k === 'plan'
            ? undefined
            : v,
      );
      if (seenConditions.has(key)) return false;
      seenConditions.add(key);
      return true;
    });
    if (this.negation) this.finishNegation();
    this.finishRowCompare();
    const groupColumn = this.havingGroupColumn;
    if (groupColumn && !plan.select.some((s) => s.expr.kind === 'column' && s.expr.column === groupColumn))
      plan.select.push({ expr: { kind: 'column', column: groupColumn } });
    if (!plan.root) plan.root = this.rootTable();
    // "patients who made an appointment": a table named in a condition joins even without a filter on it.
    for (const m of this.schemaMentions()) {
      if (this.used.has(m) || this.inSelect(m.start) || !this.isTableMention(m)) continue;
      const table = this.mentionTable(m);
      if (!table || planTables(plan).includes(table) || this.negation?.table === table) continue;
      if (this.plan.select.some((s) => s.expr.kind === 'aggregate')) continue;
      plan.extraTables.push(table);
    }
    const aggregates = plan.select.filter((s) => s.expr.kind === 'aggregate');
    const plain = plan.select.filter((s) => s.expr.kind === 'column' || s.expr.kind === 'date-part');
    // SQLite-style "SELECT name, max(age)": the row with the largest value.
    if (
      aggregates.length === 1 &&
      plain.length > 0 &&
      plan.groupBy.length === 0 &&
      !this.groupEntity &&
      plan.orderBy.length === 0 &&
      aggregates[0].expr.kind === 'aggregate' &&
      (aggregates[0].expr.fn === 'max' || aggregates[0].expr.fn === 'min') &&
      aggregates[0].expr.column
    ) {
      const agg = aggregates[0].expr;
      plan.orderBy.push({
        expr: { kind: 'column', column: agg.column as SchemaColumn },
        dir: agg.fn === 'max' ? 'desc' : 'asc',
      });
      plan.limit = 1;
      aggregates[0].expr = { kind: 'column', column: agg.column as SchemaColumn };
    }
    const needsGroups =
      plan.having.length > 0 ||
      plan.orderBy.some((o) => o.expr.kind === 'aggregate') ||
      (plan.select.some((s) => s.expr.kind === 'aggregate') && plain.length > 0);
    if (needsGroups && plan.groupBy.length === 0) {
      const plainColumns = plan.select
        .filter((s) => s.expr.kind === 'column')
        .map((s) => s.expr as { kind: 'column'; column: SchemaColumn });
      const entity = this.groupEntity ?? this.focus;
      const onlyLabels =
        plainColumns.length > 0 && plainColumns.every((p) => entity.labelColumns.includes(p.column));
      if ((plainColumns.length === 0 || onlyLabels) && entity.primaryKey.length > 0) {
        for (const k of entity.primaryKey) plan.groupBy.push({ kind: 'column', column: k });
        if (plainColumns.length === 0) {
          // Show who: the entity's label (or key) before any aggregate.
          const shown = entity.labelColumns.length > 0 ? entity.labelColumns : entity.primaryKey;
          if (plan.select.every((s) => s.expr.kind !== 'star'))
            plan.select.unshift(...shown.map((c) => ({ expr: { kind: 'column', column: c } as Expr })));
        }
      }
      if (this.countTarget && this.countTarget !== entity && !plan.extraTables.includes(this.countTarget))
        plan.extraTables.push(this.countTarget);
    }
    if (
      plan.select.some((s) => s.expr.kind === 'star') &&
      (plan.groupBy.length > 0 || plan.select.length > 1)
    ) {
      plan.select = plan.select.filter((s) => s.expr.kind !== 'star');
      if (plan.select.length === 0) this.defaultSelect();
    }
    if (this.selfNegation) this.finishSelfNegation(this.selfNegation);
    if (this.intersectWith) this.finishSetOp(this.intersectWith);
    this.distinctOverFanOut();
    this.distinctCategories();
  }

  /** "Show all allergy types": listing a category column alone lists each category once. */
  private distinctCategories(): void {
    const plan = this.plan;
    if (
      plan.distinct ||
      plan.setOp ||
      plan.groupBy.length > 0 ||
      plan.where.length > 0 ||
      plan.limit !== undefined
    )
      return;
    const columns = plan.select.map((s) => (s.expr.kind === 'column' ? s.expr.column : null));
    if (columns.length === 0 || columns.some((c) => !c)) return;
    const categorical = columns.every((c) => {
      if (!c || c.isPrimaryKey || c.isForeignKey || c.table.labelColumns.includes(c) || c.kind === 'date')
        return false;
      const rows = c.table.table.rowEstimate ?? null;
      return c.distinct !== null && rows !== null && rows > 0 && c.distinct <= rows * 0.5;
    });
    if (categorical && new Set(columns.map((c) => c?.table)).size === 1) {
      plan.distinct = true;
      plan.distinctImplied = true;
    }
  }

  /**
   * Rows of one table listed through a join to its many side ("reviewers who rated X") would repeat: list
   * them once.
   */
  private distinctOverFanOut(): void {
    const plan = this.plan;
    if (plan.distinct || plan.setOp || plan.groupBy.length > 0 || plan.limit !== undefined) return;
    if (
      plan.select.some((s) => s.expr.kind !== 'column') ||
      plan.orderBy.some((o) => o.expr.kind !== 'column')
    )
      return;
    const owners = new Set(plan.select.map((s) => (s.expr.kind === 'column' ? s.expr.column.table : null)));
    if (owners.size !== 1) return;
    const owner = [...owners][0];
    if (!owner) return;
    const keyShown =
      owner.primaryKey.length > 0 &&
      owner.primaryKey.every((k) => plan.select.some((s) => s.expr.kind === 'column' && s.expr.column === k));
    if (keyShown) return;
    const others = planTables(plan).filter((t) => t !== owner);
    const fansOut = others.some((t) => {
      const steps = this.input.graph.connect([owner, t], owner).steps;
      const hop = steps[1];
      return (
        !!hop &&
        hop.via !== null &&
        hop.table.table.foreignKeys.some(
          (fk) => `${fk.referencedSchema}.${fk.referencedTable}` === owner.qname,
        )
      );
    });
    if (fansOut) {
      plan.distinct = true;
      plan.distinctImplied = true;
    }
  }

  private rootTable(): SchemaTable {
    const first = this.plan.select.find((s) => s.expr.kind === 'column' || s.expr.kind === 'aggregate');
    if (first && first.expr.kind === 'column') return first.expr.column.table;
    if (this.countTarget) return this.countTarget;
    return this.focus;
  }

  /**
   * Negated conditions on the subject's own table under a relative clause: `SELECT cols ... EXCEPT SELECT cols
   * ... WHERE <condition>` when the plan lists plain columns; otherwise the conditions stay as the question
   * wrote them.
   */
  private finishSelfNegation(pending: { asked: Condition[]; negated: Condition[] }): void {
    const plan = this.plan;
    const plain =
      plan.select.length > 0 &&
      plan.select.every((s) => s.expr.kind === 'column') &&
      plan.groupBy.length === 0 &&
      plan.having.length === 0 &&
      plan.limit === undefined &&
      !plan.setOp &&
      !this.intersectWith;
    if (!plain) {
      plan.where.push(...pending.asked);
      return;
    }
    const right: QueryPlan = {
      ...plan,
      where: [...plan.where, ...pending.negated],
      select: plan.select.map((s) => ({ ...s })),
      orderBy: [],
      distinct: false,
      setOp: undefined,
    };
    plan.orderBy = [];
    plan.setOp = { op: 'EXCEPT', plan: right };
    this.notes.push('except');
  }

  private finishSetOp(pair: { base: Condition; other: Condition; op: 'INTERSECT' | 'EXCEPT' }): void {
    const plan = this.plan;
    const right: QueryPlan = {
      ...plan,
      where: [...plan.where.filter((c) => c !== pair.base), pair.other],
      select: plan.select.map((s) => ({ ...s })),
      orderBy: [],
      limit: undefined,
      setOp: undefined,
    };
    plan.where = plan.where.includes(pair.base) ? plan.where : [...plan.where, pair.base];
    plan.setOp = { op: pair.op, plan: right };
    this.notes.push(pair.op.toLowerCase());
  }

  /**
   * "more salary than the employee with id 163", "created after all movies directed by X", "greater than the
   * average stars of the movies directed by Y": a comparison with other rows that the literals after the cue
   * select. Those literals filter a subquery (`col > (SELECT max(col) FROM ... WHERE ...)`).
   */
  private detectRowCompare(): void {
    for (const cue of this.cues) {
      // "gets more salary than the employee ...": a soft comparative, the column, then "than".
      const named = cue.soft ? this.mentionAfter(cue.end, 0) : undefined;
      const than =
        named && named.kind === 'schema' && this.tokens[named.end]?.lower === 'than' ? named : undefined;
      const compare = isCue(cue, 'compare') && !cue.meaning.after && (!cue.soft || than !== undefined);
      const average = isCue(cue, 'average-reference');
      if (!compare && !average) continue;
      const from = than ? than.end + 1 : cue.end;
      const op: CompareOp | undefined = isCue(cue, 'compare')
        ? cue.meaning.op
        : isCue(cue, 'average-reference')
          ? (cue.meaning.op ?? '>')
          : undefined;
      if (!op || !['>', '<', '>=', '<='].includes(op)) continue;
      // A literal right after the cue is the compared value itself ("more than 20").
      const direct = this.mentionAfter(from, 2, () => false, true);
      if (direct && direct.kind === 'value') continue;
      const values = this.valueMentions().filter(
        (v) =>
          v.start >= from &&
          !this.cues.some((c) => c.numberIndex === v.start && (isCue(c, 'limit') || isCue(c, 'period'))) &&
          // "above the minimum and under 2500": a literal with its own comparison is no row description.
          !this.cueBefore(v.start, 2, (c) => isCue(c, 'compare') && c !== cue),
      );
      if (values.length === 0) continue;
      const first = this.tokens[from];
      const referenceWord = first ? ROW_REFERENCE_WORDS.has(first.lower) : false;
      // "as long as the average duration", "after the most recent ... film": the aggregate of the other rows.
      const firstMention = this.mentions.find((m) => m.start >= from);
      const extremeAfter = this.cues.find(
        (c) =>
          (isCue(c, 'extreme') || (isCue(c, 'aggregate') && !c.soft)) &&
          c.start >= from &&
          c.start <= from + 4 &&
          (!firstMention || c.start < firstMention.start),
      );
      if (!average && !referenceWord && !extremeAfter && !(direct && direct.kind === 'schema')) continue;
      const column = than
        ? this.resolveColumn(than, { kinds: ['number', 'date'], avoidIdentifiers: true })
        : this.rowCompareColumn(cue, direct, extremeAfter);
      if (!column) continue;
      let fn: AggregateFn | null = average ? 'avg' : null;
      if (!fn && extremeAfter) {
        fn = aggregateOf(extremeAfter);
        this.usedCues.add(extremeAfter);
      }
      const up = op === '>' || op === '>=';
      if (!fn && first?.lower === 'some') fn = up ? 'min' : 'max';
      if (!fn) fn = up ? 'max' : 'min';
      this.usedCues.add(cue);
      if (than) this.used.add(than);
      this.rowCompare = { cue, from, op, column, fn, conditions: [] };
      this.notes.push(`${column.name} ${op} ${fn} of other rows`);
      return;
    }
  }

  /** The column compared with other rows: an adjective's, the one named before the cue, or after it. */
  private rowCompareColumn(
    cue: Cue,
    after: Mention | undefined,
    extreme: Cue | undefined,
  ): SchemaColumn | null {
    const kinds: SchemaColumn['kind'][] = ['number', 'date'];
    const adjective =
      isCue(cue, 'compare') && cue.meaning.adjective
        ? cue.meaning.adjective
        : extreme && isCue(extreme, 'extreme')
          ? extreme.meaning.adjective
          : undefined;
    if (adjective) {
      const found = this.attributeColumn(adjective);
      if (found) return found.column;
    }
    const before = this.mentionBefore(cue.start, 2);
    if (before && before.kind === 'schema' && !this.isTableMention(before)) {
      const column = this.resolveColumn(before, { kinds, avoidIdentifiers: true });
      if (column && !column.isIdentifier) {
        this.used.add(before);
        return column;
      }
    }
    const next = after ?? this.mentionAfter(cue.end, 3, (c) => isCue(c, 'extreme') || isCue(c, 'aggregate'));
    if (next && next.kind === 'schema' && !this.isTableMention(next)) {
      const column = this.resolveColumn(next, { kinds, avoidIdentifiers: true });
      if (column && !column.isIdentifier) {
        this.used.add(next);
        return column;
      }
    }
    // "made an order after some orders that were cancelled": before/after compare dates.
    const word = this.tokens[cue.start]?.lower ?? '';
    if (['after', 'before', 'later', 'earlier', 'since'].includes(word))
      return this.dateColumn() ?? this.attributeColumn('recent')?.column ?? null;
    return null;
  }

  /** A comparison with other rows ({@link detectRowCompare}), with the conditions that select them. */
  private rowCompare: {
    cue: Cue;
    /** Where the description of the other rows starts (literals from here on select them). */
    from: number;
    op: CompareOp;
    column: SchemaColumn;
    fn: AggregateFn;
    conditions: Condition[];
  } | null = null;

  private finishRowCompare(): void {
    const rc = this.rowCompare;
    if (!rc || rc.conditions.length === 0) return;
    const sub = emptyPlan();
    sub.select = [{ expr: { kind: 'aggregate', fn: rc.fn, column: rc.column } }];
    sub.where = rc.conditions;
    sub.root = rc.column.table;
    this.plan.where.push({
      kind: 'compare-subquery',
      left: { kind: 'column', column: rc.column },
      op: rc.op,
      plan: sub,
    });
  }

  /** `focus.key NOT IN (SELECT fk FROM related ... WHERE ...)`. */
  private finishNegation(): void {
    const neg = this.negation;
    if (!neg) return;
    const target = neg.table ?? (neg.conditions[0] ? this.conditionTable(neg.conditions[0]) : null);
    if (!target) return;
    const focus = this.focus;
    const route = this.input.graph.connect([focus, target], focus).steps;
    const hop = route[1];
    if (!hop || !hop.via) return;
    const sub = emptyPlan();
    sub.where = neg.conditions;
    sub.root = hop.table;
    if (!sub.extraTables.includes(target)) sub.extraTables.push(target);
    // hop.via.pairs: [column of hop.table, column of the table it joins (focus)].
    const [hopColumn, focusColumn] = hop.via.pairs[0];
    const inner = hop.table.columns.find((c) => c.name === hopColumn);
    const outer = focus.columns.find((c) => c.name === focusColumn);
    if (!inner || !outer) return;
    sub.select = [{ expr: { kind: 'column', column: inner } }];
    this.plan.where.push({
      kind: 'in-subquery',
      left: { kind: 'column', column: outer },
      negate: true,
      plan: sub,
    });
    this.plan.extraTables = this.plan.extraTables.filter((t) => t !== target && t !== hop.table);
    this.notes.push(`not in ${target.table.name}`);
  }

  private conditionTable(c: Condition): SchemaTable | null {
    if (c.kind === 'compare' || c.kind === 'like')
      return c.left.kind === 'column' ? c.left.column.table : null;
    return null;
  }

  private coverage(): number {
    const content = this.tokens.filter((t) => t.kind === 'word' && !t.stop);
    if (content.length === 0) return 0;
    const covered = content.filter(
      (t) =>
        this.mentions.some((m) => m.start <= t.index && t.index < m.end) ||
        this.cues.some((c) => c.start <= t.index && t.index < c.end),
    );
    return covered.length / content.length;
  }
}

const POSITIVE_OP: Partial<Record<CompareOp, CompareOp>> = { '!=': '=' };

/** The condition a negation cue scoped, without the negation it already carries ("not equal" → equal). */
function positiveCondition(condition: Condition): Condition {
  if (condition.kind === 'compare') return { ...condition, op: POSITIVE_OP[condition.op] ?? condition.op };
  if (condition.kind === 'like') return { ...condition, negate: false };
  return condition;
}
