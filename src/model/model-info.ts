/**
 * What a model directory holds, from its config files, its ONNX graph (parameters, ops,
 * quantization) and the runtime's view of its inputs/outputs: the data behind `models info`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { summarizeGraph } from '../onnx/graph-summary.js';
import { ModelSession, type ValueInfo } from '../runtime/session.js';
import { decoderFacts, type DecoderFacts } from './decoder-facts.js';
import type { ModelDirectory } from './model-dir.js';
import { listModelFiles, type ModelFile } from './model-files.js';
import { modelTask, type ModelTask } from './model-task.js';
import { readOptionalModelJson } from './read-json.js';

export interface ModelInfo {
  name: string;
  dir: string;
  task: ModelTask;
  /** Causal LMs only: layers, heads, KV heads, head_dim, vocabulary, tied head, context length. */
  decoder: DecoderFacts | undefined;
  /** config.json `architectures[0]`, else `model_type`. */
  architecture: string;
  modelType: string | undefined;
  parameters: number;
  hiddenSize: number | undefined;
  layers: number | undefined;
  attentionHeads: number | undefined;
  vocabSize: number | undefined;
  /** Width of the embedding the model outputs: the last dim of its pooled or token output. */
  nativeDim: number | undefined;
  matryoshkaDims: readonly number[];
  defaultDim: number | undefined;
  maxSeqLength: number;
  /** Sentence pooling of an embedding model; 'none' for a classifier (its output is logits). */
  pooling: string;
  normalize: boolean;
  /** A classifier's labels (config.json id2label, in class order); undefined for embedding models. */
  labels: readonly string[] | undefined;
  inputs: readonly ValueInfo[];
  outputs: readonly ValueInfo[];
  quantization: {
    /** 'int4' when the graph stores 4-bit weights, else 'int8' when 8-bit ones, else 'none'. */
    weights: 'int4' | 'int8' | 'none';
    int8Parameters: number;
    int4Parameters: number;
    float32Parameters: number;
    ops: string[];
    /** resumator.json `quantization`, when the directory was made by `models quantize`. */
    manifest: Record<string, unknown> | undefined;
  };
  opsets: Array<{ domain: string; version: number }>;
  modelFile: string;
  files: ModelFile[];
}

/**
 * Describes a loaded model directory; opens the model once (one thread) to read its inputs and
 * outputs as onnxruntime sees them.
 *
 * @example
 * const info = await describeModel(await loadModelDirectory('fixtures/models/tiny-bert'));
 */
export async function describeModel(model: ModelDirectory): Promise<ModelInfo> {
  const graph = summarizeGraph(await readFile(model.modelFile), model.modelFile);
  const session = await ModelSession.create(model.modelFile, { threads: 1 });
  const inputs = session.inputs;
  const outputs = session.outputs;
  await session.dispose();
  const manifest = (await readOptionalModelJson(path.join(model.dir, 'resumator.json'))) ?? {};
  const quantManifest = manifest['quantization'];
  const config = model.config;
  const int = (key: string): number | undefined => (typeof config[key] === 'number' ? (config[key] as number) : undefined);
  const architectures = config['architectures'];
  const modelType = typeof config['model_type'] === 'string' ? config['model_type'] : undefined;
  const task = await modelTask(model.dir);
  // A cross-encoder outputs logits too; a causal LM is told apart by its task.
  const classifier = task === 'encoder' && outputs.some((o) => o.name === 'logits');
  return {
    name: model.name,
    dir: model.dir,
    task,
    decoder: task === 'causal-lm' ? decoderFacts(config, manifest['decoder']) : undefined,
    architecture: Array.isArray(architectures) && typeof architectures[0] === 'string' ? architectures[0] : (modelType ?? 'unknown'),
    modelType,
    parameters: graph.parameters,
    hiddenSize: model.hiddenSize,
    layers: int('num_hidden_layers'),
    attentionHeads: int('num_attention_heads'),
    vocabSize: model.vocabSize,
    nativeDim: nativeDim(outputs) ?? model.hiddenSize,
    matryoshkaDims: model.matryoshkaDims,
    defaultDim: model.defaultDim,
    maxSeqLength: model.maxSeqLength,
    // A cross-encoder outputs logits: no sentence pooling or normalisation applies to it.
    pooling: classifier || task === 'causal-lm' ? 'none' : model.pooling,
    normalize: !classifier && model.declaresNormalize,
    labels: classifier ? classLabels(config) : undefined,
    inputs,
    outputs,
    quantization: {
      weights: graph.int4Parameters > 0 ? 'int4' : graph.int8Parameters > 0 ? 'int8' : 'none',
      int8Parameters: graph.int8Parameters,
      int4Parameters: graph.int4Parameters,
      float32Parameters: graph.float32Parameters,
      ops: graph.quantizationOps,
      manifest: typeof quantManifest === 'object' && quantManifest !== null && !Array.isArray(quantManifest) ? (quantManifest as Record<string, unknown>) : undefined,
    },
    opsets: graph.opsets,
    modelFile: path.relative(model.dir, model.modelFile).split(path.sep).join('/'),
    files: await listModelFiles(model.dir),
  };
}

/** The embedding width the Embedder will see: last dim of sentence_embedding, else of the token states. */
function nativeDim(outputs: readonly ValueInfo[]): number | undefined {
  const pick = outputs.find((o) => o.name === 'sentence_embedding') ?? outputs.find((o) => o.name === 'last_hidden_state' || o.name === 'token_embeddings') ?? outputs[0];
  const last = pick?.shape[pick.shape.length - 1];
  return typeof last === 'number' ? last : undefined;
}

/** id2label in class order; empty when the config has none. */
function classLabels(config: Record<string, unknown>): string[] {
  const id2label = config['id2label'];
  if (typeof id2label !== 'object' || id2label === null) return [];
  return Object.entries(id2label as Record<string, unknown>)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, label]) => String(label));
}
