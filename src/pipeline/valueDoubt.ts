import type { TableAccess } from '../access';
import { errorMessage } from '../errors';
import type { Logger } from '../logging';
import type {
  AlternativeReadings,
  DoubtJudge,
  JoinPlanner,
  RetrievalResult,
  RetrievalState,
} from '../retrieval';
import type { SemanticLookup } from '../semantic';
import type { SqlExecutor } from '../sql';
import type { SourceRegistry } from '../sources';
import type { ExecutionLimits } from './candidateRunner';
import { nameDoubt, placeOption, tablesToPlace, unreadName, type NameDoubt } from './nameReadings';
import type { ClarificationOption } from './types';
import { namePhrases, type ProbeHit } from './valueProbe';
import { valueSplits, type ProbeRunner } from './valueSplits';

/**
 * What the names of a question decide (rules 6, 9 and 11 of src/retrieval/README.md): readings to ask
 * about, the one reading to answer (a name's place joined to the answer), or a decline saying what the
 * data lacks.
 */
export type NameOutcome =
  | { kind: 'ask'; readings: AlternativeReadings }
  | { kind: 'answer'; option: ClarificationOption; reason: string }
  | { kind: 'decline'; message: string; reason: string };

/** What {@link ValueDoubt} needs from the pipeline. */
export interface ValueDoubtOptions {
  sources: SourceRegistry;
  executor: SqlExecutor;
  limits: ExecutionLimits;
  logger: Logger;
  semanticLookup?: (sourceId: string) => SemanticLookup | undefined;
  doubt: DoubtJudge;
}

/**
 * Doubt that needs the data itself (bounded, read-only probes as the asking user's role): a filtered value
 * that is several things of one name (decision rule 5 of src/retrieval/README.md) and names of the
 * question found in the data (rule 6). A failing probe never fails the question: it only asks nothing.
 */
export class ValueDoubt {
  constructor(private readonly options: ValueDoubtOptions) {}

  /** Runs bounded read-only probes (a few rows) on a source, as the asking user's role. */
  private async probeRunner(sourceId: string, role: string | undefined): Promise<ProbeRunner> {
    const source = await this.options.sources.get(sourceId);
    return async (sql) =>
      (
        await this.options.executor.execute({
          source,
          sql,
          statementTimeoutMs: this.options.limits.statementTimeoutMs,
          maxRows: 50,
          maxBytes: this.options.limits.maxBytes,
          role: role ?? this.options.limits.role,
        })
      ).rows;
  }

  /** A filtered value whose rows are several things of one name (a city in two states): asked. */
  async valueSplit(
    question: string,
    sourceId: string,
    answerTables: readonly string[],
    role: string | undefined,
  ): Promise<AlternativeReadings | null> {
    const lookup = this.options.semanticLookup?.(sourceId);
    if (!lookup) return null;
    try {
      return await valueSplits({
        question,
        lookup,
        answerTables,
        run: await this.probeRunner(sourceId, role),
      });
    } catch (error) {
      this.options.logger.warn({ err: errorMessage(error) }, 'value probe failed');
      return null;
    }
  }

  /**
   * Names of the question looked up in the data (decision rule 6): a name in two places, a first name of
   * several people, a place whose coarser code has its initials, a row of a table that refers to itself.
   * With no answer tables (retrieval declined), every table the user may see is probed.
   */
  async nameDoubt(options: {
    question: string;
    sourceId: string;
    answerTables: readonly string[];
    role: string | undefined;
    state: RetrievalState;
    planner: JoinPlanner;
    allows: (table: string) => boolean;
  }): Promise<NameDoubt | null> {
    const { sourceId, answerTables, state } = options;
    const lookup = this.options.semanticLookup?.(sourceId);
    if (!lookup) return null;
    const near = (t: string) => options.planner.neighbours(sourceId, t);
    const probeTables =
      answerTables.length > 0
        ? [
            ...new Set([
              ...answerTables.flatMap((t) => [t, ...near(t), ...near(t).flatMap(near)]),
              // people of one name may be in tables that do not join (customers and staff)
              ...lookup.personTables(),
            ]),
          ]
        : lookup.visibleTables();
    try {
      return await nameDoubt({
        question: options.question,
        lookup,
        answerTables,
        probeTables: probeTables.filter(options.allows),
        otherTables: () => lookup.visibleTables().filter(options.allows),
        run: await this.probeRunner(sourceId, options.role),
        foreignKeys: (table) => state.table(sourceId, table)?.foreignKeys ?? [],
        neighbours: (table) => options.planner.neighbours(sourceId, table),
        // with no answer (retrieval declined), only names the question's other words point to
        pointedOnly: answerTables.length === 0,
      });
    } catch (error) {
      this.options.logger.warn({ err: errorMessage(error) }, 'name probe failed');
      return null;
    }
  }

