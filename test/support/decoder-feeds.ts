/**
 * Feeds for running a decoder graph directly (without src/generate), and comparisons of its
 * logits with the float64 reference, for the graph-level tests.
 */
import type { DecoderConfig } from '../../src/architectures/decoder/config.js';
import type { FeedTensor } from '../../src/runtime/session.js';
import { defaultPositions } from './reference-decoder.js';

/** A left-padded batch: pad id 0 and mask 0 before each row's tokens. */
export function leftPad(rows: number[][]): { ids: number[][]; mask: number[][] } {
  const width = Math.max(...rows.map((r) => r.length));
  return {
    ids: rows.map((r) => [...Array<number>(width - r.length).fill(0), ...r]),
    mask: rows.map((r) => [...Array<number>(width - r.length).fill(0), ...r.map(() => 1)]),
  };
}

/** Every input of a prefill with an empty cache; `keep` is num_logits_to_keep. */
export function prefillFeeds(config: DecoderConfig, ids: number[][], mask: number[][], keep: number): Record<string, FeedTensor> {
  const batch = ids.length;
  const seq = ids[0]?.length ?? 0;
  const int64 = (rows: number[][]): FeedTensor => ({ type: 'int64', data: BigInt64Array.from(rows.flat(), (v) => BigInt(v)), dims: [batch, seq] });
  const feeds: Record<string, FeedTensor> = {
    input_ids: int64(ids),
    attention_mask: int64(mask),
    position_ids: int64(mask.map(defaultPositions)),
    num_logits_to_keep: { type: 'int64', data: BigInt64Array.of(BigInt(keep)), dims: [] },
  };
  for (let i = 0; i < config.numHiddenLayers; i++) {
    for (const kind of ['key', 'value']) {
      feeds[`past_key_values.${i}.${kind}`] = { type: 'float32', data: new Float32Array(0), dims: [batch, config.numKeyValueHeads, 0, config.headDim] };
    }
  }
  return feeds;
}

/**
 * Largest |graph - reference| over the real (mask 1) positions. `logits` is [batch, kept, vocab]
 * holding the last `kept` positions of each row.
 */
export function maxLogitDiff(logits: { data: Float32Array; dims: readonly number[] }, reference: Float64Array[][], mask: number[][]): number {
  const [batch, kept, vocab] = logits.dims as [number, number, number];
  let max = 0;
  for (let b = 0; b < batch; b++) {
    const row = reference[b] as Float64Array[];
    for (let k = 0; k < kept; k++) {
      const t = row.length - kept + k;
      if (mask[b]?.[t] !== 1) continue;
      const expected = row[t] as Float64Array;
      for (let v = 0; v < vocab; v++) max = Math.max(max, Math.abs((logits.data[(b * kept + k) * vocab + v] as number) - (expected[v] as number)));
    }
  }
  return max;
}
