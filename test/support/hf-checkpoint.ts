/**
 * Writes tiny checkpoints in the exact Hugging Face / sentence-transformers layout (HF tensor
 * names, config.json, tokenizer files, safetensors single or sharded) for the converter tests.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BertConfig } from '../../src/architectures/bert/bert-config.js';
import { randomBertClassifierWeights, randomBertWeights } from './fixtures/random-weights.js';
import { bertConfigFields, jsonText, labelFields, sentenceTransformerFiles, tinyTokenizerFiles, writeFixtureFiles } from './fixtures/fixture-files.js';
import { tinyBertConfig } from './fixtures/tiny-fixture.js';
import type { WeightStore } from '../../src/onnx/weights.js';
import { storedValue, writeSafetensors, type WriterDtype, type WriterTensor } from './safetensors-writer.js';

export interface TinyCheckpointOptions {
  /** BertModel (sentence-transformers layout) or BertForSequenceClassification with numLabels. */
  kind?: 'bert' | 'classifier';
  numLabels?: number;
  dtype?: Exclude<WriterDtype, 'I64'>;
  /** Split the tensors over this many shards with model.safetensors.index.json (default 1: one file). */
  shards?: number;
  seed?: number;
  config?: BertConfig;
  /** Add the int64 `embeddings.position_ids` buffer older checkpoints carry (default true). */
  positionIds?: boolean;
  /** Tensor names to leave out of the file (to test missing-tensor errors). */
  omit?: readonly string[];
}

export interface TinyCheckpoint {
  dir: string;
  config: BertConfig;
  /** The weights exactly as stored (after fp16/bf16 rounding): what the reference must use. */
  weights: WeightStore;
}

/** The HF config.json of a BERT checkpoint, with the fields transformers adds beyond the shape. */
export function bertConfigJson(config: BertConfig, kind: 'bert' | 'classifier', numLabels = 1): Record<string, unknown> {
  return {
    ...bertConfigFields(config, kind === 'bert' ? 'BertModel' : 'BertForSequenceClassification'),
    attention_probs_dropout_prob: 0.1,
    hidden_dropout_prob: 0.1,
    initializer_range: 0.02,
    torch_dtype: 'float32',
    transformers_version: '4.41.0',
    ...(kind === 'classifier' ? labelFields(Array.from({ length: numLabels }, (_, i) => `LABEL_${i}`)) : {}),
  };
}

/**
 * Writes a checkpoint into `dir` (created). BertModel checkpoints get the tiny fixture's
 * tokenizer and sentence-transformers files; classifiers get the tokenizer files only.
 *
 * @example
 * const { weights } = await writeTinyCheckpoint(dir, { kind: 'classifier', numLabels: 3, dtype: 'F16' });
 */
export async function writeTinyCheckpoint(dir: string, options: TinyCheckpointOptions = {}): Promise<TinyCheckpoint> {
  const config = options.config ?? tinyBertConfig();
  const kind = options.kind ?? 'bert';
  const dtype = options.dtype ?? 'F32';
  const seed = options.seed ?? 11;
  const source = kind === 'bert' ? randomBertWeights(config, seed) : randomBertClassifierWeights(config, options.numLabels ?? 1, seed);
  const kept = new Map([...source].filter(([name]) => options.omit?.includes(name) !== true));
  const { tensors, stored: weights } = toWriterTensors(kept, dtype);
  if (options.positionIds !== false) {
    const prefix = kind === 'bert' ? '' : 'bert.';
    const ids = Array.from({ length: config.maxPositionEmbeddings }, (_, i) => i);
    tensors.splice(1, 0, { name: `${prefix}embeddings.position_ids`, dtype: 'I64', shape: [1, ids.length], values: ids });
  }
  await writeCheckpointFiles(dir, tensors, bertConfigJson(config, kind, options.numLabels ?? 1), { shards: options.shards ?? 1, sentenceTransformers: kind === 'bert' });
  return { dir, config, weights };
}

/**
 * Writes `tensors` (single file or shards), config.json, and the tiny fixture's tokenizer files;
 * with `sentenceTransformers`, also its modules.json, pooling and sentence_bert_config.json.
 */
export async function writeCheckpointFiles(
  dir: string,
  tensors: WriterTensor[],
  configJson: Record<string, unknown>,
  options: { shards: number; sentenceTransformers: boolean },
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeWeights(dir, tensors, options.shards);
  // The tiny fixture's tokenizer and (hidden 32) module files, whatever the checkpoint's shape.
  const tiny = tinyBertConfig();
  const files = [...tinyTokenizerFiles(tiny.maxPositionEmbeddings), ...(options.sentenceTransformers ? sentenceTransformerFiles(tiny.hiddenSize) : [])];
  await writeFixtureFiles(dir, [...files, ['config.json', jsonText(configJson)]]);
}

/** Each tensor as the writer takes it, and the values the file will hold (after rounding). */
export function toWriterTensors(source: WeightStore, dtype: Exclude<WriterDtype, 'I64'>): { tensors: WriterTensor[]; stored: WeightStore } {
  const tensors: WriterTensor[] = [];
  const stored: WeightStore = new Map();
  for (const [name, t] of source) {
    tensors.push({ name, dtype, shape: t.dims, values: t.data });
    stored.set(name, { dims: t.dims, data: Float32Array.from(t.data, (v) => storedValue(v, dtype)) });
  }
  return { tensors, stored };
}

/** Writes `tensors` as model.safetensors, or as `shards` files with model.safetensors.index.json. */
export async function writeWeights(dir: string, tensors: WriterTensor[], shards: number): Promise<void> {
  if (shards <= 1) {
    await writeSafetensors(path.join(dir, 'model.safetensors'), tensors, { format: 'pt' });
    return;
  }
  const per = Math.ceil(tensors.length / shards);
  const weightMap: Record<string, string> = {};
  for (let s = 0; s < shards; s++) {
    const file = `model-${String(s + 1).padStart(5, '0')}-of-${String(shards).padStart(5, '0')}.safetensors`;
    const part = tensors.slice(s * per, (s + 1) * per);
    for (const t of part) weightMap[t.name] = file;
    await writeSafetensors(path.join(dir, file), part, { format: 'pt' });
  }
  await writeFile(path.join(dir, 'model.safetensors.index.json'), jsonText({ metadata: { total_size: 0 }, weight_map: weightMap }));
}
