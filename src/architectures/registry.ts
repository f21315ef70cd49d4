/**
 * The supported architectures and the choice among them. A checkpoint is matched by config.json
 * `model_type` and `architectures` AND by its tensor names, because config.json alone misleads:
 * all-mpnet-base-v2 declares MPNetForMaskedLM while its tensors are a bare MPNetModel.
 */
import { ModelError } from '../errors.js';
import type { Architecture } from './architecture.js';
import { BERT_FOR_SEQUENCE_CLASSIFICATION, BERT_MODEL } from './bert/bert-architectures.js';
import { MPNET_MODEL } from './mpnet/mpnet-architecture.js';
import { ROBERTA_MODEL, XLM_ROBERTA_MODEL } from './bert/roberta-architectures.js';
import { DECODER_ARCHITECTURES } from './decoder/architectures.js';

/** Every supported architecture; a new one is one entry here. */
export const ARCHITECTURES: readonly Architecture[] = [
  BERT_MODEL,
  BERT_FOR_SEQUENCE_CLASSIFICATION,
  MPNET_MODEL,
  ROBERTA_MODEL,
  XLM_ROBERTA_MODEL,
  ...DECODER_ARCHITECTURES,
];

/** Pretraining heads of *ForMaskedLM / *ForPreTraining checkpoints: never part of an encoder graph. */
const PRETRAINING_HEADS = ['cls.', 'lm_head.'];

export interface ArchitectureChoice {
  architecture: Architecture;
  /** The prefix of the encoder tensors ('' when bare). */
  prefix: string;
  /** Whether a checkpoint tensor is needed (pretraining heads are skipped, saving their memory). */
  keep(name: string): boolean;
}

/**
 * Picks the architecture for a checkpoint.
 *
 * @param config parsed config.json
 * @param tensorNames every tensor of the checkpoint
 * @param files config.json and the weights file, named in errors
 * @throws ModelError listing the supported architectures when none fits
 *
 * @example
 * const { architecture, prefix } = chooseArchitecture(config, names, { config: 'config.json', weights: 'model.safetensors' });
 */
export function chooseArchitecture(
  config: Record<string, unknown>,
  tensorNames: ReadonlySet<string>,
  files: { config: string; weights: string },
  registry: readonly Architecture[] = ARCHITECTURES,
): ArchitectureChoice {
  const modelType = typeof config['model_type'] === 'string' ? config['model_type'] : undefined;
  const declared = Array.isArray(config['architectures']) ? config['architectures'].filter((a): a is string => typeof a === 'string') : [];
  const candidates = registry.filter(
    (a) =>
      (modelType === undefined ? declared.length > 0 : a.modelTypes.includes(modelType)) &&
      (declared.length === 0 || declared.some((d) => a.configArchitectures.includes(d))),
  );
  if (candidates.length === 0) throw unsupported(modelType, declared, registry, files.config);
  const viable = candidates
    .map((architecture) => ({ architecture, prefix: architecture.prefixes.find((p) => tensorNames.has(`${p}${architecture.anchorTensor}`)) }))
    .filter((c) => c.prefix !== undefined && (c.architecture.headTensors ?? []).every((t) => tensorNames.has(t)));
  // With no declared architecture, the entry whose head tensors are present is the specific one.
  viable.sort((a, b) => (b.architecture.headTensors?.length ?? 0) - (a.architecture.headTensors?.length ?? 0));
  const chosen = viable[0];
  if (chosen === undefined || chosen.prefix === undefined) throw missingTensors(candidates[0] as Architecture, tensorNames, files.weights);
  const prefix = chosen.prefix;
  const dropped = chosen.architecture.droppedTensorPrefixes ?? PRETRAINING_HEADS;
  return {
    architecture: chosen.architecture,
    prefix,
    keep: (name) => !dropped.some((head) => name.startsWith(head) || name.startsWith(`${prefix}${head}`)),
  };
}

/** "BertModel, BertForSequenceClassification, …" for messages and docs. */
export function supportedArchitectureNames(registry: readonly Architecture[] = ARCHITECTURES): string {
  return registry.map((a) => `${a.name} (model_type ${a.modelTypes.join('/')})`).join(', ');
}

function unsupported(modelType: string | undefined, declared: string[], registry: readonly Architecture[], file: string): ModelError {
  const what = [
    modelType === undefined ? 'no model_type' : `model_type '${modelType}'`,
    declared.length === 0 ? 'no architectures' : `architectures [${declared.join(', ')}]`,
  ].join(' and ');
  return new ModelError(`unsupported architecture: ${what}; supported: ${supportedArchitectureNames(registry)}`, file);
}

function missingTensors(architecture: Architecture, tensorNames: ReadonlySet<string>, file: string): ModelError {
  const anchorFound = architecture.prefixes.some((p) => tensorNames.has(`${p}${architecture.anchorTensor}`));
  const missing = anchorFound
    ? (architecture.headTensors ?? []).filter((t) => !tensorNames.has(t))
    : architecture.prefixes.map((p) => `${p}${architecture.anchorTensor}`);
  const names = missing.map((m) => `'${m}'`).join(anchorFound ? ', ' : ' or ');
  return new ModelError(`missing tensor ${names} required by ${architecture.name}`, file);
}
