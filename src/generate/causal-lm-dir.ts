/**
 * Reads a causal-LM model directory: one converted by `resumator models convert` (resumator.json
 * `task: "causal-lm"`) or exported by others in the transformers.js / optimum layout
 * (onnx/model.onnx beside config.json). Nothing here touches onnxruntime.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { tokenIds } from '../architectures/decoder/config.js';
import { ModelError } from '../errors.js';
import { fileExists, findModelFile, findTokenizerFile } from '../model/model-files.js';
import { readModelJson, readOptionalModelJson } from '../model/read-json.js';

export interface GenerationDefaults {
  /** Token ids that end a generation: generation_config.json `eos_token_id`, else config.json's. */
  eosTokenIds: number[];
  /** generation_config.json `stop_strings` (a string or a list). */
  stopStrings: string[];
  /** generation_config.json `max_new_tokens`, when set. */
  maxNewTokens: number | undefined;
  padTokenId: number | undefined;
}

export interface CausalLmDirectory {
  dir: string;
  /** resumator.json `name`, else the directory path. */
  name: string;
  config: Record<string, unknown>;
  configFile: string;
  modelFile: string;
  tokenizerFile: string;
  tokenizerConfig: Record<string, unknown>;
  /** The Jinja chat template: tokenizer_config.json `chat_template` or chat_template.jinja. */
  chatTemplate: string | undefined;
  generation: GenerationDefaults;
}

/** transformers' class names of causal LMs: LlamaForCausalLM, Qwen2ForCausalLM, GPT2LMHeadModel... */
const CAUSAL_LM_CLASS = /(ForCausalLM|LMHeadModel)$/;

/**
 * Loads and checks a causal-LM directory. A directory whose resumator.json names another task,
 * or whose config.json declares only non-causal-LM classes (an encoder), is refused saying so.
 *
 * @example
 * const model = await loadCausalLmDirectory('models/qwen2.5-0.5b-instruct');
 * model.generation.eosTokenIds; // [151645, 151643]
 */
export async function loadCausalLmDirectory(dir: string): Promise<CausalLmDirectory> {
  const file = (name: string): string => path.join(dir, name);
  const configFile = file('config.json');
  const config = await readModelJson(configFile);
  const manifest = (await readOptionalModelJson(file('resumator.json'))) ?? {};
  const task = manifest['task'];
  if (task !== undefined && task !== 'causal-lm') throw new ModelError(`is a '${String(task)}' model, not a causal LM (task 'causal-lm')`, file('resumator.json'));
  const declared = Array.isArray(config['architectures']) ? config['architectures'].map(String) : [];
  if (declared.length > 0 && !declared.some((a) => CAUSAL_LM_CLASS.test(a))) {
    throw new ModelError(`declares architectures [${declared.join(', ')}], not a causal LM (*ForCausalLM)`, configFile);
  }
  const tokenizerFile = await findTokenizerFile(dir);
  const tokenizerConfig = (await readOptionalModelJson(file('tokenizer_config.json'))) ?? {};
  const generationFile = file('generation_config.json');
  const generationConfig = (await readOptionalModelJson(generationFile)) ?? {};
  return {
    dir,
    name: typeof manifest['name'] === 'string' ? manifest['name'] : dir,
    config,
    configFile,
    modelFile: await findModelFile(dir),
    tokenizerFile,
    tokenizerConfig,
    chatTemplate: await chatTemplate(tokenizerConfig, file('chat_template.jinja'), file('tokenizer_config.json')),
    generation: generationDefaults(generationConfig, generationFile, config, configFile),
  };
}

function generationDefaults(generation: Record<string, unknown>, generationFile: string, config: Record<string, unknown>, configFile: string): GenerationDefaults {
  const fromGeneration = tokenIds(generation['eos_token_id'], 'eos_token_id', generationFile);
  const eosTokenIds = fromGeneration.length > 0 ? fromGeneration : tokenIds(config['eos_token_id'], 'eos_token_id', configFile);
  const stops = generation['stop_strings'];
  const stopStrings = stops === undefined || stops === null ? [] : Array.isArray(stops) ? stops : [stops];
  if (!stopStrings.every((s): s is string => typeof s === 'string' && s !== '')) {
    throw new ModelError(`'stop_strings' must be a non-empty string or a list of them, got ${JSON.stringify(stops)}`, generationFile);
  }
  const max = generation['max_new_tokens'];
  if (max !== undefined && max !== null && (typeof max !== 'number' || !Number.isInteger(max) || max < 1)) {
    throw new ModelError(`'max_new_tokens' must be a positive integer, got ${JSON.stringify(max)}`, generationFile);
  }
  const [pad] = tokenIds(generation['pad_token_id'] ?? config['pad_token_id'], 'pad_token_id', generationFile);
  return { eosTokenIds, stopStrings, maxNewTokens: typeof max === 'number' ? max : undefined, padTokenId: pad };
}

/** transformers accepts a template string, or a list of named templates of which 'default' is used. */
async function chatTemplate(tokenizerConfig: Record<string, unknown>, jinjaFile: string, configFile: string): Promise<string | undefined> {
  const value = tokenizerConfig['chat_template'];
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const named = value.find((t: unknown) => (t as { name?: unknown } | null)?.name === 'default') as { template?: unknown } | undefined;
    if (typeof named?.template === 'string') return named.template;
    throw new ModelError("'chat_template' is a list without a 'default' template", configFile);
  }
  if (await fileExists(jinjaFile)) return readFile(jinjaFile, 'utf8');
  return undefined;
}

