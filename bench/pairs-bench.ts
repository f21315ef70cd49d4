/**
 * The cross-encoder part of `npm run bench`: 200 (job title, ESCO skill) pairs scored by a
 * random-weight 3-label MiniLM-L12-H384 (the SkillScout reranker's shape; config and tokenizer
 * of ../shared/models/ms-marco-MiniLM-L-12-v2 with id2label for 3 classes), resumator's
 * CrossEncoder vs transformers.js on the same ONNX file, plus resumator on its int8 quantization.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SKILLSCOUT_LABELS } from '../test/support/fixtures/tiny-cross-encoder.js';
import { quantizeModelDirectory } from '../src/quantize/quantize-model-dir.js';
import { transformersView } from './bench-models.js';
import type { WorkerResult } from './compare-worker.js';
import { randomCrossEncoderDir } from './random-cross-encoder.js';

/** 20 job titles x 10 skills from the ESCO job-to-skill set. */
async function benchPairs(shared: string): Promise<Array<[string, string]>> {
  const dir = path.join(shared, 'data', 'esco-job2skill');
  const titles = (await readFile(path.join(dir, 'dev300_queries'), 'utf8')).split('\n').slice(1, 21).map((l) => l.split('\t')[1] ?? '');
  const skills = (await readFile(path.join(dir, 'corpus_elements'), 'utf8')).split('\n').slice(1).filter((_, i) => i % 997 === 0).slice(0, 10)
    .map((l) => /\['((?:[^'\\]|\\.)*)'/.exec(l)?.[1] ?? '');
  return titles.flatMap((t) => skills.map((s): [string, string] => [t, s]));
}

export async function pairsBench(root: string, shared: string, threads: number, rounds: number): Promise<void> {
  const work = path.join(os.tmpdir(), 'resumator-bench', 'cross-encoder');
  const source = path.join(shared, 'models', 'ms-marco-MiniLM-L-12-v2');
  const standard = await randomCrossEncoderDir(source, SKILLSCOUT_LABELS, 4321);
  const ours = process.env['BENCH_FUSED'] === '1' ? await randomCrossEncoderDir(source, SKILLSCOUT_LABELS, 4321, { fused: true }) : standard;
  const theirs = await transformersView(standard);
  await rm(path.join(work, 'out'), { recursive: true, force: true });
  await mkdir(path.join(work, 'out'), { recursive: true });
  const pairsFile = path.join(work, 'pairs.json');
  const pairs = await benchPairs(shared);
  await writeFile(pairsFile, JSON.stringify(pairs));
  // Third row: the int8 cross-encoder that `models quantize` (or `convert --quantize int8`) writes.
  const int8 = path.join(work, 'skillscout-shape-int8');
  await rm(int8, { recursive: true, force: true });
  await quantizeModelDirectory(standard, int8);
  const runs = [
    { label: 'resumator', worker: 'resumator', dir: ours },
    { label: 'transformers.js', worker: 'transformers', dir: theirs },
    { label: 'resumator int8', worker: 'resumator', dir: int8 },
  ];
  const best = new Map<string, WorkerResult>();
  for (let r = 0; r < rounds; r++) {
    for (const run of runs) {
      const out = path.join(work, 'out', `${run.label.replace(/\W/g, '-')}.f32`);
      const child = spawnSync(process.execPath, [path.join(root, 'dist', 'bench', 'pairs-worker.js'), run.worker, run.dir, pairsFile, out, String(threads), '32'], { encoding: 'utf8' });
      const line = child.stdout.split('\n').find((l) => l.startsWith('@@result '));
      if (line === undefined) throw new Error(`${run.label} pairs worker failed (exit ${child.status}): ${child.stderr}`);
      const result = JSON.parse(line.slice('@@result '.length)) as WorkerResult;
      const prev = best.get(run.label);
      if (prev === undefined || result.embedMs < prev.embedMs) best.set(run.label, result);
    }
  }
  const logits = async (label: string): Promise<Float32Array> => new Float32Array((await readFile(path.join(work, 'out', `${label.replace(/\W/g, '-')}.f32`))).buffer.slice(0));
  const reference = await logits('transformers.js');
  const t = best.get('transformers.js') as WorkerResult;
  console.log(`\ncross-encoder, ${pairs.length} (job title, ESCO skill) pairs, MiniLM-L12-H384 3 labels, batch 32:`);
  console.log('| side | seconds | pairs/s | peak RSS MB | vs transformers.js | logits max abs diff vs transformers.js |');
  console.log('|---|---|---|---|---|---|');
  for (const run of runs) {
    const o = best.get(run.label) as WorkerResult;
    const mine = await logits(run.label);
    let maxDiff = 0;
    for (let i = 0; i < mine.length; i++) maxDiff = Math.max(maxDiff, Math.abs((mine[i] as number) - (reference[i] as number)));
    console.log(`| ${run.label} | ${(o.embedMs / 1000).toFixed(3)} | ${(pairs.length / (o.embedMs / 1000)).toFixed(0)} | ${o.maxRssMb.toFixed(0)} | ${(t.embedMs / o.embedMs).toFixed(2)}x | ${run === runs[1] ? '' : maxDiff.toExponential(2)} |`);
  }
}
