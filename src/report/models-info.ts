/** Text and JSON renderings of `models info`. */
import type { ValueInfo } from '../runtime/session.js';
import { formatSize } from '../format-size.js';
import type { DecoderFacts } from '../model/decoder-facts.js';
import type { ModelInfo } from '../model/model-info.js';

const shown = (v: number | undefined): string => (v === undefined ? 'not declared' : String(v));

/** Aligned `label: value` lines, then inputs, outputs and files, for a terminal. */
export function renderModelInfoText(info: ModelInfo): string {
  const q = info.quantization;
  const lines = [
    `model:            ${info.name}`,
    `directory:        ${info.dir}`,
    `architecture:     ${info.architecture}${info.modelType === undefined ? '' : ` (model_type ${info.modelType})`}`,
    `task:             ${info.task === 'causal-lm' ? 'causal-lm (a decoder: next-token logits with a KV cache)' : 'encoder'}`,
    `parameters:       ${info.parameters.toLocaleString('en-US')}`,
    `hidden size:      ${shown(info.hiddenSize)}`,
    ...(info.decoder === undefined ? encoderLines(info) : decoderLines(info.decoder)),
    'inputs:',
    ...info.inputs.map(valueLine),
    'outputs:',
    ...info.outputs.map(valueLine),
    `quantization:     ${quantizationLine(info)}`,
    ...(typeof q.manifest?.['source_model_sha256'] === 'string' ? [`  made from a model with sha256 ${q.manifest['source_model_sha256']}`] : []),
    `opsets:           ${info.opsets.map((o) => `${o.domain} ${o.version}`).join(', ')}`,
    'files:',
    ...info.files.map((f) => `  ${f.path.padEnd(32)} ${formatSize(f.bytes).padStart(9)}  sha256 ${f.sha256}`),
    '',
  ];
  return lines.join('\n');
}

function encoderLines(info: ModelInfo): string[] {
  return [
    `layers:           ${shown(info.layers)}`,
    `attention heads:  ${shown(info.attentionHeads)}`,
    `vocabulary:       ${shown(info.vocabSize)}`,
    `native dim:       ${shown(info.nativeDim)}`,
    `matryoshka dims:  ${info.matryoshkaDims.length === 0 ? 'none declared' : info.matryoshkaDims.join(', ')}${info.defaultDim === undefined ? '' : ` (default ${info.defaultDim})`}`,
    `max_seq_length:   ${info.maxSeqLength}`,
    info.labels === undefined
      ? `pooling:          ${info.pooling}${info.normalize ? ' + normalize' : ''}`
      : `pooling:          none (a classifier: outputs logits over ${info.labels.length} labels${info.labels.length > 0 ? `: ${info.labels.join(', ')}` : ''})`,
  ];
}

function decoderLines(d: DecoderFacts): string[] {
  return [
    `layers:           ${shown(d.layers)}`,
    `attention heads:  ${shown(d.heads)} (${shown(d.kvHeads)} KV heads, head_dim ${shown(d.headDim)})`,
    `vocabulary:       ${shown(d.vocabSize)}`,
    `LM head:          ${d.tiedHead ? 'tied to the embedding table' : 'its own weights (untied)'}`,
    `context length:   ${shown(d.contextLength)} positions (max_position_embeddings)`,
  ];
}

/** One JSON object, snake_case keys; undeclared values are null. */
export function renderModelInfoJson(info: ModelInfo): string {
  const q = info.quantization;
  const d = info.decoder;
  const json = {
    name: info.name,
    dir: info.dir,
    task: info.task,
    architecture: info.architecture,
    model_type: info.modelType ?? null,
    parameters: info.parameters,
    hidden_size: info.hiddenSize ?? null,
    ...(d === undefined
      ? {
          layers: info.layers ?? null,
          attention_heads: info.attentionHeads ?? null,
          vocab_size: info.vocabSize ?? null,
          native_dim: info.nativeDim ?? null,
          matryoshka_dims: info.matryoshkaDims,
          default_dim: info.defaultDim ?? null,
          max_seq_length: info.maxSeqLength,
          pooling: info.pooling,
          normalize: info.normalize,
          labels: info.labels ?? null,
        }
      : {
          layers: d.layers ?? null,
          attention_heads: d.heads ?? null,
          kv_heads: d.kvHeads ?? null,
          head_dim: d.headDim ?? null,
          vocab_size: d.vocabSize ?? null,
          tied_head: d.tiedHead,
          context_length: d.contextLength ?? null,
        }),
    inputs: info.inputs.map(valueJson),
    outputs: info.outputs.map(valueJson),
    quantization: {
      weights: q.weights,
      int8_parameters: q.int8Parameters,
      int4_parameters: q.int4Parameters,
      float32_parameters: q.float32Parameters,
      ops: q.ops,
      ...(q.manifest === undefined ? {} : { manifest: q.manifest }),
    },
    opsets: info.opsets,
    model_file: info.modelFile,
    files: info.files,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function quantizationLine(info: ModelInfo): string {
  const q = info.quantization;
  if (q.weights === 'none') return 'none (float32 weights)';
  const quantized = q.weights === 'int4' ? q.int4Parameters : q.int8Parameters;
  const share = ((100 * quantized) / Math.max(info.parameters, 1)).toFixed(1);
  const how = q.manifest !== undefined && typeof q.manifest['method'] === 'string' ? `${q.manifest['method']} ` : '';
  const int8 = q.weights === 'int4' ? `, ${q.int8Parameters.toLocaleString('en-US')} int8` : '';
  return `${how}${q.weights}: ${quantized.toLocaleString('en-US')} parameters (${share}%) ${q.weights}${int8}, ${q.float32Parameters.toLocaleString('en-US')} float32; ops ${q.ops.join(', ')}`;
}

function valueLine(v: ValueInfo): string {
  return `  ${v.name.padEnd(20)} ${v.type} [${v.shape.map((d) => (d === undefined ? '?' : String(d))).join(', ')}]`;
}

function valueJson(v: ValueInfo): { name: string; type: string; shape: Array<number | string | null> } {
  return { name: v.name, type: v.type, shape: v.shape.map((d) => d ?? null) };
}
