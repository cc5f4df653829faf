import { expandWord, LINKING_STOP_WORDS as STOPWORDS } from '../../text';
import { MONTHS, NUMBER_WORDS, wordKey } from './lexicon';

/** A word typed in a question as its one-word expansion (`max` -> `maximum`, `qty` -> `quantity`), or itself. */
function questionWord(lower: string): string {
  const expansion = expandWord(lower, 'text', 'matching');
  return expansion?.length === 1 ? expansion[0] : lower;
}

/** What a token of the question is. */
export type TokenKind = 'word' | 'number' | 'quoted' | 'date' | 'punct';

/** One token of a question, with the normalised forms matching uses. */
export interface QuestionToken {
  /** Position in the token list. */
  index: number;
  /** Text as written (quotes removed for quoted strings). */
  text: string;
  /** Lower-cased text. */
  lower: string;
  /** Comparison key: Porter stem of the lemma (words only; the lower text otherwise). */
  key: string;
  kind: TokenKind;
  /** Numeric value of a number token or a number word ("three"). */
  number?: number;
  /** Starts with an upper-case letter (and is not the first word), or is all caps / mixed with digits. */
  capitalized: boolean;
  /** A function word (see STOPWORDS). */
  stop: boolean;
  /** Character offsets in the question. */
  start: number;
  end: number;
}

const TOKEN_RE =
  /"([^"]*)"|“([^”]*)”|‘([^’]*)’|(?<=^|[\s(])'([^']+)'(?=$|[\s,.?!;:)])|(\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?)|(-?\d[\d,]*(?:\.\d+)?%?)|([A-Za-z0-9\u00C0-\u024F](?:[A-Za-z0-9\u00C0-\u024F_&@]|[-.'/](?!s\b)(?=[A-Za-z0-9\u00C0-\u024F]))*)|('s\b)|([^\sA-Za-z0-9])/g;

/**
 * Splits a question into tokens: quoted strings (one token each), ISO dates, numbers (with thousands
 * separators), words (keeping inner hyphens, dots and apostrophes: `QM-261`, `Ph.D`, `don't`) and punctuation.
 */
export function tokenizeQuestion(question: string): QuestionToken[] {
  const tokens: QuestionToken[] = [];
  for (const m of question.matchAll(TOKEN_RE)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const quoted = m[1] ?? m[2] ?? m[3] ?? m[4];
    const push = (text: string, kind: TokenKind, extra: Partial<QuestionToken> = {}) => {
      const lower = text.toLowerCase();
      tokens.push({
        index: tokens.length,
        text,
        lower,
        key: kind === 'word' ? wordKey(questionWord(lower)) : lower,
        kind,
        capitalized: false,
        stop: kind === 'word' && STOPWORDS.has(lower),
        start,
        end,
        ...extra,
      });
    };
    if (quoted !== undefined) push(quoted, 'quoted');
    else if (m[5]) push(m[5], 'date');
    else if (m[6]) {
      const text = m[6].replace(/%$/, '');
      if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) || /^-?\d+(\.\d+)?$/.test(text))
        push(text, 'number', { number: Number(text.replace(/,/g, '')) });
      else {
        // "1,2" style lists: split on commas.
        for (const part of text.split(',').filter(Boolean)) push(part, 'number', { number: Number(part) });
      }
    } else if (m[7]) {
      const text = m[7];
      const lower = text.toLowerCase();
      const numberWord = NUMBER_WORDS[lower];
      const cap = /^[A-Z\u00C0-\u00DE]/.test(text) || (/[A-Z]/.test(text.slice(1)) && text.length > 1);
      push(text, 'word', { capitalized: cap, ...(numberWord !== undefined ? { number: numberWord } : {}) });
    } else if (m[8]) push("'s", 'punct');
    else if (m[9]) push(m[9], 'punct');
  }
  mergeDatePhrases(tokens);
  // The first word is capitalised by sentence case; keep the flag only when a capitalised name continues it.
  const first = tokens.find((t) => t.kind === 'word');
  if (first && first.capitalized) {
    const next = tokens[first.index + 1];
    const continues = next && next.kind === 'word' && next.capitalized && !next.stop;
    if (first.stop || (/^[A-Z][a-z]+$/.test(first.text) && !continues)) first.capitalized = false;
  }
  return tokens;
}

const ORDINAL_SUFFIX = /^(st|nd|rd|th)$/i;

/**
 * Calendar dates written in words become one ISO date token: "November 5th, 2007", "July 5 2009",
 * "5 November 2007". Token indexes are renumbered.
 */
function mergeDatePhrases(tokens: QuestionToken[]): void {
  const isDay = (t: QuestionToken | undefined) =>
    !!t && t.kind === 'number' && Number.isInteger(t.number) && (t.number ?? 0) >= 1 && (t.number ?? 0) <= 31;
  const isYear = (t: QuestionToken | undefined) =>
    !!t &&
    t.kind === 'number' &&
    Number.isInteger(t.number) &&
    (t.number ?? 0) >= 1000 &&
    (t.number ?? 0) <= 2999;
  const month = (t: QuestionToken | undefined) =>
    t && t.kind === 'word' && t.text.length >= 3 ? MONTHS[t.lower] : undefined;
  for (let i = 0; i < tokens.length; i++) {
    let m: number | undefined;
    let day: QuestionToken | undefined;
    let j: number;
    if ((m = month(tokens[i])) !== undefined && isDay(tokens[i + 1])) {
      day = tokens[i + 1];
      j = i + 2;
    } else if (
      isDay(tokens[i]) &&
      ORDINAL_SUFFIX.test(tokens[i + 1]?.text ?? '') &&
      (m = month(tokens[i + 2])) !== undefined
    ) {
      day = tokens[i];
      j = i + 3;
    } else if (isDay(tokens[i]) && (m = month(tokens[i + 1])) !== undefined) {
      day = tokens[i];
      j = i + 2;
    } else continue;
    if (tokens[j] && ORDINAL_SUFFIX.test(tokens[j].text)) j++;
    if (tokens[j]?.text === ',') j++;
    if (!isYear(tokens[j]) || !day || m === undefined) continue;
    const iso = `${tokens[j].number}-${String(m).padStart(2, '0')}-${String(day.number).padStart(2, '0')}`;
    const merged: QuestionToken = {
      ...tokens[i],
      text: iso,
      lower: iso,
      key: iso,
      kind: 'date',
      capitalized: false,
      stop: false,
      end: tokens[j].end,
    };
    delete merged.number;
    tokens.splice(i, j - i + 1, merged);
  }
  tokens.forEach((t, index) => (t.index = index));
}

/** The question's text of tokens [start, end), punctuation rejoined ("Boise, ID"). */
export function spanText(tokens: QuestionToken[], start: number, end: number): string {
  return tokens
    .slice(start, end)
    .map((t) => t.text)
    .join(' ')
    .replace(/ ([,'.])/g, '$1');
}
