/**
 * BERT-family registry entries: BertModel (MiniLM, bge, e5, gte sentence encoders) and
 * BertForSequenceClassification (ms-marco cross-encoders, the SkillScout reranker).
 */
import { ModelError } from '../../errors.js';
import { parseBertConfig } from './bert-config.js';
import { bertGraphBuilder } from './bert-graph.js';
import type { Architecture } from '../architecture.js';

/**
 * sentence-transformers pools `last_hidden_state` in resumator's own pipeline, so BertModel
 * exports only that output; the pooler is unused and often absent from the checkpoint.
 */
export const BERT_MODEL: Architecture = {
  name: 'BertModel',
  modelTypes: ['bert'],
  configArchitectures: ['BertModel', 'BertForMaskedLM', 'BertForPreTraining'],
  prefixes: ['', 'bert.'],
  anchorTensor: 'embeddings.word_embeddings.weight',
  build(input) {
    const config = parseBertConfig(input.config, input.configFile);
    const graph = bertGraphBuilder(config, input.weights, { prefix: input.prefix, fused: input.fused });
    return { graph, outputs: ['last_hidden_state'], hiddenSize: config.hiddenSize };
  },
};

/** Outputs `logits` [batch, num_labels] = classifier(tanh(pooler([CLS]))), as transformers computes them. */
export const BERT_FOR_SEQUENCE_CLASSIFICATION: Architecture = {
  name: 'BertForSequenceClassification',
  modelTypes: ['bert'],
  configArchitectures: ['BertForSequenceClassification'],
  prefixes: ['bert.'],
  anchorTensor: 'embeddings.word_embeddings.weight',
  headTensors: ['classifier.weight', 'classifier.bias'],
  build(input) {
    const config = parseBertConfig(input.config, input.configFile);
    const labels = parseLabels(input.config, input.configFile);
    const graph = bertGraphBuilder(config, input.weights, { prefix: input.prefix, numLabels: labels.length, fused: input.fused });
    return {
      graph,
      outputs: ['last_hidden_state', 'pooler_output', 'logits'],
      hiddenSize: config.hiddenSize,
      manifest: { num_labels: labels.length, labels },
    };
  },
};

/**
 * Label names in id order. transformers derives num_labels from id2label when present (keys
 * "0".."n-1"), else from num_labels, else 2; absent names become LABEL_i as it does.
 */
export function parseLabels(config: Record<string, unknown>, file: string): string[] {
  const id2label = config['id2label'];
  if (id2label !== undefined) {
    if (typeof id2label !== 'object' || id2label === null || Array.isArray(id2label)) throw new ModelError("'id2label' must be an object", file);
    const entries = Object.entries(id2label as Record<string, unknown>);
    const labels = entries.map((_, i) => {
      const name = (id2label as Record<string, unknown>)[String(i)];
      if (typeof name !== 'string') throw new ModelError(`'id2label' must map "0".."${entries.length - 1}" to names; "${i}" is ${JSON.stringify(name)}`, file);
      return name;
    });
    if (labels.length === 0) throw new ModelError("'id2label' is empty", file);
    return labels;
  }
  const count = config['num_labels'] ?? 2;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw new ModelError(`'num_labels' must be a positive integer, got ${JSON.stringify(count)}`, file);
  }
  return Array.from({ length: count }, (_, i) => `LABEL_${i}`);
}
