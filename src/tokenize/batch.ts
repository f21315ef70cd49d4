/** Pads a batch of token id sequences to its longest member (never to a fixed length). */

export interface PaddedBatch {
  batchSize: number;
  seqLength: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  /** Segment of each token: all zeros for single texts, 0/1 for pairs (padPairBatch). */
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

/**
 * Pads encoded text pairs to the longest pair in the batch (never to a fixed length), keeping
 * each token's segment in tokenTypeIds; padding gets type 0 and mask 0.
 *
 * @example
 * padPairBatch([{ ids: [2, 7, 3, 8, 3], typeIds: [0, 0, 0, 1, 1] }], 0).tokenTypeIds; // [0n, 0n, 0n, 1n, 1n]
 */
export function padPairBatch(pairs: ReadonlyArray<{ ids: readonly number[]; typeIds: readonly number[] }>, padId: number): PaddedBatch {
  const batch = padBatch(
    pairs.map((p) => p.ids),
    padId,
  );
  pairs.forEach((pair, row) => {
    const offset = row * batch.seqLength;
    for (let i = 0; i < pair.typeIds.length; i++) batch.tokenTypeIds[offset + i] = BigInt(pair.typeIds[i] as number);
  });
  return batch;
}
