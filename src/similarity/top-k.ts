/**
 * Bounded top-k selection: keeps the K best (score, index) pairs seen so far in O(K) memory,
 * so ranking N x M scores never needs the full matrix.
 *
 * Order: higher score first; equal scores put the lower index first. This makes the result
 * independent of the order in which scores arrive (and so of the block size).
 */

export interface ScoredIndex {
  index: number;
  score: number;
}

/**
 * K best pairs by a binary min-heap whose root is the WORST kept pair, so a new pair is
 * compared once against the root and most pairs are rejected in O(1).
 *
 * NaN scores are never kept (they cannot be ranked).
 */
export class TopK {
  readonly k: number;
  private readonly scores: Float64Array;
  private readonly indices: Float64Array;
  private count = 0;

  constructor(k: number) {
    if (!Number.isInteger(k) || k < 0) throw new Error(`k must be a non-negative integer, got ${k}`);
    this.k = k;
    this.scores = new Float64Array(k);
    this.indices = new Float64Array(k);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Scores below this are rejected without looking further: the worst kept score once K pairs
   * are held, else -Infinity. Lets block scanners skip the call for most scores.
   */
  get floor(): number {
    return this.count < this.k ? -Infinity : this.k === 0 ? Infinity : this.scores[0]!;
  }

  /** Offers one pair; kept if it is among the K best so far. */
  push(score: number, index: number): void {
    if (Number.isNaN(score) || this.k === 0) return;
    if (this.count < this.k) {
      this.siftUp(this.count++, score, index);
      return;
    }
    const rootScore = this.scores[0]!;
    if (score < rootScore || (score === rootScore && index > this.indices[0]!)) return;
    this.siftDown(score, index);
  }

  /** The kept pairs, best first. Does not change the selector. */
  sorted(): ScoredIndex[] {
    const out: ScoredIndex[] = [];
    for (let i = 0; i < this.count; i++) out.push({ index: this.indices[i]!, score: this.scores[i]! });
    return out.sort((x, y) => y.score - x.score || x.index - y.index);
  }

  /** True when pair (s1, i1) ranks below pair (s2, i2). */
  private static worse(s1: number, i1: number, s2: number, i2: number): boolean {
    return s1 < s2 || (s1 === s2 && i1 > i2);
  }

  private siftUp(pos: number, score: number, index: number): void {
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const ps = this.scores[parent]!;
      const pi = this.indices[parent]!;
      if (!TopK.worse(score, index, ps, pi)) break;
      this.scores[pos] = ps;
      this.indices[pos] = pi;
      pos = parent;
    }
    this.scores[pos] = score;
    this.indices[pos] = index;
  }

  /** Replaces the root with (score, index) and restores the heap. */
  private siftDown(score: number, index: number): void {
    const n = this.count;
    let pos = 0;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= n) break;
      const right = child + 1;
      if (
        right < n &&
        TopK.worse(this.scores[right]!, this.indices[right]!, this.scores[child]!, this.indices[child]!)
      ) {
        child = right;
      }
      const cs = this.scores[child]!;
      const ci = this.indices[child]!;
      if (!TopK.worse(cs, ci, score, index)) break;
      this.scores[pos] = cs;
      this.indices[pos] = ci;
      pos = child;
    }
    this.scores[pos] = score;
    this.indices[pos] = index;
  }
}

/** Which side a group is: best candidates per job, or best jobs per candidate. */
export type GroupBy = 'job' | 'candidate';

export interface TopKGroupsOptions {
  /** How many items to keep per group. */
  k: number;
  per: GroupBy;
  /** Scores below this are never kept (a score equal to it is). */
  minScore?: number;
}

/**
 * K best items per group over a candidates x jobs score matrix fed block by block
 * (rows = candidates, columns = jobs, as {@link forEachSimilarityBlock} produces them with
 * candidates as A). With `per: 'job'` each job is a group and items are candidate indices;
 * with `per: 'candidate'` each candidate is a group and items are job indices.
 *
 * @example
 * const groups = new TopKGroups(nCands, nJobs, { k: 10, per: 'job' });
 * await forEachSimilarityBlock(cands, nCands, jobs, nJobs, dim, (s, c, b) => groups.addBlock(s, c, b));
 * groups.sorted(0); // [{ index: candidateIndex, score }, ...] for job 0, best first
 */
export class TopKGroups {
  readonly per: GroupBy;
  private readonly heaps: TopK[];
  private readonly minScore: number;

  constructor(
    readonly nCandidates: number,
    readonly nJobs: number,
    options: TopKGroupsOptions,
  ) {
    this.per = options.per;
    this.minScore = options.minScore ?? -Infinity;
    const nGroups = options.per === 'job' ? nJobs : nCandidates;
    this.heaps = Array.from({ length: nGroups }, () => new TopK(options.k));
  }

  get groupCount(): number {
    return this.heaps.length;
  }

  /** Feeds `rowCount` candidate rows starting at `rowStart`; `block` is rowCount x nJobs. */
  addBlock(rowStart: number, rowCount: number, block: Float32Array): void {
    const nJobs = this.nJobs;
    if (block.length < rowCount * nJobs || rowStart < 0 || rowStart + rowCount > this.nCandidates) {
      throw new Error(`block rows ${rowStart}..${rowStart + rowCount} do not fit ${this.nCandidates} x ${nJobs}`);
    }
    // The hot loop over every score is one comparison against a cached floor; the heap is only
    // touched by scores that can enter it (top-10 of 20,000 x 5,000 scores: 5.7 s -> 2.2 s
    // including the product, see docs/benchmarks.md).
    const min = this.minScore;
    if (this.per === 'candidate') {
      for (let i = 0; i < rowCount; i++) {
        const heap = this.heaps[rowStart + i]!;
        const off = i * nJobs;
        let floor = Math.max(min, heap.floor);
        for (let j = 0; j < nJobs; j++) {
          const score = block[off + j]!;
          if (!(score >= floor)) continue;
          heap.push(score, j);
          floor = Math.max(min, heap.floor);
        }
      }
      return;
    }
    const floors = this.jobFloors();
    for (let i = 0; i < rowCount; i++) {
      const cand = rowStart + i;
      const off = i * nJobs;
      for (let j = 0; j < nJobs; j++) {
        const score = block[off + j]!;
        if (!(score >= floors[j]!)) continue;
        const heap = this.heaps[j]!;
        heap.push(score, cand);
        floors[j] = Math.max(min, heap.floor);
      }
    }
  }

  private floors: Float64Array | undefined;

  private jobFloors(): Float64Array {
    this.floors ??= Float64Array.from(this.heaps, (h) => Math.max(this.minScore, h.floor));
    return this.floors;
  }

  /** Best items of one group, best first. */
  sorted(group: number): ScoredIndex[] {
    const heap = this.heaps[group];
    if (heap === undefined) throw new Error(`group ${group} out of range 0..${this.heaps.length - 1}`);
    return heap.sorted();
  }
}
