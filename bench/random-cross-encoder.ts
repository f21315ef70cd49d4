/**
 * Builds (once, then reuses) a cross-encoder directory with a real model's config and
 * tokenizer from ../shared/models and deterministic random weights, for speed measurements only.
 */
import { access, copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseBertConfig } from '../src/architectures/bert/bert-config.js';
import { buildBertEncoderGraph } from '../src/architectures/bert/bert-graph.js';
import { randomBertClassifierWeights } from '../test/support/fixtures/random-weights.js';

const CROSS_ENCODER_COPIED = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt'];

/**
 * A BertForSequenceClassification directory with a real cross-encoder's config and tokenizer
 * (../shared/models/ms-marco-MiniLM-L-12-v2) and `labels.length` random-weight output classes,
 * e.g. SkillScout's 3 (irrelevant, contextual, core). Built once, then reused. `fused`: the
 * onnxruntime fused-operator graph that `models convert` writes by default.
 */
export async function randomCrossEncoderDir(sharedModelDir: string, labels: readonly string[], seed = 4321, options: { fused?: boolean } = {}): Promise<string> {
  const name = path.basename(sharedModelDir);
  const fused = options.fused === true;
  const out = path.join(os.tmpdir(), 'resumator-bench', `${name}-${labels.length}labels-random-${seed}${fused ? '-fused' : ''}`);
  const modelFile = path.join(out, 'model.onnx');
  if (await access(modelFile).then(() => true, () => false)) return out;
  await mkdir(out, { recursive: true });
  for (const file of CROSS_ENCODER_COPIED) await copyFile(path.join(sharedModelDir, file), path.join(out, file)).catch(() => undefined);
  const configFile = path.join(sharedModelDir, 'config.json');
  const json = JSON.parse(await readFile(configFile, 'utf8')) as Record<string, unknown>;
  json['id2label'] = Object.fromEntries(labels.map((l, i) => [String(i), l]));
  json['label2id'] = Object.fromEntries(labels.map((l, i) => [l, i]));
  await writeFile(path.join(out, 'config.json'), `${JSON.stringify(json, null, 2)}\n`);
  const config = parseBertConfig(json, configFile);
  const bytes = buildBertEncoderGraph(config, randomBertClassifierWeights(config, labels.length, seed), { prefix: 'bert.', numLabels: labels.length, fused });
  await writeFile(`${modelFile}.tmp`, bytes);
  await rename(`${modelFile}.tmp`, modelFile);
  return out;
}
