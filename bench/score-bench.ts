/**
 * `npm run bench:score`: embeds the real resumes and job descriptions of ../shared/data through
 * the CLI (`resumator embed` and `resumator score`) with a random-weight model of the
 * all-MiniLM-L6-v2 shape (or BENCH_SHAPE, e.g. all-mpnet-base-v2: any folder of
 * ../shared/models), and prints texts/s, tokens/s and peak memory. Figures go to
 * docs/benchmarks.md. Not a test: nothing here asserts a speed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTexts } from '../src/commands/load-texts.js';
import { loadModelDirectory } from '../src/model/model-dir.js';
import { TextTokenizer } from '../src/tokenize/text-tokenizer.js';
import { randomBertModelDir } from './random-model.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const shared = path.resolve(root, '..', 'shared');
if (!existsSync(shared)) {
  process.stderr.write(`bench:score needs ../shared (real tokenizers and data) beside the checkout: ${shared} not found\n`);
  process.exit(2);
}
const resumes = path.join(shared, 'data', 'resumes', 'UpdatedResumeDataSet.csv');
const jobs = path.join(shared, 'data', 'jobs', 'job_descriptions.csv');
const threads = Number(process.env['BENCH_THREADS'] ?? os.availableParallelism());

interface Measure {
  code: number;
  wallMs: number;
  maxRssMb: number;
}

function runCli(args: string[]): Measure {
  const child = spawnSync(process.execPath, [path.join(root, 'dist', 'bench', 'measure-cli.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const line = child.stderr.split('\n').find((l) => l.startsWith('@@measure '));
  if (line === undefined) throw new Error(`benchmark run failed: ${child.stderr}`);
  const measure = JSON.parse(line.slice('@@measure '.length)) as Measure;
  if (measure.code !== 0) throw new Error(`resumator ${args.join(' ')} exited ${measure.code}: ${child.stderr}`);
  return measure;
}

async function tokenCount(modelDir: string, file: string, kind: 'candidate' | 'job'): Promise<{ texts: number; tokens: number; truncated: number }> {
  const model = await loadModelDirectory(modelDir);
  const tokenizer = await TextTokenizer.load(model.tokenizerFile, model.tokenizerConfig, model.maxSeqLength);
  const { texts } = await loadTexts(file, { kind });
  let tokens = 0;
  let truncated = 0;
  for (const t of texts) {
    const e = tokenizer.encode(t);
    tokens += e.ids.length;
    if (e.truncated) truncated++;
  }
  return { texts: texts.length, tokens, truncated };
}

const shape = process.env['BENCH_SHAPE'] ?? 'all-MiniLM-L6-v2';
if (!existsSync(path.join(shared, 'models', shape, 'config.json'))) {
  process.stderr.write(`BENCH_SHAPE '${shape}' has no config.json in ${path.join(shared, 'models')}; try all-MiniLM-L6-v2 or all-mpnet-base-v2\n`);
  process.exit(2);
}
const modelDir = await randomBertModelDir(path.join(shared, 'models', shape));
const out = path.join(os.tmpdir(), 'resumator-bench', 'out');
await mkdir(out, { recursive: true });
console.log(`model: ${shape} shape, random weights (${modelDir}); threads ${threads}; batch 50; ${os.cpus()[0]?.model ?? 'cpu'} x${os.availableParallelism()}`);
console.log('| run | texts | tokens | truncated | wall s | texts/s | tokens/s | peak RSS MB |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [label, file, kind] of [['resumes', resumes, 'candidate'], ['job descriptions', jobs, 'job']] as const) {
  const counts = await tokenCount(modelDir, file, kind);
  const m = runCli(['embed', file, '--kind', kind, '--model', modelDir, '--threads', String(threads), '--quiet', '--no-cache', '--output', path.join(out, `${kind}.jsonl`)]);
  const s = m.wallMs / 1000;
  console.log(`| embed ${label} | ${counts.texts} | ${counts.tokens} | ${counts.truncated} | ${s.toFixed(2)} | ${(counts.texts / s).toFixed(1)} | ${(counts.tokens / s).toFixed(0)} | ${m.maxRssMb.toFixed(0)} |`);
}
const scoreArgs = ['score', resumes, jobs, '--model', modelDir, '--threads', String(threads), '--quiet', '--format', 'json', '--output', path.join(out, 'score.json')];
const all = runCli([...scoreArgs, '--no-cache']);
console.log(`| score resumes x jobs (embedding both + similarity + report) | | | | ${(all.wallMs / 1000).toFixed(2)} | | | ${all.maxRssMb.toFixed(0)} |`);
// The embedding cache: a cold run fills a fresh cache file, a warm run of the same files reads it.
const cacheFile = path.join(out, 'embeddings.sqlite');
for (const suffix of ['', '-wal', '-shm']) await rm(cacheFile + suffix, { force: true });
const cold = runCli([...scoreArgs, '--cache', cacheFile]);
const warm = runCli([...scoreArgs, '--cache', cacheFile]);
const cacheBytes = (await stat(cacheFile)).size;
console.log(`| score, cold cache (embedding both + filling the cache) | | | | ${(cold.wallMs / 1000).toFixed(2)} | | | ${cold.maxRssMb.toFixed(0)} |`);
console.log(`| score again, warm cache (no inference) | | | | ${(warm.wallMs / 1000).toFixed(2)} | | | ${warm.maxRssMb.toFixed(0)} |`);
console.log(`\nwarm cache: ${(cold.wallMs / warm.wallMs).toFixed(1)}x faster than the cold run; cache file ${(cacheBytes / 1024 / 1024).toFixed(1)} MiB`);
