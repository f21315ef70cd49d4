/**
 * Registry entries of the other sentence encoders: MPNetModel (all-mpnet-base-v2, Resumator v2)
 * and RobertaModel / XLMRobertaModel (BERT's graph with padding-aware positions and no
 * token_type_ids input). Each outputs `last_hidden_state`; resumator pools in JavaScript.
 */
import { parseRobertaConfig } from './bert/bert-config.js';
import { bertGraphBuilder, robertaEmbeddingOptions } from './bert/bert-graph.js';
import { parseMpnetConfig } from './mpnet/mpnet-config.js';
import { mpnetGraphBuilder } from './mpnet/mpnet-graph.js';
import type { Architecture, ArchitectureInput, BuiltGraph } from './architecture.js';

const ANCHOR = 'embeddings.word_embeddings.weight';

/** all-mpnet-base-v2 declares MPNetForMaskedLM yet holds bare MPNetModel tensors: both are accepted. */
export const MPNET_MODEL: Architecture = {
  name: 'MPNetModel',
  modelTypes: ['mpnet'],
  configArchitectures: ['MPNetModel', 'MPNetForMaskedLM'],
  prefixes: ['', 'mpnet.'],
  anchorTensor: ANCHOR,
  build(input) {
    const config = parseMpnetConfig(input.config, input.configFile);
    const graph = mpnetGraphBuilder(config, input.weights, { prefix: input.prefix, fused: input.fused });
    return { graph, outputs: ['last_hidden_state'], hiddenSize: config.hiddenSize };
  },
};

export const ROBERTA_MODEL: Architecture = {
  name: 'RobertaModel',
  modelTypes: ['roberta'],
  configArchitectures: ['RobertaModel', 'RobertaForMaskedLM'],
  prefixes: ['', 'roberta.'],
  anchorTensor: ANCHOR,
  build: buildRoberta,
};

/** XLM-R checkpoints name their encoder `roberta.` too, as transformers' XLMRobertaForMaskedLM does. */
export const XLM_ROBERTA_MODEL: Architecture = {
  name: 'XLMRobertaModel',
  modelTypes: ['xlm-roberta'],
  configArchitectures: ['XLMRobertaModel', 'XLMRobertaForMaskedLM'],
  prefixes: ['', 'roberta.'],
  anchorTensor: ANCHOR,
  build: buildRoberta,
};

function buildRoberta(input: ArchitectureInput): BuiltGraph {
  const config = parseRobertaConfig(input.config, input.configFile);
  const graph = bertGraphBuilder(config, input.weights, { ...robertaEmbeddingOptions(config), prefix: input.prefix, fused: input.fused });
  return { graph, outputs: ['last_hidden_state'], hiddenSize: config.hiddenSize };
}
