/**
 * `npm run bench`: resumator against transformers.js (the feature-extraction pipeline a Node
 * user would pick, same onnxruntime-node underneath) on the same ONNX files, thread count and
 * batch size, alternating the two sides in child processes; plus this machine's MatMul peak and
 * the similarity top-k, all in one run. Prints markdown for docs/benchmarks.md. Not a test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModelDirectory } from '../src/model/model-dir.js';
import { TextTokenizer } from '../src/tokenize/text-tokenizer.js';
import { loadBenchTexts, type BenchTexts } from './bench-texts.js';
import type { WorkerResult } from './compare-worker.js';
import { measureMatMulPeak } from './matmul-peak.js';
import { encoderFlops } from './model-flops.js';
import { BENCH_SHAPES, benchModel } from './bench-models.js';
import { pairsBench } from './pairs-bench.js';
import { similarityBench } from './similarity-bench.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = path.resolve(root, '..', 'shared');
if (!existsSync(shared)) {
  process.stderr.write(`npm run bench needs ../shared (real tokenizers and data) beside the checkout: ${shared} not found\n`);
  process.exit(2);
}
const threads = Number(process.env['BENCH_THREADS'] ?? os.availableParallelism());
// MPNet-base costs ~8x MiniLM-L6 per token: its default set is smaller so one run fits in minutes.
const limitFor = (shape: string): number => Number(process.env['BENCH_TEXTS'] ?? (shape.includes('mpnet') ? 150 : 500));
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 2);
const only = process.env['BENCH_ONLY']?.split(',');
const work = path.join(os.tmpdir(), 'resumator-bench', 'compare');
await mkdir(work, { recursive: true });

function runWorker(side: string, modelDir: string, textsFile: string, outFile: string): WorkerResult {
  const child = spawnSync(process.execPath, [path.join(root, 'dist', 'bench', 'compare-worker.js'), side, modelDir, textsFile, outFile, String(threads), '50'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('@@result '));
  if (line === undefined) throw new Error(`${side} worker failed (exit ${child.status}): ${child.stderr}`);
  return JSON.parse(line.slice('@@result '.length)) as WorkerResult;
}

/** Mean and minimum row cosine of two row-major matrices of unit vectors. */
function agreement(a: Float32Array, b: Float32Array, dim: number): { mean: number; min: number } {
  let sum = 0;
  let min = Infinity;
  const rows = a.length / dim;
  for (let r = 0; r < rows; r++) {
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let j = r * dim; j < (r + 1) * dim; j++) {
      dot += (a[j] as number) * (b[j] as number);
      na += (a[j] as number) ** 2;
      nb += (b[j] as number) ** 2;
    }
    const cos = dot / Math.sqrt(na * nb);
    sum += cos;
    min = Math.min(min, cos);
  }
  return { mean: sum / rows, min };
}

async function readVectors(file: string): Promise<Float32Array> {
  const bytes = await readFile(file);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

console.log(`# resumator bench — ${new Date().toISOString()}`);
console.log(`machine: ${os.cpus()[0]?.model ?? 'cpu'} x${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; threads ${threads}; batch 50; ${limitFor('minilm')} texts per set (${limitFor('mpnet')} for MPNet); best of ${rounds} alternating rounds`);
const peak = await measureMatMulPeak(threads);
console.log(`\nonnxruntime fp32 MatMul peak: ${peak.gflops.toFixed(1)} GFLOP/s (${peak.shape.join('x')}, best ${peak.bestMs.toFixed(1)} ms)`);

console.log('\n| model | texts | side | texts/s | tokens/s | GFLOP/s | % of peak | peak RSS MB | ratio | cosine mean / min |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const name of BENCH_SHAPES) {
  if (only !== undefined && !only.includes(name)) continue;
  const model = await benchModel(shared, name);
  const dir = await loadModelDirectory(model.dir);
  const tokenizer = await TextTokenizer.load(dir.tokenizerFile, dir.tokenizerConfig, dir.maxSeqLength, model.padTokenId);
  const sets: BenchTexts[] = [
    await loadBenchTexts('resumes', path.join(shared, 'data', 'resumes', 'UpdatedResumeDataSet.csv'), 'candidate', limitFor(name), tokenizer),
    await loadBenchTexts('job descriptions', path.join(shared, 'data', 'jobs', 'job_descriptions.csv'), 'job', limitFor(name), tokenizer),
  ];
  for (const set of sets) {
    const textsFile = path.join(work, `${model.name}-${set.label.replace(/\s/g, '-')}.json`);
    await writeFile(textsFile, JSON.stringify(set.texts));
    const tokens = set.tokenCounts.reduce((a, b) => a + b, 0);
    const flops = encoderFlops(model.shape, set.tokenCounts);
    const best = new Map<string, WorkerResult>();
    for (let r = 0; r < rounds; r++) {
      for (const side of ['resumator', 'transformers']) {
        const result = runWorker(side, side === 'resumator' ? model.dir : model.transformersDir, textsFile, path.join(work, `${side}.f32`));
        const prev = best.get(side);
        if (prev === undefined || result.embedMs < prev.embedMs) best.set(side, { ...result, maxRssMb: Math.max(result.maxRssMb, prev?.maxRssMb ?? 0) });
      }
    }
    const ours = best.get('resumator') as WorkerResult;
    const theirs = best.get('transformers') as WorkerResult;
    const cos = agreement(await readVectors(path.join(work, 'resumator.f32')), await readVectors(path.join(work, 'transformers.f32')), ours.dim);
    for (const result of [ours, theirs]) {
      const s = result.embedMs / 1000;
      const gflops = flops / s / 1e9;
      const ratio = result === ours ? `${(theirs.embedMs / ours.embedMs).toFixed(2)}x` : '1.00x';
      const cosText = result === ours ? `${cos.mean.toFixed(6)} / ${cos.min.toFixed(6)}` : '';
      console.log(
        `| ${model.name} | ${set.label} (${tokens} tok) | ${result.side} | ${(result.count / s).toFixed(1)} | ${(tokens / s).toFixed(0)} | ${gflops.toFixed(1)} | ${((100 * gflops) / peak.gflops).toFixed(0)}% | ${result.maxRssMb.toFixed(0)} | ${ratio} | ${cosText} |`,
      );
    }
  }
}

if (only === undefined || only.includes('cross-encoder')) await pairsBench(root, shared, threads, rounds);
if (only === undefined || only.includes('similarity')) await similarityBench(threads, peak.gflops);
