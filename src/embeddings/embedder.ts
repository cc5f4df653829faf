/**
 * Turns texts into unit-length vectors. Implementations: the transformers.js feature-extraction
 * embedder and the offline embedder that needs no model files.
 */
export interface Embedder {
  /** Stable id of the model and its settings, e.g. `transformers:Xenova/all-MiniLM-L6-v2` or `offline:v1`. An index records it. */
  readonly id: string;
  /** Length of every vector this embedder returns. */
  readonly dimension: number;
  /** Embeds each text; the result has one L2-normalised vector per input, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
