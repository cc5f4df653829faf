/**
 * Language handling for the whole code base (the lowest layer: imports nothing else of tablebot): word
 * splitting and the tokenizer, the conservative and aggressive stemmers, stop words, irregular forms,
 * identifier abbreviations, compound splitting and WordNet relations; and the string pool that loaders of
 * published files parse through.
 */
export {
  ABBREVIATIONS,
  expandWord,
  expandWords,
  isAbbreviation,
  isChatShorthand,
  type Abbreviation,
  type AbbreviationContext,
  type AbbreviationForm,
} from './abbreviations';
export { createCompoundSegmenter, segmentCompound } from './compoundSegmenter';
export { IRREGULAR_FORMS, irregularBase, type IrregularScope } from './irregular';
export { porterStem } from './porterStemmer';
export { SenseContext } from './senseContext';
export { StringPool } from './stringPool';
export { aggressiveStem, conservativeStem, lemma, stem, type StemmerMode } from './stemmer';
export { FUNCTION_WORDS, LINKING_STOP_WORDS, QUESTION_STOP_WORDS, TIME_WORDS } from './stopWords';
export {
  contentTokens,
  createTokenizer,
  identifierTokens,
  splitIdentifier,
  splitWords,
  words,
  type SplitOptions,
  type Tokenizer,
  type TokenizerOptions,
} from './tokenizer';
export {
  RETRIEVAL_RELATIONS,
  SCHEMA_LINKING_RELATIONS,
  WordRelations,
  type Relatedness,
  type NameSynsets,
  type WordRelationsOptions,
} from './wordRelations';
export {
  WordNet,
  wordnetDictDir,
  type BaseForm,
  type Synset,
  type WordNetPos,
  type WordSense,
} from './wordNet';
export { jsonLines, LinesWriter, readFullyAt, readRange, type JsonLine } from './fileLines';
export { FirstInFirstOut } from './firstInFirstOut';
export { jsonText, knownJson, rememberJson } from './jsonText';
