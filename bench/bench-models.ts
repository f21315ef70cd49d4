/**
 * The models `npm run bench` compares: random weights in the real shapes of ../shared/models, as
 * a standard-operator ONNX file (what `models convert` writes, and what an export tool would
 * publish). Both sides load that same file; transformers.js through a view in the layout it looks
 * for (onnx/model.onnx beside config.json and the tokenizer). BENCH_FUSED=1 gives resumator the
 * fused-operator graph of the same weights instead (the lever measured in docs/benchmarks.md).
 */
import { mkdir, readFile, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { EncoderShape } from './model-flops.js';
import { randomBertModelDir } from './random-model.js';

export interface BenchModel {
  name: string;
  /** resumator's model directory. */
  dir: string;
  /** The same standard-operator graph, in transformers.js's layout. */
  transformersDir: string;
  shape: EncoderShape;
  padTokenId: number | undefined;
}

export const BENCH_SHAPES = ['all-MiniLM-L6-v2', 'all-mpnet-base-v2'] as const;
const BENCH_SEED = 1234;
const VIEW_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];

/** A transformers.js view of model directory `dir`: symlinks, with the graph at onnx/model.onnx. */
export async function transformersView(dir: string): Promise<string> {
  const view = `${dir}-transformers-js`;
  await rm(view, { recursive: true, force: true });
  await mkdir(path.join(view, 'onnx'), { recursive: true });
  for (const file of VIEW_FILES) await symlink(path.join(dir, file), path.join(view, file));
  await symlink(path.join(dir, 'model.onnx'), path.join(view, 'onnx', 'model.onnx'));
  return view;
}

/** Builds (or reuses) both graphs of one shape. */
export async function benchModel(shared: string, name: string): Promise<BenchModel> {
  const source = path.join(shared, 'models', name);
  const standard = await randomBertModelDir(source, BENCH_SEED);
  const ours = process.env['BENCH_FUSED'] === '1' ? await randomBertModelDir(source, BENCH_SEED, { fused: true }) : standard;
  const config = JSON.parse(await readFile(path.join(standard, 'config.json'), 'utf8')) as Record<string, number>;
  const shape = { hiddenSize: config['hidden_size'] as number, intermediateSize: config['intermediate_size'] as number, layers: config['num_hidden_layers'] as number };
  return { name, dir: ours, transformersDir: await transformersView(standard), shape, padTokenId: config['pad_token_id'] };
}
