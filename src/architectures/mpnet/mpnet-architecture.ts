/**
 * The registry entry of MPNetModel (all-mpnet-base-v2, Resumator v2). It outputs
 * `last_hidden_state`; resumator pools in JavaScript.
 */
import type { Architecture } from '../architecture.js';
import { parseMpnetConfig } from './mpnet-config.js';
import { mpnetGraphBuilder } from './mpnet-graph.js';

/** all-mpnet-base-v2 declares MPNetForMaskedLM yet holds bare MPNetModel tensors: both are accepted. */
export const MPNET_MODEL: Architecture = {
  name: 'MPNetModel',
  modelTypes: ['mpnet'],
  configArchitectures: ['MPNetModel', 'MPNetForMaskedLM'],
  prefixes: ['', 'mpnet.'],
  anchorTensor: 'embeddings.word_embeddings.weight',
  build(input) {
    const config = parseMpnetConfig(input.config, input.configFile);
    const graph = mpnetGraphBuilder(config, input.weights, { prefix: input.prefix, fused: input.fused });
    return { graph, outputs: ['last_hidden_state'], hiddenSize: config.hiddenSize };
  },
};
