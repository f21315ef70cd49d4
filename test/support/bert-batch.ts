/** Helpers shared by the BERT graph tests: padded batches, session feeds, masked comparisons. */
import type { FeedTensor } from '../../src/runtime/session.js';
import type { ReferenceBatch } from './reference-bert.js';

/** Right-pads token id rows with `padId` into a rectangular batch (type ids 0 unless given). */
export function padBatch(rows: number[][], padId = 0, typeRows?: number[][]): ReferenceBatch {
  const len = Math.max(...rows.map((r) => r.length));
  const pad = (r: number[], fill: number): number[] => [...r, ...Array<number>(len - r.length).fill(fill)];
  return {
    inputIds: rows.map((r) => pad(r, padId)),
    attentionMask: rows.map((r) => pad(r.map(() => 1), 0)),
    tokenTypeIds: rows.map((r, i) => pad(typeRows?.[i] ?? r.map(() => 0), 0)),
  };
}

/** The batch as int64 feeds named like the BERT graph inputs; `names` keeps only those inputs. */
export function toFeeds(batch: ReferenceBatch, names?: readonly string[]): Record<string, FeedTensor> {
  const tensor = (rows: number[][]): FeedTensor => ({
    type: 'int64',
    data: BigInt64Array.from(rows.flat(), (v) => BigInt(v)),
    dims: [rows.length, rows[0]?.length ?? 0],
  });
  const all: Record<string, FeedTensor> = {
    input_ids: tensor(batch.inputIds),
    attention_mask: tensor(batch.attentionMask),
    token_type_ids: tensor(batch.tokenTypeIds),
  };
  return names === undefined ? all : Object.fromEntries(names.map((n) => [n, all[n] as FeedTensor]));
}

/** Largest |a - b| over the hidden vectors of real (mask 1) positions; also counts them. */
export function maxDiffOnRealTokens(a: Float32Array, b: Float32Array, mask: number[][], hidden: number): { maxDiff: number; compared: number } {
  let maxDiff = 0;
  let compared = 0;
  const len = mask[0]?.length ?? 0;
  mask.forEach((row, bIdx) => {
    row.forEach((m, t) => {
      if (m !== 1) return;
      for (let j = 0; j < hidden; j++) {
        const i = (bIdx * len + t) * hidden + j;
        maxDiff = Math.max(maxDiff, Math.abs((a[i] as number) - (b[i] as number)));
        compared++;
      }
    });
  });
  return { maxDiff, compared };
}
