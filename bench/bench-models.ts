/**
 * The models `npm run bench` compares: random weights in the real shapes of ../shared/models,
 * each as a resumator model directory plus a transformers.js view of the same ONNX file
 * (transformers.js looks for onnx/model.onnx beside config.json and the tokenizer).
 */
import { mkdir, readFile, symlink, rm } from 'node:fs/promises';
import path from 'node:path';
import type { EncoderShape } from './model-flops.js';
import { randomBertModelDir } from './random-model.js';

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

async function describe(name: string, dir: string): Promise<BenchModel> {
  const config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')) as Record<string, number>;
  const shape = { hiddenSize: config['hidden_size'] as number, intermediateSize: config['intermediate_size'] as number, layers: config['num_hidden_layers'] as number };
  return { name, dir, transformersDir: await transformersView(dir), shape, padTokenId: config['pad_token_id'] };
}

export async function benchModels(shared: string): Promise<BenchModel[]> {
  const models: BenchModel[] = [];
  const minilm = 'all-MiniLM-L6-v2';
  models.push(await describe(minilm, await randomBertModelDir(path.join(shared, 'models', minilm))));
  return models;
}
