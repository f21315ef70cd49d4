/**
 * Builds (once, then reuses) a model directory with a real model's config and tokenizer from
 * ../shared/models and deterministic random weights, for speed measurements only.
 */
import { access, copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { buildBertEncoderGraph } from '../src/onnx/bert-graph.js';
import { parseBertConfig } from '../src/onnx/bert-config.js';
import { randomBertWeights } from '../src/onnx/random-weights.js';

const COPIED = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'modules.json', 'sentence_bert_config.json', path.join('1_Pooling', 'config.json')];

export async function randomBertModelDir(sharedModelDir: string, seed = 1234): Promise<string> {
  const name = path.basename(sharedModelDir);
  const out = path.join(os.tmpdir(), 'resumator-bench', `${name}-random-${seed}`);
  const modelFile = path.join(out, 'model.onnx');
  if (await access(modelFile).then(() => true, () => false)) return out;
  await mkdir(path.join(out, '1_Pooling'), { recursive: true });
  for (const file of COPIED) {
    await copyFile(path.join(sharedModelDir, file), path.join(out, file)).catch(() => undefined);
  }
  const configFile = path.join(sharedModelDir, 'config.json');
  const config = parseBertConfig(JSON.parse(await readFile(configFile, 'utf8')) as Record<string, unknown>, configFile);
  const bytes = buildBertEncoderGraph(config, randomBertWeights(config, seed));
  await writeFile(`${modelFile}.tmp`, bytes);
  await rename(`${modelFile}.tmp`, modelFile);
  return out;
}
