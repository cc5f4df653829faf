/**
 * Splitting text into words, and the tokenizer built on it (modelled on orama's tokenizer component:
 * language, stemmer and stop words are settings of one tokenizer rather than separate copies).
 */
import { stem, type StemmerMode } from './stemmer';
import { QUESTION_STOP_WORDS } from './stopWords';

/** Options of {@link splitWords}. */
export interface SplitOptions {
  /** Split letters from digits (`address2` -> `address`, `2`). @default false */
  splitDigits?: boolean;
  /** Remove diacritics (`café` -> `cafe`). @default false */
  foldDiacritics?: boolean;
}

const CAMEL_BOUNDARIES: readonly RegExp[] = [
  // `HTTPServer` -> `HTTP Server`
  /(\p{Lu}+)(\p{Lu}\p{Ll})/gu,
  // `orderDate` -> `order Date`, `2ndLine` -> `2nd Line`
  /([\p{Ll}\p{N}])(\p{Lu})/gu,
];

const DIGIT_BOUNDARIES: readonly RegExp[] = [
  // `address2` -> `address 2`, `2nd` -> `2 nd`
  /(\p{L})(\p{N})/gu,
  /(\p{N})(\p{L})/gu,
];

/**
 * Splits text or an identifier into lower-case words: `snake_case`, `camelCase`, `PascalCase`,
 * `HTTPServer`, spaces and any other punctuation separate words. Unicode-aware: letters of any script
 * are kept.
 */
export function splitWords(text: string, options: SplitOptions = {}): string[] {
  let spaced = text;
  for (const boundary of CAMEL_BOUNDARIES) spaced = spaced.replace(boundary, '$1 $2');
  if (options.splitDigits === true) {
    for (const boundary of DIGIT_BOUNDARIES) spaced = spaced.replace(boundary, '$1 $2');
  }
  let lower = spaced.toLowerCase();
  if (options.foldDiacritics === true) lower = lower.normalize('NFKD').replace(/\p{M}/gu, '');
  return lower.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
}

/**
 * Splits an identifier into lower-case words, digits apart: `cust_nbr2` -> `cust`, `nbr`, `2`;
 * `HTTPServer` -> `http`, `server`. Non-ASCII letters are kept.
 */
export function splitIdentifier(name: string): string[] {
  return splitWords(name, { splitDigits: true });
}

/** Lower-case word tokens of free text, diacritics removed, identifiers split (`orderDate` -> `order date`). */
export function words(text: string): string[] {
  return splitWords(text, { foldDiacritics: true });
}

/** Options of {@link createTokenizer}. */
export interface TokenizerOptions {
  /** The language of the text; English is the only one so far. @default 'english' */
  language?: 'english';
  /** The stemmer, or `false` to keep words as written. @default 'conservative' */
  stemming?: StemmerMode | false;
  /** Words dropped before stemming, or `false` to keep every word. @default QUESTION_STOP_WORDS */
  stopWords?: ReadonlySet<string> | false;
  /** Keep tokens made only of digits. @default false */
  keepNumbers?: boolean;
}

/** Turns text into normalised tokens. */
export interface Tokenizer {
  readonly language: 'english';
  /** The text's tokens: words, minus stop words (and numbers unless kept), stemmed. */
  tokenize(text: string): string[];
  /** One word normalised as a token (stemmed), without the stop-word check. */
  normalize(word: string): string;
}

/** A tokenizer with the given language, stemmer and stop words. */
export function createTokenizer(options: TokenizerOptions = {}): Tokenizer {
  const mode = options.stemming ?? 'conservative';
  const stopWords = options.stopWords ?? QUESTION_STOP_WORDS;
  const keepNumbers = options.keepNumbers === true;
  const normalize = (word: string): string => (mode === false ? word.toLowerCase() : stem(word, mode));
  return {
    language: options.language ?? 'english',
    normalize,
    tokenize: (text) =>
      words(text)
        .filter((t) => stopWords === false || !stopWords.has(t))
        .filter((t) => keepNumbers || !/^\d+$/.test(t))
        .map(normalize),
  };
}

const contentTokenizer = createTokenizer();
const contentTokenizerWithNumbers = createTokenizer({ keepNumbers: true });
const identifierTokenizer = createTokenizer({ stopWords: false, keepNumbers: true });

/** Stemmed content tokens of a question or text: stop words dropped, numbers only when `keepNumbers`. */
export function contentTokens(text: string, options: { keepNumbers?: boolean } = {}): string[] {
  return (options.keepNumbers === true ? contentTokenizerWithNumbers : contentTokenizer).tokenize(text);
}

/** Stemmed tokens of an identifier or label, stop words kept (an identifier has no filler). */
export function identifierTokens(text: string): string[] {
  return identifierTokenizer.tokenize(text);
}
