/**
 * The Hugging Face files every tiny BERT test model shares (config.json fields, the tokenizer
 * trio, the sentence-transformers module files), written once so the committed fixtures
 * (tiny-bert, tiny-cross-encoder) and the converter tests' checkpoints cannot diverge.
 * Byte layout matters: tests regenerate the committed fixtures and compare every byte.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BertConfig } from './bert-config.js';
import { specialTokensMapJson, tinyVocab, tokenizerConfigJson, tokenizerJson } from './tiny-tokenizer.js';

/** One file of a model directory: path relative to the directory, and its content. */
export type FixtureFile = [path: string, content: Uint8Array | string];

/** JSON as transformers writes it: two-space indent, trailing newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The architecture fields of a BERT config.json, in transformers' order; callers add the rest
 * (labels, dtype, dropout) after them.
 *
 * @example
 * jsonText({ ...bertConfigFields(tinyBertConfig(), 'BertModel'), torch_dtype: 'float32' });
 */
export function bertConfigFields(config: BertConfig, architecture: 'BertModel' | 'BertForSequenceClassification'): Record<string, unknown> {
  return {
    architectures: [architecture],
    model_type: 'bert',
    vocab_size: config.vocabSize,
    hidden_size: config.hiddenSize,
    num_hidden_layers: config.numHiddenLayers,
    num_attention_heads: config.numAttentionHeads,
    intermediate_size: config.intermediateSize,
    max_position_embeddings: config.maxPositionEmbeddings,
    type_vocab_size: config.typeVocabSize,
    layer_norm_eps: config.layerNormEps,
    hidden_act: config.hiddenAct,
    pad_token_id: config.padTokenId,
    position_embedding_type: 'absolute',
  };
}

/** id2label and label2id for config.json, from label names in class-id order. */
export function labelFields(labels: readonly string[]): { id2label: Record<string, string>; label2id: Record<string, number> } {
  return {
    id2label: Object.fromEntries(labels.map((l, i) => [String(i), l])),
    label2id: Object.fromEntries(labels.map((l, i) => [l, i])),
  };
}

/** tokenizer.json, tokenizer_config.json and special_tokens_map.json of the tiny WordPiece vocabulary. */
export function tinyTokenizerFiles(maxLength: number): FixtureFile[] {
  return [
    ['tokenizer.json', jsonText(tokenizerJson(tinyVocab()))],
    ['tokenizer_config.json', jsonText(tokenizerConfigJson(maxLength))],
    ['special_tokens_map.json', jsonText(specialTokensMapJson())],
  ];
}

/** modules.json, 1_Pooling/config.json (mean pooling) and sentence_bert_config.json. */
export function sentenceTransformerFiles(hiddenSize: number): FixtureFile[] {
  const modules = [
    { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
    { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
    { idx: 2, name: '2', path: '2_Normalize', type: 'sentence_transformers.models.Normalize' },
  ];
  const pooling = {
    word_embedding_dimension: hiddenSize,
    pooling_mode_cls_token: false,
    pooling_mode_mean_tokens: true,
    pooling_mode_max_tokens: false,
    pooling_mode_mean_sqrt_len_tokens: false,
  };
  return [
    ['modules.json', jsonText(modules)],
    ['1_Pooling/config.json', jsonText(pooling)],
    ['sentence_bert_config.json', jsonText({ max_seq_length: 128, do_lower_case: false })],
  ];
}

/** Writes `files` under `dir` (created as needed); returns their relative paths. */
export async function writeFixtureFiles(dir: string, files: readonly FixtureFile[]): Promise<string[]> {
  for (const [path, content] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return files.map(([path]) => path);
}
