/**
 * One side of `npm run bench` in its own process, so that each side's peak RSS is its own:
 * embeds the texts of a JSON file with resumator's Embedder or with transformers.js's
 * feature-extraction pipeline (mean pooling + normalize), on the same ONNX file, thread count
 * and batch size, and writes the vectors plus one `@@result` JSON line.
 *
 * Usage: node compare-worker.js resumator|transformers MODEL_DIR TEXTS_JSON OUT_F32 THREADS BATCH
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Embedder } from '../src/embed/embedder.js';
import { loadModelDirectory } from '../src/model/model-dir.js';

export interface WorkerResult {
  side: string;
  loadMs: number;
  embedMs: number;
  count: number;
  dim: number;
  maxRssMb: number;
}

type EmbedFn = (texts: string[]) => Promise<{ vectors: Float32Array; dim: number }>;

async function openResumator(modelDir: string, threads: number, batch: number): Promise<EmbedFn> {
  const embedder = await Embedder.open(await loadModelDirectory(modelDir), { threads });
  return async (texts) => {
    const out = await embedder.embed(texts, { batchSize: batch });
    return { vectors: out.vectors, dim: out.dim };
  };
}

/** transformers.js as a Node user would call it, pointed at the same local ONNX file. */
async function openTransformers(modelDir: string, threads: number, batch: number): Promise<EmbedFn> {
  const { env, pipeline } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.localModelPath = `${path.dirname(modelDir)}/`;
  const extractor = await pipeline('feature-extraction', path.basename(modelDir), {
    dtype: 'fp32',
    device: 'cpu',
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' },
  });
  return async (texts) => {
    const parts: Float32Array[] = [];
    let dim = 0;
    for (let start = 0; start < texts.length; start += batch) {
      const tensor = await extractor(texts.slice(start, start + batch), { pooling: 'mean', normalize: true });
      dim = tensor.dims[1] as number;
      parts.push(tensor.data as Float32Array);
    }
    const vectors = new Float32Array(texts.length * dim);
    let offset = 0;
    for (const p of parts) {
      vectors.set(p, offset);
      offset += p.length;
    }
    return { vectors, dim };
  };
}

const [side, modelDir, textsFile, outFile, threadsArg, batchArg] = process.argv.slice(2);
if (side === undefined || modelDir === undefined || textsFile === undefined || outFile === undefined) {
  process.stderr.write('usage: compare-worker resumator|transformers MODEL_DIR TEXTS_JSON OUT_F32 THREADS BATCH\n');
  process.exit(2);
}
const threads = Number(threadsArg ?? 2);
const batch = Number(batchArg ?? 50);
const texts = JSON.parse(await readFile(textsFile, 'utf8')) as string[];
const loadStart = performance.now();
const embed = side === 'resumator' ? await openResumator(modelDir, threads, batch) : await openTransformers(modelDir, threads, batch);
const loadMs = performance.now() - loadStart;
// One short warm-up batch so neither side pays first-run allocation inside the timed region.
await embed(texts.slice(0, 4));
const start = performance.now();
const { vectors, dim } = await embed(texts);
const embedMs = performance.now() - start;
await writeFile(outFile, vectors);
const result: WorkerResult = { side, loadMs, embedMs, count: texts.length, dim, maxRssMb: process.resourceUsage().maxRSS / 1024 };
process.stdout.write(`@@result ${JSON.stringify(result)}\n`);
