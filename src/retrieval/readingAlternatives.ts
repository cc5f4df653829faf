import type { Clarification, ClarificationOption } from '../pipeline/types';
import {
  elementTable,
  isFunctionWord,
  type ModelMatch,
  type SemanticLookup,
  textWords,
  wordKey,
} from '../semantic';
import type { JoinPlanner } from './joinPlanner';
import {
  type CoverWords,
  groupEvidence,
  groupReach,
  headFirst,
  joinGroups,
  namedAmongOthers,
} from './joinGroups';
import { structureReadings } from './structureReadings';
import {
  cap,
  columnOf,
  columnWords,
  elementName,
  hasTime,
  listWords,
  quantityAndMoney,
  replacePhrase,
  sameWords,
} from './readingWords';

/** Two or more readings of a question that give different results, as a clarifying question. */
export interface AlternativeReadings {
  /** Which rule found them and why (for the result's `reason`). */
  reason: string;
  clarification: Clarification;
}

/** What {@link ReadingAlternatives.find} reads. */
export interface AlternativesInput {
  question: string;
  lookup: SemanticLookup;
  planner: JoinPlanner;
  sourceId: string;
  /** The tables of the answer the policy chose (`schema.table`), most relevant first; empty when none. */
  answerTables: readonly string[];
  /** The question names a time period ("last month", "in 2024"). */
  hasPeriod: boolean;
  /** Question words (lower case, stemmed or not) retrieval matched per table, for evidence. */
  tableWords?: (table: string) => ReadonlySet<string>;
  /** The asking user's tables; others are never offered. */
  allows?: (table: string) => boolean;
}

/** Words that ask for a figure's aggregate outright: with them "X per Y" is no longer ambiguous. */
const AGGREGATE_CUES: ReadonlySet<string> = new Set(
  'average avg mean total sum number count each every by breakdown median max maximum min minimum list'.split(
    ' ',
  ),
);

/** Quarters and months a period can name without its year. */
const PERIOD_WITHOUT_YEAR =
  /\b(q[1-4]|(?:first|second|third|fourth|1st|2nd|3rd|4th|last)\s+quarter|january|february|march|april|june|july|august|september|october|november|december)\b/i;

/** Words that make a period relative (to today): no year is missing then. */
const RELATIVE_PERIOD =
  /\b(last|this|next|previous|current|past|prior|ytd|ago|recent|latest)\s+(?:\w+\s+)?$/i;

/** Verbs of selling: "how much X did we sell" may mean units or money. */
const SELL_WORDS: ReadonlySet<string> = new Set(['sell', 'sold', 'sells', 'selling']);

/**
 * Enumerates the readings of a question that the semantic model makes possible and that give different
 * results (issue 8, "Honest doubt"; rule 4 of "Decision rules" in src/retrieval/README.md):
 * - a period without its year ("in Q3") when the data spans several years: that year's latest one, or every year;
 * - "how many <X>" where X is a summed metric's synonym, not a table's name: the number of rows or the total;
 * - "how much <thing> did we sell": units (a summed quantity) or money (a summed amount);
 * - "<figure> per <thing>" with no aggregate word: one average per thing, or a breakdown by thing;
 * - a word matching a value of a column and, as whole words, longer values of the same column;
 * - a word naming the same kind of measure, metric or value in tables that do not join, when no other word of
 *   the question picks one of them.
 * Each reading is an option of a clarifying question, named in business words, with the tables it reads, the
 * column it prefers and, where the words alone would not say it, the question restated for that reading.
 */
export class ReadingAlternatives {
  /** The first rule that finds two readings, or null (the question has one reading). */
  find(input: AlternativesInput): AlternativeReadings | null {
    const matches = input.lookup.resolve(input.question);
    return (
      this.periodWithoutYear(input) ??
      this.countOrTotal(input, matches.cover) ??
      this.unitsOrMoney(input, matches.words) ??
      this.perAverage(input, matches.cover, matches.words) ??
      this.containedValue(input, matches.cover) ??
      this.sameKindInTables(input, matches.cover, matches.words) ??
      this.plannedOrActual(input, matches.cover, matches.words) ??
      structureReadings(input)
    );
  }

