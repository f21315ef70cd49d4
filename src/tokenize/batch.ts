/** Pads a batch of token id sequences to its longest member (never to a fixed length). */

export interface PaddedBatch {
  batchSize: number;
  seqLength: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  /** All zeros: single-sequence inputs have one segment. */
  tokenTypeIds: BigInt64Array;
}

/**
 * @example
 * padBatch([[2, 7, 3], [2, 3]], 0).inputIds; // [2n, 7n, 3n, 2n, 3n, 0n]
 */
export function padBatch(sequences: readonly (readonly number[])[], padId: number): PaddedBatch {
  const batchSize = sequences.length;
  let seqLength = 0;
  for (const s of sequences) seqLength = Math.max(seqLength, s.length);
  const inputIds = new BigInt64Array(batchSize * seqLength).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(batchSize * seqLength);
  sequences.forEach((ids, row) => {
    const offset = row * seqLength;
    for (let i = 0; i < ids.length; i++) {
      inputIds[offset + i] = BigInt(ids[i] as number);
      attentionMask[offset + i] = 1n;
    }
  });
  return { batchSize, seqLength, inputIds, attentionMask, tokenTypeIds: new BigInt64Array(batchSize * seqLength) };
}
