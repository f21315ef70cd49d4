/**
 * The KV cache of a batch of sequences between decoder steps: every layer's key and value tensors
 * [batch, kv_heads, length, head_dim], the attention mask over those `length` slots (0 = padding,
 * which may sit at the start of a row or between a reused prefix and a suffix) and the next
 * position id of each row (its count of real tokens). Immutable: every operation returns a new
 * cache, so a prefix's cache can be reused for many suffixes.
 */
import { ModelError } from '../errors.js';
import type { FeedTensor } from '../runtime/session.js';

export type KvTensor = Extract<FeedTensor, { type: 'float32' } | { type: 'float16' }>;

/** Which graph inputs and outputs carry the cache, and their per-row shape. */
export interface KvLayout {
  /** One entry per cache tensor (each layer's key, then value). */
  entries: ReadonlyArray<{ past: string; present: string }>;
  heads: number;
  headDim: number;
  dtype: KvTensor['type'];
}

export class KvCache {
  private constructor(
    readonly layout: KvLayout,
    readonly batch: number,
    /** Slots per row (real tokens and padding). */
    readonly length: number,
    /** [batch * length] 1 = token, 0 = padding. */
    readonly mask: Uint8Array,
    /** Per row: the position id of its next token. */
    readonly nextPositions: readonly number[],
    private readonly tensors: ReadonlyMap<string, KvTensor>,
  ) {}

  /** A cache holding nothing, for the first step of `batch` sequences. */
  static empty(layout: KvLayout, batch: number): KvCache {
    const tensors = new Map<string, KvTensor>();
    for (const { past } of layout.entries) tensors.set(past, emptyTensor(layout, batch));
    return new KvCache(layout, batch, 0, new Uint8Array(0), Array<number>(batch).fill(0), tensors);
  }

  /**
   * The cache after a step that fed `stepMask` ([batch * steps], 1 = token) and produced
   * `presents` (by past input name, each [batch, heads, length + steps, head_dim]).
   */
  static afterStep(previous: KvCache, presents: ReadonlyMap<string, KvTensor>, stepMask: Uint8Array, steps: number): KvCache {
    const { batch, length } = previous;
    const mask = new Uint8Array(batch * (length + steps));
    const next = [...previous.nextPositions];
    for (let b = 0; b < batch; b++) {
      mask.set(previous.mask.subarray(b * length, (b + 1) * length), b * (length + steps));
      const row = stepMask.subarray(b * steps, (b + 1) * steps);
      mask.set(row, b * (length + steps) + length);
      next[b] = (next[b] as number) + row.reduce((sum, m) => sum + m, 0);
    }
    for (const { past } of previous.layout.entries) {
      const dims = presents.get(past)?.dims;
      if (dims === undefined || dims[0] !== batch || dims[2] !== length + steps) {
        throw new ModelError(`cache output for '${past}' has shape [${dims?.join(', ') ?? ''}], expected [${batch}, ${previous.layout.heads}, ${length + steps}, ${previous.layout.headDim}]`);
      }
    }
    return new KvCache(previous.layout, batch, length + steps, mask, next, presents);
  }

  /** The tensor fed as graph input `past`. */
  tensor(past: string): KvTensor {
    const t = this.tensors.get(past);
    if (t === undefined) throw new ModelError(`the cache has no tensor for input '${past}'`);
    return t;
  }

  /** The mask of row `b`. */
  maskRow(b: number): Uint8Array {
    return this.mask.subarray(b * this.length, (b + 1) * this.length);
  }

  /** Real tokens held for row `b`. */
  tokenCount(b: number): number {
    return this.nextPositions[b] as number;
  }

  /**
   * A cache of the given rows, in order (a row may repeat), with copied data.
   *
   * @example prefix.select([0, 0, 0]) // the batch-1 prefix cache for three suffixes
   */
  select(rows: readonly number[]): KvCache {
    for (const r of rows) if (!Number.isInteger(r) || r < 0 || r >= this.batch) throw new RangeError(`row ${r} is outside the cache's batch of ${this.batch}`);
    const { length } = this;
    const mask = new Uint8Array(rows.length * length);
    rows.forEach((r, i) => mask.set(this.maskRow(r), i * length));
    const tensors = new Map<string, KvTensor>();
    for (const [name, t] of this.tensors) {
      const block = this.layout.heads * length * this.layout.headDim;
      const data = t.type === 'float32' ? new Float32Array(rows.length * block) : new Uint16Array(rows.length * block);
      rows.forEach((r, i) => data.set(t.data.subarray(r * block, (r + 1) * block), i * block));
      tensors.set(name, { type: t.type, data, dims: [rows.length, this.layout.heads, length, this.layout.headDim] } as KvTensor);
    }
    return new KvCache(this.layout, rows.length, length, mask, rows.map((r) => this.nextPositions[r] as number), tensors);
  }

  /** `batch` copies of a batch-1 cache (a shared prefix for a batch of suffixes). */
  expand(batch: number): KvCache {
    if (this.batch !== 1) throw new RangeError(`expand() takes a batch-1 cache; this one holds ${this.batch} rows (use select())`);
    return this.select(Array<number>(batch).fill(0));
  }

  /** An independent copy. */
  clone(): KvCache {
    return this.select(Array.from({ length: this.batch }, (_, i) => i));
  }

  /** Bytes the cache tensors occupy. */
  get byteLength(): number {
    let bytes = 0;
    for (const t of this.tensors.values()) bytes += t.data.byteLength;
    return bytes;
  }
}

function emptyTensor(layout: KvLayout, batch: number): KvTensor {
  const dims = [batch, layout.heads, 0, layout.headDim];
  return layout.dtype === 'float32' ? { type: 'float32', data: new Float32Array(0), dims } : { type: 'float16', data: new Uint16Array(0), dims };
}
