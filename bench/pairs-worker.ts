/**
 * The cross-encoder side of `npm run bench` in its own process: scores (job title, skill) pairs
 * with resumator's CrossEncoder or with transformers.js (AutoTokenizer with text_pair +
 * AutoModelForSequenceClassification), same model weights, threads and batch size; writes the
 * logits and one `@@result` JSON line.
 *
 * Usage: node pairs-worker.js resumator|transformers MODEL_DIR PAIRS_JSON OUT_F32 THREADS BATCH
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadModelDirectory } from '../src/model/model-dir.js';
import { CROSS_ENCODER_MAX_LENGTH, CrossEncoder } from '../src/rerank/cross-encoder.js';
import type { WorkerResult } from './compare-worker.js';

type ScoreFn = (pairs: Array<[string, string]>) => Promise<{ logits: Float32Array; labels: number }>;

async function openResumator(modelDir: string, threads: number, batch: number): Promise<ScoreFn> {
  const encoder = await CrossEncoder.open(await loadModelDirectory(modelDir), { threads });
  return async (pairs) => ({ logits: (await encoder.score(pairs, batch)).logits, labels: encoder.labels.length });
}

async function openTransformers(modelDir: string, threads: number, batch: number): Promise<ScoreFn> {
  const { env, AutoTokenizer, AutoModelForSequenceClassification } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.localModelPath = `${path.dirname(modelDir)}/`;
  const name = path.basename(modelDir);
  const tokenizer = await AutoTokenizer.from_pretrained(name);
  const model = await AutoModelForSequenceClassification.from_pretrained(name, {
    dtype: 'fp32',
    device: 'cpu',
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' },
  });
  return async (pairs) => {
    const parts: Float32Array[] = [];
    let labels = 0;
    for (let start = 0; start < pairs.length; start += batch) {
      const slice = pairs.slice(start, start + batch);
      const inputs = tokenizer(slice.map((p) => p[0]), { text_pair: slice.map((p) => p[1]), padding: true, truncation: true, max_length: CROSS_ENCODER_MAX_LENGTH });
      const { logits } = (await model(inputs)) as { logits: { data: Float32Array; dims: number[] } };
      labels = logits.dims[1] as number;
      parts.push(logits.data);
    }
    const out = new Float32Array(pairs.length * labels);
    let offset = 0;
    for (const p of parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return { logits: out, labels };
  };
}

const [side, modelDir, pairsFile, outFile, threadsArg, batchArg] = process.argv.slice(2);
if (side === undefined || modelDir === undefined || pairsFile === undefined || outFile === undefined) {
  process.stderr.write('usage: pairs-worker resumator|transformers MODEL_DIR PAIRS_JSON OUT_F32 THREADS BATCH\n');
  process.exit(2);
}
const threads = Number(threadsArg ?? 2);
const batch = Number(batchArg ?? 32);
const pairs = JSON.parse(await readFile(pairsFile, 'utf8')) as Array<[string, string]>;
const loadStart = performance.now();
const score = side === 'resumator' ? await openResumator(modelDir, threads, batch) : await openTransformers(modelDir, threads, batch);
const loadMs = performance.now() - loadStart;
await score(pairs.slice(0, 4));
const start = performance.now();
const { logits, labels } = await score(pairs);
const embedMs = performance.now() - start;
await writeFile(outFile, logits);
const result: WorkerResult = { side, loadMs, embedMs, count: pairs.length, dim: labels, maxRssMb: process.resourceUsage().maxRSS / 1024 };
process.stdout.write(`@@result ${JSON.stringify(result)}\n`);
