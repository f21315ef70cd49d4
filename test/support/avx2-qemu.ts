/**
 * `npm run test:avx2`: the quantization tests on an emulated x86 CPU with AVX2 and without
 * VNNI or AVX-512 (QEMU user mode, `qemu-x86_64 -cpu max`: QEMU's TCG emulates AVX2 but not
 * AVX-512 or VNNI), where onnxruntime's int8 MatMuls take the u8 x s8 kernel whose pair sums
 * saturate at int16. On a VNNI machine these tests cannot see that saturation; here they do.
 *
 * Each test file runs directly in an emulated node (`node --test` would start child processes
 * outside the emulator), then `models quantize` runs end to end on the stress BERT. A probe
 * first checks that the emulated CPU really saturates, else the run would prove nothing.
 * Skips, with a message and exit 0, where qemu-x86_64 is not installed or the host is not x64.
 * Slow (minutes): not part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphBuilder } from '../../src/onnx/graph-builder.js';
import { onnx } from '../../src/onnx/proto.js';
import { quantizeOnnx } from '../../src/quantize/quantize-onnx.js';
import { ModelSession } from '../../src/runtime/session.js';
import { repoRoot } from './paths.js';
import { writeRandomBertDir } from './random-bert-dir.js';

const QEMU = 'qemu-x86_64';
const TESTS = ['int8-weights', 'quantize-saturation', 'quantize-onnx', 'quantize-model-dir', 'quantize-external-data', 'agreement-floor', 'int4-blocks', 'quantize-int4', 'quantize-decoder'];
const here = fileURLToPath(import.meta.url);

/** Runs `args` with node under the emulator; inherits stdio unless capturing. */
function emulated(args: readonly string[], capture = false): { status: number | null; stdout: string } {
  const r = spawnSync(QEMU, ['-cpu', 'max', process.execPath, ...args], { cwd: repoRoot, stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout ?? '' };
}

/**
 * In the emulated process: one int8 MatMul with weights 127 (the old max|w| / 127 scheme) and
 * activations 255. Exact kernels give 2; vpmaddubsw clips 64770 to 32767 and gives 1.01.
 */
async function probe(): Promise<void> {
  const g = new GraphBuilder();
  g.addInput('x', 'float32', ['batch', 2]);
  g.op('MatMul', ['x', g.addFloat32('w', Float32Array.of(1, 1), [2, 1])], {}, { outputs: ['y'] });
  g.addOutput('y', 'float32', ['batch', 1]);
  const model = onnx.ModelProto.decode(quantizeOnnx(g.toBytes()).bytes);
  for (const t of model.graph?.initializer ?? []) {
    if (t.name === 'w_quantized') t.rawData = new Uint8Array(Int8Array.of(127, 127).buffer);
    if (t.name === 'w_scale') t.rawData = new Uint8Array(Float32Array.of(1 / 127).buffer);
  }
  const session = await ModelSession.create(onnx.ModelProto.encode(model).finish(), { threads: 1 });
  const y = (await session.run({ x: { type: 'float32', data: Float32Array.of(1, 1, 1, 1), dims: [2, 2] } })).y?.data as Float32Array;
  await session.dispose();
  process.stdout.write(`${JSON.stringify({ y: y[0] })}\n`);
}

function main(): number {
  const version = spawnSync(QEMU, ['--version'], { encoding: 'utf8' });
  if (version.error !== undefined || process.arch !== 'x64') {
    process.stdout.write(`test:avx2 skipped: ${process.arch !== 'x64' ? `needs an x86-64 host (this is ${process.arch})` : `${QEMU} is not installed (Debian/Ubuntu: apt-get install qemu-user)`}\n`);
    return 0;
  }
  process.stdout.write(`test:avx2: ${version.stdout.split('\n')[0] ?? QEMU}, -cpu max (AVX2, no AVX-512, no VNNI)\n`);
  const probed = emulated([here, '--probe'], true);
  const y = Number((JSON.parse(probed.stdout.trim() || '{}') as { y?: number }).y);
  if (probed.status !== 0 || !(Math.abs(y - 32767 / 255 / 127) < 1e-3)) {
    process.stderr.write(`test:avx2: the emulated CPU does not saturate int8 pair sums (probe gave ${y}; 2 is exact, 1.0118 saturated), so it would prove nothing\n`);
    return 1;
  }
  process.stdout.write('test:avx2: probe ok: the emulated int8 kernel saturates int16 pair sums, as AVX2 CPUs do\n');
  const failed: string[] = [];
  for (const name of TESTS) {
    process.stdout.write(`\n# ${name} (emulated)\n`);
    if (emulated([path.join(repoRoot, 'dist', 'test', 'unit', `${name}.test.js`)]).status !== 0) failed.push(name);
  }
  // The issue's reproduction: `models quantize` on the stress BERT, end to end, emulated.
  const { dir } = writeRandomBertDir({ hiddenSize: 64, numHiddenLayers: 4, numAttentionHeads: 4, intermediateSize: 256 }, 99, 10);
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'resumator-avx2-')), 'int8');
  process.stdout.write(`\n# models quantize (emulated): hidden 64, 4 layers, linear weights x10\n`);
  const cli = emulated([path.join(repoRoot, 'bin', 'resumator.js'), 'models', 'quantize', dir, out, '--threads', '1']);
  if (cli.status !== 0) failed.push(`models quantize (exit ${cli.status})`);
  for (const scratch of [path.dirname(dir), path.dirname(out)]) rmSync(scratch, { recursive: true, force: true });
  process.stdout.write(failed.length === 0 ? '\ntest:avx2: all passed\n' : `\ntest:avx2: FAILED: ${failed.join(', ')}\n`);
  return failed.length === 0 ? 0 : 1;
}

if (process.argv[2] === '--probe') await probe();
else process.exitCode = main();
