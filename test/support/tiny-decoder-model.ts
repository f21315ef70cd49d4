/**
 * Converted tiny causal-LM model directories for the engine tests, built once per process in a
 * temp directory (a few hundred kB each, so none is committed), plus reference helpers that
 * state what the engine must compute.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DecoderFamily } from '../../src/architectures/decoder/config.js';
import { convertCheckpoint, type ConvertOptions } from '../../src/convert/convert-checkpoint.js';
import { writeTinyDecoder, type TinyDecoder, type TinyDecoderOptions } from './decoder-checkpoint.js';
import { referenceDecoderLogits } from './reference-decoder.js';

export interface ConvertedTinyDecoder extends TinyDecoder {
  /** The converted model directory. */
  modelDir: string;
}

const built = new Map<string, Promise<ConvertedTinyDecoder>>();

/**
 * The converted tiny model of `family` (memoised per family and options).
 *
 * @example const { modelDir } = await convertedTinyDecoder('qwen3'); await CausalLm.open(modelDir);
 */
export function convertedTinyDecoder(family: DecoderFamily, options: TinyDecoderOptions = {}, convert: ConvertOptions = {}): Promise<ConvertedTinyDecoder> {
  const key = JSON.stringify([family, options, convert]);
  let model = built.get(key);
  if (model === undefined) {
    model = (async () => {
      const parent = mkdtempSync(path.join(os.tmpdir(), `resumator-${family}-`));
      const checkpoint = await writeTinyDecoder(path.join(parent, 'checkpoint'), family, options);
      const modelDir = path.join(parent, 'model');
      await convertCheckpoint(checkpoint.dir, modelDir, convert);
      return { ...checkpoint, modelDir };
    })();
    built.set(key, model);
  }
  return model;
}

/** Reference next-token logits after each (unpadded) sequence. */
export function referenceLastLogits(model: TinyDecoder, sequences: number[][]): Float64Array[] {
  return sequences.map((ids) => referenceDecoderLogits(model.configJson, model.weights, { inputIds: [ids] })[0]?.at(-1) as Float64Array);
}

/** Reference log P(label | prompt): the label tokens' log-softmax scores after prompt + label prefix. */
export function referenceLabelLogProb(model: TinyDecoder, prompt: number[], label: number[]): number {
  const logits = referenceDecoderLogits(model.configJson, model.weights, { inputIds: [[...prompt, ...label]] })[0] as Float64Array[];
  let sum = 0;
  label.forEach((token, t) => {
    const row = logits[prompt.length - 1 + t] as Float64Array;
    const max = Math.max(...row);
    const z = max + Math.log(row.reduce((acc, v) => acc + Math.exp(v - max), 0));
    sum += (row[token] as number) - z;
  });
  return sum;
}

/** Largest |a - b| between a float32 logits row at `offset` and a reference row. */
export function rowDiff(logits: Float32Array, offset: number, expected: Float64Array): number {
  let max = 0;
  for (let v = 0; v < expected.length; v++) max = Math.max(max, Math.abs((logits[offset + v] as number) - (expected[v] as number)));
  return max;
}
