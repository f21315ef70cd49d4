import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { convertCheckpoint } from '../../src/convert/convert-checkpoint.js';
import { loadModelDirectory } from '../../src/model/model-dir.js';
import type { BertConfig } from '../../src/architectures/bert/bert-config.js';
import type { MpnetConfig } from '../../src/architectures/mpnet/mpnet-config.js';
import { randomBertWeights, randomMpnetWeights } from '../support/fixtures/random-weights.js';
import { tinyVocab } from '../support/fixtures/tiny-tokenizer.js';
import type { WeightStore } from '../../src/onnx/weights.js';
import { ModelSession } from '../../src/runtime/session.js';
import { maxDiffOnRealTokens, padBatch, toFeeds } from '../support/bert-batch.js';
import { toWriterTensors, writeCheckpointFiles } from '../support/hf-checkpoint.js';
import { referenceBertForward } from '../support/reference-bert.js';
import { referenceMpnetForward } from '../support/reference-mpnet.js';

const PAD = 1;
const shape = { vocabSize: tinyVocab().length, hiddenSize: 32, numHiddenLayers: 2, numAttentionHeads: 4, intermediateSize: 64, maxPositionEmbeddings: 514 };
const mpnetConfig: MpnetConfig = { ...shape, layerNormEps: 1e-5, hiddenAct: 'gelu', padTokenId: PAD, relativeAttentionNumBuckets: 32 };
const robertaConfig: BertConfig = { ...shape, typeVocabSize: 1, layerNormEps: 1e-5, hiddenAct: 'gelu', padTokenId: PAD };
const configJson = (modelType: string, architecture: string): Record<string, unknown> => ({
  architectures: [architecture],
  model_type: modelType,
  vocab_size: shape.vocabSize,
  hidden_size: shape.hiddenSize,
  num_hidden_layers: shape.numHiddenLayers,
  num_attention_heads: shape.numAttentionHeads,
  intermediate_size: shape.intermediateSize,
  max_position_embeddings: shape.maxPositionEmbeddings,
  layer_norm_eps: 1e-5,
  hidden_act: 'gelu',
  pad_token_id: PAD,
  bos_token_id: 0,
  eos_token_id: 2,
  ...(modelType === 'mpnet' ? { relative_attention_num_buckets: 32 } : { type_vocab_size: 1 }),
});

// 20 tokens reach MPNet's log-spaced relative buckets; ids avoid the pad id 1.
const tokens = (length: number, salt: number): number[] => Array.from({ length }, (_, i) => 2 + ((i * 37 + salt * 101) % 600));
const batch = padBatch([tokens(20, 1), tokens(9, 2), tokens(3, 3)], PAD);

/** Writes `weights` under `prefix` (plus an lm_head the converter must ignore), converts, runs the batch. */
async function convertAndRun(weights: WeightStore, json: Record<string, unknown>, prefix: string, dtype: 'F32' | 'BF16' = 'F32') {
  const prefixed: WeightStore = new Map([...weights].map(([name, t]) => [`${prefix}${name}`, t]));
  prefixed.set('lm_head.bias', { dims: [shape.vocabSize], data: new Float32Array(shape.vocabSize).fill(0.5) });
  const { tensors, stored } = toWriterTensors(prefixed, dtype);
  const parent = mkdtempSync(path.join(os.tmpdir(), 'resumator-encoders-'));
  const src = path.join(parent, 'ckpt');
  await writeCheckpointFiles(src, tensors, json, { shards: 1, sentenceTransformers: true });
  const result = await convertCheckpoint(src, path.join(parent, 'out'));
  const model = await loadModelDirectory(path.join(parent, 'out'));
  const session = await ModelSession.create(model.modelFile);
  const inputs = session.inputNames;
  const hidden = (await session.run(toFeeds(batch, inputs)))['last_hidden_state'];
  await session.dispose();
  assert.ok(hidden);
  const bare: WeightStore = new Map([...stored].filter(([n]) => n.startsWith(prefix)).map(([n, t]) => [n.slice(prefix.length), t]));
  const manifest = JSON.parse(readFileSync(path.join(parent, 'out', 'resumator.json'), 'utf8')) as Record<string, unknown>;
  return { result, inputs, hidden: hidden.data, bare, manifest };
}

for (const [label, prefix, dtype] of [['bare tensors declared as MPNetForMaskedLM (all-mpnet-base-v2), BF16', '', 'BF16'], ['mpnet.-prefixed tensors', 'mpnet.', 'F32']] as const) {
  test(`MPNetModel from ${label}: matches the float64 reference within 1e-5`, async (t) => {
    const { result, inputs, hidden, bare } = await convertAndRun(randomMpnetWeights(mpnetConfig, 21), configJson('mpnet', 'MPNetForMaskedLM'), prefix, dtype);
    assert.equal(result.architecture, 'MPNetModel');
    assert.deepEqual(inputs, ['input_ids', 'attention_mask']);
    const expected = referenceMpnetForward(mpnetConfig, bare, batch).lastHiddenState;
    const { maxDiff, compared } = maxDiffOnRealTokens(hidden, expected, batch.attentionMask, 32);
    t.diagnostic(`max abs diff ${maxDiff.toExponential(2)}`);
    assert.equal(compared, (20 + 9 + 3) * 32);
    assert.ok(maxDiff < 1e-5, `max abs diff ${maxDiff}`);
  });
}

for (const [architecture, modelType, prefix] of [['RobertaModel', 'roberta', ''], ['XLMRobertaModel', 'xlm-roberta', 'roberta.']] as const) {
  test(`${architecture} (${prefix === '' ? 'bare' : prefix} tensors): padding-aware positions, no token_type_ids, matches the reference`, async (t) => {
    const { result, inputs, hidden, bare, manifest } = await convertAndRun(randomBertWeights(robertaConfig, 22), configJson(modelType, architecture), prefix);
    assert.equal(result.architecture, architecture);
    assert.equal(manifest['architecture'], architecture);
    assert.deepEqual(inputs, ['input_ids', 'attention_mask']);
    const expected = referenceBertForward(robertaConfig, bare, batch, { paddingIdx: PAD }).lastHiddenState;
    const { maxDiff } = maxDiffOnRealTokens(hidden, expected, batch.attentionMask, 32);
    t.diagnostic(`max abs diff ${maxDiff.toExponential(2)}`);
    assert.ok(maxDiff < 1e-4, `max abs diff ${maxDiff}`);
  });
}
