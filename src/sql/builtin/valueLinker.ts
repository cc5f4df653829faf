import type { QuestionToken } from './questionTokens';
import { spanText } from './questionTokens';
import type { SchemaColumn, SchemaModel } from './schemaModel';
import { normalizeValueText, valueKeyOf } from './schemaModel';

/** A stored value of a column that a question phrase equals. */
export interface ValueCandidate {
  column: SchemaColumn;
  /** The value as stored. */
  value: string;
  score: number;
}

/** A literal of the question: a number, a quoted string, a date, a capitalised name or a profile value. */
export interface ValueMention {
  kind: 'value';
  start: number;
  end: number;
  /** The literal text as written. */
  text: string;
  type: 'number' | 'string' | 'date';
  number?: number;
  quoted: boolean;
  /** Columns whose profile values contain this literal, best first. */
  candidates: ValueCandidate[];
}

/** Word-level aliases of common coded values (female → F). General conventions only. */
const VALUE_ALIASES: Record<string, string[]> = {
  female: ['f', 'female', 'woman', 'women'],
  females: ['f', 'female'],
  women: ['f', 'female', 'woman'],
  woman: ['f', 'female'],
  girl: ['f', 'female'],
  girls: ['f', 'female'],
  male: ['m', 'male', 'man', 'men'],
  males: ['m', 'male'],
  men: ['m', 'male', 'man'],
  man: ['m', 'male'],
  boy: ['m', 'male'],
  boys: ['m', 'male'],
};

/** Lower-case words that may sit inside a capitalised name ("Balls to the Wall", "Fast As a Shark"). */
const NAME_INNER_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'to',
  'as',
  'and',
  'in',
  'on',
  'at',
  'for',
  'de',
  'la',
  'le',
  'von',
  'van',
  'du',
  'da',
  'del',
  'with',
  'is',
  'my',
  'your',
  'from',
  "'s",
  '&',
]);

/** Place names and the codes datasets often store instead: US states ("Georgia" → GA) and a few countries. */
const PLACE_CODES: Record<string, string> = {
  alabama: 'al',
  alaska: 'ak',
  arizona: 'az',
  arkansas: 'ar',
  california: 'ca',
  colorado: 'co',
  connecticut: 'ct',
  delaware: 'de',
  florida: 'fl',
  georgia: 'ga',
  hawaii: 'hi',
  idaho: 'id',
  illinois: 'il',
  indiana: 'in',
  iowa: 'ia',
  kansas: 'ks',
  kentucky: 'ky',
  louisiana: 'la',
  maine: 'me',
  maryland: 'md',
  massachusetts: 'ma',
  michigan: 'mi',
  minnesota: 'mn',
  mississippi: 'ms',
  missouri: 'mo',
  montana: 'mt',
  nebraska: 'ne',
  nevada: 'nv',
  'new hampshire': 'nh',
  'new jersey': 'nj',
  'new mexico': 'nm',
  'new york': 'ny',
  'north carolina': 'nc',
  'north dakota': 'nd',
  ohio: 'oh',
  oklahoma: 'ok',
  oregon: 'or',
  pennsylvania: 'pa',
  'rhode island': 'ri',
  'south carolina': 'sc',
  'south dakota': 'sd',
  tennessee: 'tn',
  texas: 'tx',
  utah: 'ut',
  vermont: 'vt',
  virginia: 'va',
  washington: 'wa',
  'west virginia': 'wv',
  wisconsin: 'wi',
  wyoming: 'wy',
  'united states': 'usa',
  'united kingdom': 'uk',
  america: 'usa',
  us: 'usa',
};

/** Personal pronouns: in lower case they stand for people in the conversation, never for stored values. */
const PRONOUNS = new Set('i me my we us our you your he him his she her it its they them their'.split(' '));

/**
 * A personal pronoun written in lower case and not after "the" ("sold to us", "for it"): never a stored
 * value. Its upper-case form ("US", "IT") or "the us" may still be one; other function words may be
 * values ("a yes from the panel").
 */
function isPlainPronoun(tokens: readonly QuestionToken[], i: number): boolean {
  const t = tokens[i];
  return t.kind === 'word' && PRONOUNS.has(t.lower) && t.text === t.lower && tokens[i - 1]?.lower !== 'the';
}

/** A value mention of a span with the strength it wins overlaps by. */
export type ScoredValueMention = ValueMention & { score: number };

/**
 * Links question spans to stored values (profiled top values, coded aliases, place codes) and reads the
 * remaining literals: numbers, quoted strings, dates, capitalised names and codes.
 */
export class ValueLinker {
  constructor(private readonly model: SchemaModel) {}

