import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ModelError } from '../../src/errors.js';
import { openCheckpoint } from '../../src/safetensors/checkpoint.js';
import { SafetensorsFile } from '../../src/safetensors/safetensors-file.js';
import { encodeSafetensors, storedValue, type WriterTensor } from '../support/safetensors-writer.js';

const scratch = (): string => mkdtempSync(path.join(os.tmpdir(), 'resumator-st-'));

const values = [0.1, -0.2, 0.30000001, 1e-5, -1234.5, 7];
const tensors: WriterTensor[] = [
  { name: 'a.f32', dtype: 'F32', shape: [2, 3], values },
  { name: 'a.position_ids', dtype: 'I64', shape: [1, 4], values: [0, 1, 2, 3] },
  { name: 'b.f16', dtype: 'F16', shape: [6], values },
  { name: 'c.bf16', dtype: 'BF16', shape: [3, 2], values },
];

function fileWith(bytes: Uint8Array, name = 'model.safetensors'): string {
  const file = path.join(scratch(), name);
  writeFileSync(file, bytes);
  return file;
}

/** A file whose header is `header` (raw JSON text) followed by `dataBytes` zero bytes. */
function rawFile(header: string, dataBytes: number, declared?: bigint): string {
  const json = Buffer.from(header);
  const out = Buffer.alloc(8 + json.length + dataBytes);
  out.writeBigUInt64LE(declared ?? BigInt(json.length), 0);
  json.copy(out, 8);
  return fileWith(out);
}

async function openError(file: string): Promise<string> {
  await assert.rejects(SafetensorsFile.open(file), ModelError);
  return SafetensorsFile.open(file).then(
    () => '',
    (err: Error) => err.message,
  );
}

test('reads F32, F16 and BF16 tensors as the float32 values the writer stored', async () => {
  const st = await SafetensorsFile.open(fileWith(encodeSafetensors(tensors, { format: 'pt' })));
  assert.deepEqual(st.names, ['a.f32', 'a.position_ids', 'b.f16', 'c.bf16']);
  assert.deepEqual(st.header.metadata, { format: 'pt' });
  assert.deepEqual(st.entry('c.bf16').shape, [3, 2]);
  assert.deepEqual([...(await st.readFloat32('a.f32'))], values.map(Math.fround));
  assert.deepEqual([...(await st.readFloat32('b.f16'))], values.map((v) => storedValue(v, 'F16')));
  assert.deepEqual([...(await st.readFloat32('c.bf16'))], values.map((v) => storedValue(v, 'BF16')));
  // Spot checks by hand: 0.1 in fp16 is 0x2e66 = 0.0999755859375; 7 is exact everywhere.
  assert.equal((await st.readFloat32('b.f16'))[0], 0.0999755859375);
  assert.equal((await st.readFloat32('c.bf16'))[5], 7);
  await assert.rejects(st.readFloat32('a.position_ids'), /dtype I64; weights must be one of F32, F16, BF16, F64/);
  await st.close();
});

test('a checkpoint skips integer buffers such as position_ids when loading weights', async () => {
  const dir = path.dirname(fileWith(encodeSafetensors(tensors)));
  const ckpt = await openCheckpoint(dir);
  const weights = await ckpt.loadWeights();
  assert.deepEqual([...weights.keys()], ['a.f32', 'b.f16', 'c.bf16']);
  assert.deepEqual(weights.get('a.f32')?.dims, [2, 3]);
  await ckpt.close();
});