  /**
   * "Revenue in Q1", "orders in March": a quarter or month without a year, not relative to today, while the
   * answer's default time dimension spans several years: the latest year's, or all years' together.
   */
  private periodWithoutYear(input: AlternativesInput): AlternativeReadings | null {
    const match = PERIOD_WITHOUT_YEAR.exec(input.question);
    if (!match || /\b(19|20)\d{2}\b/.test(input.question)) return null;
    if (RELATIVE_PERIOD.test(input.question.slice(0, match.index))) return null;
    if (/^last\b/i.test(match[1])) return null;
    for (const table of input.answerTables) {
      const entity = input.lookup.entity(table);
      const column = entity?.defaultTimeDimension?.column;
      const dimension = entity?.timeDimensions.find((t) => t.column === column);
      const first = Number(dimension?.min?.slice(0, 4));
      const last = Number(dimension?.max?.slice(0, 4));
      if (!dimension || !Number.isFinite(first) || !Number.isFinite(last) || first === last) continue;
      const period = match[1];
      const tables = [...input.answerTables];
      return {
        reason: `"${period}" names no year and ${table}.${dimension.column} spans ${first}-${last}`,
        clarification: {
          question: `Which year do you mean for ${period}: ${last}, or every year from ${first} to ${last}?`,
          options: [
            {
              label: `${cap(period)} ${last} (the latest)`,
              tables,
              question: replacePhrase(input.question, period, `${period} ${last}`),
            },
            {
              label: `${cap(period)} of every year, ${first} to ${last}`,
              tables,
              question: replacePhrase(input.question, period, `${period} of every year`),
            },
          ],
        },
      };
    }
    return null;
  }

  /**
   * "How many sales": a summed metric named by a synonym that is not a table's own name counts rows or
   * totals the metric.
   */
  private countOrTotal(input: AlternativesInput, cover: readonly ModelMatch[]): AlternativeReadings | null {
    const words = textWords(input.question);
    const at = words.findIndex((w, i) => w === 'how' && words[i + 1] === 'many');
    if (at < 0) return null;
    const next = words[at + 2];
    if (next === undefined) return null;
    const metrics = cover.filter(
      (m) =>
        m.element.kind === 'metric' &&
        m.element.metric.aggregation === 'sum' &&
        m.text.split(' ')[0] === next &&
        m.via !== 'typo',
    );
    const hit = metrics[0];
    if (hit === undefined || hit.element.kind !== 'metric') return null;
    // the phrase is also a table's own name ("how many orders"): counting it is the one reading
    if (cover.some((m) => m.start === hit.start && m.element.kind === 'entity' && m.via === 'name'))
      return null;
    const table = this.preferredTable(
      input,
      metrics.map((m) => elementTable(m.element)),
    );
    const entity = table ? input.lookup.entity(table) : undefined;
    if (!table || !entity) return null;
    const metric = metrics.map((m) => m.element).find((e) => e.kind === 'metric' && e.metric.table === table);
    if (!metric || metric.kind !== 'metric') return null;
    const column = metric.metric.expression.kind === 'column' ? metric.metric.expression.column : undefined;
    return {
      reason: `"how many ${hit.text}": the number of ${entity.plural} or the total ${metric.metric.name} (${table})`,
      clarification: {
        question: `Do you mean the number of ${entity.plural} or the total ${metric.metric.name}?`,
        options: [
          {
            label: `Number of ${entity.plural}`,
            tables: [table],
            question: replacePhrase(input.question, `how many ${hit.text}`, `how many ${entity.plural}`),
          },
          {
            label: `Total ${metric.metric.name}${column ? ` (sum of ${columnWords(column)})` : ''}`,
            tables: [table],
            ...(column ? { column: `${table}.${column}` } : {}),
            question: replacePhrase(
              input.question,
              `how many ${hit.text}`,
              `what was the total ${metric.metric.name}`,
            ),
          },
        ],
      },
    };
  }

