/**
 * One decoder step on onnxruntime (through ModelSession): feeds built from a KV cache and new
 * tokens, logits and the grown cache back. Reads the graph's own inputs, so it runs resumator's
 * graphs and the transformers.js / optimum / onnxruntime-genai exports of other tools alike:
 * optional position_ids, attention_mask, num_logits_to_keep and use_cache_branch inputs,
 * float32 or float16 caches, and full [batch, seq, vocab] logits when the graph cannot keep fewer.
 */
import { ATTENTION_MASK, INPUT_IDS, LOGITS, NUM_LOGITS_TO_KEEP, POSITION_IDS } from '../architectures/decoder/io-names.js';
import { ModelError } from '../errors.js';
import { decodeFloat16 } from '../onnx/float16.js';
import { ModelSession, type FeedTensor, type ValueInfo } from '../runtime/session.js';
import { KvCache, type KvLayout, type KvTensor } from './kv-cache.js';

const USE_CACHE_BRANCH = 'use_cache_branch';
const PAST = /^past_key_values\.(\d+)\.(key|value)$/;
const OPTIONAL_INPUTS = [ATTENTION_MASK, POSITION_IDS, NUM_LOGITS_TO_KEEP, USE_CACHE_BRANCH];

export interface StepResult {
  cache: KvCache;
  /** [batch * kept * vocab]: the last `kept` positions of every row. */
  logits: Float32Array;
  kept: number;
  vocabSize: number;
}

export class DecoderRunner {
  private constructor(
    private readonly session: ModelSession,
    readonly layout: KvLayout,
    private readonly inputs: ReadonlySet<string>,
  ) {}

  /**
   * Opens the graph and reads its cache layout; `config` (config.json) supplies head counts a
   * graph leaves symbolic.
   */
  static async create(modelFile: string, config: Record<string, unknown>, options: { threads?: number } = {}): Promise<DecoderRunner> {
    const session = await ModelSession.create(modelFile, options.threads === undefined ? {} : { threads: options.threads });
    try {
      return new DecoderRunner(session, cacheLayout(session, config, modelFile), new Set(session.inputNames));
    } catch (err) {
      await session.dispose();
      throw err;
    }
  }

  /** Whether the graph computes only the logits asked for (resumator's graphs do). */
  get keepsLogits(): boolean {
    return this.inputs.has(NUM_LOGITS_TO_KEEP);
  }

  /**
   * Feeds `rows` (new tokens per row, left-padded here to the longest) on top of `cache` and
   * returns the logits of the last `keep` positions (1 <= keep <= longest row).
   */
  async step(cache: KvCache, rows: readonly (readonly number[])[], keep: number, padId: number): Promise<StepResult> {
    const batch = cache.batch;
    const steps = Math.max(0, ...rows.map((r) => r.length));
    if (rows.length !== batch) throw new RangeError(`${rows.length} rows for a cache of batch ${batch}`);
    if (rows.some((r) => r.length === 0)) throw new RangeError('every row of a step needs at least one new token');
    if (keep < 1 || keep > steps) throw new RangeError(`cannot keep ${keep} logits of a ${steps}-token step`);
    const ids = new BigInt64Array(batch * steps).fill(BigInt(padId));
    const stepMask = new Uint8Array(batch * steps);
    const positions = new BigInt64Array(batch * steps).fill(1n);
    rows.forEach((row, b) => {
      const start = b * steps + steps - row.length;
      row.forEach((id, i) => {
        ids[start + i] = BigInt(id);
        stepMask[start + i] = 1;
        positions[start + i] = BigInt(cache.tokenCount(b) + i);
      });
    });
    if (!this.inputs.has(ATTENTION_MASK) && (stepMask.includes(0) || cache.mask.includes(0))) {
      throw new ModelError('the graph has no attention_mask input, so it cannot run padded batches; run one sequence at a time', this.session.label);
    }
    const total = cache.length + steps;
    const mask = new BigInt64Array(batch * total);
    for (let b = 0; b < batch; b++) {
      cache.maskRow(b).forEach((m, j) => (mask[b * total + j] = BigInt(m)));
      for (let j = 0; j < steps; j++) mask[b * total + cache.length + j] = BigInt(stepMask[b * steps + j] as number);
    }
    const feeds: Record<string, FeedTensor> = { [INPUT_IDS]: { type: 'int64', data: ids, dims: [batch, steps] } };
    if (this.inputs.has(ATTENTION_MASK)) feeds[ATTENTION_MASK] = { type: 'int64', data: mask, dims: [batch, total] };
    if (this.inputs.has(POSITION_IDS)) feeds[POSITION_IDS] = { type: 'int64', data: positions, dims: [batch, steps] };
    if (this.inputs.has(NUM_LOGITS_TO_KEEP)) feeds[NUM_LOGITS_TO_KEEP] = { type: 'int64', data: BigInt64Array.of(BigInt(keep)), dims: [] };
    if (this.inputs.has(USE_CACHE_BRANCH)) feeds[USE_CACHE_BRANCH] = { type: 'bool', data: Uint8Array.of(cache.length > 0 ? 1 : 0), dims: [1] };
    for (const { past } of this.layout.entries) feeds[past] = cache.tensor(past);
    const out = await this.session.runTensors(feeds, [LOGITS, ...this.layout.entries.map((e) => e.present)]);
    const presents = new Map<string, KvTensor>();
    for (const { past, present } of this.layout.entries) presents.set(past, out[present] as KvTensor);
    const { logits, vocabSize } = lastLogits(out[LOGITS] as FeedTensor, batch, keep, this.session.label);
    return { cache: KvCache.afterStep(cache, presents, stepMask, steps), logits, kept: keep, vocabSize };
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }
}

