/**
 * Builds (once, then reuses) a model directory with a real model's config and tokenizer from
 * ../shared/models and deterministic random weights, for speed measurements only. The
 * architecture follows config.json's model_type: 'mpnet' (all-mpnet-base-v2) or BERT.
 */
import { access, copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { buildBertEncoderGraph } from '../src/architectures/bert/bert-graph.js';
import { parseBertConfig } from '../src/architectures/bert/bert-config.js';
import { parseMpnetConfig } from '../src/architectures/mpnet/mpnet-config.js';
import { buildMpnetGraph } from '../src/architectures/mpnet/mpnet-graph.js';
import { randomBertWeights, randomMpnetWeights } from '../test/support/fixtures/random-weights.js';

const COPIED = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'modules.json', 'sentence_bert_config.json', path.join('1_Pooling', 'config.json')];

/** A random-weight copy of `sharedModelDir` (BERT or MPNet, by model_type); returns its path. */
export async function randomBertModelDir(sharedModelDir: string, seed = 1234, options: { fused?: boolean } = {}): Promise<string> {
  const name = path.basename(sharedModelDir);
  const fused = options.fused === true;
  const out = path.join(os.tmpdir(), 'resumator-bench', `${name}-random-${seed}${fused ? '-fused' : ''}`);
  const modelFile = path.join(out, 'model.onnx');
  if (await access(modelFile).then(() => true, () => false)) return out;
  await mkdir(path.join(out, '1_Pooling'), { recursive: true });
  for (const file of COPIED) {
    await copyFile(path.join(sharedModelDir, file), path.join(out, file)).catch(() => undefined);
  }
  const configFile = path.join(sharedModelDir, 'config.json');
  const json = JSON.parse(await readFile(configFile, 'utf8')) as Record<string, unknown>;
  await writeFile(`${modelFile}.tmp`, randomGraph(json, configFile, seed, fused));
  await rename(`${modelFile}.tmp`, modelFile);
  return out;
}

function randomGraph(json: Record<string, unknown>, configFile: string, seed: number, fused: boolean): Uint8Array {
  if (json['model_type'] === 'mpnet') {
    const config = parseMpnetConfig(json, configFile);
    return buildMpnetGraph(config, randomMpnetWeights(config, seed), { fused });
  }
  const config = parseBertConfig(json, configFile);
  return buildBertEncoderGraph(config, randomBertWeights(config, seed), { fused });
}
