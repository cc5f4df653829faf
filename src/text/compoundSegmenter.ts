import { expandWord } from './abbreviations';
import { FUNCTION_WORDS } from './stopWords';
import { WordNet } from './wordNet';

/**
 * Splits a run-together lower-case word into known words (`roomnumber` -> `room`, `number`;
 * `dormid` -> `dorm`, `id`; `pname` -> `p`, `name`) by dynamic programming: the fewest pieces, then the
 * highest total piece score. `scorePiece` returns 0 for an unknown piece and a positive weight for a known
 * word (longer and more common words should score higher); known abbreviations always qualify. Pieces are
 * at least `minPiece` characters long, except that a single leading letter may prefix one known word
 * (`fname`-style names). Returns the word unchanged when it is itself known or cannot be covered.
 */
export function segmentCompound(
  word: string,
  scorePiece: (piece: string) => number,
  options: { minPiece?: number; maxPieces?: number } = {},
): string[] {
  const minPiece = options.minPiece ?? 2;
  const maxPieces = options.maxPieces ?? 4;
  if (word.length < 3 || !/^[a-z]+$/.test(word) || scorePiece(word) > 0 || expandWord(word) !== undefined) {
    return [word];
  }
  const score = (piece: string): number =>
    expandWord(piece) !== undefined ? 4 * piece.length ** 2 : scorePiece(piece);
  // best[i]: the best segmentation of word.slice(0, i)
  const best: ({ pieces: string[]; score: number } | undefined)[] = new Array(word.length + 1);
  best[0] = { pieces: [], score: 0 };
  for (let end = minPiece; end <= word.length; end++) {
    for (let start = 0; start <= end - minPiece; start++) {
      const prefix = best[start];
      if (prefix === undefined || prefix.pieces.length >= maxPieces) continue;
      const piece = word.slice(start, end);
      const pieceScore = score(piece);
      if (pieceScore <= 0) continue;
      const candidate = { pieces: [...prefix.pieces, piece], score: prefix.score + pieceScore };
      const current = best[end];
      if (
        current === undefined ||
        candidate.pieces.length < current.pieces.length ||
        (candidate.pieces.length === current.pieces.length && candidate.score > current.score)
      ) {
        best[end] = candidate;
      }
    }
  }
  const found = best[word.length];
  if (found !== undefined) return found.pieces;
  const rest = word.slice(1);
  return rest.length >= minPiece + 1 && score(rest) > 0 ? [word.charAt(0), rest] : [word];
}
/**
 * A WordNet-backed splitter of run-together identifiers (`roomnumber` -> `room number`), for
 * `buildTableDocument({ segment })` and the offline embedder. Function words count as known pieces
 * (`hoursperweek` -> `hours per week`). Results are cached.
 * @param wordNet @default WordNet.shared()
 */
export function createCompoundSegmenter(wordNet: WordNet = WordNet.shared()): (word: string) => string[] {
  const cache = new Map<string, string[]>();
  const scorePiece = (piece: string): number =>
    FUNCTION_WORDS.has(piece) ? (piece.length > 1 ? piece.length ** 2 : 0) : wordNet.pieceScore(piece);
  return (word) => {
    let pieces = cache.get(word);
    if (pieces === undefined) {
      pieces = segmentCompound(word, scorePiece);
      cache.set(word, pieces);
    }
    return pieces;
  };
}
