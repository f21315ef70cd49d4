/**
 * Registry entries of the causal LMs: Qwen2ForCausalLM (Qwen2 / Qwen2.5), Qwen3ForCausalLM and
 * LlamaForCausalLM (Llama 2/3, SmolLM2). Each converts to the KV-cache graph of graph.ts and
 * records `task: "causal-lm"` in resumator.json, which is how loaders tell decoders from encoders.
 */
import type { Architecture, ArchitectureInput, BuiltGraph } from '../architecture.js';
import { parseDecoderConfig, type DecoderFamily } from './config.js';
import type { ContribOps } from './contrib-layers.js';
import { DECODER_OPSET, decoderGraphBuilder } from './graph.js';
import { LOGITS, presentKeyName, presentValueName } from './io-names.js';
import { EMBED_TOKENS } from './tensors.js';

/** What resumator.json `task` says for these models. */
export const CAUSAL_LM_TASK = 'causal-lm';

/**
 * The operators `--fused-ops` picks: the fused RMSNorm kernels and RotaryEmbedding, with
 * standard attention (GroupQueryAttention cannot run a batched prefill on top of a cache; see
 * contrib-layers.ts and docs/models.md for the measurements).
 */
export const FUSED_DECODER_OPS: ContribOps = { norm: true, rotary: true, attention: 'standard' };

function decoderArchitecture(name: string, family: DecoderFamily): Architecture {
  return {
    name,
    modelTypes: [family],
    configArchitectures: [name],
    prefixes: [''],
    anchorTensor: EMBED_TOKENS,
    // lm_head.weight is the head of these models, not a pretraining head to drop.
    droppedTensorPrefixes: [],
    build: (input) => buildDecoder(input, family),
  };
}

export const QWEN2_FOR_CAUSAL_LM = decoderArchitecture('Qwen2ForCausalLM', 'qwen2');
export const QWEN3_FOR_CAUSAL_LM = decoderArchitecture('Qwen3ForCausalLM', 'qwen3');
export const LLAMA_FOR_CAUSAL_LM = decoderArchitecture('LlamaForCausalLM', 'llama');

export const DECODER_ARCHITECTURES: readonly Architecture[] = [QWEN2_FOR_CAUSAL_LM, QWEN3_FOR_CAUSAL_LM, LLAMA_FOR_CAUSAL_LM];

function buildDecoder(input: ArchitectureInput, family: DecoderFamily): BuiltGraph {
  const config = parseDecoderConfig(input.config, family, input.configFile);
  const contrib = input.fused ? FUSED_DECODER_OPS : undefined;
  const graph = decoderGraphBuilder(config, input.weights, contrib === undefined ? {} : { contrib });
  const outputs = [LOGITS];
  for (let i = 0; i < config.numHiddenLayers; i++) outputs.push(presentKeyName(i), presentValueName(i));
  return {
    graph,
    outputs,
    hiddenSize: config.hiddenSize,
    manifest: {
      task: CAUSAL_LM_TASK,
      decoder: {
        family,
        opset: DECODER_OPSET,
        num_hidden_layers: config.numHiddenLayers,
        num_attention_heads: config.numAttentionHeads,
        num_key_value_heads: config.numKeyValueHeads,
        head_dim: config.headDim,
        vocab_size: config.vocabSize,
        tie_word_embeddings: config.tieWordEmbeddings,
        kv_cache: 'past_key_values.N.key/value -> present.N.key/value, float32 [batch, num_key_value_heads, sequence, head_dim]',
        logits: 'last num_logits_to_keep positions (0 = all)',
        ...(contrib === undefined ? {} : { contrib_ops: contrib }),
      },
    },
  };
}
