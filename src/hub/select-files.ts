/**
 * Which of a repo's files a pull downloads. Repos carry weights for several frameworks
 * (pytorch_model.bin, tf_model.h5, flax, rust, openvino) and ONNX variants (O1-O4, quantized);
 * resumator needs one ONNX graph, or the safetensors weights to convert, plus the small files
 * that describe the tokenizer and the sentence-transformers pipeline.
 */
import { ModelError } from '../errors.js';
import type { HubFile, RepoInfo } from './hub-client.js';

export interface FilePlan {
  /** Files to download, small ones first so a missing tokenizer fails before a big transfer. */
  files: HubFile[];
  /** True when no ONNX graph is published and the safetensors must be converted. */
  needsConversion: boolean;
}

/** Largest README/LICENSE worth keeping beside the model. */
export const MAX_DOC_BYTES = 1024 * 1024;

const METADATA_FILES = new Set([
  'config.json',
  // Causal LMs: eos ids / stop strings, and the chat template when not in tokenizer_config.json.
  'generation_config.json',
  'chat_template.jinja',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'added_tokens.json',
  'modules.json',
  'sentence_bert_config.json',
  'config_sentence_transformers.json',
  'resumator.json',
  // Vocabulary files some tokenizer configs refer to beside tokenizer.json.
  'vocab.txt',
  'vocab.json',
  'merges.txt',
  'spiece.model',
  'sentencepiece.bpe.model',
  'tokenizer.model',
]);
const DOC_FILES = new Set(['README.md', 'LICENSE', 'LICENSE.md', 'LICENSE.txt']);
/** sentence-transformers module configs: 1_Pooling/config.json, 2_Dense/config.json, ... */
const MODULE_CONFIG = /^\d+_[A-Za-z]+\/config\.json$/;
const ONNX_GRAPHS = ['onnx/model.onnx', 'model.onnx'];
const SHARD = /^model-\d+-of-\d+\.safetensors$/;
export const SAFETENSORS_INDEX = 'model.safetensors.index.json';
const REQUIRED = ['config.json', 'tokenizer.json'];

/**
 * Chooses the files to download from a repo listing.
 *
 * @example
 * planFiles(info).files.map((f) => f.path); // ['config.json', 'tokenizer.json', ..., 'model.safetensors']
 * @throws ModelError naming the repo, revision and missing file when config.json, tokenizer.json
 *   or any usable weights are absent.
 */
export function planFiles(info: RepoInfo): FilePlan {
  const byPath = new Map(info.files.filter((f) => isSafePath(f.path)).map((f) => [f.path, f]));
  const where = `${info.repo}@${info.revision} (commit ${info.sha.slice(0, 7)})`;
  for (const name of REQUIRED) {
    if (!byPath.has(name)) throw new ModelError(`${name} is missing from ${where}: resumator needs it to load the model`);
  }
  const small = [...byPath.values()].filter(
    (f) => METADATA_FILES.has(f.path) || MODULE_CONFIG.test(f.path) || (DOC_FILES.has(f.path) && f.size >= 0 && f.size <= MAX_DOC_BYTES),
  );
  const graph = ONNX_GRAPHS.map((p) => byPath.get(p)).find((f) => f !== undefined);
  if (graph !== undefined) {
    // A graph over 2 GB keeps its weights in external data beside it.
    const external = [...byPath.values()].filter((f) => f.path.startsWith(`${graph.path}_data`) || f.path === `${graph.path}.data`);
    return { files: [...small, graph, ...external], needsConversion: false };
  }
  const single = byPath.get('model.safetensors');
  if (single !== undefined) return { files: [...small, single], needsConversion: true };
  const index = byPath.get(SAFETENSORS_INDEX);
  const shards = [...byPath.values()].filter((f) => SHARD.test(f.path)).sort((a, b) => a.path.localeCompare(b.path));
  if (index !== undefined && shards.length > 0) return { files: [...small, index, ...shards], needsConversion: true };
  const weights = [...byPath.keys()].filter((p) => /\.(bin|h5|msgpack|ot|onnx|safetensors)$/.test(p));
  throw new ModelError(
    `${where} has no usable weights: expected onnx/model.onnx, model.safetensors or ${SAFETENSORS_INDEX} with its shards` +
      (weights.length > 0 ? ` (found only ${weights.join(', ')}; other formats are not converted)` : ''),
  );
}

/** Repo paths become cache paths: nothing absolute, no `..`, no backslashes. */
function isSafePath(p: string): boolean {
  return p !== '' && !p.startsWith('/') && !p.includes('\\') && p.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}
