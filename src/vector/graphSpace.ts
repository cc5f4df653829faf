/**
 * The space an HNSW version's graph is built and searched in, shared by the build/load/search side
 * (`hnswIndex.ts`) and the in-place update (`hnswUpdate.ts`): the coordinates of a reduced space
 * (`reducedSpace.ts`) by L2, or the full unit vectors by cosine, as the version's manifest records.
 */
import path from 'node:path';
import { HierarchicalNSW } from 'hnswlib-node';
import { ReducedSpace } from './reducedSpace';
import { INDEX_FILE, REDUCED_FILE, type Manifest } from './hnswManifest';

/** What the graph holds of a unit vector: its coordinates in the reduced space, or itself. */
export function pointOf(space: ReducedSpace | null | undefined, vector: Float32Array): Float32Array {
  return space ? space.project(vector) : vector;
}

/**
 * A new graph over unit `vectors` (label = position): in the reduced space by L2 when there is one, else
 * over the full vectors by cosine.
 */
export function buildGraph(
  space: ReducedSpace | null,
  dimension: number,
  params: { m: number; efConstruction: number },
  vectors: readonly Float32Array[],
): HierarchicalNSW {
  const graph = space ? new HierarchicalNSW('l2', space.dimension) : new HierarchicalNSW('cosine', dimension);
  graph.initIndex({
    maxElements: Math.max(1, vectors.length),
    m: params.m,
    efConstruction: params.efConstruction,
    randomSeed: 100,
  });
  vectors.forEach((vector, label) => graph.addPoint(Array.from(pointOf(space, vector)), label));
  return graph;
}

/** The reduced space a version's graph searches in, or undefined (full vectors). */
export function readSpace(dir: string, manifest: Manifest): ReducedSpace | undefined {
  const head = manifest.graph;
  if (head === undefined || head === null) return undefined;
  return ReducedSpace.read(path.join(dir, REDUCED_FILE), manifest.dimension, head);
}

/** Reads a version's graph, of the space it was built in. */
export async function readGraph(
  dir: string,
  dimension: number,
  space: ReducedSpace | undefined,
  slots: number,
): Promise<HierarchicalNSW> {
  const graph = space ? new HierarchicalNSW('l2', space.dimension) : new HierarchicalNSW('cosine', dimension);
  await graph.readIndex(path.join(dir, INDEX_FILE));
  if (graph.getCurrentCount() !== slots)
    throw new Error(`graph has ${graph.getCurrentCount()} points, manifest says ${slots}`);
  return graph;
}
