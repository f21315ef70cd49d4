import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FUSED_DECODER_OPS } from '../../src/architectures/decoder/architectures.js';
import type { ContribOps } from '../../src/architectures/decoder/contrib-layers.js';
import { decoderGraphBuilder } from '../../src/architectures/decoder/graph.js';
import { CausalLm } from '../../src/generate/causal-lm.js';
import { convertedTinyDecoder, referenceLabelLogProb, referenceLastLogits, rowDiff } from '../support/tiny-decoder-model.js';

/** A model directory holding the tiny model's graph built with `contrib` operators. */
async function variantDir(family: 'qwen3' | 'llama', contrib: ContribOps): Promise<{ dir: string; model: Awaited<ReturnType<typeof convertedTinyDecoder>> }> {
  const model = await convertedTinyDecoder(family);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'resumator-contrib-'));
  writeFileSync(path.join(dir, 'model.onnx'), decoderGraphBuilder(model.config, model.weights, { contrib }).toBytes());
  for (const file of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json']) copyFileSync(path.join(model.modelDir, file), path.join(dir, file));
  return { dir, model };
}

const VARIANTS: Array<[string, ContribOps]> = [
  ['fused norms', { norm: true }],
  ['RotaryEmbedding', { rotary: true }],
  ['--fused-ops default', FUSED_DECODER_OPS],
  ['MultiHeadAttention', { norm: true, rotary: true, attention: 'mha' }],
  ['GroupQueryAttention', { norm: true, rotary: true, attention: 'gqa' }],
];

for (const family of ['qwen3', 'llama'] as const) {
  test(`${family}: every contrib-operator variant matches the reference on padded prefill, decode and label scores`, async (t) => {
    for (const [label, contrib] of VARIANTS) {
      const { dir, model } = await variantDir(family, contrib);
      const lm = await CausalLm.open(dir, { threads: 1 });
      const rows = [lm.tokenize('Backend developer with Docker and AWS'), lm.tokenize('Nurse')];
      const prefill = await lm.prefill(rows);
      const expected = referenceLastLogits(model, rows);
      const prefillDiff = Math.max(...expected.map((row, b) => rowDiff(prefill.logits, b * prefill.vocabSize, row)));
      // Labels on top of whole prompts: a padded multi-token step on a batch-2 cache.
      const labels = [lm.tokenize(' SELECTED')];
      let labelDiff = Number.NaN;
      if (contrib.attention !== 'gqa') {
        const scores = await lm.scoreLabels(undefined, rows, labels);
        labelDiff = Math.max(...rows.map((row, b) => Math.abs((scores[b]?.[0]?.logProb as number) - referenceLabelLogProb(model, row, labels[0] as number[]))));
        assert.ok(labelDiff < 1e-4, `${label}: label log-prob diff ${labelDiff}`);
      } else {
        // onnxruntime's GroupQueryAttention refuses several new tokens on a cache unless batch is 1.
        await assert.rejects(lm.scoreLabels(undefined, rows, labels), /batch_size must be 1 when sequence_length > 1 and past context is given/);
      }
      const decoded = await lm.step(prefill.cache, rows.map(() => [17]), 1);
      const decodeExpected = referenceLastLogits(model, rows.map((r) => [...r, 17]));
      const decodeDiff = Math.max(...decodeExpected.map((row, b) => rowDiff(decoded.logits, b * decoded.vocabSize, row)));
      const labelText = Number.isNaN(labelDiff) ? 'refused by the kernel' : labelDiff.toExponential(2);
      t.diagnostic(`${label}: max abs diff prefill ${prefillDiff.toExponential(2)}, decode ${decodeDiff.toExponential(2)}, log P(label) ${labelText}`);
      assert.ok(prefillDiff < 1e-4 && decodeDiff < 1e-4, `${label}: ${prefillDiff} / ${decodeDiff}`);
      await lm.dispose();
    }
  });
}
