/**
 * The models `npm run bench` compares: random weights in the real shapes of ../shared/models,
 * each as a resumator model directory plus a transformers.js view of the same ONNX file
 * (transformers.js looks for onnx/model.onnx beside config.json and the tokenizer).
 */
import { access, copyFile, mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseBertConfig } from '../src/onnx/bert-config.js';
import { buildBertEncoderGraph } from '../src/onnx/bert-graph.js';
import { randomBertWeights } from '../src/onnx/random-weights.js';
import type { EncoderShape } from './model-flops.js';
import { randomBertModelDir } from './random-model.js';

const BENCH_SEED = 1234;

export interface BenchModel {
  name: string;
  dir: string;
  transformersDir: string;
  shape: EncoderShape;
  padTokenId: number | undefined;
}

const VIEW_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];

async function transformersView(dir: string): Promise<string> {
  const view = `${dir}-transformers-js`;
  await rm(view, { recursive: true, force: true });
  await mkdir(path.join(view, 'onnx'), { recursive: true });
  for (const file of VIEW_FILES) await symlink(path.join(dir, file), path.join(view, file));
  await symlink(path.join(dir, 'model.onnx'), path.join(view, 'onnx', 'model.onnx'));
  return view;
}

/**
 * The same random weights (same seed) as the standard-op `dir`, built with onnxruntime's fused
 * operators: what resumator itself runs. transformers.js gets the standard-op file, as an export
 * tool would publish it.
 */
async function fusedVariant(dir: string): Promise<string> {
  const out = `${dir}-fused`;
  const modelFile = path.join(out, 'model.onnx');
  if (await access(modelFile).then(() => true, () => false)) return out;
  await mkdir(path.join(out, '1_Pooling'), { recursive: true });
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'modules.json', 'sentence_bert_config.json', path.join('1_Pooling', 'config.json')]) {
    await copyFile(path.join(dir, file), path.join(out, file)).catch(() => undefined);
  }
  const configFile = path.join(dir, 'config.json');
  const config = parseBertConfig(JSON.parse(await readFile(configFile, 'utf8')) as Record<string, unknown>, configFile);
  await writeFile(`${modelFile}.tmp`, buildBertEncoderGraph(config, randomBertWeights(config, BENCH_SEED), { fused: true }));
  await rename(`${modelFile}.tmp`, modelFile);
  return out;
}

async function describe(name: string, dir: string, ownDir = dir): Promise<BenchModel> {
  const config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')) as Record<string, number>;
  const shape = { hiddenSize: config['hidden_size'] as number, intermediateSize: config['intermediate_size'] as number, layers: config['num_hidden_layers'] as number };
  return { name, dir: ownDir, transformersDir: await transformersView(dir), shape, padTokenId: config['pad_token_id'] };
}

export async function benchModels(shared: string): Promise<BenchModel[]> {
  const models: BenchModel[] = [];
  const minilm = 'all-MiniLM-L6-v2';
  const standard = await randomBertModelDir(path.join(shared, 'models', minilm), BENCH_SEED);
  models.push(await describe(minilm, standard, await fusedVariant(standard)));
  return models;
}