/** logits [batch, positions, vocab] (float32 or float16) -> float32 of the last `keep` positions. */
function lastLogits(tensor: FeedTensor, batch: number, keep: number, label: string): { logits: Float32Array; vocabSize: number } {
  const [b, positions, vocabSize] = tensor.dims as [number, number, number];
  if (tensor.dims.length !== 3 || b !== batch || positions < keep) throw new ModelError(`logits have shape [${tensor.dims.join(', ')}], expected [${batch}, >= ${keep}, vocab]`, label);
  let all: Float32Array;
  if (tensor.type === 'float32') all = tensor.data;
  else if (tensor.type === 'float16') all = decodeFloat16(new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength), tensor.data.length);
  else throw new ModelError(`logits are ${tensor.type}, expected float32 or float16`, label);
  if (positions === keep) return { logits: all, vocabSize };
  const out = new Float32Array(batch * keep * vocabSize);
  for (let r = 0; r < batch; r++) out.set(all.subarray((r * positions + positions - keep) * vocabSize, (r * positions + positions) * vocabSize), r * keep * vocabSize);
  return { logits: out, vocabSize };
}

function cacheLayout(session: ModelSession, config: Record<string, unknown>, label: string): KvLayout {
  const unknown = session.inputNames.filter((n) => n !== INPUT_IDS && !OPTIONAL_INPUTS.includes(n) && !PAST.test(n));
  if (!session.inputNames.includes(INPUT_IDS) || !session.outputNames.includes(LOGITS) || unknown.length > 0) {
    throw new ModelError(
      `not a causal-LM graph resumator can run: inputs [${session.inputNames.join(', ')}], outputs [${session.outputNames.join(', ')}]; expected ${INPUT_IDS}, optional ${OPTIONAL_INPUTS.join(', ')}, past_key_values.N.key/value and outputs ${LOGITS}, present.N.key/value`,
      label,
    );
  }
  const pasts = session.inputs.filter((i) => PAST.test(i.name)).sort((a, b) => order(a.name) - order(b.name));
  if (pasts.length === 0) throw new ModelError('the graph has no past_key_values inputs (a decoder without a KV cache is not supported)', label);
  const entries = pasts.map((p) => ({ past: p.name, present: p.name.replace('past_key_values', 'present') }));
  const missing = entries.filter((e) => !session.outputNames.includes(e.present)).map((e) => e.present);
  if (missing.length > 0) throw new ModelError(`the graph has no output ${missing.join(', ')} for its past inputs`, label);
  const first = pasts[0] as ValueInfo;
  if (first.type !== 'float32' && first.type !== 'float16') throw new ModelError(`KV cache inputs are ${first.type}; supported: float32, float16`, label);
  const fromConfig = (key: string): number | undefined => (typeof config[key] === 'number' ? (config[key] as number) : undefined);
  const hidden = fromConfig('hidden_size');
  const heads = typeof first.shape[1] === 'number' ? first.shape[1] : fromConfig('num_key_value_heads') ?? fromConfig('num_attention_heads');
  const headDim = typeof first.shape[3] === 'number' ? first.shape[3] : fromConfig('head_dim') ?? (hidden !== undefined ? hidden / (fromConfig('num_attention_heads') ?? 1) : undefined);
  if (heads === undefined || headDim === undefined) throw new ModelError('cannot tell the KV cache shape: the graph leaves it symbolic and config.json has no head counts', label);
  return { entries, heads, headDim, dtype: first.type };
}

/** Layer-major, key before value. */
function order(name: string): number {
  const [, layer, kind] = PAST.exec(name) as RegExpExecArray;
  return Number(layer) * 2 + (kind === 'value' ? 1 : 0);
}
