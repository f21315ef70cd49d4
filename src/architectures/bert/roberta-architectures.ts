/**
 * Registry entries of RobertaModel and XLMRobertaModel: BERT's graph with padding-aware
 * positions and no token_type_ids input. Each outputs `last_hidden_state`.
 */
import type { Architecture, ArchitectureInput, BuiltGraph } from '../architecture.js';
import { parseRobertaConfig } from './bert-config.js';
import { bertGraphBuilder, robertaEmbeddingOptions } from './bert-graph.js';

const ANCHOR = 'embeddings.word_embeddings.weight';

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
