/**
 * What kind of model a directory holds: an encoder (sentence embeddings, cross-encoder scores)
 * or a causal LM. Decides which loader, agreement check and description apply to it.
 */
import path from 'node:path';
import { ModelError } from '../errors.js';
import { readOptionalModelJson } from './read-json.js';

export type ModelTask = 'encoder' | 'causal-lm';

/** transformers' class names of causal LMs: LlamaForCausalLM, Qwen2ForCausalLM, GPT2LMHeadModel... */
const CAUSAL_LM_CLASS = /(ForCausalLM|LMHeadModel)$/;

/**
 * resumator.json `task` when it is there (models convert writes `causal-lm` for decoders and
 * nothing for encoders), else `causal-lm` when config.json declares only causal-LM classes.
 *
 * @throws ModelError for a `task` resumator does not know.
 * @example await modelTask('models/qwen2.5-0.5b-instruct'); // 'causal-lm'
 */
export async function modelTask(dir: string): Promise<ModelTask> {
  const manifestFile = path.join(dir, 'resumator.json');
  const task = ((await readOptionalModelJson(manifestFile)) ?? {})['task'];
  if (task === 'causal-lm') return 'causal-lm';
  if (task !== undefined) throw new ModelError(`unknown task ${JSON.stringify(task)} (known: causal-lm, or none for an encoder)`, manifestFile);
  const config = (await readOptionalModelJson(path.join(dir, 'config.json'))) ?? {};
  const declared = Array.isArray(config['architectures']) ? config['architectures'].map(String) : [];
  return declared.length > 0 && declared.every((a) => CAUSAL_LM_CLASS.test(a)) ? 'causal-lm' : 'encoder';
}