  /**
   * The literals among the tokens not yet taken, left to right: numbers, number words that are quantities,
   * a single letter after "letter", and capitalised runs (with inner function words and abbreviation
   * periods). Marks the tokens it uses in `taken`.
   */
  literalRuns(
    tokens: QuestionToken[],
    taken: boolean[],
    reserved: ReadonlySet<number>,
    blocked: ReadonlySet<number>,
  ): ValueMention[] {
    const out: ValueMention[] = [];
    const take = (s: number, e: number) => {
      for (let i = s; i < e; i++) taken[i] = true;
    };
    for (let i = 0; i < tokens.length; i++) {
      if (taken[i]) continue;
      const t = tokens[i];
      if (blocked.has(i)) continue;
      if (t.kind === 'word' && t.number !== undefined && this.numberWordIsLiteral(tokens, i)) {
        out.push(this.literal(tokens, i, i + 1, 'number', false));
        take(i, i + 1);
        continue;
      }
      if (t.kind === 'number') {
        out.push(this.literal(tokens, i, i + 1, 'number', false));
        take(i, i + 1);
        continue;
      }
      // "the letter a": a single character after "letter" is a literal even when it is a word.
      if (
        t.kind === 'word' &&
        t.text.length === 1 &&
        /^(letter|letters|character|char)$/i.test(tokens[i - 1]?.text ?? '')
      ) {
        out.push(this.literal(tokens, i, i + 1, 'string', false));
        take(i, i + 1);
        continue;
      }
      if (t.kind === 'word' && !reserved.has(i) && this.looksLikeName(t)) {
        let j = i + 1;
        const nameAt = (k: number) =>
          k < tokens.length &&
          !taken[k] &&
          !reserved.has(k) &&
          tokens[k].kind === 'word' &&
          this.looksLikeName(tokens[k]);
        for (;;) {
          if (nameAt(j)) {
            j++;
            continue;
          }
          // "St. Helena": an abbreviation's period inside a name.
          if (tokens[j]?.text === '.' && tokens[j - 1] && tokens[j - 1].text.length <= 3 && nameAt(j + 1)) {
            j += 2;
            continue;
          }
          // Inner function words, when a capitalised word follows them.
          let k = j;
          while (
            k < tokens.length &&
            k - j < 3 &&
            !taken[k] &&
            NAME_INNER_WORDS.has(tokens[k].lower) &&
            tokens[k].text !== tokens[k].text.toUpperCase()
          )
            k++;
          if (k > j && nameAt(k) && tokens[k].capitalized) {
            j = k + 1;
            continue;
          }
          break;
        }
        out.push(this.literal(tokens, i, j, 'string', false));
        take(i, j);
        i = j - 1;
      }
    }
    return out;
  }

  /** "more than one loan", "at least two students", "three oldest": number words that are quantities. */
  private numberWordIsLiteral(tokens: QuestionToken[], i: number): boolean {
    const t = tokens[i];
    if (t.lower !== 'one' && t.lower !== 'once' && t.lower !== 'single') return true;
    const prev = tokens[i - 1]?.lower ?? '';
    return ['than', 'least', 'most', 'exactly', 'only', 'just', 'over', 'under'].includes(prev);
  }

  private looksLikeName(t: QuestionToken): boolean {
    if (t.stop && !/^[A-Z]{2,}$/.test(t.text)) return false;
    if (/\d/.test(t.text) && /[A-Za-z]/.test(t.text)) return true;
    return t.capitalized;
  }

  /** The literal of tokens [start, end) with the columns whose profiled values hold it. */
  literal(
    tokens: QuestionToken[],
    start: number,
    end: number,
    type: 'number' | 'string' | 'date',
    quoted: boolean,
  ): ValueMention {
    const text = quoted ? tokens[start].text : spanText(tokens, start, end);
    return {
      kind: 'value',
      start,
      end,
      text,
      type,
      number: type === 'number' ? tokens[start].number : undefined,
      quoted,
      candidates: this.valueCandidates(text, quoted || type === 'string'),
    };
  }

  /**
   * Columns whose profile values equal the text: normalised text, aliases (female → F), the same word keys
   * (plural/singular), and for names and quoted text a stored value the text starts (`MPEG` → `MPEG audio file`).
   */
  private valueCandidates(text: string, allowPrefix = false): ValueCandidate[] {
    const norm = normalizeValueText(text);
    if (!norm) return [];
    const forms = new Set([
      norm,
      ...(VALUE_ALIASES[norm] ?? []),
      ...(PLACE_CODES[norm] ? [PLACE_CODES[norm]] : []),
    ]);
    const keys = valueKeyOf(norm);
    const out: ValueCandidate[] = [];
    for (const column of this.model.columns) {
      if (column.kind === 'date' || column.valueIndex.size === 0) continue;
      let found: ValueCandidate | null = null;
      for (const form of forms) {
        const stored = column.valueIndex.get(form);
        if (stored !== undefined) {
          found = { column, value: stored, score: form === norm ? 1 : 0.85 };
          break;
        }
      }
      if (!found && norm.length > 2) {
        const stored = column.valueKeys.get(keys);
        if (stored !== undefined) found = { column, value: stored, score: 0.85 };
      }
      if (!found && allowPrefix && norm.length >= 3) {
        for (const [k, stored] of column.valueIndex)
          if (k.startsWith(`${norm} `) || k.endsWith(` ${norm}`)) {
            found = { column, value: stored, score: 0.6 };
            break;
          }
      }
      if (found) out.push(found);
    }
    return out.sort((a, b) => b.score - a.score);
  }

  /** Spans (≤ 6 tokens, longest first at each start) that equal a stored value, strongest first. */
  valueSpans(tokens: QuestionToken[]): ScoredValueMention[] {
    const found: ScoredValueMention[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind !== 'word' && t.kind !== 'number') continue;
      for (let j = Math.min(tokens.length, i + 6); j > i; j--) {
        const last = tokens[j - 1];
        if (last.kind === 'punct') continue;
        if (tokens.slice(i, j).some((x) => x.kind === 'quoted' || x.kind === 'date')) continue;
        const span = tokens.slice(i, j);
        if (span.length === 1 && (t.stop || t.kind === 'number') && !VALUE_ALIASES[t.lower]) continue;
        if (span.length === 1 && t.lower.length < 2) continue;
        if (span.length === 1 && isPlainPronoun(tokens, i)) continue;
        const text = spanText(tokens, i, j);
        const candidates = this.valueCandidates(text);
        if (candidates.length === 0) continue;
        const n = j - i;
        found.push({
          kind: 'value',
          start: i,
          end: j,
          text,
          type: 'string',
          quoted: false,
          candidates,
          score: candidates[0].score * (1 + 0.5 * (n - 1)),
        });
        break;
      }
    }
    return found.sort((a, b) => b.score - a.score || a.start - b.start);
  }
}