  /**
   * "How much <thing> did we sell": a table near the answer with a summed quantity and a summed money
   * amount gives units or money.
   */
  private unitsOrMoney(input: AlternativesInput, words: readonly string[]): AlternativeReadings | null {
    const at = words.findIndex((w, i) => w === 'how' && words[i + 1] === 'much');
    if (at < 0 || !words.some((w) => SELL_WORDS.has(w))) return null;
    // "how much revenue/money did we sell" names its measure
    const named = input.lookup.resolve(words.slice(at + 2).join(' ')).cover;
    if (named.some((m) => m.start === 0 && (m.element.kind === 'measure' || m.element.kind === 'metric')))
      return null;
    const seen = new Set<string>();
    const queue = [...input.answerTables];
    for (let hop = 0; hop <= 2 && queue.length > 0; hop++) {
      const level = queue.splice(0);
      for (const table of level) {
        if (seen.has(table)) continue;
        seen.add(table);
        const pair = quantityAndMoney(input.lookup.entity(table), input.lookup.metricsOf(table));
        if (pair && (input.allows?.(table) ?? true)) {
          const tables = [...new Set([table, ...input.answerTables])];
          const how = `how much`;
          return {
            reason: `"how much ... sell" on ${table}: units (${pair.quantity.column}) or money (${pair.money.column})`,
            clarification: {
              question: `Do you mean units sold or the sales amount in money?`,
              options: [
                {
                  label: `Units sold (total ${pair.quantity.name})`,
                  tables,
                  column: `${table}.${pair.quantity.column}`,
                  question: replacePhrase(
                    input.question,
                    how,
                    `how many units (total ${pair.quantity.name}) of`,
                  ),
                },
                {
                  label: `Sales amount (total ${pair.money.name})`,
                  tables,
                  column: `${table}.${pair.money.column}`,
                  question: replacePhrase(input.question, how, `what total ${pair.money.name} of`),
                },
              ],
            },
          };
        }
        for (const n of input.planner.neighbours(input.sourceId, table)) if (!seen.has(n)) queue.push(n);
      }
    }
    return null;
  }

