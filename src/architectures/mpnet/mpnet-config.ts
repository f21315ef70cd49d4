/**
 * The subset of a Hugging Face MPNet config.json (model_type 'mpnet': all-mpnet-base-v2,
 * Resumator v2) that decides the encoder graph, and the checkpoint's tensor names and shapes.
 */
import { ModelError } from '../../errors.js';
import { parseBertConfig } from '../bert/bert-config.js';
import type { BertConfig } from '../bert/bert-config.js';

/**
 * Buckets that MPNetEncoder's relative_position_bucket produces: upstream calls it with its
 * default num_buckets=32 whatever config.json says, so only rows 0..31 of the bias table are read.
 */
export const MPNET_RELATIVE_BUCKETS = 32;

/** MPNetEmbeddings hard-codes padding_idx = 1 (not config.pad_token_id) for its position ids. */
export const MPNET_PADDING_IDX = 1;

/**
 * BERT's shape without token types; `padTokenId` is what the tokenizer pads with (the graph's
 * position ids use MPNET_PADDING_IDX, as upstream).
 */
export interface MpnetConfig extends Omit<BertConfig, 'typeVocabSize'> {
  /** Rows of `encoder.relative_attention_bias.weight`. */
  relativeAttentionNumBuckets: number;
}

/**
 * Validates a parsed MPNet config.json. Defaults are transformers' MPNetConfig ones:
 * layer_norm_eps 1e-12 (real checkpoints declare 1e-5), hidden_act 'gelu', pad_token_id 1,
 * relative_attention_num_buckets 32. `file` is only used in error messages.
 *
 * @example
 * const config = parseMpnetConfig(JSON.parse(readFileSync(path, 'utf8')), path);
 */
export function parseMpnetConfig(json: unknown, file: string): MpnetConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelError('config must be a JSON object', file);
  }
  const raw = json as Record<string, unknown>;
  // The shape fields and their checks are BERT's; MPNet has no token types.
  const { typeVocabSize: _none, ...base } = parseBertConfig({ pad_token_id: MPNET_PADDING_IDX, ...raw, type_vocab_size: 1 }, file);
  const buckets = raw['relative_attention_num_buckets'] ?? MPNET_RELATIVE_BUCKETS;
  if (typeof buckets !== 'number' || !Number.isInteger(buckets) || buckets < MPNET_RELATIVE_BUCKETS) {
    // Fewer rows than upstream's 32 buckets would make the bias lookup read past the table.
    throw new ModelError(
      `field 'relative_attention_num_buckets' must be an integer >= ${MPNET_RELATIVE_BUCKETS}, got ${JSON.stringify(raw['relative_attention_num_buckets'])}`,
      file,
    );
  }
  if (base.maxPositionEmbeddings < MPNET_PADDING_IDX + 2) {
    throw new ModelError(`field 'max_position_embeddings' must be at least ${MPNET_PADDING_IDX + 2}, got ${base.maxPositionEmbeddings}`, file);
  }
  return { ...base, relativeAttentionNumBuckets: buckets };
}

/**
 * Every tensor MPNetModel needs, with its shape, in checkpoint order, named as in
 * modeling_mpnet.py (attention projections `attention.attn.{q,k,v,o}`, the attention LayerNorm
 * at `attention.LayerNorm`, one `encoder.relative_attention_bias` [buckets, heads] shared by
 * all layers).
 */
export function mpnetTensorShapes(config: MpnetConfig): Array<[name: string, dims: number[]]> {
  const h = config.hiddenSize;
  const shapes: Array<[string, number[]]> = [
    ['embeddings.word_embeddings.weight', [config.vocabSize, h]],
    ['embeddings.position_embeddings.weight', [config.maxPositionEmbeddings, h]],
    ['embeddings.LayerNorm.weight', [h]],
    ['embeddings.LayerNorm.bias', [h]],
  ];
  for (let i = 0; i < config.numHiddenLayers; i++) {
    const p = `encoder.layer.${i}`;
    for (const proj of ['q', 'k', 'v', 'o']) {
      shapes.push([`${p}.attention.attn.${proj}.weight`, [h, h]], [`${p}.attention.attn.${proj}.bias`, [h]]);
    }
    shapes.push(
      [`${p}.attention.LayerNorm.weight`, [h]],
      [`${p}.attention.LayerNorm.bias`, [h]],
      [`${p}.intermediate.dense.weight`, [config.intermediateSize, h]],
      [`${p}.intermediate.dense.bias`, [config.intermediateSize]],
      [`${p}.output.dense.weight`, [h, config.intermediateSize]],
      [`${p}.output.dense.bias`, [h]],
      [`${p}.output.LayerNorm.weight`, [h]],
      [`${p}.output.LayerNorm.bias`, [h]],
    );
  }
  shapes.push(
    ['encoder.relative_attention_bias.weight', [config.relativeAttentionNumBuckets, config.numAttentionHeads]],
    ['pooler.dense.weight', [h, h]],
    ['pooler.dense.bias', [h]],
  );
  return shapes;
}
