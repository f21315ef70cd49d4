/**
 * Approximate stage 1 for corpora too large for exact search: an HNSW index (hnswlib-node, the
 * maintained Node binding of the reference C++ hnswlib) over the skill embeddings. The package
 * is an optional dependency loaded only for --ann, so a machine where its native build fails
 * still runs everything else.
 */
import { UsageError } from '../errors.js';

export interface AnnOptions {
  /** Graph degree (hnswlib M). Default 16. */
  m?: number;
  /** Build-time candidate list. Default 200. */
  efConstruction?: number;
  /** Query-time candidate list; raised to at least K. Default 2·K. */
  efSearch?: number;
  /** Seed of the level assignment, so an index is reproducible. Default 100. */
  seed?: number;
}

export interface AnnIndex {
  /** Up to `k` corpus indices nearest to `query` by inner product (cosine for unit vectors), best first. */
  search(query: Float32Array, k: number): number[];
}

interface HnswModule {
  HierarchicalNSW: new (space: 'ip', dim: number) => {
    initIndex(maxElements: number, m?: number, efConstruction?: number, randomSeed?: number): void;
    addPoint(point: number[], label: number): void;
    setEf(ef: number): void;
    searchKnn(query: number[], k: number): { neighbors: number[]; distances: number[] };
  };
}

async function loadHnsw(): Promise<HnswModule> {
  try {
    const mod = (await import('hnswlib-node')) as unknown as HnswModule & { default?: HnswModule };
    return mod.HierarchicalNSW === undefined ? (mod.default as HnswModule) : mod;
  } catch (err) {
    throw new UsageError(`--ann needs the optional package hnswlib-node, which is not installed or failed to build its native module (${(err as Error).message.split('\n')[0]}); run npm install hnswlib-node, or leave --ann out for exact search`);
  }
}

/**
 * Builds an HNSW index over `count` unit vectors of width `dim` (row-major).
 *
 * @example
 * const index = await buildAnnIndex(skillVectors, 13896, 384);
 * index.search(titleVector, 200); // [corpus indices]
 */
export async function buildAnnIndex(vectors: Float32Array, count: number, dim: number, options: AnnOptions = {}): Promise<AnnIndex> {
  const { HierarchicalNSW } = await loadHnsw();
  const index = new HierarchicalNSW('ip', dim);
  index.initIndex(count, options.m ?? 16, options.efConstruction ?? 200, options.seed ?? 100);
  for (let i = 0; i < count; i++) index.addPoint(Array.from(vectors.subarray(i * dim, (i + 1) * dim)), i);
  return {
    search(query: Float32Array, k: number): number[] {
      index.setEf(Math.max(k, options.efSearch ?? 2 * k));
      return index.searchKnn(Array.from(query), Math.min(k, count)).neighbors;
    },
  };
}
