/**
 * Reads a model directory in the Hugging Face / sentence-transformers ONNX layout
 * (see docs/models.md) into one typed description. Nothing here touches onnxruntime.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ModelError } from '../errors.js';
import { findModelFile, findTokenizerFile } from './model-files.js';
import { assertNotLfsPointer, readModelJson, readOptionalModelJson } from './read-json.js';

export type PoolingMode = 'mean' | 'cls' | 'max';
export const POOLING_MODES: readonly PoolingMode[] = ['mean', 'cls', 'max'];

export interface ModelDirectory {
  dir: string;
  /** Display name: resumator.json `name`, else the directory path. */
  name: string;
  config: Record<string, unknown>;
  modelFile: string;
  tokenizerFile: string;
  tokenizerConfig: Record<string, unknown>;
  pooling: PoolingMode;
  /** Whether modules.json declares a Normalize module (resumator always normalises anyway). */
  declaresNormalize: boolean;
  /** Tokens per text, special tokens included. */
  maxSeqLength: number;
  /** Hidden size from config.json (the pooled embedding width), when declared. */
  hiddenSize: number | undefined;
  /** Vocabulary size of the embedding table, when declared. */
  vocabSize: number | undefined;
  matryoshkaDims: readonly number[];
  /** resumator.json `default_dim`: the --dim used when none is given. */
  defaultDim: number | undefined;
}

/**
 * Loads and validates a model directory.
 *
 * @example
 * const model = await loadModelDirectory('fixtures/models/tiny-bert');
 * model.maxSeqLength; // 128, from sentence_bert_config.json
 */
export async function loadModelDirectory(dir: string): Promise<ModelDirectory> {
  const stats = await stat(dir).catch(() => undefined);
  if (stats === undefined || !stats.isDirectory()) {
    throw new ModelError('model directory not found (expected config.json, tokenizer.json and model.onnx or onnx/model.onnx inside)', dir);
  }
  const file = (name: string): string => path.join(dir, name);
  const config = await readModelJson(file('config.json'));
  const tokenizerFile = await findTokenizerFile(dir);
  const modelFile = await findModelFile(dir);
  const tokenizerConfig = (await readOptionalModelJson(file('tokenizer_config.json'))) ?? {};
  const modules = await readModules(file('modules.json'));
  const poolingDir = modules.find((m) => m.type.endsWith('.Pooling'))?.path ?? '1_Pooling';
  const poolingFile = path.join(dir, poolingDir, 'config.json');
  const pooling = parsePooling(await readOptionalModelJson(poolingFile), poolingFile);
  const stConfig = await readOptionalModelJson(file('sentence_bert_config.json'));
  const manifest = (await readOptionalModelJson(file('resumator.json'))) ?? {};
  const hiddenSize = optionalInt(config, 'hidden_size', file('config.json'));
  const matryoshkaDims = intList(manifest, 'matryoshka_dims', file('resumator.json'));
  const defaultDim = optionalInt(manifest, 'default_dim', file('resumator.json'));
  if (defaultDim !== undefined && hiddenSize !== undefined && defaultDim > hiddenSize) {
    throw new ModelError(`default_dim ${defaultDim} exceeds the model's hidden_size ${hiddenSize}`, file('resumator.json'));
  }
  return {
    dir,
    name: typeof manifest['name'] === 'string' ? manifest['name'] : dir,
    config,
    modelFile,
    tokenizerFile,
    tokenizerConfig,
    pooling,
    declaresNormalize: modules.some((m) => m.type.endsWith('.Normalize')),
    maxSeqLength: resolveMaxSeqLength(stConfig, tokenizerConfig, config, dir),
    hiddenSize,
    vocabSize: optionalInt(config, 'vocab_size', file('config.json')),
    matryoshkaDims,
    defaultDim,
  };
}

interface ModuleEntry {
  type: string;
  path: string;
}

async function readModules(file: string): Promise<ModuleEntry[]> {
  await assertNotLfsPointer(file);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ModelError(`invalid JSON: ${(err as Error).message}`, file);
  }
  if (!Array.isArray(raw)) throw new ModelError('expected a JSON array of modules', file);
  return raw.map((m: unknown) => {
    const entry = (m ?? {}) as Record<string, unknown>;
    return { type: String(entry['type'] ?? ''), path: String(entry['path'] ?? '') };
  });
}

/** sentence-transformers pooling config -> one mode; absent config means mean pooling. */
function parsePooling(json: Record<string, unknown> | undefined, file: string): PoolingMode {
  if (json === undefined) return 'mean';
  const enabled: PoolingMode[] = [];
  if (json['pooling_mode_mean_tokens'] === true) enabled.push('mean');
  if (json['pooling_mode_cls_token'] === true) enabled.push('cls');
  if (json['pooling_mode_max_tokens'] === true) enabled.push('max');
  const unsupported = Object.keys(json).filter(
    (k) => k.startsWith('pooling_mode_') && json[k] === true && !['pooling_mode_mean_tokens', 'pooling_mode_cls_token', 'pooling_mode_max_tokens'].includes(k),
  );
  if (unsupported.length > 0) {
    throw new ModelError(`unsupported pooling ${unsupported.join(', ')}; supported: ${POOLING_MODES.join(', ')}`, file);
  }
  if (enabled.length !== 1) {
    throw new ModelError(`exactly one pooling mode must be enabled (found ${enabled.length}); supported: ${POOLING_MODES.join(', ')}`, file);
  }
  return enabled[0] as PoolingMode;
}

/**
 * max_seq_length comes from sentence_bert_config.json as sentence-transformers does; tokenizer.json's
 * own truncation block (often 128) is deliberately ignored. Fallbacks: tokenizer_config
 * model_max_length when sane, else config max_position_embeddings (less the offset RoBERTa-style
 * models reserve), else 512.
 */
function resolveMaxSeqLength(
  stConfig: Record<string, unknown> | undefined,
  tokenizerConfig: Record<string, unknown>,
  config: Record<string, unknown>,
  dir: string,
): number {
  const declared = stConfig?.['max_seq_length'];
  if (declared !== undefined) {
    if (typeof declared !== 'number' || !Number.isInteger(declared) || declared < 2) {
      throw new ModelError('max_seq_length must be an integer >= 2', path.join(dir, 'sentence_bert_config.json'));
    }
    return declared;
  }
  const modelMax = tokenizerConfig['model_max_length'];
  if (typeof modelMax === 'number' && Number.isInteger(modelMax) && modelMax >= 2 && modelMax <= 100_000) return modelMax;
  const positions = config['max_position_embeddings'];
  if (typeof positions === 'number' && Number.isInteger(positions)) {
    const offset = config['model_type'] === 'mpnet' || config['model_type'] === 'roberta' || config['model_type'] === 'xlm-roberta' ? 2 : 0;
    return positions - offset;
  }
  return 512;
}

function optionalInt(json: Record<string, unknown>, key: string, file: string): number | undefined {
  const value = json[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ModelError(`'${key}' must be a positive integer, got ${JSON.stringify(value)}`, file);
  }
  return value;
}

function intList(json: Record<string, unknown>, key: string, file: string): number[] {
  const value = json[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isInteger(v) && v > 0)) {
    throw new ModelError(`'${key}' must be a list of positive integers`, file);
  }
  return value as number[];
}
