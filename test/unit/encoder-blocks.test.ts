import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addAttentionMaskBias, addEncoderConsts, addPaddingAwarePositionIds } from '../../src/architectures/encoder-blocks.js';
import { GraphBuilder } from '../../src/onnx/graph-builder.js';
import { DataType } from '../../src/onnx/proto.js';
import { ModelSession } from '../../src/runtime/session.js';

const int64 = (rows: number[][]): { type: 'int64'; data: BigInt64Array; dims: number[] } => ({
  type: 'int64',
  data: BigInt64Array.from(rows.flat(), (v) => BigInt(v)),
  dims: [rows.length, rows[0]?.length ?? 0],
});

test('padding-aware position ids follow create_position_ids_from_input_ids', async () => {
  const g = new GraphBuilder();
  g.addInput('input_ids', 'int64', ['batch', 'sequence']);
  const ids = addPaddingAwarePositionIds(g, 1);
  // The session returns float32 outputs only; small integers survive the cast exactly.
  g.op('Cast', [ids], { to: { int: DataType.FLOAT } }, { outputs: ['positions'] });
  g.addOutput('positions', 'float32', ['batch', 'sequence']);
  const session = await ModelSession.create(g.toBytes());
  // Right padding: real tokens 2, 3, 4...; pads 1. A pad id inside a row is skipped in the count,
  // as upstream's cumsum of the non-pad mask does.
  const out = await session.run({ input_ids: int64([[0, 9, 2, 1, 1], [0, 1, 7, 2, 1]]) });
  await session.dispose();
  assert.deepEqual([...(out['positions']?.data ?? [])], [2, 3, 4, 1, 1, 2, 1, 3, 4, 1]);
});

test('the attention mask bias is 0 on real keys and float32 lowest on masked ones, [batch, 1, 1, sequence]', async () => {
  const g = new GraphBuilder();
  g.addInput('attention_mask', 'int64', ['batch', 'sequence']);
  const bias = addAttentionMaskBias(g, addEncoderConsts(g, 4, 2));
  g.op('Identity', [bias], {}, { outputs: ['bias'] });
  g.addOutput('bias', 'float32', ['batch', 1, 1, 'sequence']);
  const session = await ModelSession.create(g.toBytes());
  const out = await session.run({ attention_mask: int64([[1, 1, 0]]) });
  await session.dispose();
  assert.deepEqual(out['bias']?.dims, [1, 1, 1, 3]);
  // (1 - 1) * lowest is -0; adding 0 turns it into the +0 that deepEqual expects.
  assert.deepEqual([...(out['bias']?.data ?? [])].map((v) => v + 0), [0, 0, -3.4028234663852886e38]);
});
