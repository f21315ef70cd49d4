/**
 * Builds (once, then reuses) a causal-LM model directory of a real model's shape (config from
 * ../shared/models) with deterministic random weights, for speed measurements only. The graph
 * goes through the converter's own writer, so above 1.8 GB it is stored as ONNX external data
 * (model.onnx_data), the path real Qwen2.5-0.5B conversions take.
 */
import { access, copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseDecoderConfig, type DecoderConfig, type DecoderFamily } from '../src/architectures/decoder/config.js';
import type { ContribOps } from '../src/architectures/decoder/contrib-layers.js';
import { decoderGraphBuilder } from '../src/architectures/decoder/graph.js';
import { randomDecoderWeights } from '../test/support/fixtures/decoder-random-weights.js';
import { EXTERNAL_DATA_THRESHOLD } from '../src/convert/convert-checkpoint.js';
import { EXTERNAL_DATA_FILE, writeSerializedModel } from '../src/convert/write-model.js';
import type { WeightStore } from '../src/onnx/weights.js';

export interface RandomDecoderShape {
  /** ../shared/models/<name>: its config.json, with num_hidden_layers replaced by `layers`. */
  sharedModelDir: string;
  layers: number;
  /** Folder with tokenizer.json (+ tokenizer_config.json) for the directory (Qwen3's serves every Qwen). */
  tokenizerDir: string;
  seed?: number;
}

/** The shape's config (layers replaced) and its JSON. */
export async function decoderShape(shape: RandomDecoderShape): Promise<{ config: DecoderConfig; json: Record<string, unknown> }> {
  const json: Record<string, unknown> = { ...(JSON.parse(await readFile(path.join(shape.sharedModelDir, 'config.json'), 'utf8')) as Record<string, unknown>), num_hidden_layers: shape.layers };
  return { config: parseDecoderConfig(json, json['model_type'] as DecoderFamily, 'config.json'), json };
}

/**
 * The directory of `variant` (built if absent); `weights` are made on first need and shared.
 *
 * @example const dir = await randomDecoderDir(shape, 'standard', undefined, () => weights);
 */
export async function randomDecoderDir(shape: RandomDecoderShape, variant: string, contrib: ContribOps | undefined, weights: () => WeightStore): Promise<string> {
  const name = `${path.basename(shape.sharedModelDir)}-L${shape.layers}-s${shape.seed ?? 1234}-${variant}`;
  const out = path.join(os.tmpdir(), 'resumator-bench', name);
  if (await access(path.join(out, 'model.onnx')).then(() => true, () => false)) return out;
  const { config, json } = await decoderShape(shape);
  const staging = `${out}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const graph = decoderGraphBuilder(config, weights(), contrib === undefined ? {} : { contrib });
  await writeSerializedModel(staging, graph.serialize({ externalData: { location: EXTERNAL_DATA_FILE, whenLargerThan: EXTERNAL_DATA_THRESHOLD } }));
  await writeFile(path.join(staging, 'config.json'), `${JSON.stringify(json, null, 2)}\n`);
  await writeFile(path.join(staging, 'resumator.json'), `${JSON.stringify({ name, task: 'causal-lm', random_weights: true, contrib_ops: contrib ?? null }, null, 2)}\n`);
  for (const file of ['tokenizer.json', 'tokenizer_config.json']) await copyFile(path.join(shape.tokenizerDir, file), path.join(staging, file));
  await rename(staging, out);
  return out;
}
