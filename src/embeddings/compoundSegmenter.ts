import { segmentCompound } from '../catalog/identifiers';
import { STOP_WORDS } from './englishData';
import { WordNet } from './wordNet';

/**
 * A WordNet-backed splitter of run-together identifiers (`roomnumber` -> `room number`), for
 * `buildTableDocument({ segment })` and the offline embedder. Function words count as known pieces
 * (`hoursperweek` -> `hours per week`). Results are cached.
 * @param wordNet @default WordNet.shared()
 */
export function createCompoundSegmenter(wordNet: WordNet = WordNet.shared()): (word: string) => string[] {
  const cache = new Map<string, string[]>();
  const scorePiece = (piece: string): number =>
    STOP_WORDS.has(piece) ? (piece.length > 1 ? piece.length ** 2 : 0) : wordNet.pieceScore(piece);
  return (word) => {
    let pieces = cache.get(word);
    if (pieces === undefined) {
      pieces = segmentCompound(word, scorePiece);
      cache.set(word, pieces);
    }
    return pieces;
  };
}
