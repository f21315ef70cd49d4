import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { summarizeGraph } from '../../src/onnx/graph-summary.js';
import { tinyBertConfig } from '../support/fixtures/tiny-fixture.js';
import { quantizeOnnx } from '../../src/quantize/quantize-onnx.js';
import { TINY_MODEL } from '../support/cli.js';
import { bertParameterCount } from '../support/random-bert-dir.js';

const bytes = readFileSync(path.join(TINY_MODEL, 'model.onnx'));

test('parameters of the fp32 tiny BERT equal the count from its config', () => {
  // (636 + 512 + 2) x 32 + 64 embeddings, 2 x 8,544 per layer = 53,952.
  assert.equal(bertParameterCount(tinyBertConfig()), 53_952);
  const summary = summarizeGraph(bytes);
  assert.equal(summary.parameters, 53_952);
  assert.equal(summary.float32Parameters, 53_952);
  assert.equal(summary.int8Parameters, 0);
  assert.deepEqual(summary.quantizationOps, []);
  assert.equal(summary.ops['MatMul'], 16); // 12 weight MatMuls + 2 x 2 attention products
  assert.deepEqual(summary.opsets, [{ domain: 'ai.onnx', version: 17 }]);
});

for (const encoding of ['contrib', 'standard'] as const) {
  test(`after ${encoding} quantization the parameter count is unchanged and scales are not counted`, () => {
    const summary = summarizeGraph(quantizeOnnx(bytes, { encoding }).bytes);
    assert.equal(summary.parameters, 53_952);
    // Everything but LayerNorm (5 x 64), biases (2 x (4 x 32 + 64 + 32) = 448) and token types (64).
    assert.equal(summary.float32Parameters, 320 + 448 + 64);
    assert.equal(summary.int8Parameters, 53_952 - 832);
    const expected = encoding === 'contrib' ? ['com.microsoft.DynamicQuantizeMatMul'] : ['DynamicQuantizeLinear', 'MatMulInteger'];
    assert.deepEqual(summary.quantizationOps, expected);
  });
}
