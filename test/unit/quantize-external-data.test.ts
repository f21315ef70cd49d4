import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ModelError } from '../../src/errors.js';
import { onnx } from '../../src/onnx/proto.js';
import { quantizeModelDirectory } from '../../src/quantize/quantize-model-dir.js';
import { quantizeOnnx } from '../../src/quantize/quantize-onnx.js';
import { TINY_MODEL } from '../support/cli.js';

/**
 * A copy of the tiny model whose initializers of 1,000+ bytes live in model.onnx_data, as an
 * exporter writes them for models over 2 GB. `edit` may corrupt the references.
 */
function externalCopy(edit: (entries: Array<{ key: string; value: string }>) => void = () => undefined): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'resumator-ext-')), 'model');
  cpSync(TINY_MODEL, dir, { recursive: true });
  const model = onnx.ModelProto.decode(readFileSync(path.join(dir, 'model.onnx')));
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const t of model.graph?.initializer ?? []) {
    const raw = t.rawData as Uint8Array;
    if (raw.length < 1000) continue;
    chunks.push(new Uint8Array(raw));
    const entries = [
      { key: 'location', value: 'model.onnx_data' },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(raw.length) },
    ];
    edit(entries);
    t.externalData = entries;
    t.dataLocation = 1;
    t.rawData = new Uint8Array(0);
    offset += raw.length;
  }
  writeFileSync(path.join(dir, 'model.onnx_data'), Buffer.concat(chunks));
  writeFileSync(path.join(dir, 'model.onnx'), onnx.ModelProto.encode(model).finish());
  return dir;
}

test('external data is read and inlined: the int8 model equals the one made from the self-contained file', async () => {
  const dir = externalCopy();
  const out = `${dir}-int8`;
  await quantizeModelDirectory(dir, out);
  assert.ok(!existsSync(path.join(out, 'model.onnx_data')), 'the side file is not copied');
  const fromExternal = readFileSync(path.join(out, 'model.onnx'));
  const fromInline = quantizeOnnx(readFileSync(path.join(TINY_MODEL, 'model.onnx'))).bytes;
  assert.equal(Buffer.compare(fromExternal, Buffer.from(fromInline)), 0);
});

test('bytes alone cannot be quantized when the weights are external', () => {
  const dir = externalCopy();
  assert.throws(() => quantizeOnnx(readFileSync(path.join(dir, 'model.onnx'))), (err: unknown) => err instanceof ModelError && /keeps its data in an external file/.test(err.message));
});

test('external references are never trusted: out-of-bounds ranges and paths outside the directory fail', async () => {
  const oversized = externalCopy((entries) => {
    const length = entries[2] as { value: string };
    length.value = String(Number(length.value) + 10_000_000);
  });
  await assert.rejects(quantizeModelDirectory(oversized, `${oversized}-int8`), (err: unknown) => err instanceof ModelError && /lies outside the \d+-byte file/.test(err.message));
  const escaping = externalCopy((entries) => {
    (entries[0] as { value: string }).value = '../../etc/passwd';
  });
  await assert.rejects(quantizeModelDirectory(escaping, `${escaping}-int8`), (err: unknown) => err instanceof ModelError && /must name a file beside the model/.test(err.message));
  assert.ok(!existsSync(`${escaping}-int8`));
});
