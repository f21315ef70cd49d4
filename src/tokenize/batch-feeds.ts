/** A padded batch as the int64 feeds a transformer graph takes, for the inputs it declares. */
import { ModelError } from '../errors.js';
import type { FeedTensor } from '../runtime/session.js';
import type { PaddedBatch } from './batch.js';

/**
 * Feeds for exactly `inputNames` (a graph may omit token_type_ids, as MPNet and RoBERTa do).
 * An input this pipeline cannot fill is a ModelError naming `modelFile`.
 *
 * @example
 * await session.run(batchFeeds(padBatch(ids, padId), session.inputNames, model.modelFile));
 */
export function batchFeeds(batch: PaddedBatch, inputNames: readonly string[], modelFile: string): Record<string, FeedTensor> {
  const dims = [batch.batchSize, batch.seqLength];
  const all: Record<string, FeedTensor> = {
    input_ids: { type: 'int64', data: batch.inputIds, dims },
    attention_mask: { type: 'int64', data: batch.attentionMask, dims },
    token_type_ids: { type: 'int64', data: batch.tokenTypeIds, dims },
  };
  const feeds: Record<string, FeedTensor> = {};
  for (const name of inputNames) {
    const feed = all[name];
    if (feed === undefined) throw new ModelError(`unexpected model input '${name}' (resumator feeds input_ids, attention_mask and token_type_ids)`, modelFile);
    feeds[name] = feed;
  }
  return feeds;
}
