import { qualifiedName } from '../catalog';
import { compareTables } from '../store';
import type { Embedder } from '../embeddings';
import { joinEdges, updatedJoinEdges, type JoinEdge } from '../joins';
import { RetrievalCorpus, type CorpusInput, type CorpusTable } from './retrievalCorpus';
import { Bm25Index, buildTableEntry, type Bm25Postings } from './tableCorpus';

/** What changed in one source since a corpus was built: see {@link updateCorpus}. */
export interface CorpusChange {
  sourceId: string;
  /** The source's tables that are new or whose catalog entry differs, with their published vectors. */
  changed: readonly CorpusInput[];
  /** Ids (`<sourceId>|<schema>.<table>`) of the source's tables that are no longer indexed. */
  removed: readonly string[];
}

/**
 * The corpus {@link RetrievalCorpus.build} gives for the catalog after `change`, computed from `previous`
 * (the corpus of the catalog before it) in time proportional to the change plus a pass over typed arrays:
 * only the changed tables are tokenised and their new names embedded; the BM25 postings are carried over
 * with their entry numbers shifted, the removed and changed entries' postings dropped and the new ones
 * merged in (document frequencies follow), the mean length summed again from the entries' lengths; of
 * the inferred join edges only those from or to a changed table are derived again (`updatedJoinEdges`). Tables keep the corpus order (source, schema, name), so scores and ties are those of a build.
 */
export async function updateCorpus(
  previous: RetrievalCorpus,
  change: CorpusChange,
  options: { embedder: Embedder },
): Promise<RetrievalCorpus> {
  const before = previous.tables();
  const fresh = await RetrievalCorpus.build(
    [...change.changed].sort((a, b) => compareTables(a.table, b.table)),
    {
      embedder: options.embedder,
      knownNameVector: knownNames(before, change.changed),
    },
  );
  const added = fresh.tables();
  const dropped = new Set([...change.removed, ...added.map((t) => t.id)]);

  // merge the kept tables (in corpus order) with the added ones (sorted the same way)
  const oldToNew = new Int32Array(before.length).fill(-1);
  const tables: CorpusTable[] = [];
  const addedAt: number[] = [];
  let a = 0;
  before.forEach((t, i) => {
    if (dropped.has(t.id)) return;
    while (a < added.length && compareTables(added[a].table, t.table) < 0) {
      addedAt.push(tables.length);
      tables.push(added[a++]);
    }
    oldToNew[i] = tables.length;
    tables.push(t);
  });
  while (a < added.length) {
    addedAt.push(tables.length);
    tables.push(added[a++]);
  }

  const bags = added.map((t) => buildTableEntry(t.table).bag);
  const postings = mergePostings(previous.bm25.toPostings(), oldToNew, addedAt, bags, tables);
  const bm25 = Bm25Index.fromPostings(
    tables.map((t) => t.entry),
    postings,
  );
  return RetrievalCorpus.fromParts({
    tables,
    bm25,
    edgesBySource: edgesAfter(previous, before, tables, change),
  });
}

/** Name vectors of the previous corpus for the names of the changed tables (the others are not needed). */
function knownNames(
  before: readonly CorpusTable[],
  changed: readonly CorpusInput[],
): (name: string) => Float32Array | undefined {
  const wanted = new Set(changed.flatMap((i) => [i.table.name, ...i.table.columns.map((c) => c.name)]));
  const known = new Map<string, Float32Array>();
  for (const t of before) {
    if (known.size === wanted.size) break;
    const names = [t.table.name, ...t.table.columns.map((c) => c.name)];
    names.forEach((name, n) => {
      const v = t.nameVectors[n];
      if (v !== undefined && wanted.has(name)) known.set(name, v);
    });
  }
  return (name) => known.get(name);
}

/**
 * The postings over `tables`: the previous ones with their entries renumbered (`oldToNew`, -1 for dropped
 * entries) and the added entries' bags (at `addedAt`, ascending) merged in, entries ascending per token;
 * tokens no entry has any more are left out.
 */
function mergePostings(
  old: Bm25Postings,
  oldToNew: Int32Array,
  addedAt: readonly number[],
  bags: readonly Map<string, number>[],
  tables: readonly CorpusTable[],
): Bm25Postings {
  const addedByToken = new Map<string, { doc: number; tf: number }[]>();
  bags.forEach((bag, k) => {
    for (const [token, tf] of bag) {
      let list = addedByToken.get(token);
      if (!list) addedByToken.set(token, (list = []));
      list.push({ doc: addedAt[k], tf });
    }
  });
  const tokens: string[] = [];
  const sources: number[] = [];
  const counts: number[] = [];
  let total = 0;
  old.tokens.forEach((token, i) => {
    let n = addedByToken.get(token)?.length ?? 0;
    for (let p = old.offsets[i]; p < old.offsets[i + 1]; p++) if (oldToNew[old.docs[p]] >= 0) n++;
    if (n === 0) return;
    tokens.push(token);
    sources.push(i);
    counts.push(n);
    total += n;
  });
  const known = new Set(old.tokens);
  for (const [token, list] of addedByToken) {
    if (known.has(token)) continue;
    tokens.push(token);
    sources.push(-1);
    counts.push(list.length);
    total += list.length;
  }
  const offsets = new Uint32Array(tokens.length + 1);
  const docs = new Uint32Array(total);
  const tfs = new Float64Array(total);
  let at = 0;
  tokens.forEach((token, k) => {
    offsets[k] = at;
    const list = addedByToken.get(token) ?? [];
    let next = 0;
    const i = sources[k];
    if (i >= 0) {
      for (let p = old.offsets[i]; p < old.offsets[i + 1]; p++) {
        const doc = oldToNew[old.docs[p]];
        if (doc < 0) continue;
        while (next < list.length && list[next].doc < doc) {
          docs[at] = list[next].doc;
          tfs[at++] = list[next++].tf;
        }
        docs[at] = doc;
        tfs[at++] = old.tfs[p];
      }
    }
    while (next < list.length) {
      docs[at] = list[next].doc;
      tfs[at++] = list[next++].tf;
    }
  });
  offsets[tokens.length] = at;
  let length = 0;
  for (const t of tables) length += t.entry.length;
  return { tokens, offsets, docs, tfs, avgLength: tables.length ? length / tables.length : 1 };
}

/** Each source's join edges after the change: the changed source's updated, the others' carried over. */
function edgesAfter(
  previous: RetrievalCorpus,
  before: readonly CorpusTable[],
  tables: readonly CorpusTable[],
  change: CorpusChange,
): Map<string, readonly JoinEdge[]> {
  const sourceId = change.sourceId;
  const removed = new Set(change.removed);
  const of = (list: readonly CorpusTable[]) =>
    list.filter((t) => t.sourceId === sourceId).map((t) => t.table);
  const previousTables = of(before);
  const now = of(tables);
  const previousEdges = previous.joinEdges().get(sourceId);
  const edges =
    previousEdges === undefined
      ? joinEdges(now)
      : updatedJoinEdges({
          tables: now,
          previousTables,
          previous: previousEdges,
          changed: new Set(change.changed.map((i) => qualifiedName(i.table))),
          removed: new Set(before.filter((t) => removed.has(t.id)).map((t) => qualifiedName(t.table))),
        });
  const out = new Map<string, readonly JoinEdge[]>();
  // in the order a build meets the sources (corpus order)
  for (const t of tables) {
    if (out.has(t.sourceId)) continue;
    out.set(t.sourceId, t.sourceId === sourceId ? edges : (previous.joinEdges().get(t.sourceId) ?? []));
  }
  return out;
}