  /**
   * A question retrieval declines that names something found in the data in two places, or several
   * people of one first name (rule 6), and whose other words the model or retrieval accounts for: asked.
   * A name found in one place the question's other words point to (rule 11) is answered: the tables the
   * model names, joined to the place, filtered on it.
   */
  async declinedNames(options: {
    question: string;
    sourceIds: readonly string[];
    retrieval: RetrievalResult;
    state: RetrievalState;
    planner: JoinPlanner;
    access: TableAccess;
  }): Promise<Exclude<NameOutcome, { kind: 'decline' }> | null> {
    const { question, retrieval, access } = options;
    for (const sourceId of options.sourceIds) {
      const lookup = this.options.semanticLookup?.(sourceId);
      if (!lookup) continue;
      // the probe cannot help when, whatever the names are, another word names data that is not there
      const phrases = namePhrases(question, lookup);
      if (phrases.length === 0) continue;
      const reading = lookup.resolve(question);
      const nameWords = new Set(phrases.flatMap((p) => p.words));
      const anyTable = new Set(
        retrieval.candidates
          .filter((c) => c.corpusTable.sourceId === sourceId)
          .flatMap((c) => [...c.matchedTokens]),
      );
      const others = reading.uncovered.map((i) => reading.words[i]).filter((w) => !nameWords.has(w));
      if (this.options.doubt.missingThing({ question, unaccounted: others, lookup, accounted: anyTable }))
        continue;
      const found = await this.nameDoubt({
        question,
        sourceId,
        answerTables: [],
        role: access.role,
        state: options.state,
        planner: options.planner,
        allows: (table) => access.allows(sourceId, table),
      });
      if (!found) continue;
      const sole = found.readings ? null : found.sole;
      const answer = sole
        ? this.soleOption(
            question,
            lookup,
            sole,
            (t) => options.planner.neighbours(sourceId, t),
            (t) => access.allows(sourceId, t),
          )
        : null;
      const clarification = found.readings?.clarification;
      if (!clarification && !answer) continue;
      const named = new Set(found.hits.flatMap((h) => h.phrase.words));
      const leftover = reading.uncovered.map((i) => reading.words[i]).filter((w) => !named.has(w));
      const tables = new Set((clarification?.options ?? (answer ? [answer] : [])).flatMap((o) => o.tables));
      const accounted = new Set(
        retrieval.candidates
          .filter((c) => c.corpusTable.sourceId === sourceId && tables.has(c.corpusTable.key))
          .flatMap((c) => [...c.matchedTokens]),
      );
      if (this.options.doubt.missingThing({ question, unaccounted: leftover, lookup, accounted })) continue;
      if (found.readings) return { kind: 'ask', readings: found.readings };
      if (answer && sole)
        return {
          kind: 'answer',
          option: answer,
          reason: `"${sole.phrase.words.join(' ')}" is only in ${sole.table}.${sole.columns.join('+')}`,
        };
    }
    return null;
  }

  /**
   * The names of an answered question (after SQL generation): two readings to ask about (rule 6); an
   * answer that does not read the one place a name is a thing's own name in (a whole value of its display
   * column) → the answer's tables joined to that place, filtered on it (rule 11); a proper name no table
   * the answer reads holds → declined (rule 9). Null when the names change nothing.
   */
  async answerNames(options: {
    question: string;
    sourceId: string;
    answerTables: readonly string[];
    /** The tables the generated query reads (parsed only when a name needs them). */
    read: () => readonly string[];
    role: string | undefined;
    state: RetrievalState;
    planner: JoinPlanner;
    allows: (table: string) => boolean;
  }): Promise<NameOutcome | null> {
    const { sourceId } = options;
    const lookup = this.options.semanticLookup?.(sourceId);
    const names = await this.nameDoubt(options);
    if (!lookup || !names) return null;
    if (names.readings) return { kind: 'ask', readings: names.readings };
    if (names.phrases.length === 0) return null;
    const read = options.read();
    const sole = names.sole;
    const display = sole ? (lookup.entity(sole.table)?.displayColumns ?? []) : [];
    if (sole?.whole && !read.includes(sole.table) && sole.columns.every((c) => display.includes(c))) {
      const option = this.soleOption(
        options.question,
        lookup,
        sole,
        (t) => options.planner.neighbours(sourceId, t),
        options.allows,
        options.answerTables,
      );
      if (option)
        return {
          kind: 'answer',
          option,
          reason: `"${sole.phrase.words.join(' ')}" is the ${sole.columns.join(' ')} of ${sole.table}`,
        };
    }
    const unread = unreadName({ question: options.question, names, read, lookup });
    return unread ? { kind: 'decline', ...unread } : null;
  }

  /**
   * The reading of a name found in one place, for a question retrieval declined: the tables the model
   * names (the question's other words), joined to the place; null when the model names none.
   */
  private soleOption(
    question: string,
    lookup: SemanticLookup,
    sole: ProbeHit,
    neighbours: (table: string) => readonly string[],
    allows: (table: string) => boolean,
    answerTables?: readonly string[],
  ): ClarificationOption | null {
    const named =
      answerTables ??
      this.options.doubt
        .modelTables(question, lookup)
        .map((c) => c.table)
        .filter(allows)
        .slice(0, 3);
    if (named.length === 0) return null;
    const option = placeOption(sole, {
      question,
      lookup,
      answerTables: named,
      tablesFor: tablesToPlace(named, neighbours),
    });
    return option.tables.every(allows) ? option : null;
  }
}