test('sharded checkpoints follow the index weight_map', async () => {
  const dir = scratch();
  writeFileSync(path.join(dir, 'model-1.safetensors'), encodeSafetensors(tensors.slice(0, 2)));
  writeFileSync(path.join(dir, 'model-2.safetensors'), encodeSafetensors(tensors.slice(2)));
  const weightMap = { 'a.f32': 'model-1.safetensors', 'a.position_ids': 'model-1.safetensors', 'b.f16': 'model-2.safetensors', 'c.bf16': 'model-2.safetensors' };
  writeFileSync(path.join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: {}, weight_map: weightMap }));
  const ckpt = await openCheckpoint(dir);
  assert.deepEqual(ckpt.files, ['model.safetensors.index.json', 'model-1.safetensors', 'model-2.safetensors']);
  const weights = await ckpt.loadWeights((name) => name !== 'a.f32');
  assert.deepEqual([...weights.keys()], ['b.f16', 'c.bf16']);
  await ckpt.close();

  writeFileSync(path.join(dir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: { ...weightMap, 'd.missing': 'model-1.safetensors' } }));
  await assert.rejects(openCheckpoint(dir), /index maps tensor 'd\.missing' to model-1\.safetensors, which does not contain it/);
  writeFileSync(path.join(dir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: { 'a.f32': '../outside.safetensors' } }));
  await assert.rejects(openCheckpoint(dir), /weight_map entry 'a\.f32' names an invalid shard file "\.\.\/outside\.safetensors"/);
});

test('no weights at all names the expected files, and a .bin-only checkpoint says why', async () => {
  const dir = scratch();
  await assert.rejects(openCheckpoint(dir), /no weights found: expected model\.safetensors or model\.safetensors\.index\.json$/);
  writeFileSync(path.join(dir, 'pytorch_model.bin'), 'x');
  await assert.rejects(openCheckpoint(dir), /pytorch_model\.bin is present, but resumator reads only safetensors weights/);
});

test('a truncated file names the tensor that runs past the end', async () => {
  const bytes = encodeSafetensors(tensors);
  // Data area: 24 (F32 [2,3]) + 32 (I64 [1,4]) + 12 (F16 [6]) + 12 (BF16 [3,2]) = 80 bytes.
  const message = await openError(fileWith(bytes.subarray(0, bytes.length - 3)));
  assert.match(message, /model\.safetensors: truncated or corrupt safetensors file: tensor 'c\.bf16' ends at byte 80 of the data area but only 77 bytes are present/);
  assert.match(await openError(fileWith(bytes.subarray(0, 5))), /truncated safetensors file: 5 bytes, too short/);
});

test('corrupt headers: bad JSON, header length beyond the file, offsets out of bounds or inconsistent', async () => {
  assert.match(await openError(rawFile('{"a": {"dtype": "F32",', 0)), /corrupt safetensors header: not valid JSON/);
  assert.match(await openError(rawFile('[1, 2]', 0)), /expected a JSON object/);
  assert.match(await openError(rawFile('{}', 0, 1_000_000n)), /header length 1000000 exceeds the 2 bytes after it/);
  assert.match(await openError(rawFile('{}', 0, 2n ** 63n)), /header length 9223372036854775808 exceeds/);
  const entry = (e: object): string => JSON.stringify({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8], ...e } });
  assert.match(await openError(rawFile(entry({ data_offsets: [0, 8000] }), 8)), /tensor 'w' spans 8000 bytes but F32 \[2\] needs 8/);
  assert.match(await openError(rawFile(entry({ data_offsets: [4000, 4008] }), 8)), /tensor 'w' ends at byte 4008 of the data area but only 8 bytes are present/);
  assert.match(await openError(rawFile(entry({ data_offsets: [8, 0] }), 8)), /data_offsets \[8, 0\] with begin after end/);
  assert.match(await openError(rawFile(entry({ data_offsets: [0, 8.5] }), 8)), /invalid data_offsets \[0,8\.5\]/);
  assert.match(await openError(rawFile(entry({ data_offsets: [-8, 0] }), 8)), /invalid data_offsets/);
  assert.match(await openError(rawFile(entry({ shape: [2, -1] }), 8)), /invalid shape \[2,-1\]/);
  assert.match(await openError(rawFile(entry({ dtype: 'F12' }), 8)), /tensor 'w' has unknown dtype "F12" \(known: BOOL, .*F32/);
  const overlap = JSON.stringify({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } });
  assert.match(await openError(rawFile(overlap, 12)), /tensors 'a' and 'b' overlap/);
});

test('a Git LFS pointer in place of the weights says so', async () => {
  const pointer = 'version https://git-lfs.github.com/spec/v1\noid sha256:0123456789abcdef\nsize 90868376\n';
  assert.match(await openError(fileWith(Buffer.from(pointer))), /is a Git LFS pointer file, not the real file/);
});
