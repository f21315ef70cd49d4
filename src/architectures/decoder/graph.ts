/**
 * A Qwen2 / Qwen3 / Llama causal LM as one ONNX graph with a KV cache, in the input/output
 * layout of transformers.js and onnxruntime-genai exports (io-names.ts):
 *
 *   input_ids [batch, seq] int64, attention_mask [batch, past + seq] int64,
 *   position_ids [batch, seq] int64, past_key_values.N.key/value [batch, kv_heads, past, head_dim],
 *   num_logits_to_keep [] int64
 *   -> logits [batch, kept, vocab], present.N.key/value [batch, kv_heads, past + seq, head_dim]
 *
 * Logits policy: the LM head runs only on the last `num_logits_to_keep` positions (0 = all), the
 * semantics of transformers' `logits_to_keep`. A 150k-vocabulary head over every prompt token
 * would cost more than a small model's layers; with the input, resumator's engine asks for 1
 * (or the label length when scoring), transformers.js feeds 1 while generating (and 0 for plain
 * forward calls), and graphs exported without the input still run in resumator's engine, which
 * then picks the last positions from full [batch, seq, vocab] logits.
 */
import { GraphBuilder } from '../../onnx/graph-builder.js';
import type { WeightStore } from '../../onnx/weights.js';
import { requireTensor } from '../../onnx/weights.js';
import { addAttention, addGroupedBias } from './attention.js';
import { addAttentionBias, addDecoderConsts, addMlp, addRmsNorm, addRotaryTables, type DecoderCtx } from './blocks.js';
import type { DecoderConfig } from './config.js';
import { addContribLayers, type ContribOps } from './contrib-layers.js';
import { ATTENTION_MASK, DIM, INPUT_IDS, LOGITS, NUM_LOGITS_TO_KEEP, pastKeyName, pastValueName, POSITION_IDS, presentKeyName, presentValueName } from './io-names.js';
import { EMBED_TOKENS, FINAL_NORM_NAME, LM_HEAD, layerTensorNames, transposeMatrix } from './tensors.js';

export interface DecoderGraphOptions {
  /**
   * onnxruntime contrib operators to use instead of standard ones (see contrib-layers.ts and the
   * measurements in docs/models.md); default: none, every op standard ONNX opset 17.
   */
  contrib?: ContribOps;
  /**
   * false: no num_logits_to_keep input, logits for every position (what exporters without the
   * input produce; onnxruntime-genai, which feeds only the inputs it knows, needs this form).
   */
  logitsToKeep?: boolean;
}

/** The operator set of the standard graph: opset 17, what onnxruntime-node 1.x and transformers.js run. */
export const DECODER_OPSET = 17;

/**
 * Builds the graph (unserialised, so the converter chooses fp16 weights or external data).
 *
 * @example
 * const bytes = decoderGraphBuilder(config, weights).toBytes();
 */
export function decoderGraphBuilder(config: DecoderConfig, weights: WeightStore, options: DecoderGraphOptions = {}): GraphBuilder {
  const g = new GraphBuilder({ opsetVersion: DECODER_OPSET });
  const { numKeyValueHeads: kvHeads, headDim, hiddenSize: h } = config;
  g.addInput(INPUT_IDS, 'int64', [DIM.batch, DIM.sequence]);
  g.addInput(ATTENTION_MASK, 'int64', [DIM.batch, DIM.total]);
  g.addInput(POSITION_IDS, 'int64', [DIM.batch, DIM.sequence]);
  for (let i = 0; i < config.numHiddenLayers; i++) {
    g.addInput(pastKeyName(i), 'float32', [DIM.batch, kvHeads, DIM.past, headDim]);
    g.addInput(pastValueName(i), 'float32', [DIM.batch, kvHeads, DIM.past, headDim]);
  }
  const logitsToKeep = options.logitsToKeep ?? true;
  if (logitsToKeep) g.addInput(NUM_LOGITS_TO_KEEP, 'int64', []);
  const ctx: DecoderCtx = { g, weights, config, c: addDecoderConsts(g, config) };
  const embed = requireTensor(weights, EMBED_TOKENS, [config.vocabSize, h]);
  let hidden = g.op('Gather', [g.addFloat32(EMBED_TOKENS, embed.data, embed.dims), INPUT_IDS], { axis: { int: 0 } });
  const bias = addAttentionBias(ctx);
  const final = options.contrib !== undefined && hasAny(options.contrib) ? addContribLayers(ctx, hidden, bias, options.contrib) : addStandardLayers(ctx, hidden, bias);
  // Slice from -k: k = 0 keeps every position, as transformers' logits_to_keep = 0 does.
  const kept = logitsToKeep ? g.op('Slice', [final, g.op('Neg', [g.op('Unsqueeze', [NUM_LOGITS_TO_KEEP, ctx.c.axes0])]), ctx.c.int64Max, ctx.c.axes1]) : final;
  // Tied models still get their own [hidden, vocab] copy: a plain MatMul constant the int8
  // quantizer can rewrite (a Gemm with transB over the shared table could not be).
  const head = config.tieWordEmbeddings ? embed : requireTensor(weights, LM_HEAD, [config.vocabSize, h]);
  const headT = g.addFloat32(`${LM_HEAD}_t`, transposeMatrix(head.data, config.vocabSize, h), [h, config.vocabSize]);
  g.op('MatMul', [kept, headT], {}, { outputs: [LOGITS] });
  g.addOutput(LOGITS, 'float32', [DIM.batch, DIM.logits, config.vocabSize]);
  for (let i = 0; i < config.numHiddenLayers; i++) {
    g.addOutput(presentKeyName(i), 'float32', [DIM.batch, kvHeads, DIM.total, headDim]);
    g.addOutput(presentValueName(i), 'float32', [DIM.batch, kvHeads, DIM.total, headDim]);
  }
  return g;
}

/** Pre-norm layers: x + attn(norm(x)), then x + mlp(norm(x)); returns the final norm's output. */
function addStandardLayers(ctx: DecoderCtx, hidden: string, bias: string): string {
  const { g, config } = ctx;
  const rotary = addRotaryTables(ctx);
  const groupedBias = addGroupedBias(ctx, bias);
  for (let i = 0; i < config.numHiddenLayers; i++) {
    const names = layerTensorNames(i);
    const attended = addAttention(ctx, addRmsNorm(ctx, hidden, names.inputNorm, config.hiddenSize), i, names, rotary, groupedBias);
    hidden = g.op('Add', [hidden, attended]);
    hidden = g.op('Add', [hidden, addMlp(ctx, addRmsNorm(ctx, hidden, names.postAttentionNorm, config.hiddenSize), names)]);
  }
  return addRmsNorm(ctx, hidden, FINAL_NORM_NAME, config.hiddenSize);
}

function hasAny(ops: ContribOps): boolean {
  return ops.norm === true || ops.rotary === true || (ops.attention !== undefined && ops.attention !== 'standard');
}
