import type { Embedder } from '../../embeddings';
import type { Cue } from './cuePatterns';
import type { QuestionToken } from './questionTokens';
import type { ColumnCandidate, Mention, SchemaMention, TableCandidate } from './schemaLinker';
import type { SchemaModel } from './schemaModel';

/** Options of {@link EmbeddingLinker.create}. */
export interface EmbeddingLinkerOptions {
  embedder: Embedder;
  /** Precomputed column-name vectors per `schema.table`, when the index has them. */
  columnVectors?: (table: string) => Record<string, Float32Array> | undefined;
  /** Cosine similarity needed to link. */
  threshold: number;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) dot += a[i] * b[i];
  return dot;
}

const CACHE_LIMIT = 20000;

/**
 * The fuzzy fallback of schema linking: question words that matched nothing literally are embedded and
 * compared with the embeddings of column and table names ("vocalist" → singer). Vectors of names are cached.
 */
export class EmbeddingLinker {
  private readonly cache = new Map<string, Float32Array>();

  private constructor(private readonly options: EmbeddingLinkerOptions) {}

  /** A linker over one embedder. */
  static create(options: EmbeddingLinkerOptions): EmbeddingLinker {
    return new EmbeddingLinker(options);
  }

  private async vectors(texts: string[]): Promise<Map<string, Float32Array>> {
    const missing = [...new Set(texts.filter((t) => !this.cache.has(t)))];
    if (missing.length > 0) {
      const embedded = await this.options.embedder.embed(missing);
      if (this.cache.size + missing.length > CACHE_LIMIT) this.cache.clear();
      missing.forEach((t, i) => this.cache.set(t, embedded[i]));
    }
    return new Map(texts.map((t) => [t, this.cache.get(t) as Float32Array]));
  }

  /** Adds mentions for unlinked content words whose embedding is close to a column or table name. */
  async extend(input: {
    model: SchemaModel;
    tokens: QuestionToken[];
    mentions: Mention[];
    reserved: ReadonlySet<number>;
    cues: Cue[];
  }): Promise<Mention[]> {
    const { model, tokens, mentions, reserved } = input;
    const covered = (i: number) =>
      mentions.some((m) => m.start <= i && i < m.end) || input.cues.some((c) => c.start <= i && i < c.end);
    const open = tokens.filter(
      (t) =>
        t.kind === 'word' &&
        !t.stop &&
        !t.capitalized &&
        t.lower.length > 2 &&
        !reserved.has(t.index) &&
        !covered(t.index),
    );
    if (open.length === 0) return mentions;
    const columnTexts = model.columns.map((c) => c.words.join(' '));
    const tableTexts = model.tables.map((t) => t.words.join(' '));
    const words = open.map((t) => t.lower);
    const vectors = await this.vectors([...words, ...columnTexts, ...tableTexts]);
    const precomputed = new Map<string, Record<string, Float32Array> | undefined>();
    const columnVector = (i: number): Float32Array => {
      const c = model.columns[i];
      if (this.options.columnVectors) {
        if (!precomputed.has(c.table.qname))
          precomputed.set(c.table.qname, this.options.columnVectors(c.table.qname));
        const v = precomputed.get(c.table.qname)?.[c.name];
        if (v) return v;
      }
      return vectors.get(columnTexts[i]) as Float32Array;
    };
    const added: SchemaMention[] = [];
    for (const t of open) {
      const q = vectors.get(t.lower) as Float32Array;
      const columns: ColumnCandidate[] = model.columns
        .map((column, i) => ({ column, score: cosine(q, columnVector(i)), viaTable: false }))
        .filter((c) => c.score >= this.options.threshold)
        .map((c) => ({ ...c, score: 0.5 + 0.4 * c.score }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 5);
      const tables: TableCandidate[] = model.tables
        .map((table, i) => ({ table, score: cosine(q, vectors.get(tableTexts[i]) as Float32Array) }))
        .filter((c) => c.score >= this.options.threshold)
        .map((c) => ({ ...c, score: 0.5 + 0.4 * c.score }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 3);
      if (columns.length === 0 && tables.length === 0) continue;
      added.push({ kind: 'schema', start: t.index, end: t.index + 1, text: t.text, columns, tables });
    }
    return [...mentions, ...added].sort((a, b) => a.start - b.start);
  }
}