  /**
   * "Revenue per customer" without an aggregate word: one figure (the total divided by the number of
   * customers) or the figure for each customer.
   */
  private perAverage(
    input: AlternativesInput,
    cover: readonly ModelMatch[],
    words: readonly string[],
  ): AlternativeReadings | null {
    const per = words.indexOf('per');
    if (per <= 0 || words.some((w) => AGGREGATE_CUES.has(w)) || words.includes('#')) return null;
    if (/#/.test(input.question)) return null;
    const figure = cover.find(
      (m) =>
        m.end === per &&
        ((m.element.kind === 'metric' && m.element.metric.aggregation === 'sum') ||
          (m.element.kind === 'measure' &&
            m.element.measure.aggregation === 'sum' &&
            m.element.measure.money)),
    );
    const thing = cover.find((m) => m.start === per + 1 && m.element.kind === 'entity');
    if (!figure || !thing || thing.element.kind !== 'entity') return null;
    const figureTable = elementTable(figure.element);
    const entity = thing.element.entity;
    if (entity.table === figureTable) return null;
    const name = elementName(figure.element);
    const phrase = `${figure.text} per ${thing.text}`;
    return {
      reason: `"${phrase}" with no aggregate word: one average or a breakdown by ${entity.name}`,
      clarification: {
        question: `Do you mean one figure (the average ${name} per ${entity.name}) or the ${name} of each ${entity.name}?`,
        options: [
          {
            label: `Average ${name} per ${entity.name} (total ${name} / number of ${entity.plural})`,
            tables: [figureTable],
            question: replacePhrase(input.question, phrase, `average ${name} per ${entity.name}`),
          },
          {
            label: `${cap(name)} for each ${entity.name}`,
            tables: [figureTable, entity.table],
            question: replacePhrase(input.question, phrase, `total ${name} for each ${entity.name}`),
          },
        ],
      },
    };
  }

  /**
   * "Tracks in <V>" where V is a one-word value of a column that also holds longer values it heads
   * ("Blue" and "Navy Blue"): only V, or V with those values. Not when the question names another value
   * of the same column (a comparison between the column's own values).
   */
  private containedValue(input: AlternativesInput, cover: readonly ModelMatch[]): AlternativeReadings | null {
    for (const m of cover) {
      if (m.element.kind !== 'value' || m.via !== 'value') continue;
      const { value, dimension, entity } = m.element;
      if (input.allows && !input.allows(entity.table)) continue;
      const keys = textWords(value).map(wordKey);
      // a one-word value is a general term longer values specialise ("Blue", "Navy Blue"); a longer one is already specific
      if (keys.length !== 1) continue;
      // only a longer value the word heads is a kind of it ("Navy Blue" is a blue; "Blue And Gold" is not)
      const longer = dimension.values.filter((v) => {
        if (v === value) return false;
        const vk = textWords(v).map(wordKey);
        return vk.length > keys.length && vk[vk.length - 1] === keys[0];
      });
      if (longer.length === 0 || longer.length > 3) continue;
      // the question names another value of the column exactly ("<V> or <W>"): it speaks in the column's
      // own values, so the word is its value, not a family of values
      if (
        cover.some(
          (c) =>
            c !== m &&
            c.element.kind === 'value' &&
            c.via === 'value' &&
            c.element.value !== value &&
            c.element.entity.table === entity.table &&
            c.element.dimension.column === dimension.column &&
            sameWords(c.text, c.element.value),
        )
      )
        continue;
      // the question names the longer value itself
      if (cover.some((c) => c.element.kind === 'value' && longer.includes(c.element.value))) continue;
      const tables = input.answerTables.includes(entity.table)
        ? [...input.answerTables]
        : [entity.table, ...input.answerTables];
      const all = [value, ...longer];
      const column = `${entity.table}.${dimension.column}`;
      return {
        reason: `"${m.text}" is the ${dimension.name} ${value} and part of ${longer.join(', ')}`,
        clarification: {
          question: `Do you mean only ${value}, or ${listWords(all)} together?`,
          options: [
            { label: `Only ${value}`, tables, column },
            {
              label: listWords(all),
              tables,
              column,
              question: replacePhrase(input.question, m.text, all.join(' or ')),
            },
          ],
        },
      };
    }
    return null;
  }

  /**
   * One word names a measure, metric or value in several tables that do not join ("rating" of product
   * reviews and of staff reviews): unless the question's other words point to one group of tables, ask.
   */
  private sameKindInTables(
    input: AlternativesInput,
    cover: readonly ModelMatch[],
    words: readonly string[],
  ): AlternativeReadings | null {
    const spans = new Map<string, ModelMatch[]>();
    // a common word names an element in thousands of tables: each (words, matched name) pair is compared once
    const same = new Map<string, boolean>();
    for (const m of cover) {
      if (m.element.kind !== 'measure' && m.element.kind !== 'metric' && m.element.kind !== 'value') continue;
      // the words themselves, not a word that only shares their stem ("rate" is no "rating")
      const pair = `${m.text}\u0000${m.matched}`;
      let isSame = same.get(pair);
      if (isSame === undefined) same.set(pair, (isSame = sameWords(m.text, m.matched)));
      if (!isSame) continue;
      const key = `${m.start}:${m.end}`;
      const list = spans.get(key);
      if (list) list.push(m);
      else spans.set(key, [m]);
    }
    // the tables the question names (the check below)
    const namedTables = new Set<string>();
    for (const m of cover) if (m.element.kind === 'entity') namedTables.add(m.element.entity.table);
    // what the evidence below reads of the cover, by table: each match's span and its words' keys (one pass,
    // so each group costs its own tables, not the whole cover), made when a span first needs evidence
    let byTable: Map<string, CoverWords[]> | undefined;
    const coverByTable = (): ReadonlyMap<string, readonly CoverWords[]> => {
      if (byTable === undefined) {
        byTable = new Map();
        const spanEntries = new Map<string, CoverWords>();
        for (const m of cover) {
          const span = `${m.start}:${m.end}`;
          let entry = spanEntries.get(span);
          if (entry === undefined)
            spanEntries.set(span, (entry = { span, keys: m.text.split(' ').map(wordKey) }));
          const t = elementTable(m.element);
          const list = byTable.get(t);
          if (list) list.push(entry);
          else byTable.set(t, [entry]);
        }
      }
      return byTable;
    };
    // each table's neighbours, asked once per question however many spans and groups read them
    const neighbourLists = new Map<string, readonly string[]>();
    const neighbours = (table: string): readonly string[] => {
      let list = neighbourLists.get(table);
      if (list === undefined)
        neighbourLists.set(table, (list = input.planner.neighbours(input.sourceId, table)));
      return list;
    };
    // whether a table has a date, judged once per question
    const timedTables = new Map<string, boolean>();
    const timed = (table: string): boolean => {
      let has = timedTables.get(table);
      if (has === undefined) timedTables.set(table, (has = hasTime(input.lookup.entity(table))));
      return has;
    };
    // the answer's tables and their neighbours (see the check below)
    const nearAnswer =
      input.answerTables.length > 0 ? new Set(groupReach(input.answerTables, neighbours)) : null;
    for (const [spanKey, span] of spans) {
      // the check below on the span's tables, before they are gathered (a common word names thousands)
      if (nearAnswer !== null && !span.some((m) => nearAnswer.has(elementTable(m.element)))) continue;
      const tables = [...new Set(span.map((m) => elementTable(m.element)))].filter(
        (t) => input.allows?.(t) ?? true,
      );
      if (tables.length < 2) continue;
      // the groups below partition these tables: when none of them is near the answer, no group is (the
      // check after grouping), and the grouping is not worth its cost (a common word names thousands)
      if (nearAnswer !== null && !tables.some((t) => nearAnswer.has(t))) continue;
      // the named-table rule below, decided before grouping when it can be (a common word names thousands)
      if (namedAmongOthers(input, tables, namedTables, neighbours)) continue;
      // an average depends on which rows are averaged: a price of a catalog and of the lines that copy it differ
      const averaged = span.every(
        (m) => m.element.kind === 'measure' && m.element.measure.aggregation === 'avg',
      );
      let groups = averaged ? tables.map((t) => [t]) : joinGroups(tables, neighbours);
      if (input.hasPeriod) {
        // a group reaches a date when one of its tables or their neighbours has one
        const dated = groups.filter((g) => g.some((t) => timed(t) || neighbours(t).some(timed)));
        if (dated.length > 0) groups = dated;
      }
      if (groups.length < 2) continue;
      // the answer the policy chose reads none of these tables: the word means something else there
      // (a group reaches an answer table when one of its tables is that table or one of its neighbours:
      // foreign keys join both ways)
      if (nearAnswer !== null && !groups.some((g) => g.some((t) => nearAnswer.has(t)))) continue;
      // a group whose own table the question names ("fashion products") is the reading (checked before the
      // evidence: it reads the groups alone)
      const named = groups.filter((g) => g.some((t) => namedTables.has(t)));
      if (named.length > 0 && named.length < groups.length) continue;
      // Other words of the question that point to a group: model elements on (or next to) its tables,
      // and words retrieval matched on its tables.
      const first = span[0];
      const others = new Set(
        words
          .map((w, i) => ({ w, i }))
          .filter(({ w, i }) => (i < first.start || i >= first.end) && !isFunctionWord(w) && !/^\d+$/.test(w))
          .map(({ w }) => wordKey(w)),
      );
      // averages are read per table: a word naming a column of the table itself ("per category" of the
      // catalog) points to it, not to the lines that join it
      const evidence = groupEvidence(groups, {
        averaged,
        neighbours,
        cover: coverByTable(),
        span: spanKey,
        others,
        tableWords: input.tableWords,
      });
      const best = evidence.reduce((a, b) => Math.max(a, b), -Infinity);
      const kept = groups.filter((_, i) => evidence[i] === best);
      if (kept.length < 2) continue;
      // tables of one business name in several schemas are one concept kept per schema (a copy per
      // database or environment): the policy's pick by the rest of the question stands (read up to the
      // first name met twice: the groups after it are not offered then)
      const names = new Set<string>();
      let sameName = false;
      for (const g of kept) {
        headFirst(g, neighbours);
        const name = input.lookup.entity(g[0])?.name ?? g[0];
        if (names.has(name)) {
          sameName = true;
          break;
        }
        names.add(name);
      }
      if (sameName) continue;
      const options: ClarificationOption[] = kept.slice(0, 4).map((g) => {
        const table = g[0];
        const m = span.find((x) => elementTable(x.element) === table) ?? first;
        const entity = input.lookup.entity(table);
        const what = elementName(m.element);
        const of = entity ? entity.plural : table;
        const column =
          m.element.kind === 'measure'
            ? m.element.measure.column
            : m.element.kind === 'value'
              ? m.element.dimension.column
              : undefined;
        return {
          label:
            m.element.kind === 'value'
              ? `${cap(what)} as ${m.element.dimension.name} of ${of}`
              : `${cap(what)} of ${of}`,
          tables: [table],
          ...(column ? { column: `${table}.${column}` } : {}),
        };
      });
      return {
        reason: `"${first.text}" names ${kept.map((g) => g[0]).join(' and ')}, which do not join, and nothing else in the question picks one`,
        clarification: {
          question: `Do you mean ${options.map((o) => o.label.charAt(0).toLowerCase() + o.label.slice(1)).join(' or ')}?`,
          options,
        },
      };
    }
    return null;
  }

  /**
   * "The money we put into X": the actual figure (a metric or money measure the question names) or the
   * planned one (a money measure named budget, target, quota, forecast ... on the same table or one foreign
   * key away) when the question does not name the plan.
   */
  private plannedOrActual(
    input: AlternativesInput,
    cover: readonly ModelMatch[],
    words: readonly string[],
  ): AlternativeReadings | null {
    if (words.some((w) => PLAN_WORDS.has(w))) return null;
    const actuals = cover.filter(
      (m) =>
        (m.element.kind === 'metric' && m.element.metric.aggregation === 'sum') ||
        (m.element.kind === 'measure' && m.element.measure.money && m.element.measure.aggregation === 'sum'),
    );
    // the actual figure of the answer's own tables (several tables may carry a metric of that name)
    const actual =
      input.answerTables.length > 0
        ? actuals.find((m) => input.answerTables.includes(elementTable(m.element)))
        : actuals[0];
    if (!actual) return null;
    const table = elementTable(actual.element);
    for (const t of [table, ...input.planner.neighbours(input.sourceId, table)]) {
      if (!(input.allows?.(t) ?? true)) continue;
      const entity = input.lookup.entity(t);
      const plan = entity?.measures.find(
        (m) =>
          m.money &&
          m.column !== columnOf(actual.element) &&
          m.name.split(' ').some((w) => PLAN_WORDS.has(w)),
      );
      if (!entity || !plan) continue;
      const actualEntity = input.lookup.entity(table);
      const actualName = elementName(actual.element);
      const actualColumn = columnOf(actual.element);
      const actualMeasure = actualEntity?.measures.find((m) => m.column === actualColumn);
      return {
        reason: `"${actual.text}" is the actual ${actualName} of ${table} or the ${plan.name} of ${t}`,
        clarification: {
          question: `Do you mean the actual ${actualName} or the ${plan.name}?`,
          options: [
            {
              label: `Actual ${actualName} (${actualEntity?.plural ?? table})`,
              tables: [table],
              ...(actualColumn ? { column: `${table}.${actualColumn}` } : {}),
              // the measure's own name ("spend amount") leads the reading to its column
              ...(actualMeasure && actualMeasure.name !== actual.text
                ? { question: replacePhrase(input.question, actual.text, actualMeasure.name) }
                : {}),
            },
            {
              label: `${cap(plan.name)} (${entity.plural})`,
              tables: [t],
              column: `${t}.${plan.column}`,
              question: replacePhrase(input.question, actual.text, plan.name),
            },
          ],
        },
      };
    }
    return null;
  }

  /** Of the tables a metric is defined on, the answer's own, else the first. */
  private preferredTable(input: AlternativesInput, tables: readonly string[]): string | undefined {
    return tables.find((t) => input.answerTables.includes(t)) ?? tables[0];
  }
}

/** Words naming a planned figure rather than an actual one. */
const PLAN_WORDS: ReadonlySet<string> = new Set([
  'budget',
  'budgeted',
  'target',
  'quota',
  'forecast',
  'plan',
  'planned',
  'goal',
]);
